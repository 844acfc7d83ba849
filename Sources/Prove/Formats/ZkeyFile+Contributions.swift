// Section 10 of a snarkjs `.zkey`, the phase-2 record (snarkjs's readMPCParams/writeMPCParams):
// the 64-byte circuit hash, u32 count, then per contribution δ₁ after it, its proof of
// knowledge (g1_s, g1_sx in G1, g2_spx in G2), a 64-byte transcript hash, u32 type (0
// contribution, 1 beacon), u32 length and typed parameters sorted by type: 1 name (u8 length +
// UTF-8), 2 the beacon's iteration exponent (u8), 3 the beacon hash (u8 length + bytes).
// Reading checks the layout and the points' curves; the pairings are a ceremony verifier's job.

import Support

extension ZkeyFile {
    /// One phase-2 contribution as snarkjs records it.
    public struct Contribution: Equatable, Sendable {
        /// A contribution made from entropy (0) or a beacon (1).
        public enum Kind: UInt32, Sendable {
            case contribution = 0
            case beacon = 1
        }

        /// [δ]₁ after this contribution.
        public var deltaAfter: G1Affine
        /// The proof of knowledge of the contribution's factor x: [s]₁, [s·x]₁ and [s'·x]₂ with
        /// s' derived from the transcript (snarkjs's `delta.g1_s`, `g1_sx`, `g2_spx`).
        public var g1S: G1Affine
        public var g1SX: G1Affine
        public var g2SPX: G2Affine
        /// The 64-byte transcript hash the proof of knowledge is bound to.
        public var transcript: [UInt8]
        public var kind: Kind
        /// Parameter 1, the contributor's name (at most 255 UTF-8 bytes).
        public var name: String?
        /// Parameter 2, a beacon's iteration count exponent.
        public var iterationsExponent: UInt8?
        /// Parameter 3, a beacon's hash (at most 255 bytes).
        public var beaconHash: [UInt8]?

        public init(deltaAfter: G1Affine, g1S: G1Affine, g1SX: G1Affine, g2SPX: G2Affine, transcript: [UInt8],
                    kind: Kind, name: String? = nil, iterationsExponent: UInt8? = nil, beaconHash: [UInt8]? = nil) {
            self.deltaAfter = deltaAfter
            self.g1S = g1S
            self.g1SX = g1SX
            self.g2SPX = g2SPX
            self.transcript = transcript
            self.kind = kind
            self.name = name
            self.iterationsExponent = iterationsExponent
            self.beaconHash = beaconHash
        }
    }

    /// Section 10: the circuit hash and the contributions.
    static func readContributions(_ container: BinaryContainer) throws -> (circuitHash: [UInt8], contributions: [Contribution]) {
        var reader = try container.section(10, name: "contributions")
        let circuitHash = Array(try reader.take(64))
        let count = Int(try reader.u32())
        var contributions = [Contribution]()
        for index in 0..<count {
            reader.context = "contributions section (contribution \(index))"
            try reader.require(3 * 64 + 128)
            var points = KeyFileReader(bytes: container.bytes, path: container.path, range: reader.offset..<(reader.offset + 320))
            points.montgomeryCoordinates = true
            let label = "contributions (section 10): contribution \(index) point"
            let g1 = try points.g1Points(3, label)
            let g2 = try points.g2Points(1, label)[0]
            reader.offset += 320
            let transcript = Array(try reader.take(64))
            let type = try reader.u32()
            guard let kind = Contribution.Kind(rawValue: type) else {
                throw reader.error("contributions section: contribution \(index) has type \(type) (0 contribution, 1 beacon)")
            }
            var contribution = Contribution(deltaAfter: g1[0], g1S: g1[1], g1SX: g1[2], g2SPX: g2, transcript: transcript, kind: kind)
            try readParameters(&reader, into: &contribution, index: index)
            contributions.append(contribution)
        }
        reader.context = "contributions section"
        try reader.expectEnd()
        return (circuitHash, contributions)
    }

    /// The typed parameters of contribution `index`: u32 length, then (type u8, value) pairs
    /// with strictly increasing types that fill exactly that length.
    private static func readParameters(_ reader: inout ByteReader, into contribution: inout Contribution, index: Int) throws {
        let length = Int(try reader.u32())
        try reader.require(length)
        let end = reader.offset + length
        var previous = 0
        func fail(_ problem: String) -> FormatError {
            reader.error("contributions section: contribution \(index) parameters: \(problem)")
        }
        while reader.offset < end {
            let type = Int(try reader.take(1).first!)
            guard type > previous else { throw fail("type \(type) after type \(previous) (they must be sorted and unique)") }
            previous = type
            guard reader.offset < end else { throw fail("type \(type) has no value") }
            switch type {
            case 1, 3:
                let size = Int(try reader.take(1).first!)
                guard size <= end - reader.offset else { throw fail("type \(type) declares \(size) bytes past the parameters' end") }
                let value = Array(try reader.take(size))
                if type == 3 {
                    contribution.beaconHash = value
                } else {
                    guard let name = String(validating: value, as: UTF8.self) else { throw fail("the name is not valid UTF-8") }
                    contribution.name = name
                }
            case 2:
                contribution.iterationsExponent = try reader.take(1).first!
            default:
                throw fail("unknown type \(type) (1 name, 2 iterations exponent, 3 beacon hash)")
            }
        }
        guard reader.offset == end else { throw fail("they run \(reader.offset - end) bytes past their declared length \(length)") }
    }

    /// Appends section 10's payload.
    /// - Throws: `FormatError` (path `path`) for a circuit hash or transcript that is not 64
    ///   bytes, or a name or beacon hash longer than 255 bytes.
    func writeContributions(into writer: inout ByteWriter, path: String) throws {
        guard circuitHash.count == 64 else {
            throw FormatError(path: path, problem: "circuit hash has \(circuitHash.count) bytes, expected 64")
        }
        writer.bytes += circuitHash
        writer.u32(UInt32(contributions.count))
        for (index, contribution) in contributions.enumerated() {
            func fail(_ problem: String) -> FormatError { FormatError(path: path, problem: "contribution \(index): \(problem)") }
            guard contribution.transcript.count == 64 else { throw fail("transcript has \(contribution.transcript.count) bytes, expected 64") }
            var points = KeyFileWriter(reserving: 320)
            points.montgomeryCoordinates = true
            [contribution.deltaAfter, contribution.g1S, contribution.g1SX].forEach { points.g1($0) }
            points.g2(contribution.g2SPX)
            writer.bytes += points.bytes + contribution.transcript
            writer.u32(contribution.kind.rawValue)
            var parameters = [UInt8]()
            if let name = contribution.name {
                let utf8 = Array(name.utf8)
                guard utf8.count <= 255 else { throw fail("name has \(utf8.count) UTF-8 bytes, at most 255 fit") }
                parameters += [1, UInt8(utf8.count)] + utf8
            }
            if let exponent = contribution.iterationsExponent { parameters += [2, exponent] }
            if let hash = contribution.beaconHash {
                guard hash.count <= 255 else { throw fail("beacon hash has \(hash.count) bytes, at most 255 fit") }
                parameters += [3, UInt8(hash.count)] + hash
            }
            writer.u32(UInt32(parameters.count))
            writer.bytes += parameters
        }
    }
}

// The interim file of a phase-2 key between ceremony participants (`.p2key`), until the
// snarkjs .zkey reader/writer serialises `Phase2.Key`: an iden3 binary container, magic
// "zkp2", version 1, laid out like a Groth16 .zkey without its coefficient section: header
// (1: nVars, nPublic, log₂ domain), 2: α₁ β₁ β₂ γ₂ δ₁ δ₂, IC (3), A (5), B1 (6), B2 (7),
// C (8), H (9), 10: circuit hash and contributions (snarkjs's record layout). Points as
// little-endian Montgomery limbs. Reading is as strict as PtauFile's.
import Foundation
import Support

/// Reads and writes `Phase2.Key` files.
public enum Phase2KeyFile {
    static let magic = "zkp2"

    /// The file's bytes.
    public static func encode(_ key: Phase2.Key) -> [UInt8] {
        var out = Array(magic.utf8)
        out.appendLE(UInt32(1))
        out.appendLE(UInt32(9))
        func section(_ type: UInt32, _ body: [UInt8]) {
            out.appendLE(type)
            out.appendLE(UInt64(body.count))
            out += body
        }
        func points<P: MontgomeryEncodable>(_ list: [P]) -> [UInt8] {
            var bytes = [UInt8]()
            bytes.reserveCapacity(list.count * P.encodedSize)
            for p in list { p.appendMontgomery(to: &bytes) }
            return bytes
        }
        var header = [UInt8]()
        header.appendLE(UInt32(key.variableCount))
        header.appendLE(UInt32(key.publicCount))
        header.appendLE(UInt32(key.domainLogSize))
        section(1, header)
        section(2, points([key.alphaG1, key.betaG1]) + points([key.betaG2, key.gammaG2]) + points([key.deltaG1]) + points([key.deltaG2]))
        section(3, points(key.ic))
        section(5, points(key.a))
        section(6, points(key.b1))
        section(7, points(key.b2))
        section(8, points(key.c))
        section(9, points(key.h))
        var mpc = key.circuitHash
        mpc.appendLE(UInt32(key.contributions.count))
        for c in key.contributions {
            mpc += points([c.deltaAfter, c.g1S, c.g1SX]) + points([c.g2SPX]) + c.transcript
            mpc.appendLE(UInt32(c.beacon == nil ? 0 : 1))
            let parameters = CeremonyParameters.encode(name: c.name, beacon: c.beacon)
            mpc.appendLE(UInt32(parameters.count))
            mpc += parameters
        }
        section(10, mpc)
        return out
    }

    /// Writes `key` to `url` atomically.
    public static func write(_ key: Phase2.Key, to url: URL) throws {
        try writeAtomically(Data(encode(key)), to: url)
    }

    /// Reads and validates a key file.
    public static func read(from url: URL) throws -> Phase2.Key {
        let data = try readFileData(url)
        return try data.withUnsafeBytes { try decode($0, path: url.path) }
    }

    /// Parses and validates a key held in `bytes`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Phase2.Key {
        func fail(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }
        guard bytes.count >= 12, Array(bytes[0..<4]) == Array(magic.utf8) else { throw fail("not a phase-2 key file (magic \"zkp2\" missing)") }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        guard u32(4) == 1 else { throw fail("unsupported phase-2 key version \(u32(4)) (supported: 1)") }
        var sections = [UInt32: Range<Int>]()
        var offset = 12
        for _ in 0..<Int(u32(8)) {
            guard bytes.count - offset >= 12 else { throw fail("section table truncated") }
            let type = u32(offset), size = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt64.self))
            offset += 12
            guard size <= UInt64(bytes.count - offset), [1, 2, 3, 5, 6, 7, 8, 9, 10].contains(type), sections[type] == nil else {
                throw fail("section \(type): unknown, repeated or past the end of the file")
            }
            sections[type] = offset..<(offset + Int(size))
            offset += Int(size)
        }
        guard offset == bytes.count, sections.count == 9 else { throw fail("sections missing or bytes after the last one") }
        let header = sections[1]!
        guard header.count == 12 else { throw fail("header size \(header.count), expected 12") }
        let nVars = Int(u32(header.lowerBound)), nPublic = Int(u32(header.lowerBound + 4)), k = Int(u32(header.lowerBound + 8))
        guard nVars > nPublic, nVars <= 1 << 30, (1...28).contains(k) else { throw fail("header: \(nVars) wires, \(nPublic) public, domain 2^\(k)") }
        let reader = PointReader(bytes: bytes, path: path)
        let fixed = sections[2]!
        guard fixed.count == 3 * 64 + 3 * 128 else { throw fail("section 2 size \(fixed.count), expected 576") }
        var at = fixed.lowerBound
        func g1(_ name: String) throws -> G1Affine { defer { at += 64 }; return try reader.g1(at..<(at + 64), count: 1, name: name)[0] }
        func g2(_ name: String) throws -> G2Affine { defer { at += 128 }; return try reader.g2(at..<(at + 128), count: 1, name: name)[0] }
        let alpha1 = try g1("α₁"), beta1 = try g1("β₁"), beta2 = try g2("β₂"), gamma2 = try g2("γ₂"), delta1 = try g1("δ₁"), delta2 = try g2("δ₂")
        let ic = try reader.g1(sections[3]!, count: nPublic + 1, name: "IC", allowInfinity: true)
        let a = try reader.g1(sections[5]!, count: nVars, name: "A", allowInfinity: true)
        let b1 = try reader.g1(sections[6]!, count: nVars, name: "B1", allowInfinity: true)
        let b2 = try reader.g2(sections[7]!, count: nVars, name: "B2", allowInfinity: true)
        let c = try reader.g1(sections[8]!, count: nVars - nPublic - 1, name: "C", allowInfinity: true)
        let h = try reader.g1(sections[9]!, count: 1 << k, name: "H", allowInfinity: true)
        let mpc = sections[10]!
        guard mpc.count >= 68 else { throw fail("contributions section truncated") }
        let hash = Array(bytes[mpc.lowerBound..<(mpc.lowerBound + 64)])
        at = mpc.lowerBound + 64
        let count = Int(u32(at))
        at += 4
        var contributions = [Phase2.Contribution]()
        for index in 0..<count {
            let what = "contribution #\(index + 1)"
            guard mpc.upperBound - at >= 4 * 64 + 128 + 8 else { throw fail("\(what) truncated") }
            let deltaAfter = try g1("\(what) δ"), s = try g1("\(what) [s]₁"), sx = try g1("\(what) [s·x]₁"), spx = try g2("\(what) [s'·x]₂")
            let transcript = Array(bytes[at..<(at + 64)])
            at += 64
            let type = u32(at), length = Int(u32(at + 4))
            at += 8
            guard type <= 1, length <= mpc.upperBound - at else { throw fail("\(what): type \(type), parameters of \(length) bytes") }
            let (name, beacon) = try reader.parameters(Array(bytes[at..<(at + length)]), what: what)
            at += length
            guard (type == 1) == (beacon != nil) else { throw fail("\(what): beacon type and parameters disagree") }
            contributions.append(Phase2.Contribution(deltaAfter: deltaAfter, g1S: s, g1SX: sx, g2SPX: spx, transcript: transcript, name: name, beacon: beacon))
        }
        guard at == mpc.upperBound else { throw fail("contributions section: \(mpc.upperBound - at) bytes left over") }
        return Phase2.Key(variableCount: nVars, publicCount: nPublic, domainLogSize: k, alphaG1: alpha1, betaG1: beta1, betaG2: beta2,
                          gammaG2: gamma2, deltaG1: delta1, deltaG2: delta2, ic: ic, a: a, b1: b1, b2: b2, c: c, h: h,
                          circuitHash: hash, contributions: contributions)
    }
}

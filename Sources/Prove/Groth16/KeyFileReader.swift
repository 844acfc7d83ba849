// A bounds-checked little-endian cursor for `proving.key` (ProvingKey+File.swift) and the
// weight-wire sums file (FixedWireSums+File.swift): decodes counts and points and validates
// them (coordinates < p, G1 on the curve, G2 in the order-r subgroup, checked in a batch by
// G2+BatchSubgroupCheck.swift). Errors name the file and the offending section.

struct KeyFileReader {
    let bytes: [UInt8]
    let path: String
    var offset = 0

    func error(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else {
            throw error("truncated at byte \(offset) (needed \(count) more bytes)")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// Checks the file's magic (`kind` names it in the error) and format version and moves
    /// past them.
    mutating func header(magic: [UInt8], version expected: UInt32, kind: String) throws {
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else {
            throw error("not a ZKTrain \(kind) (magic \"\(String(decoding: magic, as: UTF8.self))\" missing)")
        }
        offset = magic.count
        let version = try u32()
        guard version == expected else {
            throw error("format version \(version); this build reads version \(expected)")
        }
    }

    mutating func u32() throws -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A UInt64 count that must not exceed `max`.
    mutating func count(_ name: String, max: Int) throws -> Int {
        let value = try u64()
        guard value <= UInt64(max) else { throw error("\(name) = \(value) exceeds \(max)") }
        return Int(value)
    }

    /// `count` G1 points, each on the curve (or all-zero infinity).
    mutating func g1Points(_ count: Int, _ section: String) throws -> [G1Affine] {
        let start = offset
        _ = try take(64 * count)
        let bytes = self.bytes
        let decoded = Self.chunked(count) { i -> G1Affine? in
            bytes.withUnsafeBytes { raw in
                let base = start + 64 * i
                guard let x = Self.coordinate(raw, base), let y = Self.coordinate(raw, base + 32) else { return nil }
                return x.isZero && y.isZero ? .infinity : G1Affine(x: x, y: y)
            }
        }
        if let bad = decoded.firstIndex(where: { $0 == nil }) {
            throw error("\(section)[\(bad)] is not a G1 point (coordinate ≥ p or not on the curve)")
        }
        return decoded.map { $0! }
    }

    /// `count` G2 points, each on the twist and (if `checkSubgroup`) in the order-r subgroup,
    /// or all-zero infinity. Membership is checked for all points at once
    /// (`G2Affine.allInSubgroup`); only if that fails are they checked one by one, to name the
    /// first point outside G2.
    mutating func g2Points(_ count: Int, _ section: String, checkSubgroup: Bool = true) throws -> [G2Affine] {
        let start = offset
        _ = try take(128 * count)
        let bytes = self.bytes
        let decoded = Self.chunked(count) { i -> G2Affine? in
            bytes.withUnsafeBytes { raw in
                let base = start + 128 * i
                guard let x0 = Self.coordinate(raw, base), let x1 = Self.coordinate(raw, base + 32),
                      let y0 = Self.coordinate(raw, base + 64), let y1 = Self.coordinate(raw, base + 96) else { return nil }
                let x = Fq2(x0, x1), y = Fq2(y0, y1)
                return x.isZero && y.isZero ? .infinity : G2Affine(x: x, y: y)
            }
        }
        if let bad = decoded.firstIndex(where: { $0 == nil }) {
            throw error("\(section)[\(bad)] is not a G2 point (coordinate ≥ p or not on the twist)")
        }
        let points = decoded.map { $0! }
        if checkSubgroup, !G2Affine.allInSubgroup(points) {
            let outside = Self.chunked(count) { !points[$0].isInSubgroup }
            if let bad = outside.firstIndex(of: true) {
                throw error("\(section)[\(bad)] is on the twist but outside the order-r subgroup G2")
            }
        }
        return points
    }

    /// The field element stored at byte `position` (32 bytes, little-endian, canonical; an
    /// all-zero point is infinity); `nil` if it is not below p. Reads the limbs in place.
    @inline(__always)
    static func coordinate(_ raw: UnsafeRawBufferPointer, _ position: Int) -> Fq? {
        func limb(_ k: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position + 8 * k, as: UInt64.self))
        }
        return Fq(canonical: (limb(0), limb(1), limb(2), limb(3)))
    }

    /// `body(i)` for i in 0..<count, in parallel chunks of 1024.
    static func chunked<T>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let chunkSize = 1024
        let chunks = Parallel.map(count: (count + chunkSize - 1) / chunkSize) { chunk in
            ((chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)).map(body)
        }
        return Array(chunks.joined())
    }
}

// The iden3 binary container shared by .r1cs, .wtns, .zkey and .ptau: a 4-byte magic, a
// u32 version, a u32 section count, then sections (u32 type, u64 size, payload), all
// little-endian. Bounds-checked reading and size-patching writing; knows no section's meaning.

import Support

/// A bounds-checked little-endian cursor over a byte array. Every read that would pass
/// `end` throws a `FormatError` naming the file and the current `context`.
struct ByteReader {
    let bytes: [UInt8]
    let path: String
    var offset: Int
    var end: Int
    /// What is being read, for error messages ("header section").
    var context: String

    init(bytes: [UInt8], path: String, range: Range<Int>? = nil, context: String = "file") {
        self.bytes = bytes
        self.path = path
        offset = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
        self.context = context
    }

    var remaining: Int { end - offset }

    func error(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }

    mutating func require(_ count: Int) throws {
        guard count >= 0, count <= remaining else {
            throw error("\(context) truncated: needs \(count) more bytes at offset \(offset), \(remaining) remain")
        }
    }

    mutating func u32() throws -> UInt32 {
        try require(4)
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        offset += 4
        return value
    }

    mutating func u64() throws -> UInt64 {
        try require(8)
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        offset += 8
        return value
    }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        try require(count)
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    /// A 32-byte little-endian element of Fr in standard (non-Montgomery) form; throws if ≥ r.
    mutating func fr(_ what: @autoclosure () -> String) throws -> Fr {
        try require(32)
        var limbs = [UInt64](repeating: 0, count: 4)
        for index in 0..<32 { limbs[index / 8] |= UInt64(bytes[offset + index]) << UInt64(8 * (index % 8)) }
        guard let value = Fr(canonicalLimbs: limbs) else {
            throw error("\(what()) at offset \(offset) is not below the BN254 scalar field modulus r")
        }
        offset += 32
        return value
    }

    /// Throws unless exactly `end` was reached (a section's declared size must match its content).
    func expectEnd() throws {
        guard offset == end else {
            throw error("\(context) size mismatch: content ends at offset \(offset), section ends at \(end)")
        }
    }
}

/// Appends little-endian values; `beginSection`/`endSection` patch a section's u64 size.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u32(_ value: UInt32) { for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * index))) } }
    mutating func u64(_ value: UInt64) { for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) } }
    mutating func fr(_ value: Fr) { for limb in value.canonicalLimbs { u64(limb) } }

    /// Writes the container header: magic, version, number of sections.
    mutating func header(magic: String, version: UInt32, sectionCount: UInt32) {
        bytes += Array(magic.utf8)
        u32(version)
        u32(sectionCount)
    }

    /// Starts a section of `type`; returns the position to pass to `endSection`.
    mutating func beginSection(_ type: UInt32) -> Int {
        u32(type)
        u64(0)
        return bytes.count
    }

    /// Patches the size of the section whose payload started at `start`.
    mutating func endSection(_ start: Int) {
        let size = UInt64(bytes.count - start)
        for index in 0..<8 { bytes[start - 8 + index] = UInt8(truncatingIfNeeded: size >> UInt64(8 * index)) }
    }
}

/// The parsed section table of an iden3 binary file.
struct BinaryContainer {
    let bytes: [UInt8]
    let path: String
    let version: UInt32
    /// Payload ranges by section type, in file order.
    let sections: [UInt32: [Range<Int>]]

    /// Parses the header and section table; rejects a wrong magic, a version outside
    /// `versions`, sections running past the end and trailing bytes.
    init(bytes: [UInt8], path: String, magic: String, versions: ClosedRange<UInt32>) throws {
        self.bytes = bytes
        self.path = path
        var reader = ByteReader(bytes: bytes, path: path, context: "file header")
        let expected = Array(magic.utf8)
        guard bytes.count >= 4, Array(bytes[0..<4]) == expected else {
            throw reader.error("not a .\(magic) file (magic \"\(magic)\" missing)")
        }
        reader.offset = 4
        version = try reader.u32()
        guard versions.contains(version) else {
            let supported = versions.count == 1 ? "\(versions.lowerBound)" : "\(versions.lowerBound)–\(versions.upperBound)"
            throw reader.error("unsupported .\(magic) version \(version) (supported: \(supported))")
        }
        let count = try reader.u32()
        var table = [UInt32: [Range<Int>]]()
        for index in 0..<Int(count) {
            reader.context = "section table entry \(index)"
            let type = try reader.u32()
            let size = try reader.u64()
            guard size <= UInt64(reader.remaining) else {
                throw reader.error("section \(index) (type \(type)) declares \(size) bytes but only \(reader.remaining) remain (truncated file)")
            }
            table[type, default: []].append(reader.offset..<(reader.offset + Int(size)))
            reader.offset += Int(size)
        }
        guard reader.remaining == 0 else {
            throw reader.error("\(reader.remaining) unexpected bytes after the last section")
        }
        sections = table
    }

    /// A reader over the one section of `type`; throws if it is missing or duplicated.
    func section(_ type: UInt32, name: String) throws -> ByteReader {
        let ranges = sections[type] ?? []
        guard ranges.count == 1 else {
            let problem = ranges.isEmpty ? "missing" : "present \(ranges.count) times"
            throw FormatError(path: path, problem: "\(name) section (type \(type)) \(problem)")
        }
        return ByteReader(bytes: bytes, path: path, range: ranges[0], context: "\(name) section")
    }

    /// Reads the common field header (n8 = 32, prime = r) at the reader's position.
    static func readFieldHeader(_ reader: inout ByteReader) throws {
        let n8 = try reader.u32()
        guard n8 == 32 else { throw reader.error("field size n8 = \(n8), expected 32 (BN254)") }
        let prime = try reader.take(32)
        guard Array(prime) == frModulusBytes else {
            throw reader.error("prime is not the BN254 scalar field modulus r (only BN254 is supported)")
        }
    }

    /// r as 32 little-endian bytes.
    static let frModulusBytes: [UInt8] = Fr.modulusLimbs.flatMap { limb in
        (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) }
    }
}

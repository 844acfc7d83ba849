// iden3's `.wtns` binary witness format, version 2 (what circom's witness generators write
// and snarkjs reads): section 1 = n8 (32), prime (r), nWitness; section 2 = the values,
// 32-byte little-endian in standard form. BN254 only. Does not check the witness against
// a constraint system (see `ConstraintSystem.firstUnsatisfied`).

import Foundation
import Support

/// Reads and writes full witness vectors `[w₀ = 1, public…, private…]` as `.wtns` files.
public enum WitnessFile {
    /// Serializes `witness`.
    /// - Throws: `FormatError` if it has more than 2^32 − 1 values.
    public static func encode(_ witness: [Fr], path: String = "witness.wtns") throws -> Data {
        guard witness.count <= Int(UInt32.max) else {
            throw FormatError(path: path, problem: "too large for .wtns: \(witness.count) values (limit 2^32 − 1)")
        }
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(88 + 32 * witness.count)
        writer.header(magic: "wtns", version: 2, sectionCount: 2)
        let header = writer.beginSection(1)
        writer.u32(32)
        writer.bytes += BinaryContainer.frModulusBytes
        writer.u32(UInt32(witness.count))
        writer.endSection(header)
        let values = writer.beginSection(2)
        for value in witness { writer.fr(value) }
        writer.endSection(values)
        return Data(writer.bytes)
    }

    /// Parses and validates a `.wtns` file.
    /// - Throws: `FormatError` naming `path` for a bad magic, a version other than 2, a field
    ///   other than BN254's Fr, truncated or mis-sized sections, or a value ≥ r.
    public static func decode(_ data: Data, path: String) throws -> [Fr] {
        let container = try BinaryContainer(bytes: [UInt8](data), path: path, magic: "wtns", versions: 2...2)
        var header = try container.section(1, name: "header")
        try BinaryContainer.readFieldHeader(&header)
        let count = Int(try header.u32())
        try header.expectEnd()

        var reader = try container.section(2, name: "values")
        guard reader.remaining == 32 * count else {
            throw reader.error("values section size mismatch: \(reader.remaining) bytes, expected 32 × nWitness = \(32 * count)")
        }
        var witness = [Fr]()
        witness.reserveCapacity(count)
        for index in 0..<count { witness.append(try reader.fr("witness value \(index)")) }
        return witness
    }

    /// Reads `url` and decodes it; errors name the file.
    public static func read(from url: URL) throws -> [Fr] {
        try decode(readFileData(url), path: url.path)
    }

    /// Encodes `witness` and writes it atomically to `url`.
    public static func write(_ witness: [Fr], to url: URL) throws {
        try writeAtomically(encode(witness, path: url.path), to: url)
    }
}

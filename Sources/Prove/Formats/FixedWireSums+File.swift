// The binary file of `Groth16.FixedWireSums`, so that a prover keeps a committed model's
// weight-wire sums between runs: magic "ZKTFW", format version, the wire range, the two
// digests, then the four sums as affine points. Reading checks every length, that G1 points
// lie on the curve and the G2 point in the order-r subgroup, naming the file in every error.
// The sums are secret (functions of the weights): write them with mode 0600.

import Foundation
import Support

extension Groth16.FixedWireSums {
    /// "ZKTFW".
    public static let fileMagic: [UInt8] = Array("ZKTFW".utf8)
    /// Current format version (little-endian UInt32 after the magic).
    public static let fileVersion: UInt32 = 1
    /// The file's length: magic, version, four UInt64, three G1 points and one G2 point.
    static let fileLength = 5 + 4 + 4 * 8 + 3 * 64 + 128

    /// Layout, all integers little-endian, points as in `proving.key` (field elements as
    /// 32-byte little-endian canonical values, infinity = all zeros): magic, UInt32 version,
    /// UInt64 first wire, UInt64 end wire, UInt64 valuesDigest, UInt64 keyFingerprint,
    /// G1 A, G1 B, G2 B, G1 L.
    public func serialized() -> [UInt8] {
        var out = KeyFileWriter(magic: Self.fileMagic, version: Self.fileVersion, reserving: Self.fileLength)
        [UInt64(wires.lowerBound), UInt64(wires.upperBound), valuesDigest, keyFingerprint].forEach { out.u64($0) }
        out.g1(a.toAffine())
        out.g1(bG1.toAffine())
        out.g2(bG2.toAffine())
        out.g1(l.toAffine())
        return out.bytes
    }

    /// Parses and validates `bytes`; `path` names the source in errors.
    /// - Throws: `FormatError` naming `path` and what is wrong (magic, version, length, wire
    ///   range, or the first invalid point).
    public init(bytes: [UInt8], path: String) throws {
        var reader = KeyFileReader(bytes: bytes, path: path)
        try self.init(reading: &reader)
    }

    /// Reads and validates a sums file; throws `FormatError` naming `path`.
    public init(contentsOf path: String) throws {
        var reader = try KeyFileReader(file: path)
        try self.init(reading: &reader)
    }

    private init(reading reader: inout KeyFileReader) throws {
        try reader.header(magic: Self.fileMagic, version: Self.fileVersion, kind: "weight-wire sums file")
        guard reader.length == Self.fileLength else {
            throw reader.error("length \(reader.length) bytes, expected \(Self.fileLength) (truncated or corrupted)")
        }
        let lower = try reader.count("first wire", max: 1 << 30), upper = try reader.count("end wire", max: 1 << 30)
        guard lower < upper else { throw reader.error("empty or reversed wire range \(lower)..<\(upper)") }
        let valuesDigest = try reader.u64(), keyFingerprint = try reader.u64()
        let g1 = try reader.g1Points(2, "sums A, B (G1)")
        let g2 = try reader.g2Points(1, "sum B (G2)")
        let l = try reader.g1Points(1, "sum L")
        self.init(wires: lower..<upper, valuesDigest: valuesDigest, keyFingerprint: keyFingerprint,
                  a: G1Jacobian(g1[0]), bG1: G1Jacobian(g1[1]), bG2: G2Jacobian(g2[0]), l: G1Jacobian(l[0]))
    }

    /// Writes `serialized()` to `path` atomically with mode 0600 (the sums are secret).
    /// - Throws: `FormatError` naming `path`.
    public func write(to path: String) throws {
        try writeAtomically(Data(serialized()), to: URL(fileURLWithPath: path), permissions: 0o600)
    }

    /// `true` if these sums belong to `pk` and `witness` holds the values they were computed
    /// for (what `Groth16.prove(reusing:)` requires).
    public func fits(_ pk: Groth16.ProvingKey, witness: [Fr]) -> Bool {
        (try? Groth16.checkFixedWires(self, fingerprint: Groth16.keyFingerprint(pk), witness: witness)) != nil
    }

    /// The same for a key in snarkjs's conventions.
    public func fits(_ key: Groth16.SnarkjsProvingKey, witness: [Fr]) -> Bool {
        (try? Groth16.checkFixedWires(self, fingerprint: Groth16.keyFingerprint(key), witness: witness)) != nil
    }
}

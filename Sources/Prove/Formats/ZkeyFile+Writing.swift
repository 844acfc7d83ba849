// Writing a snarkjs Groth16 `.zkey` (layout in ZkeyFile.swift) from a key in snarkjs's
// conventions, sections in `sectionOrder`: what `ZkeyFile.decode` reads comes back byte for
// byte. Whole-file in memory, then one atomic write. The circuit hash is written as given
// (`Phase2.circuitHash` computes snarkjs's BLAKE2b hash of a new key).

import Foundation
import Support

extension ZkeyFile {
    /// The file's bytes.
    /// - Throws: `FormatError` (path `path`) if the key's counts disagree
    ///   (`hasConsistentShape`), a count exceeds the format's 32-bit fields, `sectionOrder` is
    ///   not a permutation of 1…10, or section 10 cannot be written (`writeContributions`).
    public func encoded(path: String = "key.zkey") throws -> [UInt8] {
        guard key.hasConsistentShape else {
            throw FormatError(path: path, problem: "the key's counts disagree (points per section, domain, matrix entries)")
        }
        guard sectionOrder.sorted() == Self.sequentialOrder else {
            throw FormatError(path: path, problem: "section order \(sectionOrder) is not a permutation of 1…10")
        }
        guard key.variableCount <= Int(UInt32.max), key.matrixEntries.count <= Int(UInt32.max) else {
            throw FormatError(path: path, problem: "too large for .zkey: \(key.variableCount) wires, \(key.matrixEntries.count) coefficients")
        }
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(4096 + 64 * (3 * key.variableCount + key.domainSize) + 128 * key.variableCount
            + 44 * key.matrixEntries.count)
        writer.header(magic: "zkey", version: 1, sectionCount: 10)
        for type in sectionOrder {
            let start = writer.beginSection(type)
            switch type {
            case 1: writer.u32(1)  // Groth16
            case 2: writeGroth16Header(into: &writer)
            case 3: Self.points(key.verifyingKey.gammaABCG1, into: &writer)
            case 4: writeCoefficients(into: &writer)
            case 5: Self.points(key.aQueryG1, into: &writer)
            case 6: Self.points(key.bQueryG1, into: &writer)
            case 7:
                var points = KeyFileWriter(reserving: 128 * key.bQueryG2.count)
                points.montgomeryCoordinates = true
                key.bQueryG2.forEach { points.g2($0) }
                writer.bytes += points.bytes
            case 8: Self.points(key.lQueryG1, into: &writer)
            case 9: Self.points(key.hQueryG1, into: &writer)
            default: try writeContributions(into: &writer, path: path)
            }
            writer.endSection(start)
        }
        return writer.bytes
    }

    /// Encodes the file and writes it atomically to `url`.
    public func write(to url: URL) throws {
        try writeAtomically(Data(encoded(path: url.path)), to: url)
    }

    /// The file name `zktrain groth16 setup --zkey` and `ceremony finalize` write.
    public static let fileName = "proving.zkey"

    /// Writes the key as `keyName` (default `proving.zkey`) and its verification key as
    /// `verifyingKeyName` (default `verification_key.json`) into `folder` as one `ArtifactSet`
    /// (a reader sees the old pair or the new pair).
    public func writeKeyPair(in folder: URL, keyName: String = fileName,
                             verifyingKeyName: String = Groth16.ProvingKey.verifyingKeyFileName) throws {
        let bytes = try encoded(path: folder.appendingPathComponent(keyName).path)
        var files = try ArtifactSet(in: folder)
        try files.add(keyName, Data(bytes))
        try files.add(verifyingKeyName, try SnarkjsJSON.encode(key.verifyingKey))
        try files.commit()
    }

    /// Section 2: n8q, q, n8r, r, nVars, nPublic, domainSize, α₁, β₁, β₂, γ₂, δ₁, δ₂.
    private func writeGroth16Header(into writer: inout ByteWriter) {
        for modulus in [Fq.modulusLimbs, Fr.modulusLimbs] {
            writer.u32(32)
            modulus.forEach { writer.u64($0) }
        }
        [key.variableCount, key.publicCount, key.domainSize].forEach { writer.u32(UInt32($0)) }
        var points = KeyFileWriter(reserving: 576)
        points.montgomeryCoordinates = true
        points.g1(key.alphaG1)
        points.g1(key.betaG1)
        points.g2(key.betaG2)
        points.g2(key.verifyingKey.gammaG2)
        points.g1(key.deltaG1)
        points.g2(key.deltaG2)
        writer.bytes += points.bytes
    }

    /// Section 4: nCoef, then (matrix, row, wire, value·2^512 mod r) per entry.
    private func writeCoefficients(into writer: inout ByteWriter) {
        writer.u32(UInt32(key.matrixEntries.count))
        for entry in key.matrixEntries {
            writer.u32(entry.matrix.rawValue)
            writer.u32(UInt32(entry.row))
            writer.u32(UInt32(entry.wire))
            let stored = Fr.montgomeryMultiplyLimbs(entry.value.montgomeryLimbs, Fr.montgomery.r2)  // c·2^256·2^512·2^−256
            [stored.0, stored.1, stored.2, stored.3].forEach { writer.u64($0) }
        }
    }

    /// G1 points in Montgomery form.
    private static func points(_ points: [G1Affine], into writer: inout ByteWriter) {
        var out = KeyFileWriter(reserving: 64 * points.count)
        out.montgomeryCoordinates = true
        points.forEach { out.g1($0) }
        writer.bytes += out.bytes
    }
}

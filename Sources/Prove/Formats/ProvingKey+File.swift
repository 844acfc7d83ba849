// The binary `proving.key` file: magic "ZKTPK", format version, a plain-text notice (the
// single-party setup warning), counts, then points. Reading validates every length, that G1
// points lie on the curve and G2 points in the order-r subgroup (unless the caller opts out),
// naming the file in every error (`FormatError`). Writes are atomic and go out in pieces.
// Not a snarkjs .zkey.

import Foundation
import Support

extension Groth16.ProvingKey {
    /// "ZKTPK".
    public static let fileMagic: [UInt8] = Array("ZKTPK".utf8)
    /// Current format version (little-endian UInt32 after the magic). Version 3: the circuit
    /// digest of Groth16+Digest.swift version 3 (version 2 had version 2's, version 1 its
    /// first); older keys are refused with a clear error.
    public static let fileVersion: UInt32 = 3

    /// Layout, all integers little-endian, field elements as 32-byte little-endian canonical
    /// values, G1 = x‖y (64 bytes), G2 = x.c0‖x.c1‖y.c0‖y.c1 (128 bytes), infinity = all zeros:
    /// magic, UInt32 version, UInt32 notice length + UTF-8 notice, UInt64 variableCount,
    /// publicCount, constraintCount, domainLogSize, circuitDigest; G1 alpha, beta, delta;
    /// G2 beta, gamma, delta; G1 IC[publicCount + 1], A[variableCount], B1[variableCount];
    /// G2 B2[variableCount]; G1 H[2^domainLogSize − 1], L[variableCount − publicCount − 1].
    public func serialized() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(256 + 64 * (3 * variableCount + hQueryG1.count + publicCount) + 128 * variableCount)
        serialize { bytes += $0 }
        return bytes
    }

    /// Hands the bytes of `serialized()` to `emit` in order, in pieces of at most
    /// `blockPoints` points (8 MiB of G2 points), so that a writer never holds the whole file.
    func serialize(blockPoints: Int = 1 << 16, _ emit: ([UInt8]) throws -> Void) rethrows {
        let notice = Array(Groth16.singlePartySetupWarning.utf8)
        var out = KeyFileWriter(magic: Self.fileMagic, version: Self.fileVersion, reserving: 1024 + notice.count)
        out.u32(UInt32(notice.count))
        out.raw(notice)
        [variableCount, publicCount, constraintCount, domainLogSize].forEach { out.u64(UInt64($0)) }
        out.u64(circuitDigest)
        [alphaG1, betaG1, deltaG1].forEach { out.g1($0) }
        [betaG2, verifyingKey.gammaG2, deltaG2].forEach { out.g2($0) }
        try emit(out.bytes)
        func blocks<P>(_ points: [P], size: Int, _ encode: (inout KeyFileWriter, P) -> Void) throws {
            for start in stride(from: 0, to: points.count, by: blockPoints) {
                var block = KeyFileWriter(reserving: size * blockPoints)
                points[start..<min(points.count, start + blockPoints)].forEach { encode(&block, $0) }
                try emit(block.bytes)
            }
        }
        for query in [verifyingKey.gammaABCG1, aQueryG1, bQueryG1] { try blocks(query, size: 64) { $0.g1($1) } }
        try blocks(bQueryG2, size: 128) { $0.g2($1) }
        for query in [hQueryG1, lQueryG1] { try blocks(query, size: 64) { $0.g1($1) } }
    }

    /// Writes the key to `path` atomically (`writeAtomically`: temporary file + rename), in
    /// pieces: writing needs no second copy of the key in memory.
    /// - Throws: `FormatError` naming `path`.
    public func write(to path: String) throws {
        try writeAtomically(to: URL(fileURLWithPath: path)) { try write(into: $0) }
    }

    /// The proving key's usual file name.
    public static let fileName = "proving.key"
    /// The verification key's usual file name (snarkjs's).
    public static let verifyingKeyFileName = "verification_key.json"

    /// Writes `proving.key` and `verification_key.json` into `folder` as one `ArtifactSet`:
    /// a reader sees the old pair or the new pair, never a new proving key beside an old
    /// verification key, whenever the writer is killed.
    public func writeKeyPair(in folder: URL) throws {
        var files = try ArtifactSet(in: folder)
        try add(to: &files)
        try files.commit()
    }

    /// Adds the key and its verification key to `files` (one set with other files), as
    /// `keyName` and `verifyingKeyName`.
    public func add(to files: inout ArtifactSet, keyName: String = fileName, verifyingKeyName: String = verifyingKeyFileName) throws {
        try files.add(keyName) { try write(into: $0) }
        try files.add(verifyingKeyName, try SnarkjsJSON.encode(verifyingKey))
    }

    /// Writes the key's bytes into `handle` in pieces (for `ArtifactSet.add`, which writes a
    /// key pair as one set).
    public func write(into handle: FileHandle) throws {
        try serialize { try handle.write(contentsOf: Data($0)) }
    }

    /// Reads and validates a proving key file, block by block (the file's bytes are never
    /// held whole, so reading needs the key's size in memory once).
    ///
    /// `checkSubgroups: false` skips the G2 subgroup checks of the B query (the slowest part
    /// of reading: one 63-bit G2 multiplication per point); curve equations are still checked.
    /// Only for keys the caller made himself; a proof made with a bad key fails verification.
    /// - Throws: `FormatError` naming `path` and what is wrong (magic, version, counts,
    ///   length, or the first invalid point and its section).
    public init(contentsOf path: String, checkSubgroups: Bool = true) throws {
        try ArtifactSet.recover(in: URL(fileURLWithPath: path).deletingLastPathComponent())
        var reader = try KeyFileReader(file: path)
        try self.init(reading: &reader, checkSubgroups: checkSubgroups)
    }

    /// Parses and validates `bytes`; `path` names the source in errors.
    public init(bytes: [UInt8], path: String = "proving.key", checkSubgroups: Bool = true) throws {
        var reader = KeyFileReader(bytes: bytes, path: path)
        try self.init(reading: &reader, checkSubgroups: checkSubgroups)
    }

    /// Parses and validates the key `reader` holds.
    init(reading reader: inout KeyFileReader, checkSubgroups: Bool) throws {
        try reader.header(magic: Self.fileMagic, version: Self.fileVersion, kind: "proving key")
        let noticeLength = Int(try reader.u32())
        _ = try reader.take(noticeLength)
        let variableCount = try reader.count("variableCount", max: 1 << 30)
        let publicCount = try reader.count("publicCount", max: 1 << 30)
        let constraintCount = try reader.count("constraintCount", max: 1 << 28)
        let domainLogSize = try reader.count("domainLogSize", max: 28)
        let digest = try reader.u64()
        guard variableCount >= publicCount + 1, domainLogSize >= 1,
              constraintCount + publicCount + 1 <= 1 << domainLogSize else {
            throw reader.error("inconsistent counts (variables \(variableCount), public \(publicCount), "
                + "constraints \(constraintCount), domain 2^\(domainLogSize))")
        }
        let hCount = (1 << domainLogSize) - 1, lCount = variableCount - publicCount - 1
        let expected = reader.offset + 64 * (3 + publicCount + 1 + 2 * variableCount + hCount + lCount)
            + 128 * (3 + variableCount)
        guard reader.length == expected else {
            throw reader.error("length \(reader.length) bytes, expected \(expected) for these counts (truncated or corrupted)")
        }
        let g1Secrets = try reader.g1Points(3, "alpha/beta/delta G1")
        let g2Secrets = try reader.g2Points(3, "beta/gamma/delta G2")
        let gammaABC = try reader.g1Points(publicCount + 1, "IC")
        let aQuery = try reader.g1Points(variableCount, "A query")
        let bQueryG1 = try reader.g1Points(variableCount, "B query (G1)")
        let bQueryG2 = try reader.g2Points(variableCount, "B query (G2)", checkSubgroup: checkSubgroups)
        let hQuery = try reader.g1Points(hCount, "H query")
        let lQuery = try reader.g1Points(lCount, "L query")
        let vk = Groth16.VerifyingKey(alphaG1: g1Secrets[0], betaG2: g2Secrets[0], gammaG2: g2Secrets[1],
                                      deltaG2: g2Secrets[2], gammaABCG1: gammaABC)
        self.init(verifyingKey: vk, alphaG1: g1Secrets[0], betaG1: g1Secrets[1], betaG2: g2Secrets[0],
                  deltaG1: g1Secrets[2], deltaG2: g2Secrets[2], aQueryG1: aQuery, bQueryG1: bQueryG1,
                  bQueryG2: bQueryG2, hQueryG1: hQuery, lQueryG1: lQuery, variableCount: variableCount,
                  publicCount: publicCount, constraintCount: constraintCount, domainLogSize: domainLogSize,
                  circuitDigest: digest)
    }
}

// Phase-2 contributions made by snarkjs itself: the .zkey files other projects committed
// (../shared/interop/circom-real, beside the repository; skipped when absent) carry snarkjs's
// contribution records. Each must pass our checks unchanged: the transcript is BLAKE2b of the
// circuit hash and the uncompressed [s]₁, [s·x]₁ (our encoding), [s']₂ is our hashToG2 of it
// (ChaCha, fromRng, the cofactor), and the proof of knowledge and the δ step hold under our
// pairing, with [δ] after the last contribution equal to the key's. The sections are read
// by a minimal parser here (Groth16 header: section 2; contributions: section 10).

import Foundation
import Testing
@testable import Prove
import Support
import TestSupport

@Suite struct SnarkjsContributionTests {
    static let folder = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/interop/circom-real")

    static func zkeys() -> [URL] {
        guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return files.compactMap { $0 as? URL }.filter { $0.pathExtension == "zkey" }.sorted { $0.path < $1.path }
    }

    /// (δ₁ of the header, circuit hash, contributions) of a snarkjs groth16 .zkey.
    static func records(_ url: URL) throws -> (delta: G1Affine, hash: [UInt8], contributions: [Phase2.Contribution]) {
        let data = try Data(contentsOf: url)
        return try data.withUnsafeBytes { bytes in
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            var sections = [Int: Range<Int>]()
            var at = 12
            for _ in 0..<u32(8) {
                let size = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt64.self)))
                sections[u32(at)] = (at + 12)..<(at + 12 + size)
                at += 12 + size
            }
            let reader = PointReader(bytes: bytes, path: url.path)
            let header = sections[2]!.lowerBound + 4 + 32 + 4 + 32 + 12
            let delta = try reader.g1((header + 64 + 64 + 128 + 128)..<(header + 64 + 64 + 128 + 128 + 64), count: 1, name: "δ₁")[0]
            let mpc = sections[10]!
            let hash = Array(bytes[mpc.lowerBound..<(mpc.lowerBound + 64)])
            at = mpc.lowerBound + 68
            var list = [Phase2.Contribution]()
            for _ in 0..<u32(mpc.lowerBound + 64) {
                let g1 = try reader.g1(at..<(at + 192), count: 3, name: "contribution")
                let spx = try reader.g2((at + 192)..<(at + 320), count: 1, name: "contribution")[0]
                let transcript = Array(bytes[(at + 320)..<(at + 384)])
                let length = u32(at + 388)
                let (name, beacon) = try reader.parameters(Array(bytes[(at + 392)..<(at + 392 + length)]), what: "contribution")
                list.append(Phase2.Contribution(deltaAfter: g1[0], g1S: g1[1], g1SX: g1[2], g2SPX: spx, transcript: transcript, name: name, beacon: beacon))
                at += 392 + length
            }
            return (delta, hash, list)
        }
    }

    @Test func snarkjsContributionsPassOurChecks() throws {
        let files = Self.zkeys()
        guard !files.isEmpty else { return }  // the interop folder is not beside this checkout
        var checked = 0
        for url in files {
            let (delta, hash, contributions) = try Self.records(url)
            var hasher = Blake2b()
            hasher.update(hash)
            var previous = G1Affine.generator
            for c in contributions {
                var transcript = hasher
                transcript.update([c.g1S, c.g1SX][...])
                #expect(transcript.finalize() == c.transcript, "\(url.lastPathComponent): transcript")
                let sp = G2Affine.snarkjsHash(c.transcript)
                #expect(sp.isInSubgroup)
                #expect(SameRatio.holds(c.g1S, c.g1SX, sp, c.g2SPX), "\(url.lastPathComponent): proof of knowledge")
                #expect(SameRatio.holds(previous, c.deltaAfter, sp, c.g2SPX), "\(url.lastPathComponent): δ step")
                // Negative control: another transcript gives another [s']₂, and the check fails.
                var other = c.transcript
                other[0] ^= 1
                #expect(!SameRatio.holds(c.g1S, c.g1SX, G2Affine.snarkjsHash(other), c.g2SPX))
                c.hashPublicKey(into: &hasher)
                previous = c.deltaAfter
                checked += 1
            }
            #expect(previous == delta, "\(url.lastPathComponent): final δ")
        }
        #expect(checked >= 6)
        print("snarkjs contributions checked: \(checked) in \(files.count) .zkey files")
    }
}

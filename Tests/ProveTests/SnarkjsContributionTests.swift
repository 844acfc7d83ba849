// Phase-2 contributions made by snarkjs itself: the .zkey files other projects committed
// (../shared/interop/circom-real, beside the repository; skipped when absent) carry snarkjs's
// contribution records. Each must pass our checks unchanged: the transcript is BLAKE2b of the
// circuit hash and the uncompressed [s]₁, [s·x]₁ (our encoding), [s']₂ is our hashToG2 of it
// (ChaCha, fromRng, the cofactor), and the proof of knowledge and the δ step hold under our
// pairing, with [δ] after the last contribution equal to the key's. The sections are read
// by a minimal parser here (Groth16 header: section 2; contributions: section 10).
// The keys without contributions are initial keys (`zkey new`): from their own points our
// circuit hash must give snarkjs's csHash, the [τⁱZ(τ)] it hashes derived from the key's H
// points by a group DFT, which holds only if H is the odd half of the doubled domain's
// Lagrange points ([τⁱZ(τ)] = −2·gⁱ·Σⱼ ω^(ij)·Hⱼ, g = ω_{2n}). Two keys, read into
// `Phase2.Key`, prove their projects' witnesses with snarkjs's convention (H on the odd coset).

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

    /// The points of an initial .zkey as a `Phase2.Key` (no contributions), or nil if it has some.
    static func initialKey(_ url: URL) throws -> Phase2.Key? { try key(url, initialOnly: true) }

    /// The points of a .zkey as a `Phase2.Key` (its δ from the header; the contribution records
    /// are left out), or nil for a key with contributions when `initialOnly`.
    static func key(_ url: URL, initialOnly: Bool) throws -> Phase2.Key? {
        let data = try Data(contentsOf: url)
        return try data.withUnsafeBytes { bytes -> Phase2.Key? in
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            var sections = [Int: Range<Int>]()
            var at = 12
            for _ in 0..<u32(8) {
                let size = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt64.self)))
                sections[u32(at)] = (at + 12)..<(at + 12 + size)
                at += 12 + size
            }
            guard !initialOnly || u32(sections[10]!.lowerBound + 64) == 0 else { return nil }
            let reader = PointReader(bytes: bytes, path: url.path)
            let h0 = sections[2]!.lowerBound + 4 + 32 + 4 + 32
            let nVars = u32(h0), nPublic = u32(h0 + 4), n = u32(h0 + 8)
            var k = 0
            while 1 << k < n { k += 1 }
            let p = h0 + 12
            let g1 = try reader.g1(p..<(p + 128), count: 2, name: "α, β")
            let b2 = try reader.g2((p + 128)..<(p + 256), count: 1, name: "β₂")[0]
            let gamma = try reader.g2((p + 256)..<(p + 384), count: 1, name: "γ₂")[0]
            let delta1 = try reader.g1((p + 384)..<(p + 448), count: 1, name: "δ₁")[0]
            let delta2 = try reader.g2((p + 448)..<(p + 576), count: 1, name: "δ₂")[0]
            return Phase2.Key(variableCount: nVars, publicCount: nPublic, domainLogSize: k, alphaG1: g1[0], betaG1: g1[1], betaG2: b2,
                              gammaG2: gamma, deltaG1: delta1, deltaG2: delta2,
                              ic: try reader.g1(sections[3]!, count: nPublic + 1, name: "IC", allowInfinity: true),
                              a: try reader.g1(sections[5]!, count: nVars, name: "A", allowInfinity: true),
                              b1: try reader.g1(sections[6]!, count: nVars, name: "B1", allowInfinity: true),
                              b2: try reader.g2(sections[7]!, count: nVars, name: "B2", allowInfinity: true),
                              c: try reader.g1(sections[8]!, count: nVars - nPublic - 1, name: "C", allowInfinity: true),
                              h: try reader.g1(sections[9]!, count: n, name: "H", allowInfinity: true),
                              circuitHash: Array(bytes[sections[10]!.lowerBound..<(sections[10]!.lowerBound + 64)]), contributions: [])
        }
    }

    @Test func snarkjsInitialKeysHaveOurCircuitHash() throws {
        var checked = 0
        for url in Self.zkeys() {
            guard let key = try Self.initialKey(url) else { continue }
            let k = key.domainLogSize, n = 1 << k
            // D_i = Σⱼ ω^(ij)·Hⱼ = n·groupInverseFFT(H[−j mod n])_i; [τⁱZ(τ)] = −2·gⁱ·D_i.
            let reflected = (0..<n).map { key.h[(n - $0) % n] }
            let inverse = PowersOfTau.groupInverseFFT(reflected, logSize: k, as: G1Jacobian.self)
            let g = Fr.rootOfUnity(logSize: k + 1)!
            let scalars = NTTDomain.powers(of: g, count: n).map { $0 * Fr(UInt64(n)) * Fr(-2) }
            let zPowers = BatchScale.scale(inverse, as: G1Jacobian.self) { scalars[$0] }
            let count = n - 1 > 1 << 14 ? n : n - 1
            #expect(Phase2.circuitHash(of: key, vanishingPowers: Array(zPowers[0..<count])) == key.circuitHash, "\(url.lastPathComponent)")
            checked += 1
        }
        print("snarkjs initial keys whose circuit hash we recompute: \(checked)")
        #expect(Self.zkeys().isEmpty || checked >= 2)
    }

    /// A snarkjs key read into `Phase2.Key` proves with snarkjs's convention (Phase2Tests.prove:
    /// H on the odd coset) for the project's circuit and witness, under the project's own
    /// verification_key.json: the struct's fields mean what the .zkey's sections mean.
    @Test func snarkjsKeysProveWithTheOddCosetConvention() throws {
        let cases = ["SuryaSundarVadali__ZKPersona/circuit_final.zkey", "CleanPegasus__shield/output/PreImage_0001.zkey"]
        var proved = 0
        for name in cases {
            let url = Self.folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path), let key = try Self.key(url, initialOnly: false) else { continue }
            let folder = url.deletingLastPathComponent()
            let r1cs = try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".r1cs") }!
            let cs = try R1CSFile.read(from: folder.appendingPathComponent(r1cs))
            let witnessFolder = FileManager.default.fileExists(atPath: folder.appendingPathComponent("witness.wtns").path) ? folder : folder.deletingLastPathComponent()
            let w = try WitnessFile.read(from: witnessFolder.appendingPathComponent("witness.wtns"))
            let vk = try SnarkjsJSON.readVerifyingKey(from: folder.appendingPathComponent("verification_key.json"))
            #expect(vk == key.verifyingKey, "\(name): header and IC match the project's verification key")
            let proof = Phase2Tests.prove(key, cs, w)
            #expect(Groth16.verify(vk, publicInputs: cs.publicSignals(of: w)!, proof: proof), "\(name)")
            proved += 1
        }
        print("snarkjs keys proved with: \(proved)")
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

// Phase-2 contributions made by snarkjs itself: the .zkey files other projects committed
// (../shared/interop/circom-real, beside the repository; skipped when absent) carry snarkjs's
// contribution records. Each must pass our checks unchanged: the transcript is BLAKE2b of the
// circuit hash and the uncompressed [s]₁, [s·x]₁ (our encoding), [s']₂ is our hashToG2 of it
// (ChaCha, fromRng, the cofactor), and the proof of knowledge and the δ step hold under our
// pairing, with [δ] after the last contribution equal to the key's. The files are read with
// `ZkeyFile`, the reader `ceremony verify` uses.
// The keys without contributions are initial keys (`zkey new`): from their own points our
// circuit hash must give snarkjs's csHash, the [τⁱZ(τ)] it hashes derived from the key's H
// points by a group DFT, which holds only if H is the odd half of the doubled domain's
// Lagrange points ([τⁱZ(τ)] = −2·gⁱ·Σⱼ ω^(ij)·Hⱼ, g = ω_{2n}). Two keys prove their projects' witnesses with snarkjs's convention (H on the odd coset).

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

    /// The .zkey at `url` as our reader gives it (the key a ceremony passes around).
    static func read(_ url: URL) throws -> ZkeyFile { try ZkeyFile(contentsOf: url) }

    @Test func snarkjsInitialKeysHaveOurCircuitHash() throws {
        var checked = 0
        for url in Self.zkeys() {
            let file = try Self.read(url), key = file.key
            guard file.contributions.isEmpty else { continue }
            let k = key.domainLogSize, n = 1 << k
            // D_i = Σⱼ ω^(ij)·Hⱼ = n·groupInverseFFT(H[−j mod n])_i; [τⁱZ(τ)] = −2·gⁱ·D_i.
            let reflected = (0..<n).map { key.hQueryG1[(n - $0) % n] }
            let inverse = PowersOfTau.groupInverseFFT(reflected, logSize: k, as: G1Jacobian.self)
            let g = Fr.rootOfUnity(logSize: k + 1)!
            let scalars = NTTDomain.powers(of: g, count: n).map { $0 * Fr(UInt64(n)) * Fr(-2) }
            let zPowers = BatchScale.scale(inverse, as: G1Jacobian.self) { scalars[$0] }
            #expect(Phase2.circuitHash(of: key, vanishingPowers: Array(zPowers[0..<Phase2.hashedVanishingPowerCount(domainLogSize: k)])) == file.circuitHash, "\(url.lastPathComponent)")
            checked += 1
        }
        print("snarkjs initial keys whose circuit hash we recompute: \(checked)")
        #expect(Self.zkeys().isEmpty || checked >= 2)
    }

    /// A snarkjs key read by `ZkeyFile` proves with snarkjs's convention (Phase2Tests.prove:
    /// H on the odd coset) for the project's circuit and witness, under the project's own
    /// verification_key.json: the struct's fields mean what the .zkey's sections mean.
    @Test func snarkjsKeysProveWithTheOddCosetConvention() throws {
        let cases = ["SuryaSundarVadali__ZKPersona/circuit_final.zkey", "CleanPegasus__shield/output/PreImage_0001.zkey"]
        var proved = 0
        for name in cases {
            let url = Self.folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let key = try Self.read(url).key
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
            let file = try Self.read(url), delta = file.key.deltaG1, hash = file.circuitHash, contributions = file.contributions
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

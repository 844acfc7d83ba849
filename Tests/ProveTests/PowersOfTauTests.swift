// Phase 1 (PowersOfTau, PtauFile): the hashes and randomness snarkjs uses (BLAKE2b and
// SHA-256 against Python's hashlib, blake2b-wasm's partial state), the batched scaling and the
// group FFT against their naive twins (the GLV scaling too), a small ceremony (new, two contributions, a beacon,
// prepare) that verifies and survives a file round trip, and the rejections: a tampered point,
// a tampered Lagrange point, a contribution not following the previous one, a truncated file.

import Foundation
import Testing
@testable import Prove
import Support

@Suite struct PowersOfTauTests {
    @Test func blake2bMatchesHashlib() {
        #expect(hexString(Blake2b.hash([])) == "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
        #expect(hexString(Blake2b.hash(Array("abc".utf8))) == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
        let long = [UInt8]((0..<768).map { UInt8($0 % 256) })
        #expect(hexString(Blake2b.hash(long)) == "323e97a7a859ee63c9013debb0ca995811e73117a2f574723416e596ebc184e37a59b66d2f597df4a7c1b0d1d41a1a7f28774f46a6864d56c57b9d6c5f7302fb")
        // Pieces of any size, and a state exported and imported halfway, give the same digest.
        for cut in [0, 1, 127, 128, 129, 256, 300] {
            var h = Blake2b()
            h.update(Array(long[0..<cut]))
            let resumed = Blake2b(partialState: h.partialState)
            #expect(resumed != nil)
            var r = resumed!
            r.update(Array(long[cut...]))
            #expect(r.finalize() == Blake2b.hash(long))
        }
    }

    @Test func snarkjsRandomPointsAreInTheGroups() {
        var rng = SnarkjsChaCha(seed: [1, 2, 3, 4, 5, 6, 7, 8])
        for _ in 0..<3 {
            #expect(G1Affine.snarkjsRandom(using: &rng).isOnCurve)
            #expect(G2Affine.snarkjsRandom(using: &rng).isInSubgroup)
        }
    }

    @Test func batchScaleMatchesNaive() {
        var rng = SeededGenerator(seed: 7)
        let g1 = G1Jacobian.distinctPoints(count: 40, using: &rng) + [.infinity]
        let scalars: [Fr] = (0..<41).map { i in i == 0 ? .zero : i == 1 ? .one : i == 2 ? -Fr.one : Fr.random(using: &rng) }
        #expect(BatchScale.scale(g1, as: G1Jacobian.self) { scalars[$0] } == BatchScale.scaleNaive(g1, as: G1Jacobian.self) { scalars[$0] })
        let g2 = G2Jacobian.distinctPoints(count: 9, using: &rng)
        #expect(BatchScale.scale(g2, as: G2Jacobian.self) { scalars[$0 + 3] } == BatchScale.scaleNaive(g2, as: G2Jacobian.self) { scalars[$0 + 3] })
        // A shared scalar over one repeated point (every addition in the batch is the same).
        let same = [G1Affine](repeating: .generator, count: 9)
        let s = Fr.random(using: &rng)
        #expect(BatchScale.scale(same, as: G1Jacobian.self, by: s) == BatchScale.scaleNaive(same, as: G1Jacobian.self) { _ in s })
        // The GLV path: φ(x, y) = (β·x, y) is [λ] on G1, λ³ = 1; k₁ + λ·k₂ for short k₁, k₂.
        let g = G1Affine.generator
        #expect(G1Jacobian.generator.multiplied(by: BatchScale.lambda).toAffine() == G1Affine(uncheckedX: g.x * BatchScale.beta, y: g.y))
        #expect(BatchScale.lambda.pow(3) == .one && BatchScale.lambda != .one)
        for (k1, k2) in [(Fr(reducedCanonical: (rng.next(), rng.next(), 0, 0)), Fr(reducedCanonical: (rng.next(), rng.next(), 0, 0))), (Fr.one, Fr.zero), (Fr.zero, Fr(5))] {
            #expect(BatchScale.scale(g1, k1: k1, k2: k2) == BatchScale.scaleNaive(g1, as: G1Jacobian.self) { _ in k1 + BatchScale.lambda * k2 })
        }
    }

    @Test func groupInverseFFTMatchesNaive() {
        var rng = SeededGenerator(seed: 8)
        let points = G1Jacobian.distinctPoints(count: 8, using: &rng)
        #expect(PowersOfTau.groupInverseFFT(points, logSize: 3, as: G1Jacobian.self)
                == PowersOfTau.groupInverseFFTNaive(points, logSize: 3, as: G1Jacobian.self))
    }

    /// new(3) → two contributions → beacon → prepare; deterministic.
    static let ceremony: PowersOfTau = {
        var p = try! PowersOfTau.new(power: 3)
        var rng = SnarkjsChaCha(seed: [9, 9, 9, 9, 9, 9, 9, 1])
        p = try! p.contributing(name: "alice", beacon: nil, using: &rng).ptau
        p = try! p.contributing(name: "bob", beacon: nil, using: &rng).ptau
        p = try! p.applyingBeacon(name: "beacon", beacon: .init(value: [0xab, 0xcd], iterationsExponent: 10)).ptau
        return try! p.preparedForPhase2()
    }()

    @Test func ceremonyVerifiesAndRoundTrips() throws {
        let p = Self.ceremony
        let report = try p.verify()
        #expect(report.contributions.count == 3 && report.lastHashesRecomputed && report.lagrangeChecked)
        let bytes = PtauFile.encode(p)
        let back = try bytes.withUnsafeBytes { try PtauFile.decode($0, path: "t.ptau") }
        #expect(back == p)
        #expect(PtauFile.encode(back) == bytes)
        // The Lagrange points of τ: Σⱼ [Lⱼ(τ)] = [1] for every domain size.
        for logSize in 0...3 {
            let block = PowersOfTau.Lagrange.block(p.lagrange!.tauG1, logSize: logSize)
            #expect(block.reduce(G1Jacobian.zero) { $0.adding($1) } == G1Jacobian.generator)
        }
    }

    @Test func verifyRejectsTampering() throws {
        var bad = Self.ceremony
        bad.tauG1[5] = G1Jacobian(bad.tauG1[5]).doubled().toAffine()
        #expect(throws: CeremonyError.self) { try bad.verify() }
        bad = Self.ceremony
        bad.lagrange!.alphaTauG1[4] = bad.lagrange!.alphaTauG1[5]
        #expect(throws: CeremonyError.self) { try bad.verify() }
        bad = Self.ceremony
        bad.contributions.swapAt(0, 1)
        #expect(throws: CeremonyError.self) { try bad.verify() }
        bad = Self.ceremony
        bad.betaG2 = G2Affine.generator
        #expect(throws: CeremonyError.self) { try bad.verify() }
        #expect(throws: CeremonyError.self) { try PowersOfTau.new(power: 2).verify() }
    }

    @Test func readerRejectsMalformedFiles() {
        let bytes = PtauFile.encode(Self.ceremony)
        for cut in [3, 40, 100, bytes.count - 1] {
            let prefix = Array(bytes[0..<cut])
            #expect(throws: FormatError.self) { try prefix.withUnsafeBytes { try PtauFile.decode($0, path: "t.ptau") } }
        }
        var wrongPower = bytes
        wrongPower[12 + 12 + 36] = 4  // the header claims 2^4 powers; the sections hold 2^3
        #expect(throws: FormatError.self) { try wrongPower.withUnsafeBytes { try PtauFile.decode($0, path: "t.ptau") } }
        var offCurve = bytes
        offCurve[12 + 12 + 44 + 12 + 64 + 5] ^= 1  // τG1[1].x
        #expect(throws: FormatError.self) { try offCurve.withUnsafeBytes { try PtauFile.decode($0, path: "t.ptau") } }
    }
}

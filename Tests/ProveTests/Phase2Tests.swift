// Phase 2 (Phase2 over ZkeyFile): a three-party ceremony (two contributions and a beacon)
// on a small circuit over the 2^3 accumulator of PowersOfTauTests, whose final key proves
// with snarkjs's convention (H on the odd coset of the doubled domain, written out below),
// goes through a .zkey file and back, proves with `Groth16.prove` and verifies with our Groth16 verifier; verify accepts it with the initial key recomputed
// or given, and rejects a wrong δ, a tampered C or H point, a reordered chain, a key for
// another circuit, an accumulator of the wrong power; intermediate keys name the bad step.

import Foundation
import Testing
@testable import Prove
import Support

@Suite struct Phase2Tests {
    /// out = x³ + x·y + 5 with x, y private: 4 constraints, 1 public (6 rows → domain 8).
    static func circuit() -> (ConstraintSystem, [Fr]) {
        var cs = ConstraintSystem()
        let out = cs.addPublicOutput()
        let x = cs.addPrivate(), y = cs.addPrivate(), x2 = cs.addPrivate(), x3 = cs.addPrivate(), xy = cs.addPrivate()
        cs.addConstraint(LinearCombination(x), LinearCombination(x), LinearCombination(x2), label: "x2")
        cs.addConstraint(LinearCombination(x2), LinearCombination(x), LinearCombination(x3), label: "x3")
        cs.addConstraint(LinearCombination(x), LinearCombination(y), LinearCombination(xy), label: "xy")
        cs.addConstraint(LinearCombination(x3) + LinearCombination(xy) + LinearCombination(constant: 5), LinearCombination(constant: 1),
                         LinearCombination(out), label: "out")
        let (xv, yv): (Fr, Fr) = (3, -7)
        return (cs, [1, xv * xv * xv + xv * yv + 5, xv, yv, xv * xv, xv * xv * xv, xv * yv])
    }

    /// A Groth16 proof with a phase-2 key, snarkjs's way.
    static func prove(_ key: Groth16.SnarkjsProvingKey, _ cs: ConstraintSystem, _ w: [Fr]) -> Groth16.Proof {
        let n = 1 << key.domainLogSize
        let domain = NTTDomain(logSize: key.domainLogSize)!
        let ev = Groth16.evaluateConstraints(cs, witness: w, domainSize: n)
        var a = ev.a, b = ev.b, c = ev.c
        let shift = Fr.rootOfUnity(logSize: key.domainLogSize + 1)!
        domain.interpolateThenCosetForward(&a, shift: shift)
        domain.interpolateThenCosetForward(&b, shift: shift)
        domain.interpolateThenCosetForward(&c, shift: shift)
        let t = (0..<n).map { a[$0] * b[$0] - c[$0] }
        var rng = SeededGenerator(seed: 3)
        let r = Fr.random(using: &rng), s = Fr.random(using: &rng)
        func g1(_ p: [G1Affine], _ x: [Fr]) -> G1Jacobian { MSM.msmNaive(p, x)! }
        let private_ = Array(w[(key.publicCount + 1)...])
        let proofA = g1(key.aQueryG1, w).adding(key.alphaG1) + G1Jacobian(key.deltaG1).multiplied(by: r)
        let proofB1 = g1(key.bQueryG1, w).adding(key.betaG1) + G1Jacobian(key.deltaG1).multiplied(by: s)
        let b2Sum: G2Jacobian = MSM.msmNaive(key.bQueryG2, w)!
        let proofB = b2Sum.adding(key.betaG2) + G2Jacobian(key.deltaG2).multiplied(by: s)
        let proofC = g1(key.lQueryG1, private_) + g1(key.hQueryG1, t) + proofA.multiplied(by: s) + proofB1.multiplied(by: r)
            - G1Jacobian(key.deltaG1).multiplied(by: r * s)
        return Groth16.Proof(a: proofA.toAffine(), b: proofB.toAffine(), c: proofC.toAffine())
    }

    struct Chain {
        var initial: ZkeyFile
        var keys: [ZkeyFile]  // after each contribution
        var hashes: [[UInt8]]
    }

    static let chain: Chain = {
        let (cs, _) = circuit()
        let initial = try! Phase2.initialKey(cs, ptau: PowersOfTauTests.ceremony)
        var rng = SnarkjsChaCha(seed: [5, 4, 3, 2, 1, 0, 0, 7])
        let one = try! initial.contributing(name: "alice", beacon: nil, using: &rng)
        let two = try! one.key.contributing(name: "bob", beacon: nil, using: &rng)
        let three = try! two.key.applyingBeacon(name: "beacon", beacon: .init(value: [1, 2, 3], iterationsExponent: 10))
        return Chain(initial: initial, keys: [one.key, two.key, three.key], hashes: [one.hash, two.hash, three.hash])
    }()

    @Test func finalKeyProvesAndVerifies() throws {
        let (cs, w) = Self.circuit()
        #expect(cs.constraints.allSatisfy { $0.isSatisfied(by: w) })
        let file = Self.chain.keys[2], key = file.key
        #expect(key.hasConsistentShape && file.contributions.count == 3)
        let proof = Self.prove(key, cs, w)
        #expect(Groth16.verify(key.verifyingKey, publicInputs: [w[1]], proof: proof))
        #expect(!Groth16.verify(key.verifyingKey, publicInputs: [w[1] + 1], proof: proof))
        // The initial key (δ = 1) proves too: the ceremony only changes who knows δ.
        #expect(Groth16.verify(Self.chain.initial.key.verifyingKey, publicInputs: [w[1]], proof: Self.prove(Self.chain.initial.key, cs, w)))
        // The .zkey file: read back equal, and the library's prover proves with it.
        let read = try ZkeyFile.decode(try file.encoded(), path: "final.zkey")
        #expect(read == file)
        let proved = try Groth16.prove(read.key, cs: cs, witness: w)
        #expect(Groth16.verify(read.key.verifyingKey, publicInputs: [w[1]], proof: proved))
        #expect(!Groth16.verify(read.key.verifyingKey, publicInputs: [w[1] + 1], proof: proved))
    }

    @Test func verifyAcceptsTheChain() throws {
        let (cs, _) = Self.circuit()
        let ptau = PowersOfTauTests.ceremony
        let key = Self.chain.keys[2]
        let report = try Phase2.verify(key, circuit: cs, ptau: ptau)
        #expect(report.contributions.map(\.hash) == Self.chain.hashes && report.circuitHashMatchesSnarkjs)
        _ = try Phase2.verify(key, circuit: cs, ptau: ptau, initial: Self.chain.initial, intermediates: Array(Self.chain.keys[0..<2]))
        #expect(key.contributions.map(\.kind) == [.contribution, .contribution, .beacon] && key.contributions[2].beacon != nil)
    }

    @Test func verifyRejectsBadKeys() throws {
        let (cs, _) = Self.circuit()
        let ptau = PowersOfTauTests.ceremony
        let good = Self.chain.keys[2]
        func rejects(_ key: ZkeyFile, _ expected: String, circuit: ConstraintSystem? = nil, ptau p: PowersOfTau? = nil,
                     intermediates: [ZkeyFile] = []) {
            do {
                _ = try Phase2.verify(key, circuit: circuit ?? cs, ptau: p ?? ptau, initial: Self.chain.initial, intermediates: intermediates)
                Issue.record("accepted: \(expected)")
            } catch let error as CeremonyError {
                #expect(error.message.contains(expected), "\(error.message)")
            } catch { Issue.record("\(error)") }
        }
        var bad = good
        bad.contributions[1].deltaAfter = G1Jacobian(bad.contributions[1].deltaAfter).doubled().toAffine()
        rejects(bad, "contribution #2")
        bad = good
        bad.key.verifyingKey.deltaG2 = G2Jacobian(bad.key.deltaG2).doubled().toAffine()
        rejects(bad, "[δ]₂")
        bad = good
        bad.key.lQueryG1[2] = G1Jacobian(bad.key.lQueryG1[2]).doubled().toAffine()
        rejects(bad, "C or H points")
        bad = good
        bad.key.hQueryG1[5] = bad.key.hQueryG1[4]
        rejects(bad, "C or H points")
        bad = good
        bad.contributions.swapAt(0, 1)
        rejects(bad, "contribution #1")
        bad = good
        bad.key.matrixEntries[0].value += .one
        rejects(bad, "section 4")
        var other = cs
        other.addConstraint(LinearCombination(Variable(index: 2)), LinearCombination(Variable(index: 2)), LinearCombination(Variable(index: 4)), label: "again")
        rejects(good, "another circuit", circuit: other)  // same counts: caught by the combinations
        // An intermediate key whose C was tampered names its contribution.
        var tampered = Self.chain.keys[1]
        tampered.key.lQueryG1[0] = tampered.key.lQueryG1[1]
        rejects(good, "contribution #2", intermediates: [Self.chain.keys[0], tampered])
        // The wrong accumulator: another ceremony of the same power, and one too small.
        var rng = SnarkjsChaCha(seed: [1, 1, 1, 1, 1, 1, 1, 1])
        let another = try PowersOfTau.new(power: 3).contributing(name: nil, beacon: nil, using: &rng).ptau.preparedForPhase2()
        rejects(good, "accumulator", ptau: another)
        let small = try PowersOfTau.new(power: 2).contributing(name: nil, beacon: nil, using: &rng).ptau.preparedForPhase2()
        #expect(throws: CeremonyError.self) { try Phase2.initialKey(cs, ptau: small) }
        #expect(throws: CeremonyError.self) { try Phase2.verify(good, circuit: cs, ptau: small) }
    }

    /// `groth16 setup --zkey`'s key: the circuit hash is the one a ceremony over an accumulator
    /// with the same τ, α, β computes, its δ is one recorded contribution that `verifyRecord`
    /// accepts (and a changed δ fails), and it proves.
    @Test func snarkjsSetupHasTheCircuitHashAndARecordedDelta() throws {
        let (cs, w) = Self.circuit()
        var rng = SeededGenerator(seed: 11), same = SeededGenerator(seed: 11)
        let file = try Groth16.snarkjsSetup(cs, using: &rng)
        let tau = Fr.random(using: &same), alpha = Fr.random(using: &same), beta = Fr.random(using: &same)
        let ptau = PowersOfTau.insecureForBenchmarks(power: 4, tau: tau, alpha: alpha, beta: beta, blocks: [3, 4])
        #expect(try Phase2.initialKey(cs, ptau: ptau).circuitHash == file.circuitHash)
        #expect(try Phase2.verifyRecord(file).contributions.map(\.name) == ["single-party setup"])
        var bad = file
        bad.key.deltaG1 = G1Jacobian(bad.key.deltaG1).doubled().toAffine()
        #expect(throws: CeremonyError.self) { try Phase2.verifyRecord(bad) }
        let proof = try Groth16.prove(file.key, cs: cs, witness: w)
        #expect(Groth16.verify(file.key.verifyingKey, publicInputs: [w[1]], proof: proof))
    }
}

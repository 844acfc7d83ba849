// Reusing fixed wires' MSM sums: with the same r, s a proof made with reuse is the proof made
// without it, point for point, and it verifies; sums made for other values, another key or
// public wires are refused.

import Testing
@testable import Prove

@Suite struct FixedWireSumsTests {
    @Test func reuseGivesTheSameProof() throws {
        var rng = SeededGenerator(seed: 41)
        let cs = multiPublicCircuit()
        let pk = try Groth16.setup(cs, using: &rng)
        let witness = multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 9)
        for wires in [6..<7, 7..<8, 6..<8] {
            let fixed = try Groth16.fixedWireSums(pk, witness: witness, wires: wires)
            var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7)
            var timer = PhaseTimer()
            let plain = try Groth16.prove(pk, cs: cs, witness: witness, using: &first, timer: &timer)
            let reused = try Groth16.prove(pk, cs: cs, witness: witness, reusing: fixed, using: &second, timer: &timer)
            #expect(reused == plain)
            #expect(Groth16.verify(pk.verifyingKey, publicInputs: Array(witness[1...5]), proof: reused))
        }
    }

    @Test func mismatchedSumsAreRefused() throws {
        var rng = SeededGenerator(seed: 42)
        let cs = multiPublicCircuit()
        let pk = try Groth16.setup(cs, using: &rng)
        let witness = multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 9)
        let fixed = try Groth16.fixedWireSums(pk, witness: witness, wires: 6..<8)
        var timer = PhaseTimer()
        // Another satisfying witness whose private wire p differs.
        let other = multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 10)
        #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(pk, cs: cs, witness: other, reusing: fixed, using: &rng, timer: &timer)
        }
        // The same witness under another key of the same circuit.
        let otherKey = try Groth16.setup(cs, using: &rng)
        let foreign = try Groth16.fixedWireSums(otherKey, witness: witness, wires: 6..<8)
        #expect(foreign.valuesDigest == fixed.valuesDigest)
        #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(pk, cs: cs, witness: witness, reusing: foreign, using: &rng, timer: &timer)
        }
        // Public wires, and wires past the end.
        #expect(throws: Groth16.ProveError.self) { try Groth16.fixedWireSums(pk, witness: witness, wires: 5..<7) }
        #expect(throws: Groth16.ProveError.self) { try Groth16.fixedWireSums(pk, witness: witness, wires: 6..<9) }
    }
}

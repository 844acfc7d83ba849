// A committed model's fixed wires (`Lowered.fixedWires`): exactly the private wires of the
// weight stages, holding the same values for every input (what makes reusing their MSM sums
// sound), absent with public weights; a proof that reuses their sums verifies.
import Prove
import Quantize
import Support
import Testing
@testable import Circuit

@Suite struct FixedWiresTests {
    @Test(arguments: InputVisibility.allCases)
    func weightWiresAreTheSameForEveryInput(input visibility: InputVisibility) throws {
        for model in TestModels.all(seed: 8) {
            let options = CircuitOptions(weights: .committed, input: visibility, output: .logitsAndLabel)
            let circuit = try ModelCircuit(model: model, options: options)
            let secrets = CircuitSecrets(weightBlinding: Fr(424_242), inputBlinding: Fr(77))
            let first = try circuit.witness(input: TestModels.input(for: model, seed: 1), secrets: secrets)
            let second = try circuit.witness(input: TestModels.input(for: model, seed: 2), secrets: secrets)
            let wires = try #require(first.fixedWires)
            #expect(second.fixedWires == wires)
            #expect(circuit.compile().fixedWires == wires)
            let weightStages = first.stages.filter { $0.name == "weights (range check)" || $0.name == "weight commitment" }
            #expect(weightStages.count == 2)
            #expect(wires.count == weightStages.map(\.privateWires).reduce(0, +))
            #expect(wires.lowerBound > first.builder.system.publicCount)
            let a = first.builder.witness, b = second.builder.witness
            #expect(a[wires] == b[wires])
            // The inputs differ, so some wire outside the range does (the comparison can fail).
            #expect(a[wires.upperBound...] != b[wires.upperBound...])
        }
    }

    @Test func publicWeightsHaveNoFixedWires() throws {
        let model = TestModels.mlp(seed: 8)
        let circuit = try ModelCircuit(model: model, options: CircuitOptions(weights: .public, input: .private, output: .logits))
        #expect(try circuit.witness(input: TestModels.input(for: model, seed: 1), secrets: CircuitSecrets()).fixedWires == nil)
    }

    @Test func proofReusingFixedWireSumsVerifies() throws {
        let model = TestModels.mlp(seed: 9)
        let circuit = try ModelCircuit(model: model, options: CircuitOptions(weights: .committed, input: .public, output: .logits))
        let secrets = CircuitSecrets(weightBlinding: Fr(31_337))
        let pk = try Groth16.setup(circuit.compile().builder.system)
        let first = try circuit.witness(input: TestModels.input(for: model, seed: 3), secrets: secrets)
        let fixed = try Groth16.fixedWireSums(pk, witness: first.builder.witness, wires: try #require(first.fixedWires))
        let second = try circuit.witness(input: TestModels.input(for: model, seed: 4), secrets: secrets)
        let system = second.builder.system, witness = second.builder.witness
        var rng = SystemRandomNumberGenerator()
        var timer = PhaseTimer()
        let proof = try Groth16.prove(pk, cs: system, witness: witness, reusing: fixed, using: &rng, timer: &timer)
        #expect(Groth16.verify(pk.verifyingKey, publicInputs: system.publicSignals(of: witness)!, proof: proof))
        // Another weight blinding changes the commitment's wires: the sums no longer apply.
        let reblinded = try circuit.witness(input: TestModels.input(for: model, seed: 4), secrets: CircuitSecrets(weightBlinding: Fr(1)))
        #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(pk, cs: reblinded.builder.system, witness: reblinded.builder.witness, reusing: fixed,
                              using: &rng, timer: &timer)
        }
    }
}

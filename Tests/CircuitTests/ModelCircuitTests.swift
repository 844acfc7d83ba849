// Model circuits: for every visibility, the witness satisfies the R1CS, the (public) logits
// equal `IntegerModel.evaluate` bit for bit, the proven label is its argmax, the analytic cost
// model equals the compiled system stage by stage, compile and witness modes build the same
// system, and every private wire is pinned: changing any one of them is rejected.
import BigInt
import Prove
import Quantize
import Testing
@testable import Circuit

@Suite struct ModelCircuitTests {
    static let allOptions: [CircuitOptions] = WeightVisibility.allCases.flatMap { w in
        InputVisibility.allCases.flatMap { i in OutputVisibility.allCases.map { CircuitOptions(weights: w, input: i, output: $0) } }
    }

    @Test(arguments: allOptions)
    func witnessMatchesIntegerInferenceAndCostModel(options: CircuitOptions) throws {
        for seed in UInt64(1)...3 { for model in TestModels.all(seed: seed) {
            let circuit = try ModelCircuit(model: model, options: options)
            let input = TestModels.input(for: model, seed: seed + 100)
            let secrets = CircuitSecrets(weightBlinding: Fr(Int(seed) * 7919), inputBlinding: Fr(Int(seed) * 104_729))
            let lowered = try circuit.witness(input: input, secrets: secrets)
            let system = lowered.builder.system, witness = lowered.builder.witness
            #expect(system.firstUnsatisfied(witness) == nil, "\(options) seed \(seed)")
            let expected = try model.evaluate(input, checkBounds: true)
            #expect(lowered.logits == expected.values)
            let publics = system.publicSignals(of: witness)!
            let logitCount = options.output.publishesLogits ? expected.values.count : 0
            #expect(publics.prefix(logitCount).map(\.signedInteger) == Array(expected.values.prefix(logitCount)))
            if options.output.publishesLabel {
                #expect(lowered.label == expected.argmax)
                #expect(publics[logitCount] == Fr(expected.argmax))
            }
            // Cost model == compiled system, stage by stage; compile mode builds the same system.
            let cost = CostModel.cost(of: circuit.plan)
            #expect(cost.stages == lowered.stages)
            #expect(cost.constraints == system.constraints.count)
            #expect(cost.privateWires == system.privateCount && cost.publicWires == system.publicCount)
            // Matrix entries equal the built terms in every stage the model counts exactly; with
            // certified weights on a public input that is every stage but the argmax.
            let tally = CostModel.tally(of: circuit.plan)
            for (k, stage) in lowered.stages.enumerated() where tally.stageEntriesExact[k] && tally.stageEntries[k] != lowered.stageEntries[k] {
                Issue.record("\(options) \(stage.name): \(tally.stageEntries[k]) matrix entries predicted, \(lowered.stageEntries[k]) built")
            }
            if options.weights == .certified, options.input == .public {
                #expect(zip(lowered.stages, tally.stageEntriesExact).allSatisfy { $1 || $0.name == "label (argmax)" })
            }
            let compiled = circuit.compile().builder.system
            #expect(compiled.constraints.count == system.constraints.count && compiled.variableCount == system.variableCount)
            #expect(zip(compiled.constraints, system.constraints).allSatisfy { $0.a == $1.a && $0.b == $1.b && $0.c == $1.c })
        } }
    }

    @Test(arguments: allOptions)
    func everyWireIsPinned(options: CircuitOptions) throws { for model in TestModels.all(seed: 5) {
        let circuit = try ModelCircuit(model: model, options: options)
        let lowered = try circuit.witness(input: TestModels.input(for: model, seed: 9),
                                          secrets: CircuitSecrets(weightBlinding: 11, inputBlinding: 13))
        let system = lowered.builder.system, witness = lowered.builder.witness
        // Every wire except the constant: public outputs, commitments, pixels and private wires.
        // A public pixel is an input the verifier chooses: changing it changes the statement,
        // and the logits must then no longer match. Certified wires (weights and the blinding)
        // are pinned by the key commitment instead (a weight times a zero pixel, or the
        // blinding, is in no constraint that could fail): CertifiedWeightsTests. So are the
        // pixels when an input layer reads them: the verifier adds Σ x_j·E_j, no constraint.
        var accepted = [Int]()
        let pixels = circuit.plan.inputLayer == nil ? 0..<0 : (system.publicCount - lowered.certifiedWires!.count - circuit.plan.inputCount + 1)..<(lowered.certifiedWires!.lowerBound)
        for index in 1..<witness.count where !(lowered.certifiedWires ?? 0..<0).contains(index) && !pixels.contains(index) {
            var mutated = witness
            mutated[index] += .one
            if system.firstUnsatisfied(mutated) == nil { accepted.append(index) }
        }
        #expect(accepted.isEmpty, "\(options): mutated wires accepted: \(accepted.prefix(10)) of \(witness.count)")
    } }

    @Test func refusesModelsWhoseBoundsDoNotFitTheField() {
        let wide = IntegerModel(inputShape: [1, 1, 2], layers: [
            .dense(IntegerDense(inCount: 2, outCount: 2, weight: [127, 127, 127, 127], bias: [0, 0])),
            .polynomial(IntegerPolynomial(coefficients: [[0, 0, BigInt(1) << 100]])),
            .polynomial(IntegerPolynomial(coefficients: [[0, 0, BigInt(1) << 100]])),
        ])
        #expect(throws: CircuitError.self) { try ModelCircuit(model: wide, options: CircuitOptions()) }
    }

    /// With committed weights the circuit range-checks each weight to the layer's stored width,
    /// so two models of one architecture and width compile to the same system whatever values
    /// their weights take (a verifier can rebuild it without them).
    @Test func committedWidthsComeFromTheStoredWidthNotTheValues() throws {
        let options = CircuitOptions(weights: .committed)
        func model(_ magnitude: Int64) -> IntegerModel {
            IntegerModel(inputShape: [4], layers: [
                .dense(IntegerDense(inCount: 4, outCount: 2, weight: (0..<8).map { Int64($0 % 2 == 0 ? magnitude : -magnitude) },
                                    bias: [0, 0], weightBits: 8)),
            ])
        }
        let small = try CircuitPlan(model: model(3), options: options), full = try CircuitPlan(model: model(127), options: options)
        #expect(small.layers[0].weightBits == 8)
        #expect(small.weightStreamBits == full.weightStreamBits)
        let a = try ModelCircuit(model: model(3), options: options).compile(), b = try ModelCircuit(model: model(127), options: options).compile()
        #expect(a.stages == b.stages && a.builder.constraintCount == b.builder.constraintCount)
    }

    /// Weights as wide as Int64 allows (the widest a stored width of 64 bits admits) plan,
    /// lower and satisfy under every visibility, with logits equal to exact inference; the
    /// committed worst case −2^63 used to trap when negated.
    @Test(arguments: [Int64.min, Int64.max, -(Int64(1) << 62), Int64(1) << 62])
    func plansWeightsAsWideAsInt64(weight: Int64) throws {
        let model = IntegerModel(inputShape: [2], layers: [
            .dense(IntegerDense(inCount: 2, outCount: 2, weight: [weight, 1, -1, weight], bias: [5, -5])),
        ])
        let expected = try model.evaluate([3, 200], checkBounds: true).values
        for weights in WeightVisibility.allCases {
            let lowered = try ModelCircuit(model: model, options: CircuitOptions(weights: weights))
                .witness(input: [3, 200], secrets: CircuitSecrets(weightBlinding: 11))
            #expect(lowered.builder.system.firstUnsatisfied(lowered.builder.witness) == nil, "\(weights)")
            #expect(lowered.logits == expected, "\(weights)")
        }
    }

    @Test func rejectsInputsOutsideTheRange() throws {
        let model = TestModels.everyLayer(seed: 1)
        let circuit = try ModelCircuit(model: model, options: CircuitOptions())
        var input = TestModels.input(for: model, seed: 1)
        input[3] = 256
        #expect(throws: CircuitError.self) { try circuit.witness(input: input, secrets: CircuitSecrets()) }
        #expect(throws: CircuitError.self) { try circuit.witness(input: Array(input.prefix(3)), secrets: CircuitSecrets()) }
    }

    /// Private weights are bounded by their widths: a chain whose trained weights (1) fit the
    /// field but whose 64-bit width does not is refused with a hint, and compiles under every
    /// private visibility once `auto-private` placed its rescales.
    @Test func privateWeightsNeedRescalesForTheirWidths() throws {
        func chain(_ shifts: [Int: Int]) -> IntegerModel {
            var layers = [IntegerLayer]()
            for n in 0..<5 {
                layers.append(n % 2 == 0 ? .dense(IntegerDense(inCount: 1, outCount: 1, weight: [1], bias: [0], weightBits: 64))
                                         : .polynomial(IntegerPolynomial(coefficients: [[0, 0, 1]])))
                if let k = shifts[n] { layers.append(.rescale(bits: k)) }
            }
            return IntegerModel(inputShape: [1], layers: layers)
        }
        let trained = try RescalePolicy.auto().place(linearSteps: [0, 2, 4], build: chain)
        #expect(trained == chain([:]))
        _ = try ModelCircuit(model: trained, options: CircuitOptions())
        let error = #expect(throws: CircuitError.self) { try ModelCircuit(model: trained, options: CircuitOptions(weights: .certified)) }
        #expect(error.map { "\($0)".contains("--rescale auto-private") } == true)
        let placed = try RescalePolicy.autoPrivate().place(linearSteps: [0, 2, 4], build: chain)
        for weights in [WeightVisibility.committed, .certified] {
            let lowered = try ModelCircuit(model: placed, options: CircuitOptions(weights: weights))
                .witness(input: [200], secrets: CircuitSecrets(weightBlinding: 3))
            #expect(lowered.builder.system.firstUnsatisfied(lowered.builder.witness) == nil, "\(weights)")
            #expect(lowered.logits == (try placed.evaluate([200], checkBounds: true).values), "\(weights)")
        }
    }
}

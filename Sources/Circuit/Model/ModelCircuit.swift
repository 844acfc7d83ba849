// `ModelCircuit`: lowers an `IntegerModel` to R1CS following its `CircuitPlan`, in one pass
// that either only builds constraints (compile) or also computes the witness (prove). Inputs,
// commitments and outputs are lowered here; each layer by its kind (Layers/), which computes
// the witness values exactly as `IntegerModel.evaluate` defines them; tests check both agree
// bit for bit.
//
// Wire layout (iden3): 1 | public outputs: [logits], [label] | public inputs: [weight
// commitment], [input commitment], [pixels if the input is public], [certified weights:
// every weight and bias, then the blinding — Groth16 public inputs that are never
// published, replaced by the model's key commitment] | private wires.
import BigInt
import Prove
import Quantize

/// Secret values a proof needs besides the input: the commitments' blinding values.
public struct CircuitSecrets: Sendable {
    /// Blinding of the weight commitment (committed or certified weights), fixed per published model.
    public var weightBlinding: Fr
    /// Blinding of the input commitment (committed input), chosen per input.
    public var inputBlinding: Fr
    /// Certified weights with an input layer: ρ_j, the blindings of its evaluation points E_j
    /// (one per input value), fixed per published model.
    public var evaluationBlindings: [Fr]

    public init(weightBlinding: Fr = .zero, inputBlinding: Fr = .zero, evaluationBlindings: [Fr] = []) {
        self.weightBlinding = weightBlinding
        self.inputBlinding = inputBlinding
        self.evaluationBlindings = evaluationBlindings
    }
}

/// Constraints and wires one stage of the lowering added.
public struct StageCost: Codable, Equatable, Sendable {
    /// "input", "weight commitment", a layer name, "outputs", …
    public var name: String
    public var constraints: Int
    public var privateWires: Int
    public var publicWires: Int
}

/// A model circuit: the plan and the model it lowers.
public struct ModelCircuit: Sendable {
    public let model: IntegerModel
    public let plan: CircuitPlan
    /// Public weights as field elements, per layer (empty where not needed), converted once.
    let weightElements: [[Fr]]

    /// Plans `model` under `options` (throws if it cannot be compiled soundly).
    public init(model: IntegerModel, options: CircuitOptions) throws {
        self.model = model
        plan = try CircuitPlan(model: model, options: options)
        weightElements = plan.layers.map { p in
            options.weights == .public ? (p.kind.weighted?.weight ?? []).map { Fr(Int($0)) } : []
        }
    }

    /// What one lowering pass produced.
    public struct Lowered {
        public var builder: CircuitBuilder
        /// Per stage, in order (their sums are the system's totals).
        public var stages: [StageCost]
        /// Per stage, the terms of its constraints' combinations (`CircuitBuilder.termCount`).
        var stageEntries: [Int]
        /// The output integers (logits) and, if proven, the label.
        public var logits: [BigInt]
        public var label: Int?
        /// The commitments' values (witness mode), as published in public.json.
        public var weightCommitment: Fr?
        public var inputCommitment: Fr?
        /// With committed weights: the private wires of the weights' range checks and
        /// commitment, whose values are the same in every proof of the model (see
        /// `Groth16.FixedWireSums`); with certified weights the certified wires; `nil` otherwise.
        public var fixedWires: Range<Int>?
        /// With certified weights: the public-input wires holding the weights, biases and
        /// blinding (the tail of the public inputs), which public.json leaves out.
        public var certifiedWires: Range<Int>?

        /// The public signals a proof publishes (public.json): all public wires' values
        /// but the certified ones.
        public var publishedSignals: [Fr] {
            let all = builder.system.publicSignals(of: builder.witness) ?? []
            return Array(all.dropLast(certifiedWires?.count ?? 0))
        }
    }

    /// The constraint system alone (values of an all-`inputLower` input are computed and dropped).
    public func compile() -> Lowered {
        let input = [Int64](repeating: Int64(plan.inputLower), count: plan.inputCount)
        return lower(input: input, secrets: CircuitSecrets(), witness: false)
    }

    /// The constraint system and a satisfying witness for `input` (row-major over the input
    /// shape, each value in the model's input range).
    public func witness(input: [Int64], secrets: CircuitSecrets) throws -> Lowered {
        guard input.count == plan.inputCount else {
            throw CircuitError("input has \(input.count) values, the circuit expects \(plan.inputCount) (\(plan.inputShape))")
        }
        if let bad = input.firstIndex(where: { !model.inputRange.contains(Int($0)) }) {
            throw CircuitError("input[\(bad)] = \(input[bad]) is outside the model's input range \(model.inputRange)")
        }
        return lower(input: input, secrets: secrets, witness: true)
    }

    func lower(input: [Int64], secrets: CircuitSecrets, witness: Bool) -> Lowered {
        var b = CircuitBuilder(generatingWitness: witness)
        var stages = [StageCost]()
        var stageEntries = [Int]()
        var mark = (0, 0, 0, 0)
        func close(_ name: String, _ b: CircuitBuilder) {
            let now = (b.constraintCount, b.system.privateCount, b.system.publicCount, b.termCount)
            stages.append(StageCost(name: name, constraints: now.0 - mark.0, privateWires: now.1 - mark.1, publicWires: now.2 - mark.2))
            stageEntries.append(now.3 - mark.3)
            mark = now
        }
        let options = plan.options
        // Public wires first (their values are assigned when known).
        let logitWires = options.output.publishesLogits ? (0..<plan.outputCount).map { _ in b.addPublicOutput() } : []
        let labelWire = options.output.publishesLabel ? b.addPublicOutput() : nil
        let weightCommitmentWire = options.weights == .committed ? b.addPublicInput(.zero) : nil
        let inputCommitmentWire = options.input == .committed ? b.addPublicInput(.zero) : nil
        close("public outputs and commitments", b)
        var x = [Signal]()
        if options.input == .public {
            x = input.map { Signal(b.addPublicInput(Fr(Int($0))), value: BigInt($0)) }
            close("input (public)", b)
        }
        var committed = [CommittedParameters?](repeating: nil, count: plan.layers.count)
        var fixedWires: Range<Int>?, certifiedWires: Range<Int>?
        var evaluated = [Signal]()  // the input layer's outputs (certified wires)
        if options.weights == .certified {
            let first = b.system.variableCount
            if let e = plan.inputLayer, let layer = plan.layers[e].committedLayer {
                let values = b.generatesWitness ? layer.outputs(input, inputShape: plan.layers[e].inputShape, bound: plan.layers[e].bound)
                    : [BigInt](repeating: 0, count: plan.layers[e].outputCount)
                evaluated = values.map { Signal(LinearCombination(b.addPublicInput(Fr(signed: $0))), value: $0) }
                _ = b.addPublicInput(zip(secrets.evaluationBlindings, input).reduce(Fr.zero) { $0 + $1.0 * Fr(Int($1.1)) })
            }
            let firstParameter = b.system.variableCount
            for (i, p) in plan.layers.enumerated() where i != plan.inputLayer {
                guard let layer = p.committedLayer else { continue }
                committed[i] = b.addCertifiedParameters(of: layer)
            }
            _ = b.addPublicInput(secrets.weightBlinding)
            close("weights (certified)", b)
            certifiedWires = first..<b.system.variableCount
            fixedWires = firstParameter..<b.system.variableCount
        }
        if options.input != .public {
            var stream = [Variable]()
            x = input.enumerated().map { i, v in
                let bits = b.allocateBits(of: BigInt(v - Int64(plan.inputLower)), count: plan.inputBits, label: "input[\(i)]")
                stream += bits
                return Signal(CircuitBuilder.packed(bits, offset: BigInt(-plan.inputLower)), value: BigInt(v))
            }
            close("input (\(options.input.rawValue), range check)", b)
            if let wire = inputCommitmentWire {
                let c = b.commitment(to: stream, blinding: secrets.inputBlinding, label: "input commitment")
                b.constrain(c - LinearCombination(wire), LinearCombination(constant: .one), .zero, "input commitment.public")
                b.assign(wire, b.value(of: c))
                close("input commitment", b)
            }
        }
        if let wire = weightCommitmentWire {
            let firstWeightWire = b.system.variableCount
            var stream = [Variable]()
            for (i, p) in plan.layers.enumerated() {
                guard let layer = p.committedLayer else { continue }
                committed[i] = b.allocateParameters(of: layer, weightBits: p.weightBits, biasBits: p.biasBits,
                                                    label: "layer \(i) \(p.layer.kindName)", stream: &stream)
            }
            close("weights (range check)", b)
            let c = b.commitment(to: stream, blinding: secrets.weightBlinding, label: "weight commitment")
            b.constrain(c - LinearCombination(wire), LinearCombination(constant: .one), .zero, "weight commitment.public")
            b.assign(wire, b.value(of: c))
            close("weight commitment", b)
            fixedWires = firstWeightWire..<b.system.variableCount
        }
        for (i, p) in plan.layers.enumerated() {
            if i == plan.inputLayer {
                x = evaluated  // computed by the verifier on commitments
                close(p.name, b)
                continue
            }
            let weights = committed[i].map { LayerWeights.committed($0) } ?? .constants(weightElements[i])
            x = p.kind.lower(x, p, weights: weights, label: "layer \(i) \(p.layer.kindName)", in: &b)
            close(p.name, b)
        }
        if options.output.publishesLogits {
            for (wire, logit) in zip(logitWires, x) {
                b.constrain(logit.combination, LinearCombination(constant: .one), LinearCombination(wire), "output.logit")
                b.assign(wire, Fr(signed: logit.value))
            }
            close("logits (public)", b)
        }
        var label: Int?
        if let wire = labelWire {
            let proven = b.argmax(x, differenceBits: plan.labelBits, label: "label")
            b.constrain(proven.combination, LinearCombination(constant: .one), LinearCombination(wire), "output.label")
            b.assign(wire, Fr(signed: proven.value))
            label = Int(proven.value)
            close("label (argmax)", b)
        }
        return Lowered(builder: b, stages: stages, stageEntries: stageEntries, logits: x.map(\.value), label: witness ? label : nil,
                       weightCommitment: weightCommitmentWire.map { b.witness.isEmpty ? .zero : b.witness[$0.index] },
                       inputCommitment: inputCommitmentWire.map { b.witness.isEmpty ? .zero : b.witness[$0.index] },
                       fixedWires: fixedWires, certifiedWires: certifiedWires)
    }
}

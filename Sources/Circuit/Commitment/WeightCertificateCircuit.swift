// The certificate circuit of a model with certified weights: what the one-time weight
// certificate proves about the weights and biases the model's key commitment binds — that
// each lies within its layer's stored width, as the model circuit's soundness assumes (its
// bounds are computed for weights in [−2^(b−1), 2^(b−1)) and biases likewise; its packed
// products are exact only for them).
//
// Wire layout (iden3): 1 | public inputs: every weight and bias, in the order of
// ModelCircuit's certified wires, then this circuit's own blinding | private: the values'
// offset-binary bits. Per value v of width b: b booleanity constraints and one
// (Σ 2^i·bit_i − 2^(b−1) − v)·1 = 0. The blinding is in no constraint: the input-consistency
// rows of the Groth16 QAP give its commitment base a column of its own.
// Like the model circuit it is a function of the public description (widths, counts) only.
import BigInt
import Prove

/// The range-check circuit behind a certified model's weight certificate.
public struct WeightCertificateCircuit: Sendable {
    public let plan: CircuitPlan

    /// The certificate circuit of `circuit`'s model (certified weights only).
    public init(_ circuit: ModelCircuit) throws {
        guard circuit.plan.options.weights == .certified else {
            throw CircuitError("a weight certificate is made for certified weights (compile with --weights certified)")
        }
        plan = circuit.plan
    }

    /// The constraint system alone.
    public func compile() -> CircuitBuilder { lower(blinding: .zero, witness: false) }

    /// The constraint system and its witness for the model's values and `blinding`.
    public func witness(blinding: Fr) -> CircuitBuilder { lower(blinding: blinding, witness: true) }

    private func lower(blinding: Fr, witness: Bool) -> CircuitBuilder {
        var b = CircuitBuilder(generatingWitness: witness)
        var values = [(wire: Variable, value: BigInt, bits: Int, label: String)]()
        for (i, p) in plan.layers.enumerated() {
            guard let layer = p.committedLayer else { continue }
            for (j, w) in layer.weight.enumerated() {
                values.append((b.addPublicInput(Fr(Int(w))), BigInt(w), p.weightBits, "layer \(i) weight[\(j)]"))
            }
            for (j, v) in layer.bias.enumerated() {
                values.append((b.addPublicInput(Fr(signed: v)), v, p.biasBits, "layer \(i) bias[\(j)]"))
            }
        }
        _ = b.addPublicInput(blinding)
        for v in values {
            let offset = BigInt(1) << (v.bits - 1)
            let bits = b.allocateBits(of: v.value + offset, count: v.bits, label: v.label)
            b.constrain(CircuitBuilder.packed(bits, offset: offset) - LinearCombination(v.wire), LinearCombination(constant: .one), .zero,
                        "\(v.label).range")
        }
        return b
    }

    /// Constraints of the certificate circuit: per value its width plus one.
    public var constraintCount: Int {
        plan.layers.reduce(0) { total, p in
            total + (p.committedLayer.map { $0.weight.count * (p.weightBits + 1) + $0.bias.count * (p.biasBits + 1) } ?? 0)
        }
    }
}

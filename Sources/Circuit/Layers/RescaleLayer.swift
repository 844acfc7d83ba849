// Rescale in the circuit: the division gadget (Gadgets/Rescale.swift) on every element, its
// quotient range-checked to the width of the layer's proven bound: k + quotientBits + 1
// constraints per element.
import BigInt

/// `IntegerLayer.rescale` in the circuit: y = floor((x + 2^(bits−1)) / 2^bits).
struct RescaleLayer: CircuitLayer {
    let bits: Int

    /// The quotient's range-check width.
    func refine(_ plan: inout LayerPlan, context: PlanContext) {
        plan.quotientBits = BigInt.signedBits(bound: plan.bound)
    }

    func lower(_ x: [Signal], _ plan: LayerPlan, weights: LayerWeights, label: String, in b: inout CircuitBuilder) -> [Signal] {
        x.enumerated().map { i, v in b.rescale(v, by: bits, quotientBits: plan.quotientBits, label: "\(label)[\(i)]") }
    }

    func cost(_ p: LayerPlan, options: CircuitOptions, into tally: inout CostTally) {
        let count = p.outputCount, perElement = bits + p.quotientBits
        tally.stage(p.name, constraints: count * (perElement + 1), wires: [(count * bits, 1), (count * p.quotientBits, 1)],
                    entries: count * (3 * perElement + tally.terms + 1 + perElement + 2))  // bits; x + half − 2^k·y − ρ; 1
        (tally.terms, tally.termsHaveConstant) = (p.quotientBits + 1, true)  // bits and offset
    }
}

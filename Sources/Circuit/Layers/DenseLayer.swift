// Dense layer y[k] = bias[k] + Σ_j weight[j·outCount + k]·x[j] in the circuit. Public
// weights: linear combinations; committed weights: one product per weight, or — on the
// non-negative raw model input — packed products, several outputs per constraint
// (Gadgets/PackedDotProducts.swift), when at least two slots fit in a field element.
import BigInt
import Quantize

extension IntegerDense: WeightedLayer {
    func productCount(inputShape: [Int]) -> Int { weight.count }

    /// Committed weights on the raw input: the slot width and slots per field element.
    func refine(_ plan: inout LayerPlan, context: PlanContext) {
        guard context.options.weights.isPrivate, let input = context.rawInput, input.lowerBound >= 0 else { return }
        // Slot sums Σ_j x_j·(w_jk + 2^(b−1)) lie in [0, n·xmax·(2^b − 1)].
        let top = BigInt(inCount) * BigInt(input.upperBound) * ((BigInt(1) << plan.weightBits) - 1)
        let bits = max(1, top.magnitude.bitWidth), count = CircuitPlan.bitsPerElement / bits
        if count >= 2 { (plan.slotBits, plan.slots) = (bits, count) }
    }

    func lower(_ x: [Signal], _ plan: LayerPlan, weights: LayerWeights, label: String, in b: inout CircuitBuilder) -> [Signal] {
        if case .committed(let committed) = weights, plan.slots > 0 {
            return b.packedDotProducts(x, weights: committed.weights, biases: committed.biases, weightBits: plan.weightBits,
                                       outCount: outCount, slotBits: plan.slotBits, slots: plan.slots, label: label)
        }
        return linear(x, taps: taps(inputShape: plan.inputShape), plan, weights: weights, label: label, in: &b)
    }

    func taps(inputShape: [Int]) -> [[(input: Int, weight: Int)]] {
        (0..<outCount).map { k in (0..<inCount).map { j in (input: j, weight: j * outCount + k) } }
    }

    func cost(_ p: LayerPlan, options: CircuitOptions, into tally: inout CostTally) {
        guard options.weights.isPrivate, p.slots > 0 else { return linearCost(p, options: options, into: &tally) }
        let packed = CircuitBuilder.packedDotProductCost(inCount: inCount, outCount: outCount, slotBits: p.slotBits, slots: p.slots)
        let products = packed.wires - outCount * p.slotBits
        tally.stage(p.name, constraints: packed.constraints, wires: [(products, 254), (outCount * p.slotBits, 1)],
                    entries: products * ((options.weights == .certified ? 1 : 8) * p.slots + 3) + outCount * p.slotBits * 4, exact: false)
        tally.terms = p.slotBits + inCount + p.biasBits + 2
        tally.termsExact = false
    }
}

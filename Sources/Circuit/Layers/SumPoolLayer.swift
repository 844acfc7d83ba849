// Sum pooling in the circuit: each output is the sum of a window×window patch (no padding),
// a linear combination of its inputs' combinations — no constraint, no wire.
import Prove

/// `IntegerLayer.sumPool` in the circuit.
struct SumPoolLayer: CircuitLayer {
    let window: Int
    let stride: Int

    func lower(_ x: [Signal], _ plan: LayerPlan, weights: LayerWeights, label: String, in b: inout CircuitBuilder) -> [Signal] {
        let (h, w, ch) = (plan.inputShape[0], plan.inputShape[1], plan.inputShape[2])
        let (k, s) = (window, stride)
        let (oh, ow) = ((h - k) / s + 1, (w - k) / s + 1)
        var y = [Signal]()
        y.reserveCapacity(oh * ow * ch)
        for oy in 0..<oh { for ox in 0..<ow { for c in 0..<ch {
            var sum = Signal(LinearCombination(), value: 0)
            for dy in 0..<k { for dx in 0..<k {
                let v = x[((oy * s + dy) * w + ox * s + dx) * ch + c]
                sum.combination += v.combination
                sum.value += v.value
            } }
            sum.combination = sum.combination.normalized()
            y.append(sum)
        } } }
        return y
    }

    func cost(_ p: LayerPlan, options: CircuitOptions, into tally: inout CostTally) {
        tally.stage(p.name, constraints: 0, wires: [], entries: 0)
        // The window's combinations, their constants merged into one (`normalized()`).
        let constant = tally.termsHaveConstant ? 1 : 0
        tally.terms = window * window * (tally.terms - constant) + constant
    }
}

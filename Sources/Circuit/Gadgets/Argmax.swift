// Argmax as a proven class label. A one-hot selector s (boolean wires, Σ s_i = 1) picks
// m = Σ s_i·logit_i (one product each) and the label Σ i·s_i. Then for every i,
// d_i = m − logit_i − [i < label] is range-checked to [0, 2^bits): m is at least every logit
// and strictly above those with a smaller index, so the label is the first maximum — the
// same tie rule as `IntegerOutput.argmax`. With |logit| ≤ B < 2^250 and bits = bitwidth(2B),
// a negative d_i would be a field element ≥ r − 2B − 1 > 2^bits, so it cannot pass.
// Cost: n booleans + 1 sum + n products + n·(bits + 1) = n·(bits + 3) + 1 constraints.
import BigInt
import Prove

extension CircuitBuilder {
    /// The index of the first largest logit, proven; `differenceBits` = bitwidth(2·bound).
    public mutating func argmax(_ logits: [Signal], differenceBits bits: Int, label: String) -> Signal {
        var best = 0
        for i in logits.indices where logits[i].value > logits[best].value { best = i }
        let selectors = logits.indices.map { i -> Variable in
            let s = addPrivate(i == best ? Fr.one : Fr.zero)
            constrain(LinearCombination(s), LinearCombination(s) - LinearCombination(constant: .one), .zero, "\(label).select\(i)")
            return s
        }
        var sum = LinearCombination(constant: -Fr.one)
        for s in selectors { sum.add(s) }
        constrain(sum, LinearCombination(constant: .one), .zero, "\(label).one-hot")
        var maximum = LinearCombination()
        for (i, s) in selectors.enumerated() {
            let p = addPrivate(i == best ? Fr(signed: logits[i].value) : Fr.zero)
            constrain(LinearCombination(s), logits[i].combination, LinearCombination(p), "\(label).pick\(i)")
            maximum.add(p)
        }
        let top = logits[best].value
        for i in logits.indices {
            var difference = maximum - logits[i].combination
            for s in selectors[(i + 1)...] { difference.add(s, coefficient: -Fr.one) }  // − [i < label]
            let value = top - logits[i].value - (i < best ? 1 : 0)
            rangeCheck(Signal(difference.normalized(), value: value), bits: bits, label: "\(label).dominates\(i)")
        }
        var index = LinearCombination()
        for (i, s) in selectors.enumerated() where i > 0 { index.add(s, coefficient: Fr(i)) }
        return Signal(index, value: BigInt(best))
    }

    /// Constraints `argmax` adds for `count` logits.
    public static func argmaxConstraintCount(count: Int, differenceBits bits: Int) -> Int { count * (bits + 3) + 1 }
}

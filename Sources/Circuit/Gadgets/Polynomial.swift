// Polynomial activation y = Σ c_i·x^i in Horner form with d − 1 multiplications:
// u_{d−1} = x·(c_{d−1} + c_d·x), u_i = x·(c_i + u_{i+1}) for i = d−2 … 1, y = c_0 + u_1.
// Each u_i is one wire and one constraint; degree 1 is a free linear combination. Every
// Horner intermediate is bounded by Σ|c_i|·B^i, the bound `IntegerModel.analyze` proves.
// A scaled square c₂x² + c₀ (no linear term, the usual x² activation) uses u = x·x instead,
// also one constraint, with u ≤ B² also within the proven bound.
import BigInt
import Prove

extension CircuitBuilder {
    /// Σ coefficients[i]·x^i with coefficients.count − 2 constraints (none for degree ≤ 1).
    public mutating func polynomial(_ x: Signal, coefficients c: [BigInt], label: String) -> Signal {
        let d = c.count - 1
        guard d >= 2 else {
            let c1 = d == 1 ? c[1] : 0
            return Signal(Fr(signed: c1) * x.combination + LinearCombination(constant: Fr(signed: c[0])),
                          value: c[0] + c1 * x.value)
        }
        if d == 2, c[1] == 0 {
            // c₂·x² + c₀ (a scaled square): u = x·x needs no scaled copy of x's combination.
            let square = x.value * x.value
            let u = addPrivate(Fr(signed: square))
            constrain(x.combination, x.combination, LinearCombination(u), "\(label).square")
            return Signal(Fr(signed: c[2]) * LinearCombination(u) + LinearCombination(constant: Fr(signed: c[0])),
                          value: c[0] + c[2] * square)
        }
        // inner = c_{d−1} + c_d·x, then repeatedly u = x·inner, inner = c_{i} + u.
        var inner = Signal(Fr(signed: c[d]) * x.combination + LinearCombination(constant: Fr(signed: c[d - 1])),
                           value: c[d - 1] + c[d] * x.value)
        for i in stride(from: d - 2, through: 0, by: -1) {
            let product = x.value * inner.value
            let u = addPrivate(Fr(signed: product))
            constrain(x.combination, inner.combination, LinearCombination(u), "\(label).horner\(i + 1)")
            inner = Signal(LinearCombination(u) + LinearCombination(constant: Fr(signed: c[i])), value: c[i] + product)
        }
        return inner
    }
}

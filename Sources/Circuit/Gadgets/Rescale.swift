// Rescale y = floor((x + 2^(k−1)) / 2^k), proven by x + 2^(k−1) = y·2^k + ρ with the remainder
// ρ ∈ [0, 2^k) and the quotient y ∈ [−2^(m−1), 2^(m−1)) both defined by their bits, plus one
// linear constraint: k + m + 1 constraints per element. Both ranges are needed: with y
// unchecked, each of the 2^k remainders would give a (huge) field quotient.
// Uniqueness: all terms are < 2^250 in magnitude (CircuitPlan refuses larger bounds), so the
// field equation is an integer equation and Euclidean division has one solution.
import BigInt
import Prove

extension CircuitBuilder {
    /// floor((x + 2^(k−1)) / 2^k) for |x| ≤ the bound that gives `quotientBits` (see `CircuitPlan`).
    public mutating func rescale(_ x: Signal, by k: Int, quotientBits: Int, label: String) -> Signal {
        let half = BigInt(1) << (k - 1)
        let quotient = (x.value + half).floorShifted(by: k)
        let remainder = x.value + half - (quotient << k)
        let rho = Self.packed(allocateBits(of: remainder, count: k, label: "\(label).remainder"))
        let y = signedFromBits(quotient, bits: quotientBits, label: "\(label).quotient")
        let balance = x.combination + LinearCombination(constant: Fr(signed: half)) - Fr.powerOfTwo(k) * y.combination - rho
        constrain(balance, LinearCombination(constant: .one), .zero, "\(label).division")
        return y
    }
}

// Frobenius coefficients of the tower, computed at start-up from ξ = 9 + u alone:
// γ_k = ξ^((p^k − 1)/6) by the recurrence γ_k = conj(γ_{k−1})·γ_1 (since
// (p^k − 1)/6 = p·(p^{k−1} − 1)/6 + (p − 1)/6). The tests re-derive them with pow(p).

/// Frobenius coefficients for k = 0…11: `w[k] = ξ^((p^k−1)/6)`, `v[k] = w[k]²`, `v2[k] = w[k]⁴`.
public struct FrobeniusCoefficients: Sendable {
    /// ξ^((p^k − 1)/6): the factor of w under x ↦ x^(p^k).
    public let w: [Fq2]
    /// ξ^((p^k − 1)/3): the factor of v.
    public let v: [Fq2]
    /// ξ^(2(p^k − 1)/3): the factor of v².
    public let v2: [Fq2]

    /// The coefficients, computed once.
    public static let shared = FrobeniusCoefficients()

    init() {
        // (p − 1)/6 as limbs: p − 1 is divisible by 6 for BN254.
        let (pMinusOne, _) = limbsSub(Fq.modulus, (1, 0, 0, 0))
        let (exponent, _) = limbsDivide(pMinusOne, by: 6)
        let gamma1 = Fq2.xi.pow(limbsArray(exponent))
        var w = [Fq2.one]
        for k in 1..<12 { w.append(w[k - 1].conjugated() * gamma1) }
        self.w = w
        v = w.map { $0.squared() }
        v2 = w.map { $0.squared().squared() }
    }
}

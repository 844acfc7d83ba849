// Final exponentiation f ↦ f^((p¹² − 1)/r) for BN254: the easy part (p⁶ − 1)(p² + 1) with
// one inversion, then the hard part (p⁴ − p² + 1)/r exactly (not a multiple of it) with
// Scott, Benger, Charlemagne, Dominguez Perez, Kachisa's vector addition chain ("On the
// Final Exponentiation for Calculating Pairings on Ordinary Elliptic Curves", 2009).

/// The final exponentiation and exponentiation by x on the cyclotomic subgroup.
enum FinalExponentiation {
    static func apply(_ f: Fq12) -> Fq12 {
        guard let fInverse = f.inverse else { return .zero }  // f = 0 cannot come from a Miller loop
        // Easy part: f^(p⁶−1) = conj(f)/f, then ·^(p²+1). The result is unitary, so its
        // inverse is its conjugate from here on.
        var g = f.conjugated() * fInverse
        g = g.frobenius(2) * g
        return hardPart(g)
    }

    /// g^((p⁴ − p² + 1)/r) for unitary g, as y0·y1²·y2⁶·y3¹²·y4¹⁸·y5³⁰·y6³⁶ with
    /// λ = λ0 + λ1·p + λ2·p² + λ3·p³ (λ3 = 1, λ2 = 6x² + 1, λ1 = −36x³ − 18x² − 12x + 1,
    /// λ0 = −36x³ − 30x² − 18x − 2).
    static func hardPart(_ f: Fq12) -> Fq12 {
        let fx = powerX(f)
        let fx2 = powerX(fx)
        let fx3 = powerX(fx2)
        let y0 = f.frobenius(1) * f.frobenius(2) * f.frobenius(3)
        let y1 = f.conjugated()
        let y2 = fx2.frobenius(2)
        let y3 = fx.frobenius(1).conjugated()
        let y4 = (fx * fx2.frobenius(1)).conjugated()
        let y5 = fx2.conjugated()
        let y6 = (fx3 * fx3.frobenius(1)).conjugated()
        var t0 = y6.cyclotomicSquared() * y4 * y5
        var t1 = y3 * y5 * t0
        t0 = t0 * y2
        t1 = t1.cyclotomicSquared() * t0
        t1 = t1.cyclotomicSquared()
        t0 = t1 * y1
        t1 = t1 * y0
        t0 = t0.cyclotomicSquared()
        return t0 * t1
    }

    /// f^x for x = `bn254X` and unitary f, by square-and-multiply with cyclotomic squarings.
    static func powerX(_ f: Fq12) -> Fq12 {
        var result = f
        var bit = 63 - bn254X.leadingZeroBitCount - 1
        while bit >= 0 {
            result = result.cyclotomicSquared()
            if (bn254X >> UInt64(bit)) & 1 == 1 { result = result * f }
            bit -= 1
        }
        return result
    }
}

// The optimal ate pairing on BN254, e: G1 × G2 → μ_r ⊂ Fq12: a Miller loop over the NAF of
// 6x + 2 with two Frobenius-twisted extra additions, then the final exponentiation to the
// power (p¹² − 1)/r (the canonical exponent, as in py_ecc). Not constant-time.

/// The optimal ate pairing and products of pairings sharing one final exponentiation.
///
/// Inputs are not validated here: callers parsing untrusted points must check that G1
/// points are on the curve (`G1Affine(x:y:)`) and G2 points are in the subgroup
/// (`G2Affine.isInSubgroup`) first.
public enum Pairing {
    /// The product of the Miller loop values f_{6x+2,Q}(P)·(extra lines) over all pairs,
    /// before the final exponentiation. Pairs with a point at infinity contribute 1.
    public static func multiMillerLoop(_ pairs: [(G1Affine, G2Affine)]) -> Fq12 {
        multiMillerLoop(pairs.map { ($0.0, G2Prepared($0.1)) })
    }

    /// The Miller loop with precomputed G2 line coefficients.
    public static func multiMillerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
        let active = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        var f = Fq12.one
        var index = 0
        let digits = G2Prepared.loopDigits
        for (step, digit) in digits.dropLast().reversed().enumerated() {
            if step > 0 { f.square() }
            for (p, q) in active { f = evaluate(q.lines[index], at: p, into: f) }
            index += 1
            if digit != 0 {
                for (p, q) in active { f = evaluate(q.lines[index], at: p, into: f) }
                index += 1
            }
        }
        for (p, q) in active { f = evaluate(q.lines[index], at: p, into: f) }
        for (p, q) in active { f = evaluate(q.lines[index + 1], at: p, into: f) }
        return f
    }

    /// `f · line(P)`.
    @inline(__always)
    static func evaluate(_ line: LineCoefficients, at p: G1Affine, into f: Fq12) -> Fq12 {
        f.multiplied(byLine: line.a.scaled(by: p.y), line.b0.scaled(by: p.x), line.b1)
    }

    /// `f^((p¹² − 1)/r)`, via `FinalExponentiation`.
    public static func finalExponentiation(_ f: Fq12) -> Fq12 { FinalExponentiation.apply(f) }

    /// e(p, q), an element of the order-r subgroup of Fq12*.
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fq12 {
        finalExponentiation(multiMillerLoop([(p, q)]))
    }

    /// `true` if ∏ e(pᵢ, qᵢ) = 1 (one final exponentiation for all pairs): the Groth16
    /// verification equation and Ethereum's pairing-check precompile.
    public static func productIsOne(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
        finalExponentiation(multiMillerLoop(pairs)) == .one
    }
}

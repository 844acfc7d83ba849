// Fq12 = Fq6[w]/(w² − v): the pairing's target field (so w⁶ = ξ = 9 + u).
// Karatsuba multiplication, complex squaring, conjugation, sparse products by line values.
// Not constant-time.

/// An element c0 + c1·w of Fq12, with c0, c1 in Fq6 and w² = v.
public struct Fq12: Field {
    public var c0: Fq6
    public var c1: Fq6

    /// The element c0 + c1·w.
    public init(_ c0: Fq6, _ c1: Fq6) {
        self.c0 = c0
        self.c1 = c1
    }

    public static var zero: Fq12 { Fq12(.zero, .zero) }
    public static var one: Fq12 { Fq12(.one, .zero) }
    public var isZero: Bool { c0.isZero && c1.isZero }

    public static func + (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 + b.c0, a.c1 + b.c1) }
    public static func - (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 - b.c0, a.c1 - b.c1) }
    public static prefix func - (a: Fq12) -> Fq12 { Fq12(-a.c0, -a.c1) }

    /// Karatsuba: three Fq6 multiplications.
    public static func * (a: Fq12, b: Fq12) -> Fq12 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Fq12(v0 + v1.multipliedByV(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// Complex squaring: two Fq6 multiplications.
    public func squared() -> Fq12 {
        let product = c0 * c1
        let mixed = (c0 + c1) * (c0 + c1.multipliedByV())
        return Fq12(mixed - product - product.multipliedByV(), product.doubled())
    }

    public func doubled() -> Fq12 { Fq12(c0.doubled(), c1.doubled()) }

    /// (c0 − c1·w) / (c0² − v·c1²); `nil` for zero.
    public var inverse: Fq12? {
        guard let d = (c0.squared() - c1.squared().multipliedByV()).inverse else { return nil }
        return Fq12(c0 * d, -(c1 * d))
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Fq12 {
        Fq12(Fq6.random(using: &generator), Fq6.random(using: &generator))
    }

    /// c0 − c1·w, the p⁶-power Frobenius map; the inverse of a unitary element (for example
    /// any value after the easy part of the final exponentiation).
    public func conjugated() -> Fq12 { Fq12(c0, -c1) }

    /// The p^power Frobenius map: Frobenius on both Fq6 halves, then w scaled by ξ^((p^power − 1)/6).
    public func frobenius(_ power: Int) -> Fq12 {
        let k = ((power % 12) + 12) % 12
        return Fq12(c0.frobenius(k), c1.frobenius(k).scaled(by: FrobeniusCoefficients.shared.w[k]))
    }

    /// `self · (a + (b0 + b1·v)·w)` with a, b0, b1 in Fq2: the shape of a line evaluated at a
    /// G1 point on the D-type twist. Thirteen Fq2 multiplications instead of eighteen.
    public func multiplied(byLine a: Fq2, _ b0: Fq2, _ b1: Fq2) -> Fq12 {
        let low = c0.scaled(by: a)
        let high = c1.multiplied(by01: b0, b1)
        let mixed = (c0 + c1).multiplied(by01: a + b0, b1)
        return Fq12(high.multipliedByV() + low, mixed - low - high)
    }

    /// The six Fq2 coefficients of w⁰…w⁵ (w⁶ = ξ), the layout of the test vectors:
    /// [c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2], since v = w².
    public var wCoefficients: [Fq2] { [c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2] }

    /// The element Σ coefficients[i]·w^i; `nil` unless there are exactly six coefficients.
    public init?(wCoefficients g: [Fq2]) {
        guard g.count == 6 else { return nil }
        self.init(Fq6(g[0], g[2], g[4]), Fq6(g[1], g[3], g[5]))
    }

    public var description: String { "Fq12(\(c0), \(c1))" }
}

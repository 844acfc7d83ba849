// Fq6 = Fq2[v]/(v³ − ξ), ξ = 9 + u: the middle of the pairing tower.
// Karatsuba-style multiplication and CH-SQR2 squaring (Devegili, Ó hÉigeartaigh, Scott,
// Dahab, "Multiplication and Squaring on Pairing-Friendly Fields", 2006). Not constant-time.

/// An element c0 + c1·v + c2·v² of Fq6, with v³ = ξ = 9 + u.
public struct Fq6: Field {
    public var c0: Fq2
    public var c1: Fq2
    public var c2: Fq2

    /// The element c0 + c1·v + c2·v².
    public init(_ c0: Fq2, _ c1: Fq2, _ c2: Fq2) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }

    public static var zero: Fq6 { Fq6(.zero, .zero, .zero) }
    public static var one: Fq6 { Fq6(.one, .zero, .zero) }
    public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    public static func + (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    public static func - (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    public static prefix func - (a: Fq6) -> Fq6 { Fq6(-a.c0, -a.c1, -a.c2) }

    /// Six Fq2 multiplications (Karatsuba over three coefficients).
    public static func * (a: Fq6, b: Fq6) -> Fq6 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        let v2 = a.c2 * b.c2
        let c0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).multipliedByXi() + v0
        let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.multipliedByXi()
        let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
        return Fq6(c0, c1, c2)
    }

    /// CH-SQR2: two multiplications and three squarings in Fq2.
    public func squared() -> Fq6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fq6(s3.multipliedByXi() + s0, s4.multipliedByXi() + s1, s1 + s2 + s3 - s0 - s4)
    }

    public func doubled() -> Fq6 { Fq6(c0.doubled(), c1.doubled(), c2.doubled()) }

    /// Inversion through the adjugate: one Fq2 inversion.
    public var inverse: Fq6? {
        let t0 = c0.squared() - (c1 * c2).multipliedByXi()
        let t1 = c2.squared().multipliedByXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let determinant = c0 * t0 + (c2 * t1 + c1 * t2).multipliedByXi()
        guard let d = determinant.inverse else { return nil }
        return Fq6(t0 * d, t1 * d, t2 * d)
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Fq6 {
        Fq6(Fq2.random(using: &generator), Fq2.random(using: &generator), Fq2.random(using: &generator))
    }

    /// `self · v`: (ξ·c2, c0, c1).
    public func multipliedByV() -> Fq6 { Fq6(c2.multipliedByXi(), c0, c1) }

    /// `self · s` for s in Fq2.
    public func scaled(by s: Fq2) -> Fq6 { Fq6(c0 * s, c1 * s, c2 * s) }

    /// `self · (b0 + b1·v)`: five Fq2 multiplications (for sparse line products).
    public func multiplied(by01 b0: Fq2, _ b1: Fq2) -> Fq6 {
        let v0 = c0 * b0
        let v1 = c1 * b1
        let e0 = (c2 * b1).multipliedByXi() + v0
        let e1 = (c0 + c1) * (b0 + b1) - v0 - v1
        let e2 = c2 * b0 + v1
        return Fq6(e0, e1, e2)
    }

    /// The p^power Frobenius map: conjugate-or-not each coefficient, then scale v and v²
    /// by ξ^((p^power − 1)/3) and its square (`FrobeniusCoefficients`).
    public func frobenius(_ power: Int) -> Fq6 {
        let k = ((power % 12) + 12) % 12
        let table = FrobeniusCoefficients.shared
        return Fq6(c0.frobenius(k), c1.frobenius(k) * table.v[k], c2.frobenius(k) * table.v2[k])
    }

    public var description: String { "Fq6(\(c0), \(c1), \(c2))" }
}

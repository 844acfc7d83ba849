// Fq2 = Fq[u]/(u² + 1), the field of G2 coordinates and the bottom of the pairing tower.
// Karatsuba multiplication, complex squaring, inversion through the norm, square root for
// p ≡ 3 mod 4 via the norm. Not constant-time.

/// An element c0 + c1·u of Fq2, with u² = −1.
public struct Fq2: Field {
    /// The coefficient of 1.
    public var c0: Fq
    /// The coefficient of u.
    public var c1: Fq

    /// The element c0 + c1·u.
    public init(_ c0: Fq, _ c1: Fq) {
        self.c0 = c0
        self.c1 = c1
    }

    public static var zero: Fq2 { Fq2(.zero, .zero) }
    public static var one: Fq2 { Fq2(.one, .zero) }
    public var isZero: Bool { c0.isZero && c1.isZero }

    /// ξ = 9 + u, the non-residue defining Fq6 (v³ = ξ) and the sextic twist.
    public static let xi = Fq2(9, 1)

    @inline(__always) public static func + (a: Fq2, b: Fq2) -> Fq2 { Fq2(a.c0 + b.c0, a.c1 + b.c1) }
    @inline(__always) public static func - (a: Fq2, b: Fq2) -> Fq2 { Fq2(a.c0 - b.c0, a.c1 - b.c1) }
    @inline(__always) public static prefix func - (a: Fq2) -> Fq2 { Fq2(-a.c0, -a.c1) }

    /// Karatsuba: three Fq multiplications.
    public static func * (a: Fq2, b: Fq2) -> Fq2 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Fq2(v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// `Field.multiply` with Karatsuba across elements: the three Fq products of eight Fq2
    /// products (a0·b0, a1·b1, (a0 + a1)(b0 + b1)) gathered into rows of eight, each one
    /// `Fq.multiply` (a vector product where the build has it).
    public static func multiply(_ a: UnsafePointer<Fq2>, _ b: UnsafePointer<Fq2>, into out: UnsafeMutablePointer<Fq2>,
                                count: Int) {
        withUnsafeTemporaryAllocation(of: Fq.self, capacity: 6 * 8) { scratch in
            let x0 = scratch.baseAddress!, x1 = x0 + 8, xs = x0 + 16, y0 = x0 + 24, y1 = x0 + 32, ys = x0 + 40
            for group in stride(from: 0, to: count, by: 8) {
                let n = min(8, count - group)
                for k in 0..<n {
                    let p = a[group + k], q = b[group + k]
                    x0[k] = p.c0; x1[k] = p.c1; xs[k] = p.c0 + p.c1
                    y0[k] = q.c0; y1[k] = q.c1; ys[k] = q.c0 + q.c1
                }
                Fq.multiply(x0, y0, into: x0, count: n)  // v0
                Fq.multiply(x1, y1, into: x1, count: n)  // v1
                Fq.multiply(xs, ys, into: xs, count: n)  // (a0 + a1)(b0 + b1)
                for k in 0..<n { out[group + k] = Fq2(x0[k] - x1[k], xs[k] - x0[k] - x1[k]) }
            }
        }
    }

    /// Complex squaring: (c0 + c1)(c0 − c1) + 2·c0·c1·u, two Fq multiplications.
    public func squared() -> Fq2 {
        let product = c0 * c1
        return Fq2((c0 + c1) * (c0 - c1), product + product)
    }

    @inline(__always) public func doubled() -> Fq2 { Fq2(c0.doubled(), c1.doubled()) }

    /// (c0 − c1·u) / (c0² + c1²); `nil` for zero.
    public var inverse: Fq2? {
        guard let normInverse = (c0.squared() + c1.squared()).inverse else { return nil }
        return Fq2(c0 * normInverse, -(c1 * normInverse))
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Fq2 {
        Fq2(Fq.random(using: &generator), Fq.random(using: &generator))
    }

    /// The conjugate c0 − c1·u, which is also the p-power Frobenius map.
    public func conjugated() -> Fq2 { Fq2(c0, -c1) }

    /// The p^power Frobenius map: conjugation for odd powers, the identity for even ones.
    public func frobenius(_ power: Int) -> Fq2 { power & 1 == 1 ? conjugated() : self }

    /// `self · ξ` with ξ = 9 + u: (9c0 − c1) + (c0 + 9c1)·u, additions only.
    public func multipliedByXi() -> Fq2 {
        let nine0 = c0.doubled().doubled().doubled() + c0
        let nine1 = c1.doubled().doubled().doubled() + c1
        return Fq2(nine0 - c1, c0 + nine1)
    }

    /// `self · s` for s in the base field.
    public func scaled(by s: Fq) -> Fq2 { Fq2(c0 * s, c1 * s) }

    /// The norm c0² + c1², in Fq.
    public var norm: Fq { c0.squared() + c1.squared() }

    /// A square root, or `nil` if `self` is not a square in Fq2. Uses the norm: if
    /// x = x0 + x1·u squares to a, then x0² = (a0 ± √N(a))/2 and x1 = a1 / (2·x0).
    public func squareRoot() -> Fq2? {
        if c1.isZero {
            if let root = c0.squareRoot() { return Fq2(root, .zero) }
            if let root = (-c0).squareRoot() { return Fq2(.zero, root) }
            return nil
        }
        guard let alpha = norm.squareRoot(), let twoInverse = Fq(2).inverse else { return nil }
        var x0Squared = (c0 + alpha) * twoInverse
        if !x0Squared.isQuadraticResidue { x0Squared = (c0 - alpha) * twoInverse }
        guard let x0 = x0Squared.squareRoot(), let denominator = x0.doubled().inverse else { return nil }
        let root = Fq2(x0, c1 * denominator)
        return root.squared() == self ? root : nil
    }

    public var description: String { "Fq2(\(c0), \(c1))" }
}

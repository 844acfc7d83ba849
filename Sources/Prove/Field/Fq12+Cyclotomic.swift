// Squaring in the cyclotomic subgroup of Fq12 (elements with f^(p⁴ − p² + 1) = 1, e.g.
// anything after the easy part of the final exponentiation): Granger and Scott, "Faster
// Squaring in the Cyclotomic Subgroup of Sixth Degree Extensions", PKC 2010. Six Fq2
// multiplications instead of twelve. Wrong (silently) for elements outside that subgroup.

extension Fq12 {
    /// `self²` for `self` in the cyclotomic subgroup. Views Fq12 as Fq4³ with
    /// Fq4 = Fq2[y]/(y² − ξ) and pairs (c0.c0, c1.c1), (c1.c0, c0.c2), (c0.c1, c1.c2).
    public func cyclotomicSquared() -> Fq12 {
        let (t0, t1) = Self.fq4Square(c0.c0, c1.c1)
        let (t2, t3) = Self.fq4Square(c1.c0, c0.c2)
        let (t4, t5) = Self.fq4Square(c0.c1, c1.c2)
        // z0 = 3t0 − 2z0, z1 = 3t1 + 2z1 (pair A); z2 = 3ξt5 + 2z2, z3 = 3t4 − 2z3 (B);
        // z4 = 3t2 − 2z4, z5 = 3t3 + 2z5 (C), with z0..z5 = c0.c0, c1.c1, c1.c0, c0.c2, c0.c1, c1.c2.
        let xiT5 = t5.multipliedByXi()
        let z0 = (t0 - c0.c0).doubled() + t0
        let z1 = (t1 + c1.c1).doubled() + t1
        let z2 = (xiT5 + c1.c0).doubled() + xiT5
        let z3 = (t4 - c0.c2).doubled() + t4
        let z4 = (t2 - c0.c1).doubled() + t2
        let z5 = (t3 + c1.c2).doubled() + t3
        return Fq12(Fq6(z0, z4, z3), Fq6(z2, z1, z5))
    }

    /// (a + b·y)² in Fq4 = Fq2[y]/(y² − ξ): (a² + ξb², 2ab) with two Fq2 multiplications.
    @inline(__always)
    static func fq4Square(_ a: Fq2, _ b: Fq2) -> (Fq2, Fq2) {
        let product = a * b
        let low = (a + b) * (b.multipliedByXi() + a) - product - product.multipliedByXi()
        return (low, product.doubled())
    }
}

// Group law in Jacobian coordinates for a = 0, written once for G1 and G2: dbl-2009-l,
// add-2007-bl and madd-2007-bl from the Explicit-Formulas Database (Bernstein–Lange).
// Scalar multiplication by width-4 NAF (double-and-add twin as oracle). Not constant-time.

extension JacobianPoint {
    public static var zero: Self { Self(x: .one, y: .one, z: .zero) }
    public var isZero: Bool { z.isZero }

    /// The Jacobian form of an affine point.
    public init(_ point: Affine) {
        self = point.isInfinity ? .zero : Self(x: point.x, y: point.y, z: .one)
    }

    public static prefix func - (point: Self) -> Self { Self(x: point.x, y: -point.y, z: point.z) }
    public static func - (lhs: Self, rhs: Self) -> Self { lhs + (-rhs) }

    /// dbl-2009-l: 2M + 5S.
    public func doubled() -> Self {
        if isZero { return self }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let d = ((x + b).squared() - a - c).doubled()
        let e = a.doubled() + a
        let f = e.squared()
        let x3 = f - d.doubled()
        let y3 = e * (d - x3) - c.doubled().doubled().doubled()
        let z3 = (y * z).doubled()
        return Self(x: x3, y: y3, z: z3)
    }

    /// add-2007-bl: 11M + 5S; falls back to doubling for equal inputs.
    public static func + (p: Self, q: Self) -> Self {
        if p.isZero { return q }
        if q.isZero { return p }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        let u1 = p.x * z2z2
        let u2 = q.x * z1z1
        let s1 = p.y * q.z * z2z2
        let s2 = q.y * p.z * z1z1
        let h = u2 - u1
        let r = (s2 - s1).doubled()
        if h.isZero { return r.isZero ? p.doubled() : .zero }
        let i = h.doubled().squared()
        let j = h * i
        let v = u1 * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (s1 * j).doubled()
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h
        return Self(x: x3, y: y3, z: z3)
    }

    /// `self + q` for an affine q (madd-2007-bl: 7M + 4S).
    public func adding(_ q: Affine) -> Self {
        if q.isInfinity { return self }
        if isZero { return Self(q) }
        let z1z1 = z.squared()
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let r = (s2 - y).doubled()
        if h.isZero { return r.isZero ? doubled() : .zero }
        let hh = h.squared()
        let i = hh.doubled().doubled()
        let j = h * i
        let v = x * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (y * j).doubled()
        let z3 = (z + h).squared() - z1z1 - hh
        return Self(x: x3, y: y3, z: z3)
    }

    /// `[scalar]self` for the canonical value of `scalar`.
    public func multiplied(by scalar: Fr) -> Self { multiplied(byInteger: scalar.canonicalLimbs) }

    /// `[n]self` for a non-negative integer n given as little-endian 64-bit limbs (any
    /// length; for example the group order, or a cofactor). Width-4 NAF: one addition per
    /// four bits on average, from the table P, 3P, 5P, 7P.
    public func multiplied(byInteger limbs: [UInt64]) -> Self {
        multiplied(byWNAF: wNAF(limbs, width: 4))
    }

    /// `[n]self` for n given by its width-4 wNAF digits (`wNAF(_:width: 4)`), least significant
    /// first: for a fixed scalar used on many points, the digits are computed once.
    func multiplied(byWNAF digits: [Int8]) -> Self {
        guard !digits.isEmpty, !isZero else { return .zero }
        let twice = doubled()
        var table = [self]
        for _ in 1..<4 { table.append(table[table.count - 1] + twice) }
        var result = Self.zero
        for digit in digits.reversed() {
            result = result.doubled()
            if digit > 0 { result = result + table[Int(digit) >> 1] }
            if digit < 0 { result = result - table[Int(-digit) >> 1] }
        }
        return result
    }

    /// `[n]self` by plain left-to-right double-and-add: the oracle for `multiplied(byInteger:)`.
    public func multipliedNaive(byInteger limbs: [UInt64]) -> Self {
        var result = Self.zero
        for limb in limbs.reversed() {
            var bit = 63
            while bit >= 0 {
                result = result.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result + self }
                bit -= 1
            }
        }
        return result
    }

    /// `true` if Y² = X³ + b·Z⁶ (always true for the identity).
    public var isOnCurve: Bool {
        if isZero { return true }
        let z2 = z.squared()
        let z6 = z2.squared() * z2
        return y.squared() == x.squared() * x + Affine.b * z6
    }

    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³.
    public static func == (p: Self, q: Self) -> Bool {
        if p.isZero || q.isZero { return p.isZero && q.isZero }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        return p.x * z2z2 == q.x * z1z1 && p.y * z2z2 * q.z == q.y * z1z1 * p.z
    }

    /// Equality with an affine point.
    public static func == (p: Self, q: Affine) -> Bool { p == Self(q) }
    /// Equality with an affine point.
    public static func == (p: Affine, q: Self) -> Bool { Self(p) == q }

    /// The affine form (one field inversion).
    public func toAffine() -> Affine {
        guard let zInverse = z.inverse else { return .infinity }
        let zInverse2 = zInverse.squared()
        return Affine(uncheckedX: x * zInverse2, y: y * zInverse2 * zInverse)
    }

    /// Affine forms of many points with one field inversion (Montgomery's trick).
    public static func batchToAffine(_ points: [Self]) -> [Affine] {
        var zInverses = points.map(\.z)
        Base.batchInvert(&zInverses)
        return zip(points, zInverses).map { point, zInverse in
            if point.isZero { return .infinity }
            let zInverse2 = zInverse.squared()
            return Affine(uncheckedX: point.x * zInverse2, y: point.y * zInverse2 * zInverse)
        }
    }

    public var description: String { "\(toAffine())" }
}

/// The width-w non-adjacent form of a non-negative integer (little-endian limbs): odd digits
/// in (−2^(w−1), 2^(w−1)) or zero, least significant first, any nonzero digit followed by at
/// least w − 1 zeros. Empty for zero.
func wNAF(_ limbs: [UInt64], width w: Int) -> [Int8] {
    var k = limbs + [0]  // one spare limb: adding back a negative digit can carry out
    var digits = [Int8]()
    digits.reserveCapacity(64 * k.count)
    let window = UInt64(1) << UInt64(w), half = Int64(1) << Int64(w - 1)
    while k.contains(where: { $0 != 0 }) {
        var digit: Int64 = 0
        if k[0] & 1 == 1 {
            digit = Int64(k[0] & (window - 1))
            if digit >= half { digit -= Int64(window) }
            // k ← k − digit (digit odd, |digit| < 2^(w−1)).
            if digit > 0 {
                var borrow = UInt64(digit)
                for index in k.indices where borrow != 0 {
                    let (value, overflow) = k[index].subtractingReportingOverflow(borrow)
                    k[index] = value
                    borrow = overflow ? 1 : 0
                }
            } else {
                var carry = UInt64(-digit)
                for index in k.indices where carry != 0 {
                    let (value, overflow) = k[index].addingReportingOverflow(carry)
                    k[index] = value
                    carry = overflow ? 1 : 0
                }
            }
        }
        digits.append(Int8(digit))
        for index in k.indices {  // k ← k / 2
            k[index] = (k[index] >> 1) | (index + 1 < k.count ? k[index + 1] << 63 : 0)
        }
    }
    return digits
}

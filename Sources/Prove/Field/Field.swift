// Field protocols: `Field` (Fr, Fq, Fq2, Fq6, Fq12) and `PrimeField` (Fr, Fq).
// Generic algorithms that only need the ring operations live here (pow, batch inversion).
// Not constant-time: exponentiation branches on exponent bits.

/// An element of a finite field, as a fixed-size value type.
///
/// Generic code (curve formulas, the law tests) is written against this protocol; each
/// conforming type implements the hot operations itself.
public protocol Field: Hashable, Sendable, CustomStringConvertible {
    /// The additive identity.
    static var zero: Self { get }
    /// The multiplicative identity.
    static var one: Self { get }
    /// `true` if this is the additive identity.
    var isZero: Bool { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static prefix func - (value: Self) -> Self

    /// `self * self`.
    func squared() -> Self
    /// `self + self`.
    func doubled() -> Self
    /// The multiplicative inverse, or `nil` for zero.
    var inverse: Self? { get }

    /// A uniformly random element (rejection sampling on the canonical limbs).
    static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self

    /// out[i] = a[i]·b[i] for i < count; `out` may be `a` or `b` (element i is read before it
    /// is written) but must not otherwise overlap them. Fr and Fq batch the products eight at
    /// a time (`MontgomeryField.multiplyEight`); other fields multiply one by one.
    static func multiply(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>, count: Int)
}

extension Field {
    /// Replaces `self` with `self * self`.
    public mutating func square() { self = squared() }
    /// Replaces `self` with `self + self`.
    public mutating func double() { self = doubled() }
    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

    @inline(__always)
    public static func multiply(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>,
                                count: Int) {
        for i in 0..<count { out[i] = a[i] * b[i] }
    }

    /// `self^exponent`, the exponent given as little-endian 64-bit limbs (any length).
    /// Left-to-right square-and-multiply.
    public func pow(_ exponent: [UInt64]) -> Self {
        var result = Self.one
        for limb in exponent.reversed() {
            var bit = 63
            while bit >= 0 {
                result.square()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result * self }
                bit -= 1
            }
        }
        return result
    }

    /// `self^exponent`.
    public func pow(_ exponent: UInt64) -> Self { pow([exponent]) }

    /// Inverts every nonzero element of `values` with one inversion and 3(n−1)
    /// multiplications (Montgomery's trick). Zeros are left as zero.
    public static func batchInvert(_ values: inout [Self]) {
        var prefix = [Self]()
        prefix.reserveCapacity(values.count)
        var accumulator = Self.one
        for value in values {
            prefix.append(accumulator)
            if !value.isZero { accumulator = accumulator * value }
        }
        guard var inverse = accumulator.inverse else { return }
        for index in values.indices.reversed() where !values[index].isZero {
            let value = values[index]
            values[index] = inverse * prefix[index]
            inverse = inverse * value
        }
    }
}

/// A prime field Z/mZ with a canonical integer representative in [0, m).
public protocol PrimeField: Field, ExpressibleByIntegerLiteral where IntegerLiteralType == Int {
    /// The modulus m as little-endian 64-bit limbs.
    static var modulusLimbs: [UInt64] { get }
    /// The element `value mod m`.
    init(_ value: UInt64)
    /// The element `value mod m`; negative values map to `m − |value|`.
    init(_ value: Int)
    /// The element with canonical value `limbs` (little-endian, exactly four limbs),
    /// or `nil` if the value is not below the modulus.
    init?(canonicalLimbs limbs: [UInt64])
    /// The canonical value in [0, m) as four little-endian 64-bit limbs.
    var canonicalLimbs: [UInt64] { get }
    /// Parses a non-negative decimal integer; `nil` for malformed text or values ≥ m.
    init?(decimal text: String)
    /// Parses 32 little-endian bytes; `nil` for a wrong length or a value ≥ m.
    init?(littleEndianBytes bytes: [UInt8])
    /// The canonical value as 32 little-endian bytes.
    var littleEndianBytes: [UInt8] { get }
    /// A square root, or `nil` if `self` is not a square. Which of the two roots is
    /// returned is unspecified.
    func squareRoot() -> Self?
}

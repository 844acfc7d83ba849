// The integer types exact inference runs in: Int64 and Int128 (fast, fixed width) and
// BigInt (any width). Layers pick the narrowest one their proven bound allows; nothing here
// can wrap around, because the bound analysis rules it out before a width is chosen.
import BigInt

/// Signed integer arithmetic used by `IntegerModel` inference.
protocol ExactInteger: Equatable, Comparable, Sendable {
    static func + (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static var zero: Self { get }
    init(_ small: Int64)
    init(big: BigInt)
    var big: BigInt { get }
    /// floor((self + 2^(k−1)) / 2^k).
    func rescaled(by k: Int) -> Self
}

// Fixed widths convert from BigInt through `Lane.init(wrapping:)` (sign and magnitude: BigInt
// 6.0.1's two's-complement words are wrong for negative values beyond 64 bits); the proven
// bounds guarantee the value fits, so nothing actually wraps.
extension Int64: ExactInteger {
    init(big: BigInt) { self.init(wrapping: big) }
    var big: BigInt { BigInt(self) }
    /// Arithmetic right shift is floor division by 2^k for two's complement. Int64 holds values
    /// with |x| ≤ 2^61 only (see `IntegerWidth`), so for k ≥ 62 the result is 0.
    func rescaled(by k: Int) -> Int64 { k >= 62 ? 0 : (self + (1 << (k - 1))) >> k }
}

extension Int128: ExactInteger {
    init(big: BigInt) { self.init(wrapping: big) }
    var big: BigInt { BigInt(self) }
    /// As for Int64; Int128 holds |x| ≤ 2^125, so for k ≥ 126 the result is 0.
    func rescaled(by k: Int) -> Int128 { k >= 126 ? 0 : (self + (Int128(1) << (k - 1))) >> k }
}

extension BigInt: ExactInteger {
    init(big: BigInt) { self = big }
    var big: BigInt { self }
    func rescaled(by k: Int) -> BigInt { floorDivide(self + (BigInt(1) << (k - 1)), byPowerOfTwo: k) }
}

/// floor(x / 2^k) for any sign (BigInt's shift works on the magnitude).
func floorDivide(_ x: BigInt, byPowerOfTwo k: Int) -> BigInt {
    if x.sign == .plus { return x >> k }
    let m = x.magnitude
    let q = m >> k
    return -BigInt(q + ((q << k) == m ? 0 : 1))
}

/// The width a layer runs in: the narrowest whose range holds `bound` (with a bit of headroom
/// for the rescale's added half).
enum IntegerWidth: Comparable {
    case int64, int128, big

    init(bound: BigInt) {
        let bits = bound.magnitude.bitWidth
        self = bits <= 61 ? .int64 : bits <= 125 ? .int128 : .big
    }
}

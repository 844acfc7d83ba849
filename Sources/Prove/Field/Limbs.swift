// 256-bit unsigned integer helpers on four little-endian UInt64 limbs (a tuple, so no
// allocation), used by the Montgomery kernels and at start-up to derive constants.
// Not constant-time: comparisons and conditional subtractions branch.

/// Four little-endian 64-bit limbs of a 256-bit unsigned integer.
public typealias Limbs = (UInt64, UInt64, UInt64, UInt64)

// The carry primitives use UInt128 arithmetic, which LLVM turns into mulx/adc chains
// (pairing 1.05 ms vs 1.65 ms with the overflow-reporting spelling). UInt128 is slow
// unoptimised, so Package.swift compiles Prove with -O in debug builds too: the tests run
// exactly the code that ships.

/// `a + b·c + carry` as (low, high); cannot overflow 128 bits.
@inline(__always)
func multiplyAdd(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let wide = UInt128(b) &* UInt128(c) &+ UInt128(a) &+ UInt128(carry)
    return (UInt64(truncatingIfNeeded: wide), UInt64(truncatingIfNeeded: wide &>> 64))
}

/// `a + b + carry` as (sum, carry out), carry in {0, 1}.
@inline(__always)
func addCarry(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
    let wide = UInt128(a) &+ UInt128(b) &+ UInt128(carry)
    return (UInt64(truncatingIfNeeded: wide), UInt64(truncatingIfNeeded: wide &>> 64))
}

/// `a − b − borrow` as (difference, borrow out), borrow in {0, 1}.
@inline(__always)
func subBorrow(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
    let wide = UInt128(a) &- UInt128(b) &- UInt128(borrow)
    return (UInt64(truncatingIfNeeded: wide), UInt64(truncatingIfNeeded: wide &>> 127))
}


/// `a + b` and the carry out of the top limb.
@inline(__always)
func limbsAdd(_ a: Limbs, _ b: Limbs) -> (Limbs, UInt64) {
    let (r0, c0) = addCarry(a.0, b.0, 0)
    let (r1, c1) = addCarry(a.1, b.1, c0)
    let (r2, c2) = addCarry(a.2, b.2, c1)
    let (r3, c3) = addCarry(a.3, b.3, c2)
    return ((r0, r1, r2, r3), c3)
}

/// `a − b` and the borrow out of the top limb (1 if b > a).
@inline(__always)
func limbsSub(_ a: Limbs, _ b: Limbs) -> (Limbs, UInt64) {
    let (r0, b0) = subBorrow(a.0, b.0, 0)
    let (r1, b1) = subBorrow(a.1, b.1, b0)
    let (r2, b2) = subBorrow(a.2, b.2, b1)
    let (r3, b3) = subBorrow(a.3, b.3, b2)
    return ((r0, r1, r2, r3), b3)
}

/// `a == b`.
@inline(__always)
func limbsEqual(_ a: Limbs, _ b: Limbs) -> Bool {
    a.0 == b.0 && a.1 == b.1 && a.2 == b.2 && a.3 == b.3
}

/// `a < b`.
@inline(__always)
func limbsLess(_ a: Limbs, _ b: Limbs) -> Bool {
    limbsSub(a, b).1 == 1
}

/// `a · b` for a one-limb b: the low four limbs and the top limb (four products, one carry chain).
@inline(__always)
func limbsTimesWord(_ a: Limbs, _ b: UInt64) -> (Limbs, UInt64) {
    let p0 = a.0.multipliedFullWidth(by: b), p1 = a.1.multipliedFullWidth(by: b)
    let p2 = a.2.multipliedFullWidth(by: b), p3 = a.3.multipliedFullWidth(by: b)
    let (r1, c1) = addCarry(p1.low, p0.high, 0)
    let (r2, c2) = addCarry(p2.low, p1.high, c1)
    let (r3, c3) = addCarry(p3.low, p2.high, c2)
    return ((p0.low, r1, r2, r3), p3.high &+ c3)
}

/// `a · m + addend` where m is one limb; returns the result and the overflow limb.
func limbsMultiplyAdd(_ a: Limbs, _ m: UInt64, _ addend: UInt64) -> (Limbs, UInt64) {
    let (r0, c0) = multiplyAdd(addend, a.0, m, 0)
    let (r1, c1) = multiplyAdd(0, a.1, m, c0)
    let (r2, c2) = multiplyAdd(0, a.2, m, c1)
    let (r3, c3) = multiplyAdd(0, a.3, m, c2)
    return ((r0, r1, r2, r3), c3)
}

/// `(a / d, a mod d)` for a one-limb divisor d > 0.
func limbsDivide(_ a: Limbs, by d: UInt64) -> (Limbs, UInt64) {
    var remainder: UInt64 = 0
    var q = [UInt64](repeating: 0, count: 4)
    let limbs = [a.0, a.1, a.2, a.3]
    for index in (0..<4).reversed() {
        let (quotient, rest) = d.dividingFullWidth((remainder, limbs[index]))
        q[index] = quotient
        remainder = rest
    }
    return ((q[0], q[1], q[2], q[3]), remainder)
}

/// `a >> 1`.
func limbsShiftRight1(_ a: Limbs) -> Limbs {
    (a.0 >> 1 | a.1 << 63, a.1 >> 1 | a.2 << 63, a.2 >> 1 | a.3 << 63, a.3 >> 1)
}

/// The limbs as an array (for exponents and public conversions).
func limbsArray(_ a: Limbs) -> [UInt64] { [a.0, a.1, a.2, a.3] }

/// `true` if every limb is zero.
@inline(__always)
func limbsIsZero(_ a: Limbs) -> Bool { (a.0 | a.1 | a.2 | a.3) == 0 }

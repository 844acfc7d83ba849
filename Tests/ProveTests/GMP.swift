// A thin GMP wrapper, the Prove tests' independent big-integer oracle (Montgomery vs BigInt,
// constant re-derivation), and the decimal moduli from the specification. Seeded samples
// come from Support's `SeededGenerator`.
import CGMP
import Foundation
import Prove

/// An arbitrary-precision integer backed by GMP's mpz_t (`__mpz_struct` in Swift).
final class BigInt: CustomStringConvertible {
    /// Heap storage, so that in-place GMP calls (same operand twice) need no `inout` aliasing.
    let value: UnsafeMutablePointer<__mpz_struct>

    init() {
        value = .allocate(capacity: 1)
        __gmpz_init(value)
    }
    convenience init(_ decimal: String) {
        self.init()
        precondition(__gmpz_set_str(value, decimal, 10) == 0, "bad decimal \(decimal)")
    }
    convenience init(_ small: UInt) {
        self.init()
        __gmpz_set_ui(value, small)
    }
    /// From little-endian 64-bit limbs.
    convenience init(limbs: [UInt64]) {
        self.init()
        for limb in limbs.reversed() {
            __gmpz_mul_2exp(value, value, 64)
            __gmpz_add_ui(value, value, UInt(limb))
        }
    }
    deinit {
        __gmpz_clear(value)
        value.deallocate()
    }

    var description: String {
        guard let pointer = __gmpz_get_str(nil, 10, value) else { return "?" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Little-endian 64-bit limbs (at least `count`).
    func limbs(count: Int) -> [UInt64] {
        var result = [UInt64]()
        let copy = BigInt()
        __gmpz_set(copy.value, value)
        for _ in 0..<count {
            result.append(UInt64(__gmpz_getlimbn(copy.value, 0)))
            __gmpz_fdiv_q_2exp(copy.value, copy.value, 64)
        }
        return result
    }

    static func * (a: BigInt, b: BigInt) -> BigInt { let r = BigInt(); __gmpz_mul(r.value, a.value, b.value); return r }
    static func + (a: BigInt, b: BigInt) -> BigInt { let r = BigInt(); __gmpz_add(r.value, a.value, b.value); return r }
    static func - (a: BigInt, b: BigInt) -> BigInt { let r = BigInt(); __gmpz_sub(r.value, a.value, b.value); return r }
    /// Floor division.
    static func / (a: BigInt, b: BigInt) -> BigInt { let r = BigInt(); __gmpz_fdiv_q(r.value, a.value, b.value); return r }
    /// Non-negative remainder.
    static func % (a: BigInt, b: BigInt) -> BigInt { let r = BigInt(); __gmpz_mod(r.value, a.value, b.value); return r }
    func power(_ exponent: UInt) -> BigInt { let r = BigInt(); __gmpz_pow_ui(r.value, value, exponent); return r }
    func powerMod(_ exponent: BigInt, _ modulus: BigInt) -> BigInt {
        let r = BigInt(); __gmpz_powm(r.value, value, exponent.value, modulus.value); return r
    }
    func inverseMod(_ modulus: BigInt) -> BigInt? {
        let r = BigInt()
        return __gmpz_invert(r.value, value, modulus.value) == 0 ? nil : r
    }
    static func == (a: BigInt, b: BigInt) -> Bool { __gmpz_cmp(a.value, b.value) == 0 }
}

extension PrimeField {
    /// The canonical value as a GMP integer.
    var big: BigInt { BigInt(limbs: canonicalLimbs) }
    /// The modulus as a GMP integer.
    static var modulusBig: BigInt { BigInt(limbs: modulusLimbs) }
}

/// The decimal moduli from the specification, independent of the limb literals.
enum BN254 {
    static let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617"
    static let p = "21888242871839275222246405745257275088696311157297823662689037894645226208583"
}

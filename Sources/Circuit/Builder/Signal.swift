// `Signal`: what the lowering passes between layers — a linear combination of wires together
// with the exact integer it equals in witness mode — and the signed-integer ↔ Fr mapping.
// Integers are embedded as x mod r; the bound analysis keeps every |x| < (r − 1)/2, so the
// embedding is injective on every value the circuit can hold (see CircuitPlan).
import BigInt
import Prove

/// A value in the circuit: `combination` over the wires, equal to the integer `value`
/// (in compile mode the values are those of an all-zero input and are never used).
public struct Signal {
    /// The wires and coefficients whose sum is this value.
    public var combination: LinearCombination
    /// The integer this value is in the witness.
    public var value: BigInt

    public init(_ combination: LinearCombination, value: BigInt) {
        self.combination = combination
        self.value = value
    }

    /// A single wire holding `value`.
    public init(_ variable: Variable, value: BigInt) {
        self.init(LinearCombination(variable), value: value)
    }

    /// The constant `value` (no wires).
    public init(constant value: BigInt) {
        self.init(LinearCombination(constant: Fr(signed: value)), value: value)
    }
}

extension Fr {
    /// The field element x mod r of a signed integer; |x| must be below r (traps otherwise,
    /// which the bound analysis rules out before any value is embedded).
    public init(signed x: BigInt) {
        if let small = Int(exactly: x) {
            self.init(small)
            return
        }
        // Magnitude words: BigInt 6.0.1's two's-complement words are wrong for negative
        // values beyond 64 bits, so sign and magnitude are handled separately.
        var limbs = x.magnitude.words.map { UInt64($0) }
        precondition(limbs.count <= 4, "Fr(signed:): \(x) does not fit the field")
        limbs += [UInt64](repeating: 0, count: 4 - limbs.count)
        guard let magnitude = Fr(canonicalLimbs: limbs) else { preconditionFailure("Fr(signed:): |\(x)| ≥ r") }
        self = x.sign == .minus ? -magnitude : magnitude
    }

    /// The signed integer this element represents: x if x ≤ (r − 1)/2, else x − r.
    public var signedInteger: BigInt {
        let magnitude = BigUInt(words: canonicalLimbs.map { UInt($0) })
        let modulus = BigUInt(words: Fr.modulusLimbs.map { UInt($0) })
        return magnitude > modulus / 2 ? -BigInt(modulus - magnitude) : BigInt(magnitude)
    }
}

extension BigInt {
    /// floor(self / 2^k) (BigInt's `>>` truncates towards zero for negative values).
    func floorShifted(by k: Int) -> BigInt {
        if sign == .plus { return self >> k }
        return -BigInt((magnitude + (BigUInt(1) << k) - 1) >> k)
    }

    /// Bits needed for the two's-complement form of every integer in [−bound, bound].
    static func signedBits(bound: BigInt) -> Int { bound.magnitude.bitWidth + 1 }
}

// `MontgomeryField`: the shared implementation of Fr and Fq. A conforming type stores four
// UInt64 limbs in Montgomery form and supplies its modulus; everything else (ring ops,
// conversions, Fermat inversion, Tonelli–Shanks square root) is written once here and
// specialized per type by the optimizer. Not constant-time.

/// A prime field stored in Montgomery form (a·2^256 mod m) on four 64-bit limbs.
/// Conforming types supply the modulus and storage; the operations come from this protocol.
public protocol MontgomeryField: PrimeField {
    /// The modulus as limbs.
    static var modulus: Limbs { get }
    /// −m⁻¹ mod 2^64 (equal to `montgomery.inverseNegated`, tested), a literal in each field:
    /// a start-up constant would cost a lazy-initialization check per product.
    static var montgomeryInverse: UInt64 { get }
    /// Derived constants.
    static var montgomery: MontgomeryConstants { get }
    /// A quadratic non-residue, for Tonelli–Shanks.
    static var quadraticNonResidue: Self { get }
    /// The raw Montgomery-form limbs. Implementation detail; prefer `canonicalLimbs`.
    var montgomeryLimbs: Limbs { get }
    /// Wraps raw Montgomery-form limbs, which must be below the modulus.
    init(montgomeryLimbs: Limbs)
    /// The Montgomery product a·b·2^-256 mod m of reduced Montgomery-form limbs: the
    /// multiplication kernel, the portable CIOS of Field/Montgomery.swift or a field's MULX/ADX
    /// one (Field/MontgomeryKernels.swift). Implementation detail; use `*`.
    static func montgomeryMultiplyLimbs(_ a: Limbs, _ b: Limbs) -> Limbs
    /// out[k] = a[k]·b[k] for k < 8; `out` may be `a` or `b`. The AVX-512 IFMA kernel where
    /// the build has it, else eight single products. Prefer `multiply(_:_:into:count:)`.
    static func multiplyEight(_ out: UnsafeMutablePointer<Self>, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>)
}

extension MontgomeryField {
    public static var zero: Self { Self(montgomeryLimbs: (0, 0, 0, 0)) }
    public static var one: Self { Self(montgomeryLimbs: montgomery.r) }
    public var isZero: Bool { limbsIsZero(montgomeryLimbs) }
    public static var modulusLimbs: [UInt64] { limbsArray(modulus) }

    @inline(__always) public static func + (lhs: Self, rhs: Self) -> Self { montgomerySum(lhs, rhs) }
    @inline(__always) public static func - (lhs: Self, rhs: Self) -> Self { montgomeryDifference(lhs, rhs) }
    @inline(__always) public static prefix func - (value: Self) -> Self { montgomeryNegation(value) }
    @inline(__always) public static func * (lhs: Self, rhs: Self) -> Self { montgomeryProduct(lhs, rhs) }
    @inline(__always) public func squared() -> Self { Self.montgomeryProduct(self, self) }
    @inline(__always) public func doubled() -> Self { Self.montgomerySum(self, self) }

    // The kernels behind the operators, named so that Fr and Fq can also expose them as
    // concrete (non-generic) operators for other modules. Always inlined: the optimizer left
    // the product as an out-of-line call (operands in registers and on the stack) in the
    // MSM bucket loop.
    @inline(__always)
    static func montgomerySum(_ lhs: Self, _ rhs: Self) -> Self {
        Self(montgomeryLimbs: modularAdd(lhs.montgomeryLimbs, rhs.montgomeryLimbs, modulus))
    }
    @inline(__always)
    static func montgomeryDifference(_ lhs: Self, _ rhs: Self) -> Self {
        Self(montgomeryLimbs: modularSub(lhs.montgomeryLimbs, rhs.montgomeryLimbs, modulus))
    }
    @inline(__always)
    static func montgomeryNegation(_ value: Self) -> Self {
        Self(montgomeryLimbs: modularNeg(value.montgomeryLimbs, modulus))
    }
    @inline(__always)
    static func montgomeryProduct(_ lhs: Self, _ rhs: Self) -> Self {
        Self(montgomeryLimbs: montgomeryMultiplyLimbs(lhs.montgomeryLimbs, rhs.montgomeryLimbs))
    }

    /// The portable CIOS product (Field/Montgomery.swift).
    @inline(__always)
    public static func montgomeryMultiplyLimbs(_ a: Limbs, _ b: Limbs) -> Limbs {
        montgomeryMultiply(a, b, modulus, montgomeryInverse)
    }

    /// Eight single products: the kernel where the build has no vector one.
    @inline(__always)
    public static func multiplyEight(_ out: UnsafeMutablePointer<Self>, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>) {
        for k in 0..<8 { out[k] = montgomeryProduct(a[k], b[k]) }
    }

    /// `Field.multiply` eight at a time (`multiplyEight`), the rest one by one.
    @inline(__always)
    public static func multiply(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>,
                                count: Int) {
        var i = 0
        while i + 8 <= count {
            multiplyEight(out + i, a + i, b + i)
            i += 8
        }
        while i < count {
            out[i] = montgomeryProduct(a[i], b[i])
            i += 1
        }
    }

    /// The inverse by Fermat's little theorem, a^(m−2); `nil` for zero.
    public var inverse: Self? { isZero ? nil : pow(Self.montgomery.modulusMinusTwo) }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self {
        let topMask = UInt64.max >> UInt64(modulus.3.leadingZeroBitCount)
        while true {
            let x: Limbs = (generator.next(), generator.next(), generator.next(), generator.next() & topMask)
            if limbsLess(x, modulus) { return Self(montgomeryLimbs: x) }
        }
    }

    // MARK: Conversions

    /// From a canonical value known to be below the modulus.
    init(reducedCanonical x: Limbs) {
        self.init(montgomeryLimbs: Self.montgomeryMultiplyLimbs(x, Self.montgomery.r2))
    }

    /// The canonical value as limbs.
    var canonical: Limbs {
        Self.montgomeryMultiplyLimbs(montgomeryLimbs, (1, 0, 0, 0))
    }

    public init(_ value: UInt64) {
        // Both moduli exceed 2^64, so `value` is already reduced.
        self.init(reducedCanonical: (value, 0, 0, 0))
    }
    public init(_ value: Int) {
        let magnitude = Self(UInt64(value.magnitude))
        self = value < 0 ? -magnitude : magnitude
    }
    public init(integerLiteral value: Int) { self.init(value) }

    public init?(canonicalLimbs limbs: [UInt64]) {
        guard limbs.count == 4 else { return nil }
        self.init(canonical: (limbs[0], limbs[1], limbs[2], limbs[3]))
    }

    /// From a canonical value; `nil` unless it is below the modulus.
    init?(canonical x: Limbs) {
        guard limbsLess(x, Self.modulus) else { return nil }
        self.init(reducedCanonical: x)
    }
    public var canonicalLimbs: [UInt64] { limbsArray(canonical) }

    /// Wraps Montgomery-form limbs from untrusted data (for example a snarkjs .zkey, which
    /// stores field elements as a·2^256 mod m); `nil` unless exactly four limbs below m.
    public init?(checkedMontgomeryLimbs limbs: [UInt64]) {
        guard limbs.count == 4 else { return nil }
        let x: Limbs = (limbs[0], limbs[1], limbs[2], limbs[3])
        guard limbsLess(x, Self.modulus) else { return nil }
        self.init(montgomeryLimbs: x)
    }

    public init?(decimal text: String) {
        var x: Limbs = (0, 0, 0, 0)
        var digits = 0
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (next, overflow) = limbsMultiplyAdd(x, 10, UInt64(byte - 0x30))
            guard overflow == 0 else { return nil }
            x = next
            digits += 1
        }
        guard digits > 0, limbsLess(x, Self.modulus) else { return nil }
        self.init(reducedCanonical: x)
    }

    /// The canonical value in decimal.
    public var description: String {
        var x = canonical
        var chunks = [UInt64]()  // base 10^19, least significant first
        repeat {
            let (quotient, remainder) = limbsDivide(x, by: 10_000_000_000_000_000_000)
            chunks.append(remainder)
            x = quotient
        } while !limbsIsZero(x)
        var text = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 19 - digits.count) + digits
        }
        return text
    }

    public init?(littleEndianBytes bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        var limbs = [UInt64](repeating: 0, count: 4)
        for (index, byte) in bytes.enumerated() {
            limbs[index / 8] |= UInt64(byte) << UInt64(8 * (index % 8))
        }
        self.init(canonicalLimbs: limbs)
    }
    public var littleEndianBytes: [UInt8] {
        canonicalLimbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) } }
    }

    // MARK: Square root

    /// `true` if `self` is a nonzero square (Euler's criterion).
    public var isQuadraticResidue: Bool { pow(Self.montgomery.halfModulusMinusOne) == .one }

    /// Tonelli–Shanks (for m ≡ 3 mod 4 it reduces to a^((m+1)/4)).
    public func squareRoot() -> Self? {
        if isZero { return self }
        let constants = Self.montgomery
        var x = pow(constants.oddPartPlusOneHalf)
        var b = pow(constants.oddPart)
        var c = Self.quadraticNonResidue.pow(constants.oddPart)
        var m = constants.twoAdicity
        while b != .one {
            var i = 0
            var power = b
            while power != .one {
                power.square()
                i += 1
                if i == m { return nil }
            }
            var g = c
            for _ in 0..<(m - i - 1) { g.square() }
            x *= g
            c = g.squared()
            b *= c
            m = i
        }
        return x
    }

    /// The smallest n ≥ 2 that is not a square modulo m.
    static func smallestQuadraticNonResidue() -> Self {
        var n: UInt64 = 2
        while Self(n).isQuadraticResidue { n += 1 }
        return Self(n)
    }
}

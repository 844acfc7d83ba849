// G2: the order-r subgroup of the sextic D-type twist y² = x³ + 3/(9+u) over Fq2, affine
// and Jacobian, and the endomorphism ψ (untwist–Frobenius–twist). Points on the twist need
// not lie in G2: `isInSubgroup` uses ψ, `isInSubgroupNaive` ([r]P = O) is its oracle.
// Not constant-time.

/// An affine point on the twist, or infinity. Coordinates in Fq2.
public struct G2Affine: AffinePoint {
    public let x: Fq2
    public let y: Fq2

    /// `true` for the point at infinity, stored as (0, 0) (as in proving.key files): no
    /// point of the curve has x = y = 0 (b ≠ 0), and a flag would pad every point by 8 bytes.
    public var isInfinity: Bool { x.isZero && y.isZero }

    /// The point (x, y) without checking that it lies on the curve; (0, 0) is infinity.
    public init(uncheckedX x: Fq2, y: Fq2) {
        self.x = x
        self.y = y
    }

    /// b' = 3/(9 + u), computed at start-up.
    public static let b: Fq2 = Fq2(3, 0) * Fq2.xi.inverse!
    public static let infinity = G2Affine(uncheckedX: .zero, y: .zero)
    /// The generator of EIP-197 / snarkjs.
    public static let generator = G2Affine(
        uncheckedX: Fq2(
            Fq(decimal: "10857046999023057135944570762232829481370756359578518086990519993285655852781")!,
            Fq(decimal: "11559732032986387107991004021392285783925812861821192530917403151452391805634")!),
        y: Fq2(
            Fq(decimal: "8495653923123431417604973247489272438418190587263600148770280649306958101930")!,
            Fq(decimal: "4082367875863433681332203403145435568316851327593401208105741076214120093531")!))

    /// `true` if the point is on the twist and in the order-r subgroup.
    public var isInSubgroup: Bool { isOnCurve && G2Jacobian(self).isInSubgroup }

    /// ψ(P) = (conj(x)·ξ^((p−1)/3), conj(y)·ξ^((p−1)/2)): the p-power Frobenius of the
    /// untwisted point, twisted back. On G2 it acts as multiplication by p.
    public func psi() -> G2Affine {
        if isInfinity { return self }
        return G2Affine(uncheckedX: x.conjugated() * G2Jacobian.psiX, y: y.conjugated() * G2Jacobian.psiY)
    }
}

/// A G2 point (on the twist) in Jacobian coordinates.
public struct G2Jacobian: JacobianPoint {
    public typealias Affine = G2Affine
    public var x: Fq2
    public var y: Fq2
    public var z: Fq2

    public init(x: Fq2, y: Fq2, z: Fq2) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let generator = G2Jacobian(G2Affine.generator)

    /// ξ^((p−1)/3) and ξ^((p−1)/2), the factors of ψ.
    static let psiX = FrobeniusCoefficients.shared.v[1]
    static let psiY = FrobeniusCoefficients.shared.w[1] * FrobeniusCoefficients.shared.v[1]

    /// The wNAF digits of x₀ for `isInSubgroup`, computed once (it runs for every G2 point
    /// of a proving key as it is read).
    static let bn254XDigits = wNAF([bn254X], width: 4)

    /// ψ on Jacobian coordinates: (conj(X)·ξ^((p−1)/3), conj(Y)·ξ^((p−1)/2), conj(Z)).
    public func psi() -> G2Jacobian {
        G2Jacobian(x: x.conjugated() * Self.psiX, y: y.conjugated() * Self.psiY, z: z.conjugated())
    }

    /// `true` if P is on the twist and [x₀+1]P + ψ([x₀]P) + ψ²([x₀]P) = ψ³([2x₀]P), which for
    /// BN254 holds exactly on the order-r subgroup (El Housni, Guillevic, Piellard,
    /// "Co-factor clearing and subgroup membership testing on pairing-friendly curves",
    /// ePrint 2022/348, §3 and §5.1; the form used by gnark-crypto). A 63-bit scalar
    /// multiplication instead of a 254-bit one; `isInSubgroupNaive` is the test oracle.
    public var isInSubgroup: Bool {
        guard isOnCurve else { return false }
        let xP = multiplied(byWNAF: Self.bn254XDigits)
        let psiXP = xP.psi()
        let psi2XP = psiXP.psi()
        let lhs = xP + self + psiXP + psi2XP
        let rhs = psi2XP.psi().doubled()
        return lhs == rhs
    }

    /// `true` if P is on the twist and [r]P is the identity (r = the scalar field modulus).
    public var isInSubgroupNaive: Bool { isOnCurve && multiplied(byInteger: Fr.modulusLimbs).isZero }
}

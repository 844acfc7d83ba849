// G1: the BN254 curve y² = x³ + 3 over Fq (prime order r, cofactor 1), affine and
// Jacobian. The group law is in `JacobianPoint+Arithmetic.swift`. Not constant-time.

/// An affine G1 point, or infinity. Coordinates in Fq.
public struct G1Affine: AffinePoint {
    public let x: Fq
    public let y: Fq
    public let isInfinity: Bool

    public init(uncheckedX x: Fq, y: Fq) {
        self.x = x
        self.y = y
        isInfinity = false
    }
    private init() {
        x = .zero
        y = .zero
        isInfinity = true
    }

    /// b = 3.
    public static let b: Fq = 3
    public static let infinity = G1Affine()
    /// The generator (1, 2).
    public static let generator = G1Affine(uncheckedX: 1, y: 2)
}

/// A G1 point in Jacobian coordinates.
public struct G1Jacobian: JacobianPoint {
    public typealias Affine = G1Affine
    public var x: Fq
    public var y: Fq
    public var z: Fq

    public init(x: Fq, y: Fq, z: Fq) {
        self.x = x
        self.y = y
        self.z = z
    }

    public static let generator = G1Jacobian(G1Affine.generator)
}

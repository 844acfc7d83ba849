// G1: the BN254 curve y² = x³ + 3 over Fq (prime order r, cofactor 1), affine and
// Jacobian. The group law is in `JacobianPoint+Arithmetic.swift`. Not constant-time.

/// An affine G1 point, or infinity. Coordinates in Fq.
public struct G1Affine: AffinePoint {
    public let x: Fq
    public let y: Fq

    /// `true` for the point at infinity, stored as (0, 0) (as in proving.key files): no
    /// point of the curve has x = y = 0 (b ≠ 0), and a flag would pad every point by 8 bytes.
    public var isInfinity: Bool { x.isZero && y.isZero }

    /// The point (x, y) without checking that it lies on the curve; (0, 0) is infinity.
    public init(uncheckedX x: Fq, y: Fq) {
        self.x = x
        self.y = y
    }

    /// b = 3.
    public static let b: Fq = 3
    public static let infinity = G1Affine(uncheckedX: .zero, y: .zero)
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

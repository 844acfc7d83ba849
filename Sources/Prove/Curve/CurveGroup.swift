// Protocols for the two BN254 groups: `CurveGroup` (what MSM, Groth16 and the law tests
// need), and `AffinePoint`/`JacobianPoint` for short Weierstrass curves y² = x³ + b
// (a = 0) over a field `Base`. G1 uses Base = Fq, G2 (the twist) Base = Fq2.

/// A prime-order-group element written additively (G1 or G2, in Jacobian coordinates).
public protocol CurveGroup: Equatable, Sendable, CustomStringConvertible {
    /// The identity (point at infinity).
    static var zero: Self { get }
    /// The standard generator (the one used by Ethereum's precompiles and snarkjs).
    static var generator: Self { get }
    /// `true` for the identity.
    var isZero: Bool { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static prefix func - (point: Self) -> Self
    /// `self + self`.
    func doubled() -> Self
    /// `[scalar]self`.
    func multiplied(by scalar: Fr) -> Self
}

/// An affine point (x, y) on y² = x³ + b, or the point at infinity.
public protocol AffinePoint: Hashable, Sendable, CustomStringConvertible {
    associatedtype Base: Field
    /// The x coordinate (zero for infinity).
    var x: Base { get }
    /// The y coordinate (zero for infinity).
    var y: Base { get }
    /// `true` for the point at infinity.
    var isInfinity: Bool { get }
    /// The curve coefficient b.
    static var b: Base { get }
    /// The point at infinity.
    static var infinity: Self { get }
    /// The point (x, y) without checking that it lies on the curve.
    init(uncheckedX x: Base, y: Base)
}

extension AffinePoint {
    /// The point (x, y), or `nil` if it does not satisfy y² = x³ + b. Does not check
    /// subgroup membership (G1 has cofactor 1; for G2 call `isInSubgroup`).
    public init?(x: Base, y: Base) {
        guard y.squared() == x.squared() * x + Self.b else { return nil }
        self.init(uncheckedX: x, y: y)
    }

    /// `true` for infinity or a point satisfying the curve equation.
    public var isOnCurve: Bool { isInfinity || y.squared() == x.squared() * x + Self.b }

    /// (x, −y); infinity, stored as (0, 0), is its own negation without a branch.
    @inline(__always) public func negated() -> Self { Self(uncheckedX: x, y: -y) }

    public var description: String { isInfinity ? "infinity" : "(\(x), \(y))" }
}

/// A point in Jacobian coordinates (X : Y : Z) ↦ (X/Z², Y/Z³); Z = 0 is the identity.
public protocol JacobianPoint: CurveGroup {
    associatedtype Base: Field
    associatedtype Affine: AffinePoint where Affine.Base == Base
    var x: Base { get }
    var y: Base { get }
    var z: Base { get }
    /// The point (x : y : z), unchecked.
    init(x: Base, y: Base, z: Base)
}

// A learnable quadratic activation a·x² + b·x + c in Float, with its forward pass and the
// gradients a trainer needs: ∂y/∂a = x², ∂y/∂b = x, ∂y/∂c = 1, ∂y/∂x = 2a·x + b.
// Does not own an optimizer or parameter storage; the trainer updates a, b, c.

/// Parameters of `y = a·x² + b·x + c`, also used as their own gradient `(∂L/∂a, ∂L/∂b, ∂L/∂c)`.
public struct QuadraticCoefficients: Sendable, Equatable, Codable {
    public var a: Float
    public var b: Float
    public var c: Float

    public init(a: Float, b: Float, c: Float) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// `x²`, a common initialization.
    public static let square = QuadraticCoefficients(a: 1, b: 0, c: 0)
    /// All zeros, the identity for gradient accumulation.
    public static let zero = QuadraticCoefficients(a: 0, b: 0, c: 0)

    /// The quadratic part of `p`, or `nil` if `p.degree > 2` or a coefficient does not fit in
    /// `Float`. Coefficients are rounded to `Float`.
    public init?(_ p: PolyActivation) {
        guard p.degree <= 2 else { return nil }
        let c = p.coefficients + [Double](repeating: 0, count: 3 - p.coefficients.count)
        let f = c.map { Float($0) }
        guard f.allSatisfy(\.isFinite) else { return nil }
        self.init(a: f[2], b: f[1], c: f[0])
    }

    /// The same polynomial as a `PolyActivation` (exact: every `Float` is a `Double`),
    /// `kind == .learned`, unrestricted `validRange`. Its degree drops if `a == 0`.
    public var polynomial: PolyActivation {
        PolyActivation(coefficients: [Double(c), Double(b), Double(a)], kind: .learned)
    }

    /// `(a·x + b)·x + c`, the same operation order as `PolyActivation`'s Float Horner.
    @inline(__always)
    public func callAsFunction(_ x: Float) -> Float { (a * x + b) * x + c }

    /// `∂y/∂x = 2a·x + b`.
    @inline(__always)
    public func derivative(_ x: Float) -> Float { 2 * a * x + b }

    /// `(∂y/∂a, ∂y/∂b, ∂y/∂c) = (x², x, 1)` for one input.
    public static func parameterGradient(at x: Float) -> QuadraticCoefficients {
        QuadraticCoefficients(a: x * x, b: x, c: 1)
    }

    /// `y[i] = a·x[i]² + b·x[i] + c`. Counts must match; in-place (`x` and `y` the same
    /// memory) is allowed.
    public func forward(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == y.count, "forward: x has \(x.count) elements, y has \(y.count)")
        guard let xp = x.baseAddress, let yp = y.baseAddress else { return }
        let (a, b, c) = (a, b, c)
        for i in 0..<x.count {
            let v = xp[i]
            yp[i] = (a * v + b) * v + c
        }
    }

    /// Backward pass over a buffer, given the layer input `x` and `dy = ∂L/∂y`:
    /// writes `dx[i] = dy[i]·(2a·x[i] + b)` and returns `Σ dy[i]·(x[i]², x[i], 1)`,
    /// accumulated in `Double` and rounded once. All three counts must match; `dx` may be
    /// the same memory as `x` or `dy` (each element is read before it is written).
    public func backward(
        x: UnsafeBufferPointer<Float>,
        outputGradient dy: UnsafeBufferPointer<Float>,
        inputGradient dx: UnsafeMutableBufferPointer<Float>
    ) -> QuadraticCoefficients {
        precondition(x.count == dy.count && x.count == dx.count,
                     "backward: x, dy, dx have \(x.count), \(dy.count), \(dx.count) elements")
        guard let xp = x.baseAddress, let gp = dy.baseAddress, let dxp = dx.baseAddress else { return .zero }
        let (twoA, b) = (2 * a, b)
        var sumA = 0.0, sumB = 0.0, sumC = 0.0
        for i in 0..<x.count {
            let v = xp[i], g = gp[i]
            dxp[i] = g * (twoA * v + b)
            let gd = Double(g), vd = Double(v)
            sumA += gd * vd * vd
            sumB += gd * vd
            sumC += gd
        }
        return QuadraticCoefficients(a: Float(sumA), b: Float(sumB), c: Float(sumC))
    }
}

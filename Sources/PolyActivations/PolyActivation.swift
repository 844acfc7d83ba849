// A polynomial activation as plain data: coefficients (low to high), the input range it
// was designed for, and where it came from. Scalar Horner evaluation and its derivative.
// Does not fit (see +Fit), quantize (see +Integer) or know anything about circuits beyond
// the per-neuron multiplication count.

/// A polynomial activation `p(x) = c0 + c1·x + c2·x² + … + cd·x^d`.
///
/// Coefficients are stored in `Double`; `Float` evaluation uses the coefficients rounded to
/// `Float` once, at construction. Trailing zero coefficients are dropped by the initializer,
/// so `degree`, `constraintCost(neurons:)` and a circuit built from `coefficients` agree.
public struct PolyActivation: Sendable, Equatable {
    /// Where a polynomial came from. Informational only: evaluation ignores it.
    public enum Kind: Sendable, Equatable, Codable {
        /// `x²`, the cheapest non-linear activation (one constraint per neuron).
        case square
        /// Least-squares fit to `target` on evenly spaced points of `[-range, range]`.
        case fit(target: FitTarget, range: Double)
        /// Coefficients learned during training (e.g. a learnable quadratic).
        case learned
        /// Anything else: hand-written coefficients or a fit to a caller's closure.
        case custom
    }

    /// `c0, c1, …, cd`, lowest power first. Never empty; the last entry is non-zero
    /// unless the polynomial is the constant `0` (then `coefficients == [0]`).
    public let coefficients: [Double]
    /// Input range the polynomial was designed or fitted for. Outside it a fit may be far
    /// from its target; nothing clamps. `-∞...∞` means "no restriction" (e.g. `square`).
    public let validRange: ClosedRange<Double>
    /// Origin of the coefficients.
    public let kind: Kind

    /// `coefficients` rounded to `Float`, used by every `Float` evaluation path.
    let floatCoefficients: [Float]
    /// Coefficients of `p'` rounded to `Float`: `(k+1)·c(k+1)`; `[0]` for constants.
    let floatDerivativeCoefficients: [Float]

    /// Creates `c0 + c1·x + …`. Trailing zeros are removed; an empty array means `0`.
    public init(
        coefficients: [Double],
        validRange: ClosedRange<Double> = -Double.infinity...Double.infinity,
        kind: Kind = .custom
    ) {
        var trimmed = coefficients
        while let last = trimmed.last, last == 0 { trimmed.removeLast() }
        if trimmed.isEmpty { trimmed = [0] }
        self.coefficients = trimmed
        self.validRange = validRange
        self.kind = kind
        self.floatCoefficients = trimmed.map { Float($0) }
        let derivative = trimmed.count > 1
            ? (1..<trimmed.count).map { Double($0) * trimmed[$0] }
            : [0]
        self.floatDerivativeCoefficients = derivative.map { Float($0) }
    }

    /// Highest power with a non-zero coefficient (`0` for constants, including `0`).
    public var degree: Int { coefficients.count - 1 }

    /// `x²`, valid on all of ℝ (`validRange == -∞...∞`).
    public static let square = PolyActivation(coefficients: [0, 0, 1], kind: .square)

    /// Rank-1 constraints needed to evaluate this polynomial for `neurons` neurons:
    /// `(degree − 1) · neurons`, and `0` for degree ≤ 1.
    ///
    /// In R1CS a constraint is one product `⟨a,w⟩·⟨b,w⟩ = ⟨c,w⟩` of linear combinations;
    /// additions and multiplications by constants are free, folded into those linear
    /// combinations. Horner's rule `((cd·x + c(d−1))·x + …)·x + c0` multiplies the running
    /// (linear-combination) accumulator by the witness `x` d−1 times (the first step `cd·x`
    /// is a constant multiplication); equivalently the power chain `x², x³, …, x^d` takes
    /// d−1 products and the final sum is free. Range checks and rescaling of the output are
    /// not counted here; they belong to the circuit's cost model. Negative `neurons` count as 0.
    public func constraintCost(neurons: Int) -> Int {
        max(degree - 1, 0) * max(neurons, 0)
    }

    /// `p(x)` by Horner's rule in `Float`, with the `Float`-rounded coefficients.
    @inline(__always)
    public func callAsFunction(_ x: Float) -> Float {
        Self.horner(floatCoefficients, x)
    }

    /// `p'(x)` by Horner's rule in `Float`.
    @inline(__always)
    public func derivative(_ x: Float) -> Float {
        Self.horner(floatDerivativeCoefficients, x)
    }

    /// `p(x)` by Horner's rule in `Double`, with the exact stored coefficients.
    public func callAsFunction(_ x: Double) -> Double {
        var acc = coefficients[coefficients.count - 1]
        for k in stride(from: coefficients.count - 2, through: 0, by: -1) {
            acc = acc * x + coefficients[k]
        }
        return acc
    }

    /// `p'(x)` by Horner's rule in `Double`.
    public func derivative(_ x: Double) -> Double {
        guard degree >= 1 else { return 0 }
        var acc = Double(degree) * coefficients[degree]
        for k in stride(from: degree - 1, through: 1, by: -1) {
            acc = acc * x + Double(k) * coefficients[k]
        }
        return acc
    }

    /// Shared `Float` Horner loop; the buffer kernels use the same operation order so
    /// scalar and buffer results are bit-identical.
    @inline(__always)
    static func horner(_ c: [Float], _ x: Float) -> Float {
        var acc = c[c.count - 1]
        var k = c.count - 2
        while k >= 0 {
            acc = acc * x + c[k]
            k -= 1
        }
        return acc
    }

    /// Short human-readable name, e.g. `"x^2"`, `"relu fit [-4, 4], degree 2"`.
    public var name: String {
        switch kind {
        case .square: return "x^2"
        case let .fit(target, range): return "\(target.rawValue) fit [-\(range), \(range)], degree \(degree)"
        case .learned: return "learned, degree \(degree)"
        case .custom: return "custom, degree \(degree)"
        }
    }
}

extension PolyActivation: CustomStringConvertible {
    /// The name followed by the polynomial, e.g. `x^2: 0 + 0·x + 1·x^2`.
    public var description: String {
        let terms = coefficients.enumerated().map { k, c in
            k == 0 ? "\(c)" : (k == 1 ? "\(c)·x" : "\(c)·x^\(k)")
        }
        return "\(name): " + terms.joined(separator: " + ")
    }
}

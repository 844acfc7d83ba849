// Least-squares polynomial fits to ReLU, GELU, SiLU (or any closure) on [-range, range],
// solved with LAPACK's QR-based dgels on a column-major Vandermonde matrix.
// Does not weight samples, fit outside a symmetric interval, or fit degrees beyond 2...4.

import CLAPACKE
import Foundation

/// A standard activation that `PolyActivation.fit` can approximate.
public enum FitTarget: String, CaseIterable, Sendable, Codable {
    /// `max(0, x)`.
    case relu
    /// `x·Φ(x) = x/2 · (1 + erf(x/√2))`, the exact (erf) form, not the tanh approximation.
    case gelu
    /// `x·σ(x) = x / (1 + e^(−x))`, also called swish.
    case silu

    /// The target function at `x`.
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .relu: return max(0, x)
        case .gelu: return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        case .silu: return x / (1 + exp(-x))
        }
    }
}

extension PolyActivation {
    /// Degrees `fit` accepts.
    public static let fitDegrees: ClosedRange<Int> = 2...4

    /// Least-squares fit of a degree-`degree` polynomial to `target` on `samples` evenly
    /// spaced points of `[-range, range]` (endpoints included).
    ///
    /// For conditioning the Vandermonde matrix is built in `t = x / range ∈ [-1, 1]`; the
    /// solution `a` of `min ‖V(t)·a − f‖₂` is rescaled to `c_k = a_k / range^k`, which is
    /// the same polynomial in `x`. The result has `validRange == -range...range` and
    /// `kind == .fit(target:range:)`.
    ///
    /// Note: ReLU, GELU and SiLU are all `x/2 + (even function)`, so on a symmetric range the
    /// odd coefficients of the fit are `c1 = 1/2` and `c3 ≈ 0`: degree 3 fits as well as
    /// degree 2 while costing one more constraint per neuron.
    ///
    /// - Throws: `PolyActivationError` for a degree outside `fitDegrees`, a non-positive or
    ///   non-finite `range`, fewer than `degree + 1` samples, or a LAPACK failure.
    public static func fit(
        _ target: FitTarget, degree: Int, range: Double, samples: Int = 2001
    ) throws -> PolyActivation {
        let c = try leastSquaresCoefficients(degree: degree, range: range, samples: samples) { target($0) }
        return PolyActivation(coefficients: c, validRange: -range...range, kind: .fit(target: target, range: range))
    }

    /// Least-squares fit to an arbitrary function, with the same sampling, scaling and
    /// errors as `fit(_:degree:range:samples:)`; the result has `kind == .custom`.
    /// Also throws `.nonFiniteTarget` if `function` returns NaN or ±∞ at a sample.
    public static func fit(
        function: (Double) -> Double, degree: Int, range: Double, samples: Int = 2001
    ) throws -> PolyActivation {
        let c = try leastSquaresCoefficients(degree: degree, range: range, samples: samples, function)
        return PolyActivation(coefficients: c, validRange: -range...range, kind: .custom)
    }

    /// Coefficients `c0…cd` in `x` (not trimmed). See `fit` for the method.
    static func leastSquaresCoefficients(
        degree: Int, range: Double, samples: Int, _ function: (Double) -> Double
    ) throws -> [Double] {
        guard fitDegrees.contains(degree) else {
            throw PolyActivationError.unsupportedDegree(degree, supported: fitDegrees)
        }
        guard range.isFinite, range > 0 else { throw PolyActivationError.invalidRange(range) }
        guard samples >= degree + 1, samples >= 2 else {
            throw PolyActivationError.tooFewSamples(samples, degree: degree)
        }
        let m = samples, n = degree + 1
        // Column-major Vandermonde in t: a[i + j·m] = t_i^j. b holds f(x_i) on entry and the
        // solution in its first n entries on exit (ldb = max(m, n) = m). numericCast adapts
        // to lapack_int, which is Int32 or Int64 depending on the LAPACKE build.
        var a = [Double](repeating: 0, count: m * n)
        var b = [Double](repeating: 0, count: m)
        for i in 0..<m {
            // Evenly spaced, symmetric by construction: t_i = −1 + 2i/(m−1).
            let t = -1 + 2 * Double(i) / Double(m - 1)
            let x = t * range
            let fx = function(x)
            guard fx.isFinite else { throw PolyActivationError.nonFiniteTarget(x: x, value: fx) }
            b[i] = fx
            var power = 1.0
            for j in 0..<n {
                a[i + j * m] = power
                power *= t
            }
        }
        let info = a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dgels(
                    LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")),
                    numericCast(m), numericCast(n), 1,
                    ap.baseAddress, numericCast(m), bp.baseAddress, numericCast(m))
            }
        }
        guard info == 0 else { throw PolyActivationError.lapackFailure(routine: "dgels", info: Int(info)) }
        var scale = 1.0
        var c = [Double](repeating: 0, count: n)
        for k in 0..<n {
            c[k] = b[k] / scale
            scale *= range
        }
        guard c.allSatisfy(\.isFinite) else {
            throw PolyActivationError.lapackFailure(routine: "dgels (non-finite solution)", info: 0)
        }
        return c
    }
}

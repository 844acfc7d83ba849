// Errors thrown by PolyActivations: bad fit parameters, LAPACK failures, and integer
// coefficients that do not fit or cannot be represented exactly. Nothing here traps.

/// Why a fit or an integer conversion of a `PolyActivation` failed.
public enum PolyActivationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A fit was asked for a degree outside the supported range.
    case unsupportedDegree(Int, supported: ClosedRange<Int>)
    /// A fit range that is not a finite positive half-width.
    case invalidRange(Double)
    /// Fewer evenly spaced samples than coefficients to determine.
    case tooFewSamples(Int, degree: Int)
    /// The function being fitted returned NaN or ±∞ at a sample point.
    case nonFiniteTarget(x: Double, value: Double)
    /// A LAPACK routine returned `info != 0` (or an unusable result).
    case lapackFailure(routine: String, info: Int)
    /// `fractionalBits` outside what an `Int64`/`Double` round trip supports.
    case invalidFractionalBits(Int, supported: ClosedRange<Int>)
    /// `c · 2^fractionalBits` is not finite or does not fit in `Int64`.
    case coefficientOutOfRange(index: Int, value: Double, fractionalBits: Int)
    /// An integer coefficient with `|q| > 2^53` has no exact `Double` value.
    case integerCoefficientNotExact(index: Int, value: Int64)

    public var description: String {
        switch self {
        case let .unsupportedDegree(d, supported):
            return "polynomial fit degree \(d) is not supported; use \(supported.lowerBound)...\(supported.upperBound)"
        case let .invalidRange(r):
            return "fit range must be a finite positive half-width (fits use [-range, range]); got \(r)"
        case let .tooFewSamples(s, d):
            return "a degree-\(d) fit needs at least \(max(d + 1, 2)) samples; got \(s)"
        case let .nonFiniteTarget(x, v):
            return "the function being fitted returned \(v) at x = \(x)"
        case let .lapackFailure(routine, info):
            return "LAPACK \(routine) failed with info = \(info)"
                + (info > 0 ? " (the Vandermonde matrix is rank deficient)" : info < 0 ? " (argument \(-info) is invalid)" : "")
        case let .invalidFractionalBits(f, supported):
            return "fractionalBits \(f) is outside \(supported.lowerBound)...\(supported.upperBound)"
        case let .coefficientOutOfRange(i, v, f):
            return "coefficient c\(i) = \(v) times 2^\(f) does not fit in Int64"
        case let .integerCoefficientNotExact(i, v):
            return "integer coefficient q\(i) = \(v) exceeds 2^53 and has no exact Double value"
        }
    }
}

// A polynomial activation in integer form per channel, given the scales of its input: the
// output scale T is chosen here, and the integer coefficients are the PolyActivation
// p(s·v)/T in the input integer v, rounded by PolyActivations' integer form. Train's QAT
// forward and the integer export both call this. Knows no tensors or layers.
import Foundation
import PolyActivations

/// A polynomial activation in integer form per channel, and its float image.
public struct QuantizedPolynomial: Sendable {
    /// NaN coefficients for every channel: what the QAT forward uses when `rows` has no
    /// integer form, so that the loss becomes NaN and training stops with its divergence error.
    public init(unrepresentable rows: [[Double]], channels: Int) {
        let degree = (rows.first?.count ?? 1)
        integer = Array(repeating: Array(repeating: 0, count: degree), count: channels)
        scale = Array(repeating: .nan, count: channels)
        effective = Array(repeating: Array(repeating: .nan, count: degree), count: channels)
    }

    /// The integer form `integer` at output scales `scale`, and its float image `effective`.
    public init(integer: [[Int64]], scale: [Double], effective: [[Float]]) {
        self.integer = integer
        self.scale = scale
        self.effective = effective
    }

    /// Integer coefficients per channel, low to high: output = T[k] × Σ_i c[k][i] · v^i for
    /// an input integer v (float input = s[k] · v).
    public var integer: [[Int64]]
    /// Output scale T per channel.
    public var scale: [Double]
    /// ĉ[k][i] = c[k][i] · T[k] / s[k]^i: the float coefficients the QAT forward uses.
    public var effective: [[Float]]
}

/// Rounds float coefficients (`rows`: one shared row or one per channel) to integers at
/// fixed-point precision `bits`, per channel, given the input scales `s` (one per channel).
///
/// Integer coefficient i is cᵢ·sⁱ/T, rounded half away from zero by
/// `PolyActivation.integerCoefficients` (at 0 fractional bits: T is the unit). A single-term
/// polynomial (x²) is exact: T = |c|·sⁱ and the coefficient ±1. Otherwise T is chosen so that
/// every effective coefficient ĉᵢ is within 2^-(bits+1)·max|c| of cᵢ, i.e. the rounding is
/// judged at a float input of one, where the terms compare as the float polynomial's do:
/// T = 2^-bits·max|c|·min over nonzero cᵢ of sⁱ. Judged at an integer input of one instead
/// (v = 1), a small input scale made the higher terms round to zero and collapsed quad/poly
/// activations to constants. The integers stay within Int64 (|cᵢ·sⁱ/T| ≤ 2^62), which bounds
/// the precision of the higher terms when the input scale is extremely small.
/// - Throws: `QuantizationError` when a coefficient or scale is not finite or an integer
///   coefficient would not fit Int64 (a damaged or diverged checkpoint).
public func quantizePolynomial(_ rows: [[Double]], inputScale s: [Double], bits: Int) throws -> QuantizedPolynomial {
    var integer: [[Int64]] = [], scale: [Double] = [], effective: [[Float]] = []
    for k in s.indices {
        let c = rows.count == 1 ? rows[0] : rows[k]
        let sk = s[k]
        let terms = c.enumerated().map { abs($1) * pow(sk, Double($0)) }
        let nonzero = c.indices.filter { c[$0] != 0 }
        let t: Double
        if nonzero.isEmpty {
            t = 1
        } else if nonzero.count == 1 {
            t = terms[nonzero[0]]
        } else {
            let finest = nonzero.map { pow(sk, Double($0)) }.min()!
            let largest = c.map(abs).max()!
            t = max(largest * finest / pow(2, Double(bits)), terms.max()! / pow(2, 62))
        }
        // p(s·v)/T in the input integer v. Its init drops trailing zero coefficients (which
        // round to zero), so the row is padded back to the length of `c`.
        let inIntegerUnits = PolyActivation(coefficients: c.enumerated().map { i, ci in ci * pow(sk, Double(i)) / t })
        let rounded: [Int64]
        do {
            rounded = try inIntegerUnits.integerCoefficients(fractionalBits: 0)
        } catch PolyActivationError.coefficientOutOfRange(let i, _, _) {
            throw QuantizationError(message: "polynomial coefficient \(c[i]) at input scale \(sk) has no integer form (not finite, or beyond 2^63)")
        }
        let ints = c.indices.map { $0 < rounded.count ? rounded[$0] : 0 }
        integer.append(ints)
        scale.append(t)
        effective.append(ints.enumerated().map { Float(Double($1) * t / pow(sk, Double($0))) })
    }
    return QuantizedPolynomial(integer: integer, scale: scale, effective: effective)
}

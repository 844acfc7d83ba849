// Fixed-point integer form of a PolyActivation's coefficients, for quantization:
// q_i = round(c_i · 2^f) and back. Exact in both directions or it throws.
// Does not choose f, scale inputs, or evaluate in integers; that is Quantize's job.

extension PolyActivation {
    /// `fractionalBits` values the integer conversions accept.
    public static let fractionalBitsRange: ClosedRange<Int> = 0...62

    /// `q_i = round(c_i · 2^fractionalBits)`, rounding half away from zero
    /// (`0.5 → 1`, `−0.5 → −1`, `2.5 → 3`), one entry per coefficient, `c0` first.
    ///
    /// `c_i · 2^f` is computed exactly (a power-of-two scaling of a `Double`), so the only
    /// rounding is the one documented here. Rounded high coefficients may become `0`.
    ///
    /// - Throws: `.invalidFractionalBits` outside `fractionalBitsRange`,
    ///   `.coefficientOutOfRange` if a scaled coefficient is non-finite or outside `Int64`.
    public func integerCoefficients(fractionalBits: Int) throws -> [Int64] {
        guard Self.fractionalBitsRange.contains(fractionalBits) else {
            throw PolyActivationError.invalidFractionalBits(fractionalBits, supported: Self.fractionalBitsRange)
        }
        let scale = Double(sign: .plus, exponent: fractionalBits, significand: 1)
        return try coefficients.enumerated().map { i, c in
            let scaled = (c * scale).rounded(.toNearestOrAwayFromZero)
            guard let q = Int64(exactly: scaled) else {
                throw PolyActivationError.coefficientOutOfRange(index: i, value: c, fractionalBits: fractionalBits)
            }
            return q
        }
    }

    /// The polynomial with coefficients exactly `c_i = q_i / 2^fractionalBits`.
    ///
    /// Every `c_i` is exact in `Double` (the `Double` evaluation uses exactly the integer
    /// model's coefficients). The `Float` evaluation paths round `c_i` to `Float`, which
    /// is exact when `|q_i| < 2^24`. Trailing zero coefficients are dropped as usual.
    ///
    /// - Throws: `.invalidFractionalBits` outside `fractionalBitsRange`,
    ///   `.integerCoefficientNotExact` if some `|q_i| > 2^53`.
    public init(
        integerCoefficients: [Int64],
        fractionalBits: Int,
        validRange: ClosedRange<Double> = -Double.infinity...Double.infinity,
        kind: Kind = .custom
    ) throws {
        guard Self.fractionalBitsRange.contains(fractionalBits) else {
            throw PolyActivationError.invalidFractionalBits(fractionalBits, supported: Self.fractionalBitsRange)
        }
        let scale = Double(sign: .plus, exponent: fractionalBits, significand: 1)
        let coefficients = try integerCoefficients.enumerated().map { i, q in
            guard q.magnitude <= 1 << 53 else {
                throw PolyActivationError.integerCoefficientNotExact(index: i, value: q)
            }
            return Double(q) / scale
        }
        self.init(coefficients: coefficients, validRange: validRange, kind: kind)
    }

    /// This polynomial with its coefficients rounded to multiples of `2^−fractionalBits`
    /// (via `integerCoefficients`), keeping `validRange` and `kind`. Idempotent.
    public func quantized(fractionalBits: Int) throws -> PolyActivation {
        try PolyActivation(
            integerCoefficients: integerCoefficients(fractionalBits: fractionalBits),
            fractionalBits: fractionalBits, validRange: validRange, kind: kind)
    }
}

// Codable form of PolyActivation: {coefficients, validRange: {lower, upper}, kind}.
// Infinite range bounds are written as absent (JSON has no infinity), so the default
// JSONEncoder works for x². The Float caches are rebuilt on decode, never stored.

extension PolyActivation: Codable {
    private enum CodingKeys: String, CodingKey { case coefficients, validRange, kind }
    private enum RangeKeys: String, CodingKey { case lower, upper }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(coefficients, forKey: .coefficients)
        try container.encode(kind, forKey: .kind)
        var range = container.nestedContainer(keyedBy: RangeKeys.self, forKey: .validRange)
        if validRange.lowerBound.isFinite { try range.encode(validRange.lowerBound, forKey: .lower) }
        if validRange.upperBound.isFinite { try range.encode(validRange.upperBound, forKey: .upper) }
    }

    /// Decodes the form written by `encode(to:)`; a missing bound means ±∞. Throws a
    /// `DecodingError` for non-finite coefficients or a lower bound above the upper one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let coefficients = try container.decode([Double].self, forKey: .coefficients)
        guard coefficients.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorruptedError(
                forKey: .coefficients, in: container, debugDescription: "coefficients must be finite")
        }
        let kind = try container.decode(Kind.self, forKey: .kind)
        let range = try container.nestedContainer(keyedBy: RangeKeys.self, forKey: .validRange)
        let lower = try range.decodeIfPresent(Double.self, forKey: .lower) ?? -.infinity
        let upper = try range.decodeIfPresent(Double.self, forKey: .upper) ?? .infinity
        guard lower <= upper else {
            throw DecodingError.dataCorruptedError(
                forKey: .validRange, in: container, debugDescription: "validRange lower \(lower) > upper \(upper)")
        }
        self.init(coefficients: coefficients, validRange: lower...upper, kind: kind)
    }
}

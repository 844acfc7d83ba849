// `RescalePolicy` in files (search spaces, sweep plans and results) by its string form,
// `never`, `auto`, `auto-private` or `every:K`, so that a misspelt policy fails when the file is decoded.
// `auto` (`auto-private`) with another limit than the default has no string form and does not encode.
// Hashable beside it, so that candidates holding a policy can be keys.

extension RescalePolicy: Codable, Hashable {
    /// Decodes `never`, `auto`, `auto-private` or `every:K` (K in 1…200); anything else is a decoding error.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let policy = RescalePolicy(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not never, auto, auto-private or every:K (K in 1…200)")
        }
        self = policy
    }

    /// Encodes `description`; throws for `auto` with a limit other than the default.
    public func encode(to encoder: any Encoder) throws {
        guard RescalePolicy(parsing: description) == self else {
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "\(self) with a non-default limit has no string form"))
        }
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Hashes the case and its number.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .never: hasher.combine(0)
        case .auto(let limitBits): hasher.combine(1); hasher.combine(limitBits)
        case .every(let bits): hasher.combine(2); hasher.combine(bits)
        case .autoPrivate(let limitBits): hasher.combine(3); hasher.combine(limitBits)
        }
    }
}

// Quantization-aware training settings (how many bits a weight gets, per-channel scales,
// the polynomial coefficients' precision), and the error for a model with no integer form.
// Train reads the settings; the quantizers here apply them.

/// Quantization-aware training settings (saved in model.json).
public struct QATConfig: Sendable, Codable, Equatable {
    /// Bits per weight of every dense and conv layer.
    public var weightBits: WeightBits = .b8
    /// One scale per output channel (else one per layer). The logits layer always uses one
    /// scale, so that argmax over the integer logits is argmax over the float ones.
    public var perChannel: Bool = true
    /// Float epochs before QAT starts: batch-norm statistics must be learnt before QAT
    /// freezes and folds them.
    public var warmupEpochs: Int = 1
    /// Fixed-point precision F of polynomial coefficients: per channel every coefficient is
    /// rounded to within 2^-(F+1) of the largest one, judged at a float input of one
    /// (`quantizePolynomial`); a single-term polynomial such as x² is exact.
    public var polynomialBits: Int = 12

    /// The default settings with `weightBits`.
    public init(weightBits: WeightBits = .b8) { self.weightBits = weightBits }
}

/// Why a network cannot become an integer model.
public struct QuantizationError: Error, CustomStringConvertible {
    /// What is wrong, naming the layer where there is one.
    public let message: String
    public var description: String { message }

    /// An error that says `message`.
    public init(message: String) { self.message = message }
}

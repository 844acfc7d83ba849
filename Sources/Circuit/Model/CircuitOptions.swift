// What a compiled model circuit reveals (DESIGN.md "Visibility"). Weights are `public`
// (circuit constants: the verification key identifies the model), `committed` (private,
// bound to a public Poseidon commitment with a private blinding value, range-checked and
// hashed in every proof) or `certified` (private wires of the Groth16 key's public-input
// layout, bound to a published key commitment with a one-time certificate: Prove/
// Commitment/WeightCertificate.swift; no range check or hash per proof). The input is
// `public`, `private` or `committed`. The outputs are the logits, the logits and the proven
// class label, or the label alone (the logits then stay private).
//
// Decision: with committed weights, dense/conv weights and biases are private; activation
// coefficients and rescale shifts stay circuit constants (they are the architecture, a few
// numbers per layer, and making them private would triple the cost of every activation).

/// Who sees the weights.
public enum WeightVisibility: String, Codable, Sendable, CaseIterable {
    case `public`, committed, certified

    /// Whether weights and biases are wires (private) rather than circuit constants.
    public var isPrivate: Bool { self != .public }
}

/// Who sees the input.
public enum InputVisibility: String, Codable, Sendable, CaseIterable {
    case `public`, `private`, committed
}

/// Which outputs are public signals.
public enum OutputVisibility: String, Codable, Sendable, CaseIterable {
    /// The integer logits.
    case logits
    /// The logits and the proven class label (argmax, first maximum on ties).
    case logitsAndLabel = "logits+label"
    /// The proven class label alone; the logits stay private (one public signal instead of
    /// one per class: the shape for on-chain verification, where each costs an ecMul).
    case label

    /// Whether the logits are public signals.
    public var publishesLogits: Bool { self != .label }
    /// Whether the proven label is a public signal.
    public var publishesLabel: Bool { self != .logits }
}

/// How a model is compiled.
public struct CircuitOptions: Codable, Equatable, Sendable {
    public var weights: WeightVisibility
    public var input: InputVisibility
    public var output: OutputVisibility

    public init(weights: WeightVisibility = .public, input: InputVisibility = .public, output: OutputVisibility = .logits) {
        self.weights = weights
        self.input = input
        self.output = output
    }
}

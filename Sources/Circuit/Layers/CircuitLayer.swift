// A layer kind as the circuit sees it: the facts it adds to its `LayerPlan`, its lowering
// (constraints and witness values in one pass, so the two cannot drift) and its stage of the
// cost model (the same counts, without building anything). Each kind has its file in
// Layers/; `IntegerLayer.circuitLayer` below is the one place that maps a model's layer to
// its kind. Adding a kind to Circuit: one file here and one case in that switch.
import Prove
import Quantize

/// One kind of layer in a model circuit.
protocol CircuitLayer: Sendable {
    /// Dense and conv: the layer as weights and biases (what committed weights commit to);
    /// `nil` for a layer without weights.
    var weighted: (any WeightedLayer)? { get }
    /// Whether the layer only reorders its input's values, so that a layer after it still
    /// reads the model input itself (packed products need non-negative inputs).
    var onlyReorders: Bool { get }
    /// Sets the facts this kind adds to `plan`. Its shapes and bound are set already, and
    /// with committed weights its weight and bias widths and product count.
    func refine(_ plan: inout LayerPlan, context: PlanContext)
    /// The layer applied to `x` (values in `plan.inputShape`, row-major): adds its
    /// constraints to `b` and computes its output values (in witness mode).
    func lower(_ x: [Signal], _ plan: LayerPlan, weights: LayerWeights, label: String, in b: inout CircuitBuilder) -> [Signal]
    /// Adds the stage `lower` builds to `tally`: constraints, wires by width, matrix entries.
    func cost(_ plan: LayerPlan, options: CircuitOptions, into tally: inout CostTally)
}

extension CircuitLayer {
    var weighted: (any WeightedLayer)? { nil }
    var onlyReorders: Bool { false }
    func refine(_ plan: inout LayerPlan, context: PlanContext) {}
}

/// What a layer's plan may depend on besides its own shapes and bound.
struct PlanContext {
    let options: CircuitOptions
    /// The model input's range (range-checked or verifier-checked) while the layer's input is
    /// still the model input itself; `nil` after the first layer that computes something.
    let rawInput: ClosedRange<Int>?
}

/// The weights a layer's lowering reads.
enum LayerWeights {
    /// Public weights as field elements, converted once per circuit (empty for a layer
    /// without weights).
    case constants([Fr])
    /// Committed weights and biases: signals over their range-checked bits.
    case committed(CommittedParameters)
}

extension IntegerLayer {
    /// The layer's kind in the circuit: the one switch over `IntegerLayer` in Circuit.
    var circuitLayer: any CircuitLayer {
        switch self {
        case .dense(let d): d
        case .conv2d(let c): c
        case let .sumPool(window, stride): SumPoolLayer(window: window, stride: stride)
        case .flatten: FlattenLayer()
        case .polynomial(let p): p
        case .rescale(let bits): RescaleLayer(bits: bits)
        }
    }
}

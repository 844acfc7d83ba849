// `CircuitPlan`: every number that fixes a model circuit's shape, decided before any
// constraint exists — layer shapes, proven bounds, range-check widths, commitment sizes.
// The lowering (ModelCircuit) follows it and the cost model (CostModel) counts from it, so
// the two agree by construction and the tests check that they do. What a layer kind adds to
// its plan (packing slots, quotient widths) is set by its kind in Layers/.
//
// Bounds. With public weights they are `IntegerModel.analyze()` of the actual weights. With
// committed weights the circuit must be sound for *any* weights that pass its range checks,
// so the bounds are those of a worst-case model: every weight −2^(b−1), every bias −2^(c−1),
// where b and c are the bit widths the circuit enforces: the widths the model stores, public
// facts of its description, not read off its values, so that the committed-weights circuit
// is a function of public information (IntegerModel+Description). A private or committed
// input is range-checked to [lower, lower + 2^k) with k = bitwidth(upper − lower), and its
// bounds use that range.
// A public input is seen by the verifier, who must check it is within the model's input
// range (`zktrain verify --circuit` does); it is not range-checked in the circuit.
//
// No wraparound: every bound must be below 2^250 < (r − 1)/2 / 8, leaving room for the
// rescale and argmax identities (see Gadgets/); a larger model is refused, never compiled.
import BigInt
import Quantize

/// What is wrong with compiling a model (the message names the layer and the numbers).
public struct CircuitError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The shape-determining facts of one layer.
public struct LayerPlan: Sendable {
    /// The integer layer (its weights are circuit constants when weights are public).
    public var layer: IntegerLayer
    /// Short description, e.g. "dense 784→64".
    public var name: String
    public var inputShape: [Int]
    public var outputShape: [Int]
    /// |value| ≤ bound for every value the layer computes, in any witness the circuit accepts.
    public var bound: BigInt
    /// Committed weights: bits of each weight and each bias (offset binary); 0 otherwise.
    public var weightBits = 0
    public var biasBits = 0
    /// Committed weights: number of weight × input products (conv taps inside the image).
    public var products = 0
    /// Rescale: bits of the quotient's range check.
    public var quotientBits = 0
    /// Committed dense layer on the (non-negative) model input: bits per slot and slots per
    /// field element of the packed products (see Gadgets/PackedDotProducts.swift); 0 if unused.
    public var slotBits = 0
    public var slots = 0

    /// Number of elements in the output.
    public var outputCount: Int { outputShape.reduce(1, *) }
    /// The layer's kind in the circuit (Layers/).
    var kind: any CircuitLayer { layer.circuitLayer }
    /// Bits of a signed value within `bound`.
    var valueBits: Int { BigInt.signedBits(bound: bound) }
    /// The layer's weights and biases when they are committed (dense and conv layers under
    /// committed weights); `nil` otherwise.
    var committedLayer: (any WeightedLayer)? { weightBits > 0 ? kind.weighted : nil }
    /// Bits of the layer's weights and biases in the commitment stream (0 unless committed).
    var parameterBits: Int {
        guard let w = committedLayer else { return 0 }
        return w.weight.count * weightBits + w.bias.count * biasBits
    }
}

/// The plan of a model circuit.
public struct CircuitPlan: Sendable {
    /// The largest bound a value may have: 2^250.
    public static let boundLimit = BigInt(1) << 250
    /// Bits packed into one field element of a commitment (2^253 < r).
    public static let bitsPerElement = 253

    public let options: CircuitOptions
    public let inputShape: [Int]
    /// Smallest input value; private/committed inputs are range-checked to [inputLower, inputLower + 2^inputBits).
    public let inputLower: Int
    public let inputBits: Int
    public let layers: [LayerPlan]
    /// Bits of each argmax difference (label output only), bitwidth(2 · logit bound).
    public let labelBits: Int

    public var inputCount: Int { inputShape.reduce(1, *) }
    public var outputCount: Int { layers.last?.outputCount ?? inputCount }

    /// Bits in the committed weight stream (0 unless weights are committed).
    public var weightStreamBits: Int {
        guard options.weights == .committed else { return 0 }
        return layers.reduce(0) { $0 + $1.parameterBits }
    }
    /// Weights and biases of the layers whose parameters are wires (all dense and conv layers
    /// under committed or certified weights).
    public var parameterCount: Int {
        layers.reduce(0) { $0 + ($1.committedLayer.map { $0.weight.count + $0.bias.count } ?? 0) }
    }
    /// Certified weights with a public input: the first dense or conv layer, when it reads the
    /// model input itself (only reordering layers before it). The verifier evaluates it on
    /// commitments (Commitment/CertifiedLayout.swift): it costs no constraint.
    public let inputLayer: Int?
    /// Certified wires (0 unless certified): with an input layer its outputs and the
    /// evaluation blinding first; then every other weight and bias; then the blinding.
    public var certifiedWireCount: Int {
        guard options.weights == .certified else { return 0 }
        guard let e = inputLayer, let layer = layers[e].committedLayer else { return parameterCount + 1 }
        return layers[e].outputCount + 1 + parameterCount - layer.weight.count - layer.bias.count + 1
    }
    /// Field elements of the weight commitment's packed stream.
    public var weightElements: Int { (weightStreamBits + Self.bitsPerElement - 1) / Self.bitsPerElement }

    /// Plans `model` under `options`; throws if shapes are inconsistent or a bound does not fit.
    public init(model: IntegerModel, options: CircuitOptions) throws {
        self.options = options
        inputShape = model.inputShape
        inputLower = model.inputRange.lowerBound
        inputBits = max(1, BigInt(model.inputRange.upperBound - model.inputRange.lowerBound).magnitude.bitWidth)
        var analysed = model
        if options.input != .public {
            analysed.inputRange = inputLower...(inputLower + (1 << inputBits) - 1)
        }
        var widths = [(weight: Int, bias: Int)](repeating: (0, 0), count: model.layers.count)
        if options.weights.isPrivate {
            for (i, layer) in model.layers.enumerated() {
                if let w = layer.circuitLayer.weighted { widths[i] = w.committedWidths }
            }
            analysed = analysed.worstCase()
        }
        let analysis: [LayerAnalysis]
        do { analysis = try analysed.analyze() } catch { throw CircuitError("\(error)") }
        var plans = [LayerPlan](), shape = model.inputShape, bound = analysed.inputBound
        var onRawInput = true  // only reordering layers so far: values are the input itself
        var inputLayer: Int?
        for (i, layer) in model.layers.enumerated() {
            let a = analysis[i]
            guard a.bound < Self.boundLimit, bound < Self.boundLimit else {
                throw CircuitError("layer \(i) (\(a.name)): values reach \(max(a.bound, bound).magnitude.bitWidth) bits, beyond the "
                    + "250 the BN254 field allows without wraparound; add rescale layers (export with --rescale"
                    + (options.weights.isPrivate ? " auto-private: private weights are bounded by their widths, not their values" : "")
                    + ") or use fewer weight bits")
            }
            let kind = layer.circuitLayer
            var plan = LayerPlan(layer: layer, name: a.name, inputShape: shape, outputShape: a.shape, bound: a.bound,
                                 weightBits: widths[i].weight, biasBits: widths[i].bias)
            if options.weights.isPrivate, let w = kind.weighted { plan.products = w.productCount(inputShape: shape) }
            if options.weights == .certified, options.input == .public, onRawInput, kind.weighted != nil { inputLayer = i }
            kind.refine(&plan, context: PlanContext(options: options, rawInput: onRawInput ? analysed.inputRange : nil))
            if !kind.onlyReorders { onRawInput = false }
            plans.append(plan)
            shape = a.shape
            bound = a.bound
        }
        layers = plans
        self.inputLayer = inputLayer
        labelBits = options.output.publishesLabel ? max(1, (2 * bound).magnitude.bitWidth) : 0
    }
}

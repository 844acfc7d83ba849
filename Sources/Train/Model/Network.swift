// A sequential network built from an `ArchSpec`: shape inference with errors that point at
// the offending spec token, forward/backward over the layer list, and parameter access.
import PolyActivations
import Quantize
import Support
import Datasets

/// A sequential float network. Input items are [features] or [H, W, C] images; each float
/// input is an integer of `inputRange` times `inputScale` (see Datasets' `InputEncoding`).
public final class Network {
    /// The spec the network was built from.
    public let spec: ArchSpec
    /// Shape of one input item, [features] or [H, W, C].
    public let inputShape: [Int]
    /// Float value of one integer input unit (1/255 for uint8 pixels).
    public let inputScale: Double
    /// Range of the integer inputs (0...255 for pixels).
    public let inputRange: ClosedRange<Int>
    /// Number of output logits.
    public let classCount: Int
    /// Layers, input first.
    public let layers: [Layer]
    /// When set, forward and backward run quantization-aware (see QuantizedForward).
    private(set) var quantized: QuantizedForward?

    /// Builds the layers with seeded initialisation; throws `SpecError` if a layer does not
    /// fit its input shape or the output is not `classCount` logits. The input scale and range
    /// default to uint8 pixels.
    public init(spec: ArchSpec, inputShape: [Int], classCount: Int, seed: UInt64,
                inputScale: Double = InputEncoding.pixelScale, inputRange: ClosedRange<Int> = 0...255) throws {
        self.spec = spec
        self.inputShape = inputShape
        self.classCount = classCount
        self.inputScale = inputScale
        self.inputRange = inputRange
        var rng = SeededGenerator(seed: seed)
        guard [1, 3].contains(inputShape.count), inputShape.allSatisfy({ (1...Self.sizeLimit).contains($0) }),
              CheckedSize.product(inputShape, limit: Self.sizeLimit) != nil else {
            throw spec.error(at: 0, "the input shape \(inputShape) is not [features] or [height, width, channels] of 1…\(Self.sizeLimit) values")
        }
        guard inputScale.isFinite, inputScale > 0 else { throw spec.error(at: 0, "the input scale \(inputScale) is not a positive number") }
        guard (2...Self.sizeLimit).contains(classCount) else {
            throw spec.error(at: spec.layers.count - 1, "the class count \(classCount) is not in 2…\(Self.sizeLimit)")
        }
        var shape = inputShape
        var built: [Layer] = []
        for (i, l) in spec.layers.enumerated() {
            try Self.checkSizes(l, index: i, input: shape, spec: spec)
            let layer = try Self.makeLayer(l, index: i, input: shape, spec: spec, rng: &rng)
            built.append(layer)
            shape = layer.outputShape
        }
        guard shape == [classCount] else {
            throw spec.error(at: spec.layers.count - 1,
                             "the network must end in \(classCount) logits (e.g. dense(\(classCount))), but its output shape is \(shape)")
        }
        layers = built
    }

    /// The most values one sample's activations, or one layer's weights, may hold (2^24):
    /// checked before anything is allocated, so a spec or a checkpoint asking for more is an error.
    public static let sizeLimit = CheckedSize.valueLimit

    /// Throws when layer `l` on an input of `shape` would need more than `sizeLimit` weights or
    /// output values (all arithmetic checked: the numbers may come from a damaged file).
    private static func checkSizes(_ l: LayerSpec, index i: Int, input shape: [Int], spec: ArchSpec) throws {
        let limit = sizeLimit
        func tooLarge(_ what: String) -> SpecError { spec.error(at: i, "\(what) exceeds \(limit) values: too large to train here") }
        switch l {
        case .dense(let n):
            guard let inCount = CheckedSize.product(shape, limit: limit), CheckedSize.times(inCount, n, limit: limit) != nil else {
                throw tooLarge("its weight matrix")
            }
        case let .conv(c, k, s, p):
            guard shape.count == 3 else { return }  // makeLayer names the problem
            let (h, w, inC) = (shape[0], shape[1], shape[2])
            guard let kk = CheckedSize.product([k, k, inC, c], limit: limit), kk > 0,
                  let padded = CheckedSize.plus(max(h, w), CheckedSize.times(2, p) ?? .max, limit: limit), padded >= k, s >= 1,
                  CheckedSize.product([(h + 2 * p - k) / s + 1, (w + 2 * p - k) / s + 1, c], limit: limit) != nil else {
                throw tooLarge("its kernel or its output")
            }
        default: return
        }
    }

    private static func makeLayer(_ l: LayerSpec, index i: Int, input shape: [Int], spec: ArchSpec,
                                  rng: inout SeededGenerator) throws -> Layer {
        func image() throws -> (h: Int, w: Int, c: Int) {
            guard shape.count == 3 else {
                throw spec.error(at: i, "needs an image input [height, width, channels], but its input is a vector of \(shape[0])")
            }
            return (shape[0], shape[1], shape[2])
        }
        func geometry(_ k: Int, _ s: Int, _ p: Int, what: String) throws -> ConvGeometry {
            let (h, w, c) = try image()
            guard k <= h + 2 * p, k <= w + 2 * p else {
                throw spec.error(at: i, "\(what) \(k)×\(k) is larger than its (padded) input \(h + 2 * p)×\(w + 2 * p)")
            }
            return ConvGeometry(height: h, width: w, inChannels: c, kernel: k, stride: s, padding: p)
        }
        switch l {
        case .dense(let n):
            return Dense(spec: l, index: i, inCount: shape.reduce(1, *), outCount: n, rng: &rng)
        case let .conv(c, k, s, p):
            return Conv2D(spec: l, index: i, geometry: try geometry(k, s, p, what: "kernel"), outChannels: c, rng: &rng)
        case let .avgPool(k, s), let .sumPool(k, s):
            if case .avgPool = l { return Pooling(spec: l, geometry: try geometry(k, s, 0, what: "window"), average: true) }
            return Pooling(spec: l, geometry: try geometry(k, s, 0, what: "window"), average: false)
        case .flatten:
            return Flatten(spec: l, inputShape: shape)
        case .batchNorm:
            return BatchNorm(spec: l, index: i, shape: shape)
        case .relu:
            return ReLU(spec: l, shape: shape)
        case .square:
            return PolynomialLayer(spec: l, shape: shape, polynomial: .square)
        case .quadratic(let perChannel):
            return LearnableQuadratic(spec: l, index: i, shape: shape, perChannel: perChannel)
        case let .polyFit(t, d, r):
            do {
                return PolynomialLayer(spec: l, shape: shape, polynomial: try PolyActivation.fit(t, degree: d, range: r))
            } catch {
                throw spec.error(at: i, "cannot fit the polynomial: \(error)")
            }
        }
    }

    /// All learnable parameters, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    /// Everything a checkpoint saves: parameters and buffers (batch-norm running statistics).
    public var stateTensors: [Parameter] { layers.flatMap { $0.parameters + $0.buffers } }
    /// Number of learnable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Switches to quantization-aware training and evaluation: batch-norm statistics are
    /// frozen and folded, weights and polynomial coefficients rounded as the integer model
    /// will have them. Throws if the network has no integer form (relu, a stray batch-norm).
    public func enableQuantization(_ config: QATConfig) throws {
        quantized = try QuantizedForward(network: self, config: config)
    }

    /// Whether forward/backward are quantization-aware.
    public var isQuantized: Bool { quantized != nil }

    /// Logits [batch, classCount] for input [batch, H, W, C].
    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        if let quantized { return quantized.forward(x, training: training) }
        var h = x
        for layer in layers { h = layer.forward(h, training: training) }
        return h
    }

    /// Back-propagates dLoss/dLogits through every layer, setting parameter gradients.
    /// The first layer skips its input gradient (nothing upstream needs it).
    public func backward(_ dLogits: Tensor) {
        if let quantized { return quantized.backward(dLogits) }
        var g = dLogits
        for (i, layer) in layers.enumerated().reversed() {
            guard let dx = layer.backward(g, needInputGradient: i > 0) else { break }
            g = dx
        }
    }
}

extension Network {
    /// A network for data encoded by `encoding` (its shape, scale, range and class count).
    public convenience init(spec: ArchSpec, encoding: InputEncoding, seed: UInt64) throws {
        try self.init(spec: spec, inputShape: encoding.shape, classCount: encoding.classNames.count, seed: seed,
                      inputScale: encoding.scale, inputRange: encoding.range)
    }
}

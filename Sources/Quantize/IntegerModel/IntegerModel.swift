// `IntegerModel`: a network as plain integer data, the exact object a circuit proves.
// Integer weights and biases, integer polynomial coefficients, explicit rescale layers;
// no field elements and no floats in its semantics (floats only label scales for reading
// results). Built by the exporter (Quantization/IntegerExport.swift); each layer kind's facts
// (bounds, exact evaluation, file entry) are in Layers/, and `IntegerLayer.kind` maps a layer
// to its kind.
import BigInt
import Datasets

/// A quantized network whose every value is an integer. Tensors are NHWC like the trainer's.
public struct IntegerModel: Sendable, Equatable {
    /// Shape of one input item, [height, width, channels]; inputs are integers in `inputRange`.
    public var inputShape: [Int]
    /// Range of each input element (uint8 pixels: 0...255).
    public var inputRange: ClosedRange<Int>
    /// Layers, input first.
    public var layers: [IntegerLayer]
    /// Float value of one unit of the output integers (the logits share one scale, so argmax
    /// over integers is argmax over floats). For interpretation only.
    public var outputScale: Double
    /// The architecture spec it came from (informational).
    public var arch: String
    /// How raw data becomes the integer inputs, and the class names (nil: not recorded).
    public var encoding: InputEncoding?

    public init(inputShape: [Int], inputRange: ClosedRange<Int> = 0...255, layers: [IntegerLayer],
                outputScale: Double = 1, arch: String = "") {
        self.inputShape = inputShape
        self.inputRange = inputRange
        self.layers = layers
        self.outputScale = outputScale
        self.arch = arch
    }
}

/// One integer layer. Shapes exclude the batch dimension.
public enum IntegerLayer: Sendable, Equatable {
    /// y[k] = bias[k] + Σ_j weight[j, k] · x[j]; weight [inCount, outCount] row-major.
    case dense(IntegerDense)
    /// NHWC convolution with zero padding; weight [kernel, kernel, inC, outC] row-major.
    case conv2d(IntegerConv2D)
    /// Sum over a window×window patch (average pooling's integer form; the 1/window² goes
    /// into the scale). No padding.
    case sumPool(window: Int, stride: Int)
    /// [H, W, C] → [H·W·C] (row-major, a no-op on the data).
    case flatten
    /// y = Σ_i c[i] · x^i element-wise, with one coefficient row per channel (last axis) or
    /// one row shared by all elements.
    case polynomial(IntegerPolynomial)
    /// y = floor((x + 2^(bits−1)) / 2^bits): division by 2^bits rounding half up.
    case rescale(bits: Int)
}

extension IntegerLayer {
    /// The layer's kind (Layers/): the one switch over `IntegerLayer` in Quantize.
    var kind: any IntegerLayerKind {
        switch self {
        case .dense(let d): d
        case .conv2d(let c): c
        case let .sumPool(window, stride): IntegerSumPool(window: window, stride: stride)
        case .flatten: IntegerFlatten()
        case .polynomial(let p): p
        case .rescale(let bits): IntegerRescale(bits: bits)
        }
    }

    /// Every kind, for reading a model file's layers by their kind name.
    static let kinds: [any IntegerLayerKind.Type] = [
        IntegerDense.self, IntegerConv2D.self, IntegerSumPool.self, IntegerFlatten.self, IntegerPolynomial.self, IntegerRescale.self,
    ]

    /// "dense", "conv2d", … for messages.
    public var kindName: String { type(of: kind).kindName }

    /// The signed width of a dense or conv layer's weights (nil for other layers).
    public var weightBits: Int? { kind.linear?.weightBits }

    /// The signed width of a dense or conv layer's biases (nil for other layers).
    public var biasBits: Int? { kind.linear?.biasBits }

    /// The widest bias width a model may state: a worst-case bias −2^(c−1) must stay below
    /// the circuit's bound limit, 2^250.
    public static let maxBiasBits = 250

    /// The narrowest signed width b ≥ 1 with −2^(b−1) ≤ w < 2^(b−1) for every weight w
    /// (−128 and 127 take 8 bits, −1 takes 1, 1 takes 2).
    public static func narrowestWeightBits(_ weights: [Int64]) -> Int {
        weights.reduce(1) { b, w in max(b, Int64.bitWidth + 1 - (w < 0 ? ~w : w).leadingZeroBitCount) }
    }

    /// The same for wide integers (biases): the bit width of v, or of |v| − 1 for negative v, plus one.
    public static func narrowestBits(_ values: [BigInt]) -> Int {
        values.reduce(1) { b, v in max(b, (v < 0 ? v.magnitude - 1 : v.magnitude).bitWidth + 1) }
    }
}

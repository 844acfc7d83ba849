// `IntegerModel`: a network as plain integer data, the exact object a circuit proves.
// Integer weights and biases, integer polynomial coefficients, explicit rescale layers;
// no field elements and no floats in its semantics (floats only label scales for reading
// results). Built by the trainer's exporter; evaluated exactly by IntegerModel+Inference.
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

/// Integer dense layer.
public struct IntegerDense: Sendable, Equatable {
    public var inCount: Int
    public var outCount: Int
    /// [inCount, outCount], row-major; small signed integers of `weightBits` bits.
    public var weight: [Int64]
    /// [outCount], exact at the accumulator's scale (may be wide).
    public var bias: [BigInt]
    /// Signed width b of the weights: every weight lies in −2^(b−1) ..< 2^(b−1) (8 for 8-bit
    /// weights, 2 for 2-bit and ternary ones). The bound analysis checks it.
    public var weightBits: Int

    /// A dense layer; `weightBits` nil means the narrowest width that holds `weight`
    /// (`IntegerLayer.narrowestWeightBits`), which is how version-1 files are read.
    public init(inCount: Int, outCount: Int, weight: [Int64], bias: [BigInt], weightBits: Int? = nil) {
        self.inCount = inCount
        self.outCount = outCount
        self.weight = weight
        self.bias = bias
        self.weightBits = weightBits ?? IntegerLayer.narrowestWeightBits(weight)
    }
}

/// Integer 2-D convolution.
public struct IntegerConv2D: Sendable, Equatable {
    public var inChannels: Int
    public var outChannels: Int
    public var kernel: Int
    public var stride: Int
    public var padding: Int
    /// [kernel, kernel, inChannels, outChannels], row-major.
    public var weight: [Int64]
    /// [outChannels], exact at the accumulator's scale.
    public var bias: [BigInt]
    /// Signed width of the weights, as `IntegerDense.weightBits`.
    public var weightBits: Int

    /// A convolution; `weightBits` nil means the narrowest width that holds `weight`.
    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int, weight: [Int64], bias: [BigInt],
                weightBits: Int? = nil) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.weight = weight
        self.bias = bias
        self.weightBits = weightBits ?? IntegerLayer.narrowestWeightBits(weight)
    }
}

/// Integer polynomial activation: `coefficients[row][i]` multiplies x^i.
public struct IntegerPolynomial: Sendable, Equatable {
    /// One row (shared) or one row per channel; all rows have degree + 1 entries.
    public var coefficients: [[BigInt]]

    public init(coefficients: [[BigInt]]) { self.coefficients = coefficients }

    /// Highest power (the circuit spends degree − 1 multiplications per element).
    public var degree: Int { (coefficients.first?.count ?? 1) - 1 }
}

extension IntegerLayer {
    /// The signed width of a dense or conv layer's weights (nil for other layers).
    public var weightBits: Int? {
        switch self {
        case .dense(let d): d.weightBits
        case .conv2d(let c): c.weightBits
        default: nil
        }
    }

    /// The narrowest signed width b ≥ 1 with −2^(b−1) ≤ w < 2^(b−1) for every weight w
    /// (−128 and 127 take 8 bits, −1 takes 1, 1 takes 2).
    public static func narrowestWeightBits(_ weights: [Int64]) -> Int {
        weights.reduce(1) { b, w in max(b, Int64.bitWidth + 1 - (w < 0 ? ~w : w).leadingZeroBitCount) }
    }
}

// Export of a float network to an `IntegerModel`: each of its steps (a linear block with its
// batch-norm folded in, a polynomial, a pooling, a flatten) through the quantizers here, the
// ones the QAT forward uses, with rescales where `RescalePolicy` places them and the weight
// width recorded. Knows no tensors or layers: Train's adapter describes a network as these
// steps (`Network.integerModel`).
import BigInt

/// A float network as the steps of its integer model.
public struct FloatNetwork: Sendable {
    /// Shape of one input item; inputs are integers in `inputRange` times `inputScale`.
    public var inputShape: [Int]
    /// Range of each input integer.
    public var inputRange: ClosedRange<Int>
    /// Float value of one input unit (1/255 for pixels).
    public var inputScale: Double
    /// Steps, input first; the last is the logits' linear block.
    public var steps: [FloatStep]
    /// The architecture spec (recorded in the integer model).
    public var arch: String

    /// A network of `steps` on inputs of `inputShape`, integers in `inputRange` at `inputScale`.
    public init(inputShape: [Int], inputRange: ClosedRange<Int>, inputScale: Double, steps: [FloatStep], arch: String) {
        (self.inputShape, self.inputRange, self.inputScale, self.steps, self.arch) = (inputShape, inputRange, inputScale, steps, arch)
    }
}

/// One step of a float network, as its integer model has it.
public enum FloatStep: Sendable {
    /// A dense or conv layer with its batch-norm folded in.
    case linear(FloatLinear)
    /// A polynomial activation: float coefficients low to high, one shared row or one per channel.
    case polynomial([[Double]])
    /// Pooling over window×window patches, as a sum times `scale` (1/window² for average pooling).
    case pool(window: Int, stride: Int, scale: Double)
    /// [H, W, C] → [H·W·C], row-major.
    case flatten
}

/// A float linear block: y = fold · (x·weight + bias) + shift per output channel.
public struct FloatLinear: Sendable {
    /// A convolution's geometry (stride and zero padding on an NHWC input).
    public struct Convolution: Sendable {
        public var inChannels, kernel, stride, padding: Int
        /// The geometry of a convolution of `inChannels` input channels.
        public init(inChannels: Int, kernel: Int, stride: Int, padding: Int) {
            (self.inChannels, self.kernel, self.stride, self.padding) = (inChannels, kernel, stride, padding)
        }
    }

    /// Names the block in errors ("layer 3").
    public var name: String
    /// [fanIn, out] row-major (a convolution's [kernel, kernel, inChannels, out]) and [out].
    public var weight: [Float], bias: [Float]
    /// A batch-norm's γ/σ and β − γ·μ/σ per output channel (1 and 0 without one).
    public var fold: [Float], shift: [Float]
    /// Rows and columns of `weight`: inputs per output (a convolution's kernel·kernel·inChannels) and outputs.
    public var fanIn: Int, out: Int
    /// The convolution's geometry; nil for a dense layer.
    public var convolution: Convolution?

    /// A block of the given parts (see the properties).
    public init(name: String, weight: [Float], bias: [Float], fold: [Float], shift: [Float], fanIn: Int, out: Int, convolution: Convolution?) {
        (self.name, self.weight, self.bias, self.fold, self.shift) = (name, weight, bias, fold, shift)
        (self.fanIn, self.out, self.convolution) = (fanIn, out, convolution)
    }

    /// The block in integer form on inputs of per-channel scales `inputScales` (the last axis);
    /// the logits get one scale for all outputs, so that argmax over integers is argmax over floats.
    public func quantized(inputScales: [Double], config: QATConfig, logits: Bool) -> QuantizedLinear {
        let c = inputScales.count
        return quantizeLinear(weight: weight, bias: bias, fold: fold, shift: shift, fanIn: fanIn, out: out,
                              inputScale: { inputScales[$0 % c] }, bits: config.weightBits, perChannel: config.perChannel && !logits)
    }
}

extension IntegerModel {
    /// The integer model of `network` under `config`, with rescales by `policy`.
    /// - Throws: `QuantizationError` if a bias or coefficient has no integer form or the bounds
    ///   cannot be kept in range.
    public init(exporting network: FloatNetwork, config: QATConfig, rescale policy: RescalePolicy) throws {
        let linearSteps = network.steps.indices.filter { if case .linear = network.steps[$0] { true } else { false } }
        self = try policy.place(linearSteps: linearSteps) { try Self.export(network, config: config, shifts: $0) }
    }

    private static func export(_ network: FloatNetwork, config: QATConfig, shifts: [Int: Int]) throws -> IntegerModel {
        var layers: [IntegerLayer] = []
        var scales = [Double](repeating: network.inputScale, count: network.inputShape.last!)
        var outputScale = 1.0
        for (n, step) in network.steps.enumerated() {
            switch step {
            case .linear(let block):
                let q = block.quantized(inputScales: scales, config: config, logits: n == network.steps.count - 1)
                guard q.bias.allSatisfy({ $0.isFinite }) else { throw QuantizationError(message: "\(block.name): non-finite bias") }
                let bias = q.bias.map { BigInt(exactly: $0) ?? 0 }, bits = config.weightBits.width
                if let g = block.convolution {
                    layers.append(.conv2d(IntegerConv2D(inChannels: g.inChannels, outChannels: block.out, kernel: g.kernel, stride: g.stride,
                                                        padding: g.padding, weight: q.q, bias: bias, weightBits: bits)))
                } else {
                    layers.append(.dense(IntegerDense(inCount: block.fanIn, outCount: block.out, weight: q.q, bias: bias, weightBits: bits)))
                }
                scales = q.scale
                if let k = shifts[n] {
                    layers.append(.rescale(bits: k))
                    scales = scales.map { $0 * Double(sign: .plus, exponent: k, significand: 1) }
                }
                outputScale = scales.max() ?? 1
            case .polynomial(let rows):
                let p = try quantizePolynomial(rows, inputScale: scales, bits: config.polynomialBits)
                let integer = p.integer.map { $0.map { BigInt($0) } }
                layers.append(.polynomial(IntegerPolynomial(coefficients: Set(integer).count == 1 ? [integer[0]] : integer)))
                scales = p.scale
            case let .pool(window, stride, scale):
                layers.append(.sumPool(window: window, stride: stride))
                scales = scales.map { $0 * scale }
            case .flatten:
                layers.append(.flatten)
            }
        }
        return IntegerModel(inputShape: network.inputShape, inputRange: network.inputRange, layers: layers, outputScale: outputScale,
                            arch: network.arch)
    }
}

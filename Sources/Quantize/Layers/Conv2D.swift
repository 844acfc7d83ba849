// The integer 2-D convolution (NHWC, zero padding, stride): its shape check and bound, exact
// evaluation, model-file entry and the batched path's kernel (Kernels.conv: im2col and GEMM
// on planar items).
import BigInt
import Support

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
    /// Signed width of the biases, as `IntegerDense.biasBits`.
    public var biasBits: Int

    /// A convolution; `weightBits` (`biasBits`) nil means the narrowest width that holds
    /// `weight` (`bias`).
    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int, weight: [Int64], bias: [BigInt],
                weightBits: Int? = nil, biasBits: Int? = nil) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.weight = weight
        self.bias = bias
        self.weightBits = weightBits ?? IntegerLayer.narrowestWeightBits(weight)
        self.biasBits = biasBits ?? IntegerLayer.narrowestBits(bias)
    }

    /// Output height and width on an h × w input.
    func outputSize(_ h: Int, _ w: Int) -> (height: Int, width: Int) {
        ((h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1)
    }
}

extension IntegerConv2D: LinearLayerKind {
    static let kindName = "conv2d"

    var worstCase: IntegerLayer {
        var layer = self
        (layer.weight, layer.bias) = worstCaseParameters
        return .conv2d(layer)
    }

    func analyze(inputShape shape: [Int], inputBound: BigInt) throws -> LayerAnalysis {
        let limit = IntegerModel.sizeLimit
        guard shape.count == 3, shape[2] == inChannels else { throw IntegerModelError("expects [H, W, \(inChannels)], gets \(shape)") }
        guard kernel > 0, stride > 0, padding >= 0, padding < limit, kernel <= shape[0] + 2 * padding, kernel <= shape[1] + 2 * padding else {
            throw IntegerModelError("kernel \(kernel), stride \(stride), padding \(padding) do not fit \(shape)")
        }
        guard outChannels > 0, let fanIn = CheckedSize.product([kernel, kernel, inChannels], limit: limit),
              weight.count == CheckedSize.times(fanIn, outChannels, limit: limit), bias.count == outChannels else {
            throw IntegerModelError("weight has \(weight.count) values and bias \(bias.count) for \(kernel)×\(kernel)×\(inChannels)×\(outChannels)")
        }
        let bound = try checkedBound(fanIn: fanIn, inputBound: inputBound)
        let (oh, ow) = outputSize(shape[0], shape[1]), out = [oh, ow, outChannels]
        guard CheckedSize.product(out, limit: limit) != nil else { throw IntegerModelError("output \(out) holds more than \(limit) values") }
        return LayerAnalysis(name: "conv \(kernel)×\(kernel)/\(stride) \(inChannels)→\(outChannels)", shape: out,
                             bound: bound, parameters: weight.count + bias.count, multiplies: oh * ow * weight.count)
    }

    func apply<T: ExactInteger>(_ x: [T], shape: [Int]) -> [T] {
        let (h, w) = (shape[0], shape[1]), (oh, ow) = outputSize(h, w)
        let wt = weight.map { T($0) }, bias = bias.map { T(big: $0) }
        var y = [T](repeating: .zero, count: oh * ow * outChannels)
        for oy in 0..<oh { for ox in 0..<ow {
            let dst = (oy * ow + ox) * outChannels
            for o in 0..<outChannels { y[dst + o] = bias[o] }
            for ky in 0..<kernel { for kx in 0..<kernel {
                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                for ci in 0..<inChannels {
                    let v = x[(iy * w + ix) * inChannels + ci]
                    if v == .zero { continue }
                    let row = ((ky * kernel + kx) * inChannels + ci) * outChannels
                    for o in 0..<outChannels { y[dst + o] = y[dst + o] + wt[row + o] * v }
                }
            } }
        } }
        return y
    }

    func write(to record: inout LayerRecord) {
        record.entry.inCount = inChannels; record.entry.outCount = outChannels
        record.entry.kernel = kernel; record.entry.stride = stride; record.entry.padding = padding
        record.entry.weightBits = weightBits; record.entry.biasBits = biasBits
        record.storeWeight(weight, shape: [kernel, kernel, inChannels, outChannels])
        record.entry.bias = bias.map(\.description)
    }

    static func read(_ s: LayerSource) throws -> IntegerLayer {
        let (n, o, k) = (try s.need(\.inCount, "inCount"), try s.need(\.outCount, "outCount"), try s.need(\.kernel, "kernel"))
        return .conv2d(IntegerConv2D(inChannels: n, outChannels: o, kernel: k, stride: try s.need(\.stride, "stride"),
                                     padding: try s.need(\.padding, "padding"), weight: try s.weights([k, k, n, o]),
                                     bias: try s.biases(count: o), weightBits: try s.weightBits(), biasBits: try s.biasBits()))
    }

    func biasPlane(inputShape: [Int]) -> Int {
        let (oh, ow) = outputSize(inputShape[0], inputShape[1])
        return oh * ow
    }

    func laneOp<X: Lane, T: Lane>(inputShape shape: [Int]) -> LaneOp<X, T>? {
        let g = ConvGeometry(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                             padding: padding, height: shape[0], width: shape[1])
        var wt = [X](repeating: .zero, count: weight.count)
        for t in 0..<g.patchRows { for o in 0..<outChannels { wt[o * g.patchRows + t] = X(wrapping: weight[t * outChannels + o]) } }
        return .conv(g, weightT: wt, bias: bias.map { T(wrapping: $0) })
    }
}

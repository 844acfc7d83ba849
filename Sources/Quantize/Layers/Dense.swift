// The integer dense layer, y[k] = bias[k] + Σ_j weight[j, k]·x[j]: its shape check and bound,
// exact evaluation, model-file entry (weights as a tensor, biases as decimal strings) and the
// batched path's kernel (Kernels.dense, on row-major items).
import BigInt
import Support

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
    /// Signed width of the biases: every bias lies in −2^(c−1) ..< 2^(c−1). Public, like
    /// `weightBits`: a committed-weights circuit range-checks the biases to it.
    public var biasBits: Int

    /// A dense layer; `weightBits` (`biasBits`) nil means the narrowest width that holds
    /// `weight` (`bias`; `IntegerLayer.narrowestBits`), which is how older files are read.
    public init(inCount: Int, outCount: Int, weight: [Int64], bias: [BigInt], weightBits: Int? = nil, biasBits: Int? = nil) {
        self.inCount = inCount
        self.outCount = outCount
        self.weight = weight
        self.bias = bias
        self.weightBits = weightBits ?? IntegerLayer.narrowestWeightBits(weight)
        self.biasBits = biasBits ?? IntegerLayer.narrowestBits(bias)
    }
}

extension IntegerDense: LinearLayerKind {
    static let kindName = "dense"

    var worstCase: IntegerLayer {
        var layer = self
        (layer.weight, layer.bias) = worstCaseParameters
        return .dense(layer)
    }

    func analyze(inputShape shape: [Int], inputBound: BigInt) throws -> LayerAnalysis {
        guard inCount == shape.reduce(1, *) else { throw IntegerModelError("expects \(inCount) inputs, gets \(shape)") }
        guard outCount > 0, let n = CheckedSize.times(inCount, outCount, limit: IntegerModel.sizeLimit), weight.count == n, bias.count == outCount else {
            throw IntegerModelError("weight has \(weight.count) values and bias \(bias.count) for \(inCount)×\(outCount)")
        }
        return LayerAnalysis(name: "dense \(inCount)→\(outCount)", shape: [outCount], bound: try checkedBound(fanIn: inCount, inputBound: inputBound),
                             parameters: weight.count + bias.count, multiplies: weight.count)
    }

    func apply<T: ExactInteger>(_ x: [T], shape: [Int]) -> [T] {
        let w = weight.map { T($0) }
        return (0..<outCount).map { k in
            var s = T(big: bias[k])
            for j in 0..<inCount where x[j] != .zero { s = s + w[j * outCount + k] * x[j] }
            return s
        }
    }

    func write(to record: inout LayerRecord) {
        record.entry.inCount = inCount; record.entry.outCount = outCount
        record.entry.weightBits = weightBits; record.entry.biasBits = biasBits
        record.storeWeight(weight, shape: [inCount, outCount])
        record.entry.bias = bias.map(\.description)
    }

    static func read(_ s: LayerSource) throws -> IntegerLayer {
        let (n, o) = (try s.need(\.inCount, "inCount"), try s.need(\.outCount, "outCount"))
        return .dense(IntegerDense(inCount: n, outCount: o, weight: try s.weights([n, o]), bias: try s.biases(count: o),
                                   weightBits: try s.weightBits(), biasBits: try s.biasBits()))
    }

    var readsRowMajor: Bool { true }

    func biasPlane(inputShape: [Int]) -> Int { 1 }

    func laneOp<X: Lane, T: Lane>(inputShape: [Int]) -> LaneOp<X, T>? {
        let w = weight.map { X(wrapping: $0) }
        return .dense(inCount: inCount, outCount: outCount, weight: w, weightT: Kernels.transpose(w, channels: inCount, plane: outCount),
                      bias: bias.map { T(wrapping: $0) })
    }
}

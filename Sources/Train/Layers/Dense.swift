// Fully connected layer y = x·W + b with W: [inCount, outCount]. Inputs of any item shape
// are flattened in row-major (NHWC) order. Forward and backward are single `sgemm` calls.
import Quantize
import Support

/// Dense (fully connected) layer. x: [batch, inCount], W: [inCount, outCount], y: [batch, outCount].
public final class Dense: Layer {
    public let spec: LayerSpec
    public let inCount: Int
    public let outCount: Int
    public let weight: Parameter
    public let bias: Parameter
    public var outputShape: [Int] { [outCount] }
    public var parameters: [Parameter] { [weight, bias] }
    private var input = Tensor(shape: [0])

    /// LeCun-normal initialised weights (std 1/√inCount), zero bias.
    public init(spec: LayerSpec, index: Int, inCount: Int, outCount: Int, rng: inout SeededGenerator) {
        self.spec = spec
        self.inCount = inCount
        self.outCount = outCount
        let std = 1 / Float(inCount).squareRoot()
        weight = Parameter(name: "\(index).dense.weight", shape: [inCount, outCount],
                           value: (0..<inCount * outCount).map { _ in rng.nextGaussian() * std }, decays: true)
        bias = Parameter(name: "\(index).dense.bias", shape: [outCount],
                         value: [Float](repeating: 0, count: outCount), decays: false)
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let n = x.batch
        precondition(x.itemSize == inCount)
        if training { input = x }
        var y = Tensor(uninitializedShape: [n, outCount])
        y.data.withUnsafeMutableBufferPointer { yp in
            bias.value.withUnsafeBufferPointer { bp in
                for i in 0..<n { copyRun(yp.baseAddress! + i * outCount, bp.baseAddress!, outCount) }
            }
            x.data.withUnsafeBufferPointer { xp in
                weight.value.withUnsafeBufferPointer { wp in
                    gemm(m: n, n: outCount, k: inCount, xp.baseAddress!, wp.baseAddress!, beta: 1, yp.baseAddress!)
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        let n = dy.batch
        dy.data.withUnsafeBufferPointer { dyp in
            input.data.withUnsafeBufferPointer { xp in
                weight.grad.withUnsafeMutableBufferPointer { gw in
                    gemm(transA: true, m: inCount, n: outCount, k: n, xp.baseAddress!, dyp.baseAddress!, gw.baseAddress!)
                }
            }
            bias.grad.withUnsafeMutableBufferPointer { gb in
                columnSums(dyp.baseAddress!, rows: n, cols: outCount, into: gb.baseAddress!)
            }
        }
        guard needInputGradient else { return nil }
        var dx = Tensor(uninitializedShape: input.shape)
        dy.data.withUnsafeBufferPointer { dyp in
            weight.value.withUnsafeBufferPointer { wp in
                dx.data.withUnsafeMutableBufferPointer { dxp in
                    gemm(transB: true, m: n, n: inCount, k: outCount, dyp.baseAddress!, wp.baseAddress!, dxp.baseAddress!)
                }
            }
        }
        return dx
    }
}

/// out[j] = Σ_i a[i, j] for a row-major [rows, cols] matrix.
@inline(__always)
func columnSums(_ a: UnsafePointer<Float>, rows: Int, cols: Int, into out: UnsafeMutablePointer<Float>) {
    out.initialize(repeating: 0, count: cols)
    for i in 0..<rows {
        let row = a + i * cols
        for j in 0..<cols { out[j] += row[j] }
    }
}

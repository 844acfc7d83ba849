// 2-D convolution over NHWC tensors with stride and zero padding, lowered to im2col and one
// `sgemm` per pass: y[N·oH·oW, outC] = cols[N·oH·oW, k²·inC] · W[k²·inC, outC] + b.
import Quantize
import Support

/// Convolution layer. Weight layout [kernel, kernel, inC, outC] (= [k²·inC, outC] row-major).
public final class Conv2D: Layer {
    public let spec: LayerSpec
    let geometry: ConvGeometry
    public let outChannels: Int
    public let weight: Parameter
    public let bias: Parameter
    public var outputShape: [Int] { [geometry.outHeight, geometry.outWidth, outChannels] }
    public var parameters: [Parameter] { [weight, bias] }
    private var cols: [Float] = []
    private var batch = 0
    private var inputShape: [Int] = []

    /// LeCun-normal weights (std 1/√(k²·inC)), zero bias.
    init(spec: LayerSpec, index: Int, geometry: ConvGeometry, outChannels: Int, rng: inout SeededGenerator) {
        self.spec = spec
        self.geometry = geometry
        self.outChannels = outChannels
        let fanIn = geometry.patchSize
        let std = 1 / Float(fanIn).squareRoot()
        weight = Parameter(name: "\(index).conv.weight", shape: [geometry.kernel, geometry.kernel, geometry.inChannels, outChannels],
                           value: (0..<fanIn * outChannels).map { _ in rng.nextGaussian() * std }, decays: true)
        bias = Parameter(name: "\(index).conv.bias", shape: [outChannels],
                         value: [Float](repeating: 0, count: outChannels), decays: false)
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let n = x.batch, g = geometry
        let rows = n * g.outHeight * g.outWidth
        if cols.count != rows * g.patchSize { cols = [Float](repeating: 0, count: rows * g.patchSize) }
        batch = n
        inputShape = x.shape
        var y = Tensor(uninitializedShape: [n, g.outHeight, g.outWidth, outChannels])
        x.data.withUnsafeBufferPointer { xp in
            cols.withUnsafeMutableBufferPointer { cp in im2col(xp.baseAddress!, batch: n, g, into: cp.baseAddress!) }
        }
        y.data.withUnsafeMutableBufferPointer { yp in
            bias.value.withUnsafeBufferPointer { bp in
                parallelChunks(rows, minimumChunk: 1024) { chunk, _ in
                    for r in chunk { copyRun(yp.baseAddress! + r &* outChannels, bp.baseAddress!, outChannels) }
                }
            }
            cols.withUnsafeBufferPointer { cp in
                weight.value.withUnsafeBufferPointer { wp in
                    gemm(m: rows, n: outChannels, k: g.patchSize, cp.baseAddress!, wp.baseAddress!, beta: 1, yp.baseAddress!)
                }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        let g = geometry, rows = batch * g.outHeight * g.outWidth
        dy.data.withUnsafeBufferPointer { dyp in
            cols.withUnsafeBufferPointer { cp in
                weight.grad.withUnsafeMutableBufferPointer { gw in
                    gemm(transA: true, m: g.patchSize, n: outChannels, k: rows, cp.baseAddress!, dyp.baseAddress!, gw.baseAddress!)
                }
            }
            bias.grad.withUnsafeMutableBufferPointer { gb in
                columnSums(dyp.baseAddress!, rows: rows, cols: outChannels, into: gb.baseAddress!)
            }
        }
        guard needInputGradient else { return nil }
        // Reuse the im2col workspace for dCols = dy · Wᵀ; forward refills it next step.
        dy.data.withUnsafeBufferPointer { dyp in
            weight.value.withUnsafeBufferPointer { wp in
                cols.withUnsafeMutableBufferPointer { cp in
                    gemm(transB: true, m: rows, n: g.patchSize, k: outChannels, dyp.baseAddress!, wp.baseAddress!, cp.baseAddress!)
                }
            }
        }
        var dx = Tensor(uninitializedShape: inputShape)
        cols.withUnsafeBufferPointer { cp in
            dx.data.withUnsafeMutableBufferPointer { dxp in col2im(cp.baseAddress!, batch: batch, g, into: dxp.baseAddress!) }
        }
        return dx
    }
}

// Fast kernels against their naive twins: sgemm vs the triple loop, im2col+sgemm
// convolution vs the direct 7-loop convolution, and col2im as the exact adjoint of im2col.
import Testing
@testable import Train
import Quantize
import Support

@Suite struct KernelTests {
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesNaive(transA: Bool, transB: Bool) {
        var rng = SeededGenerator(seed: 1)
        let (m, n, k) = (37, 23, 51)
        let a = (0..<m * k).map { _ in rng.nextGaussian() }, b = (0..<k * n).map { _ in rng.nextGaussian() }
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
            gemm(transA: transA, transB: transB, m: m, n: n, k: k, ap.baseAddress!, bp.baseAddress!, cp.baseAddress!)
        } } }
        let ref = matmulNaive(transA: transA, transB: transB, m: m, n: n, k: k, a, b)
        for i in 0..<m * n { #expect(abs(c[i] - ref[i]) <= 1e-4 * max(1, abs(ref[i]))) }
    }

    @Test(arguments: [(3, 1, 1, 1), (3, 1, 1, 16), (5, 2, 2, 3), (2, 2, 0, 8), (1, 1, 0, 4), (3, 3, 1, 2)])
    func convMatchesNaive(kernel: Int, stride: Int, padding: Int, channels: Int) {
        var rng = SeededGenerator(seed: 2)
        let g = ConvGeometry(height: 9, width: 7, inChannels: channels, kernel: kernel, stride: stride, padding: padding)
        let layer = Conv2D(spec: .conv(channels: 5, kernel: kernel, stride: stride, padding: padding), index: 0,
                           geometry: g, outChannels: 5, rng: &rng)
        layer.bias.value = (0..<5).map { _ in rng.nextGaussian() }
        let x = Tensor(shape: [3, 9, 7, channels], data: (0..<3 * 63 * channels).map { _ in rng.nextGaussian() })
        let y = layer.forward(x, training: false)
        let ref = conv2dNaive(x.data, batch: 3, g, weight: layer.weight.value, bias: layer.bias.value)
        #expect(y.shape == [3, g.outHeight, g.outWidth, 5])
        #expect(y.count == ref.count)
        for i in 0..<ref.count { #expect(abs(y.data[i] - ref[i]) <= 1e-4 * max(1, abs(ref[i]))) }
    }

    /// ⟨im2col(x), c⟩ == ⟨x, col2im(c)⟩ for random x, c: col2im is im2col's adjoint.
    @Test func col2imIsAdjointOfIm2col() {
        var rng = SeededGenerator(seed: 3)
        let g = ConvGeometry(height: 6, width: 5, inChannels: 3, kernel: 3, stride: 2, padding: 1)
        let batch = 2, rows = batch * g.outHeight * g.outWidth
        let x = (0..<batch * 90).map { _ in rng.nextGaussian() }
        let c = (0..<rows * g.patchSize).map { _ in rng.nextGaussian() }
        var cols = [Float](repeating: 0, count: c.count), back = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { xp in cols.withUnsafeMutableBufferPointer { im2col(xp.baseAddress!, batch: batch, g, into: $0.baseAddress!) } }
        c.withUnsafeBufferPointer { cp in back.withUnsafeMutableBufferPointer { col2im(cp.baseAddress!, batch: batch, g, into: $0.baseAddress!) } }
        let lhs = zip(cols, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let rhs = zip(x, back).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(lhs - rhs) < 1e-3 * max(1, abs(lhs)))
    }

    @Test func batchNormEvalUsesRunningStatistics() {
        let bn = BatchNorm(spec: .batchNorm, index: 0, shape: [2])
        bn.runningMean.value = [1, -2]
        bn.runningVar.value = [4, 0.25]
        bn.gamma.value = [2, 1]
        bn.beta.value = [0.5, 0]
        let y = bn.forward(Tensor(shape: [1, 2], data: [3, -1]), training: false)
        #expect(abs(y.data[0] - (2 * (3 - 1) / (4 + bn.epsilon).squareRoot() + 0.5)) < 1e-5)
        #expect(abs(y.data[1] - (-1 + 2) / (0.25 + bn.epsilon).squareRoot()) < 1e-4)
    }
}

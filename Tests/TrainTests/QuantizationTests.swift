// Quantization: batch-norm folding preserves the float output; quantization-aware training on
// the subset exports an integer model whose predictions equal the QAT float forward's, whose
// logits match it up to scale and whose layers record the weight width. (The quantizers' own
// known cases are in QuantizeTests.)
import BigInt
import Foundation
import TestSupport
import Testing
import Support
@testable import Quantize
@testable import Train

@Suite(.serialized) struct QuantizationTests {
    @Test func batchNormFoldingPreservesFloatOutput() throws {
        var rng = SeededGenerator(seed: 4)
        let dense = Dense(spec: .dense(units: 5), index: 0, inCount: 7, outCount: 5, rng: &rng)
        dense.bias.value = (0..<5).map { _ in rng.nextGaussian() }
        let bn = BatchNorm(spec: .batchNorm, index: 1, shape: [5])
        bn.gamma.value = [0.5, -1.2, 2, 1, 0.1]
        bn.beta.value = [0.3, 0, -1, 2, 0.5]
        bn.runningMean.value = [0.1, -0.4, 1.5, 0, 2]
        bn.runningVar.value = [0.2, 1.5, 3, 0.01, 1]
        let x = Tensor(shape: [3, 7], data: (0..<21).map { _ in rng.nextGaussian() })
        let reference = bn.forward(dense.forward(x, training: false), training: false)
        let (fold, shift) = batchNormFold(bn, out: 5)
        for n in 0..<3 { for k in 0..<5 {
            var y = fold[k] * dense.bias.value[k] + shift[k]
            for j in 0..<7 { y += x.data[n * 7 + j] * fold[k] * dense.weight.value[j * 5 + k] }
            #expect(abs(y - reference.data[n * 5 + k]) < 1e-4 * max(1, abs(y)))
        } }
    }

    /// `auto` with a low limit must insert rescales and bring every bound under it.
    @Test func autoRescaleMeetsItsLimit() throws {
        let (train, test) = try loadSubset()
        var config = TrainConfig(epochs: 1)
        config.batchSize = 64
        config.qat = QATConfig(weightBits: .b8)
        config.qat!.warmupEpochs = 0
        let net = try Network(spec: try ArchSpec(parsing: "dense(16) sq dense(16) sq dense(10)"), inputShape: train.itemShape, classCount: 10, seed: 2)
        try Trainer(network: net, config: config).run(train: train, test: test)
        let free = try net.integerModel(config.qat!, rescale: .never).analyze().map(\.bits).max()!
        let limited = try net.integerModel(config.qat!, rescale: .auto(limitBits: free - 20))
        #expect(limited.layers.contains { if case .rescale = $0 { true } else { false } })
        #expect(try limited.analyze().allSatisfy { $0.bits - 1 < free - 20 })
    }

    /// Trains with 8-bit QAT on the committed subset, exports, and compares the integer model
    /// with the QAT float forward on the 500 test images.
    @Test(arguments: ["dense(32) bn sq dense(10)", "conv(4,k3,s2) bn quad(ch) avgpool(2) dense(16) bn poly(silu,d4,r3) dense(10)"])
    func exportedModelMatchesQATForward(arch: String) throws {
        let (train, test) = try loadSubset()
        var config = TrainConfig(epochs: 2)
        config.batchSize = 64
        config.optimizer.learningRate = 3e-3
        config.qat = QATConfig(weightBits: .b8)
        let net = try Network(spec: try ArchSpec(parsing: arch), inputShape: train.itemShape, classCount: 10, seed: 3)
        try Trainer(network: net, config: config).run(train: train, test: test)
        #expect(net.isQuantized)
        for policy in [RescalePolicy.never, .auto(), .every(bits: 4)] {
            let model = try net.integerModel(config.qat!, rescale: policy)
            #expect(model.layers.compactMap(\.weightBits).allSatisfy { $0 == 8 }, "\(arch) \(policy): weight widths")
            let analysis = try model.analyze()
            #expect(analysis.allSatisfy { $0.bound.magnitude.bitWidth < 253 })
            var agree = 0, maxRelative = 0.0
            for n in 0..<test.count {
                let (x, _) = test.batch([n])
                let float = net.forward(x, training: false).data
                let out = try model.evaluate(test.item(n).map { Int64($0) }, analysis: analysis, checkBounds: true)
                if out.argmax == argmaxRows(Tensor(shape: [1, 10], data: float))[0] { agree += 1 }
                let scale = float.map { abs(Double($0)) }.max()!
                for k in 0..<10 {
                    let relative = abs(Double(out.values[k]) * model.outputScale - Double(float[k])) / scale
                    maxRelative = max(maxRelative, relative)
                }
            }
            if policy != .every(bits: 4) {
                #expect(agree >= test.count - 1, "\(arch) \(policy): argmax agrees on \(agree)/\(test.count)")
                #expect(maxRelative < 1e-3, "\(arch) \(policy): logits differ by \(maxRelative) of their range")
            } else {
                #expect(agree >= test.count * 9 / 10, "\(arch) every:4 (not simulated in training): \(agree)/\(test.count)")
            }
        }
    }
}

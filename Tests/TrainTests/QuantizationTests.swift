// Quantization: batch-norm folding preserves the float output; weight quantizers on known
// cases; quantization-aware training on the subset exports an integer model whose
// predictions equal the QAT float forward's and whose logits match it up to scale.
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

    @Test func weightQuantizers() {
        let m: [Double] = [0.5, -2.2, 1, 0.25, -0.1, 4]  // [fanIn 3, out 2]
        let (q8, s8) = quantizeWeights(m, fanIn: 3, out: 2, bits: .b8, perChannel: true)
        #expect(s8 == [1 / 127, 4 / 127])
        #expect(q8 == [64, -70, 127, 8, -13, 127])
        let (q4, s4) = quantizeWeights(m, fanIn: 3, out: 2, bits: .b4, perChannel: false)
        #expect(s4 == [4 / 7, 4 / 7])
        #expect(q4 == [1, -4, 2, 0, 0, 7])  // −2.2 / (4/7) = −3.85
        let (qt, st) = quantizeWeights(m, fanIn: 3, out: 2, bits: .ternary, perChannel: true)
        // Column 0: mean|w| = 0.5833, Δ = 0.408: keeps 0.5 and 1 → scale 0.75.
        // Column 1: mean|w| = 2.15, Δ = 1.505: keeps −2.2 and 4 → scale 3.1.
        #expect(qt == [1, -1, 1, 0, 0, 1])
        #expect(abs(st[0] - 0.75) < 1e-6 && abs(st[1] - 3.1) < 1e-6)
    }

    @Test func polynomialRoundingIsExactForMonomialsAndBoundedOtherwise() throws {
        let sq = try quantizePolynomial([[0, 0, 1]], inputScale: [0.3, 7], bits: 12)
        #expect(sq.integer == [[0, 0, 1], [0, 0, 1]])
        #expect(abs(sq.scale[0] - 0.09) < 1e-12 && abs(sq.scale[1] - 49) < 1e-9)
        // Every coefficient within 2^-13·max|c| of its float value, also at input scales so small
        // that sizing at an integer input of one rounded x² to zero (the quad/poly collapse).
        let c = [0.1, 0.5, 0.25]
        for s in [0.5, 0.01, 1e-6] {
            let p = try quantizePolynomial([c], inputScale: [s], bits: 12)
            #expect(p.integer[0][2] != 0, "s = \(s)")
            for i in c.indices {
                #expect(abs(Double(p.effective[0][i]) - c[i]) <= 0.5 / 8192 * (1 + 1e-6), "s = \(s), term \(i)")
                #expect(abs(Double(p.integer[0][i]) * p.scale[0] / pow(s, Double(i)) - Double(p.effective[0][i])) <= 1e-6 * c[i])
            }
        }
        // The precision target is met without wasting magnitude: the largest coefficient at
        // s = 0.01 is 2^12 times max|c|/c₂ / s², not more.
        #expect(try quantizePolynomial([c], inputScale: [0.01], bits: 12).integer[0] == [8_192_000, 409_600, 2048])
        // At an extreme scale the integers stay within Int64 (2^62), at the cost of the higher terms.
        let extreme = try quantizePolynomial([[1, 1, 1, 1, 1]], inputScale: [1e-9], bits: 12)
        #expect(extreme.integer[0].allSatisfy { abs($0) <= 1 << 62 } && extreme.integer[0][0] == 1 << 62)
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

/// A coefficient or scale with no Int64 form (found by the hostile-input campaign: a damaged
/// checkpoint's batch-norm gamma of 3.4e38) is an error, not a trap.
@Test func polynomialWithoutIntegerFormIsAnError() {
    #expect(throws: QuantizationError.self) { try quantizePolynomial([[0, 1, 1]], inputScale: [.infinity], bits: 12) }
    #expect(throws: QuantizationError.self) { try quantizePolynomial([[.nan, 1, 1]], inputScale: [1], bits: 12) }
}

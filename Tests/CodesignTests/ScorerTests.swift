// Cost scoring agrees with the compiler: candidates sampled from a small space are costed
// from their skeletons (no training), then trained for one epoch on the committed subset,
// exported and compiled. The exported model's cost equals the compiled system exactly. With
// public weights the skeleton's count equals it when neither has rescales, and otherwise
// (same rescales) exceeds it by exactly the wider quotient range checks of its worst-case
// bounds. With committed weights the bias widths are estimated: within 3 % (about 1 % seen).
import Circuit
@testable import Codesign
import Foundation
import Quantize
import TestSupport
import Testing
import Train
import Datasets
import Support

@Suite struct ScorerTests {
    static let spaceJSON = """
        {"name": "scorer test", "data": "unused",
         "mlp": {"depths": [1, 2], "widths": [8, 16]},
         "cnn": {"blocks": [1, 2], "channels": [4, 8], "kernels": [3], "strides": [2], "pooling": ["none", "before", "after"], "heads": [0, 16]},
         "activations": ["sq", "quad(ch)", "poly(silu,d3,r4)"], "weightBits": ["8", "4", "2", "ternary"], "rescale": ["auto", "every:8"],
         "budgets": [{"weights": "public", "constraints": 100000}],
         "selection": {"perBudget": 4, "maxMACs": 1000000}, "schedule": {"rounds": [{"epochs": 1}]},
         "training": {"batchSize": 64, "learningRate": 0.003, "seed": 2, "qatWarmup": 0, "threads": 2}, "measureProofs": 0}
        """

    /// Six candidates drawn with a fixed seed, plus the reference MLP.
    static func sample() throws -> [Candidate] {
        let all = try JSONDecoder().decode(SearchSpace.self, from: Data(spaceJSON.utf8)).candidates(classes: 10)
        var rng = SeededGenerator(seed: 11)
        return (0..<6).map { _ in all[Int.random(in: 0..<all.count, using: &rng)] }
            + [Candidate(arch: "dense(16) bn sq dense(10)", weightBits: .b8, rescale: .auto())]
    }

    /// The candidate's integer model after one epoch of QAT on the subset.
    static func trained(_ c: Candidate, train: Dataset, test: Dataset) throws -> IntegerModel {
        var config = TrainConfig(epochs: 1)
        config.batchSize = 64
        config.optimizer.learningRate = 3e-3
        var qat = QATConfig(weightBits: c.weightBits)
        qat.warmupEpochs = 0
        config.qat = qat
        let net = try Network(spec: try c.spec(), inputShape: train.itemShape, classCount: 10, seed: 3)
        try Trainer(network: net, config: config).run(train: train, test: test)
        return try net.integerModel(qat, rescale: c.rescale)
    }

    static func rescales(_ m: IntegerModel) -> [Int] {
        m.layers.enumerated().compactMap { if case .rescale = $1 { $0 } else { nil } }
    }

    @Test func scoringAgreesWithTheCompilerOnSampledCandidates() throws {
        let (train, test) = try loadSubset()
        let scorer = Scorer(profile: .shipped, input: train.encoding.dataShape)
        var exactPublic = 0
        for c in try Self.sample() {
            let predicted = try #require(scorer.score(c), "\(c.arch) cannot be scored")
            let model = try Self.trained(c, train: train, test: test)
            let exported = try scorer.score(model, candidate: c)
            #expect(predicted.params == exported.params && predicted.macs == exported.macs, "\(c.arch)")
            for weights in WeightVisibility.allCases {
                guard let cost = exported.cost(weights) else { continue }
                let compiled = try ModelCircuit(model: model, options: CircuitOptions(weights: weights)).compile().builder.system
                #expect(cost.constraints == compiled.constraints.count, "\(c.arch) \(weights)")
            }
            let skeleton = try ModelSkeleton.integerModel(c, input: train.encoding.dataShape)
            #expect(skeleton.layers.compactMap(\.weightBits) == model.layers.compactMap(\.weightBits), "\(c.arch) w\(c.weightBits): weight widths")
            let pub = try #require(exported.publicCost).constraints, predictedPub = try #require(predicted.publicCost).constraints
            if Self.rescales(skeleton) == Self.rescales(model) {
                // Same rescales: the counts differ only in the quotient range checks, which follow
                // the bounds; the skeleton's bounds are worst cases, so its count is the larger.
                let plans = try [skeleton, model].map { try CircuitPlan(model: $0, options: CircuitOptions()) }
                let quotientDifference = zip(plans[0].layers, plans[1].layers).reduce(0) { $0 + $1.0.outputCount * ($1.0.quotientBits - $1.1.quotientBits) }
                #expect(predictedPub - pub == quotientDifference, "\(c.arch) w\(c.weightBits.rawValue) \(c.rescale): public constraints")
                #expect(quotientDifference >= 0)
                if Self.rescales(model).isEmpty { exactPublic += 1 }
            }
            if let real = exported.committedCost?.constraints, let estimate = predicted.committedCost?.constraints {
                #expect(abs(Double(estimate - real)) <= 0.03 * Double(real), "\(c.arch) w\(c.weightBits.rawValue) \(c.rescale): committed \(estimate) vs \(real)")
            }
        }
        #expect(exactPublic >= 3)
    }
}

// End-to-end training on the committed Fashion-MNIST subset: convergence, determinism
// (same seed → same weights), exact resume from a checkpoint, and checkpoint validation.
import Foundation
import TestSupport
import Testing
@testable import Train
import Quantize
import Datasets

func tempDirectory() -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("zktrain-test-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}

func makeTrainer(_ arch: String, epochs: Int, seed: UInt64 = 1, lr: Float = 1e-3, data: Dataset) throws -> Trainer {
    var config = TrainConfig(epochs: epochs)
    config.seed = seed
    config.batchSize = 64
    config.optimizer.learningRate = lr
    let net = try Network(spec: try ArchSpec(parsing: arch), inputShape: data.itemShape, classCount: 10, seed: seed)
    return Trainer(network: net, config: config)
}

@Suite(.serialized) struct TrainingTests {
    static let mlp = "dense(32) bn sq dense(10)"

    @Test func convergesOnSubset() throws {
        let (train, test) = try loadSubset()
        let trainer = try makeTrainer(Self.mlp, epochs: 4, data: train)
        let before = trainer.network.evaluate(on: test)
        try trainer.run(train: train, test: test)
        let h = trainer.history
        #expect(h.count == 4)
        #expect(h.last!.trainLoss < h.first!.trainLoss)
        #expect(before.accuracy < 0.3)
        #expect(h.last!.testAccuracy >= 0.72, "subset test accuracy \(h.last!.testAccuracy)")
    }

    @Test func smallCNNConvergesOnSubset() throws {
        let (train, test) = try loadSubset()
        let trainer = try makeTrainer("conv(4,k3,s2) bn sq avgpool(2) dense(10)", epochs: 4, lr: 5e-3, data: train)
        try trainer.run(train: train, test: test)
        #expect(trainer.history.last!.testAccuracy >= 0.6, "subset CNN accuracy \(trainer.history.last!.testAccuracy)")
    }

    @Test func sameSeedSameWeightsOtherSeedOtherWeights() throws {
        let (train, test) = try loadSubset()
        let a = try makeTrainer(Self.mlp, epochs: 1, seed: 7, data: train)
        let b = try makeTrainer(Self.mlp, epochs: 1, seed: 7, data: train)
        let c = try makeTrainer(Self.mlp, epochs: 1, seed: 8, data: train)
        for t in [a, b, c] { try t.run(train: train, test: test) }
        let same = a.network.stateTensors.map(\.value) == b.network.stateTensors.map(\.value)
        let different = a.network.stateTensors.map(\.value) != c.network.stateTensors.map(\.value)
        #expect(same)
        #expect(different)
    }

    /// A run killed after its first epoch's checkpoint and resumed from it ends with exactly
    /// the weights and metrics of an uninterrupted run.
    @Test func resumeIsExact() throws {
        struct Crash: Error {}
        let (train, test) = try loadSubset()
        let full = try makeTrainer(Self.mlp, epochs: 2, data: train)
        try full.run(train: train, test: test)

        let dir = tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let crashing = try makeTrainer(Self.mlp, epochs: 2, data: train)
        var manifest = ModelManifest(arch: Self.mlp, inputShape: train.itemShape, classCount: 10,
                                     parameterCount: crashing.network.parameterCount, training: crashing.config,
                                     epochsCompleted: 0, history: [], trainData: train.fingerprint,
                                     testData: test.fingerprint, dataDirectory: committedSubsetDirectory)
        #expect(throws: Crash.self) {
            try crashing.run(train: train, test: test, epochEnd: { _ in
                manifest.epochsCompleted = crashing.epochsCompleted
                manifest.history = crashing.history
                try Checkpoint.save(crashing, manifest: manifest, to: dir)
                throw Crash()
            })
        }
        let resumed = try Checkpoint.loadTrainer(dir, manifest: try Checkpoint.loadManifest(dir))
        #expect(resumed.epochsCompleted == 1)
        try resumed.run(train: train, test: test)
        let identical = resumed.network.stateTensors.map(\.value) == full.network.stateTensors.map(\.value)
        #expect(identical)
        #expect(resumed.history.map(\.trainLoss) == full.history.map(\.trainLoss))
        #expect(resumed.history.map(\.testAccuracy) == full.history.map(\.testAccuracy))
    }

    /// `TrainingRun(initial:)` (train --init) starts from the given network's weights and
    /// batch-norm statistics, and refuses a network of another architecture.
    @Test func runStartsFromInitialWeights() throws {
        let (train, test) = try loadSubset()
        let trained = try makeTrainer(Self.mlp, epochs: 1, data: train)
        try trained.run(train: train, test: test)
        let dir = tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try ArchSpec(parsing: Self.mlp)
        let run = try TrainingRun(in: dir, spec: spec, config: TrainConfig(epochs: 1), train: train, test: test,
                                  data: DataOptions(data: committedSubsetDirectory), initial: trained.network)
        let same = run.trainer.network.stateTensors.map(\.value) == trained.network.stateTensors.map(\.value)
        #expect(same)
        let other = try Network(spec: ArchSpec(parsing: "dense(16) bn sq dense(10)"), encoding: train.encoding, seed: 1)
        let refused = tempDirectory()
        defer { try? FileManager.default.removeItem(at: refused) }
        #expect(throws: CheckpointError.self) {
            try TrainingRun(in: refused, spec: spec, config: TrainConfig(epochs: 1), train: train, test: test,
                            data: DataOptions(data: committedSubsetDirectory), initial: other)
        }
    }

    /// A run that diverges in its first epoch after resuming names the checkpoint it resumed
    /// (here a damaged Adam second moment, -3·10^38, as a flipped float in
    /// training-state.safetensors gives; finite, so the checkpoint reader accepts it).
    @Test func divergenceRightAfterResumingNamesTheCheckpoint() throws {
        let (train, test) = try loadSubset()
        let dir = tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try ArchSpec(parsing: Self.mlp)
        let data = DataOptions(data: committedSubsetDirectory)
        try TrainingRun(in: dir, spec: spec, config: TrainConfig(epochs: 1), train: train, test: test, data: data).run(train: train, test: test)
        let resumed = try TrainingRun(in: dir, spec: spec, config: TrainConfig(epochs: 1), train: train, test: test, data: data, epochs: 2)
        #expect(resumed.resumed)
        let name = try #require(resumed.trainer.optimizer.secondMoment.keys.sorted().first)
        resumed.trainer.optimizer.secondMoment[name]![0] = -3e38
        #expect { try resumed.run(train: train, test: test) } throws: { error in
            guard case let TrainError.divergedAfterResuming(epoch, _, directory) = error else { return false }
            return epoch == 2 && directory == dir.path && "\(error)".contains(dir.path + "/training-state.safetensors")
        }
    }

    @Test func checkpointRejectsCorruptFiles() throws {
        let (train, test) = try loadSubset()
        let t = try makeTrainer(Self.mlp, epochs: 1, data: train)
        let dir = tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let manifest = ModelManifest(arch: Self.mlp, inputShape: train.itemShape, classCount: 10, parameterCount: 0,
                                     training: t.config, epochsCompleted: 0, history: [], trainData: train.fingerprint,
                                     testData: test.fingerprint, dataDirectory: committedSubsetDirectory)
        try Checkpoint.save(t, manifest: manifest, to: dir)
        let weights = dir.appendingPathComponent(Checkpoint.weightsName)
        let good = try Data(contentsOf: weights)
        // Truncated weights.
        try good.prefix(good.count - 100).write(to: weights)
        #expect(throws: SafetensorsError.self) { try Checkpoint.loadNetwork(dir, manifest: manifest) }
        // Weights of another architecture.
        try good.write(to: weights)
        var other = manifest
        other.arch = "dense(16) bn sq dense(10)"
        #expect { try Checkpoint.loadNetwork(dir, manifest: other) } throws: { e in
            "\(e)".contains("model.safetensors") && "\(e)".contains("shape")
        }
        // A manifest of an unknown version, and one that is not JSON.
        let m = dir.appendingPathComponent(Checkpoint.manifestName)
        let json = try String(contentsOf: m, encoding: .utf8).replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 9")
        try json.write(to: m, atomically: true, encoding: .utf8)
        #expect { try Checkpoint.loadManifest(dir) } throws: { "\($0)".contains("version 9") }
        try "{nope".write(to: m, atomically: true, encoding: .utf8)
        #expect { try Checkpoint.loadManifest(dir) } throws: { "\($0)".contains("model.json") }
    }

    @Test func safetensorsRoundTripAndValidation() throws {
        let tensors: [String: StoredTensor] = [
            "a": StoredTensor(shape: [2, 3], storage: .f32([1, 2, 3, 4, 5, -6.5])),
            "b": StoredTensor(shape: [4], storage: .i8([-128, 0, 1, 127])),
            "c": StoredTensor(shape: [1], storage: .i64([Int64.min])),
            "d": StoredTensor(shape: [0], storage: .i32([])),
        ]
        let data = try Safetensors.encode(tensors, metadata: ["k": "v"])
        let back = try Safetensors.decode(data, path: "x.safetensors")
        #expect(back.tensors == tensors)
        #expect(back.metadata == ["k": "v"])
        #expect(throws: SafetensorsError.self) { try Safetensors.decode(data.prefix(5), path: "x") }
        #expect(throws: SafetensorsError.self) { try Safetensors.decode(data.prefix(data.count - 1), path: "x") }
        var badLength = data
        badLength[0] = 0xFF
        #expect(throws: SafetensorsError.self) { try Safetensors.decode(badLength, path: "x") }
    }

    @Test func scheduleAndOptimizer() {
        let cos = LRSchedule.cosine(warmupFraction: 0.1)
        #expect(cos.factor(step: 0, totalSteps: 100, stepsPerEpoch: 10) == 0.1)
        #expect(cos.factor(step: 10, totalSteps: 100, stepsPerEpoch: 10) == 1)
        #expect(abs(cos.factor(step: 99, totalSteps: 100, stepsPerEpoch: 10)) < 1e-3)
        #expect(LRSchedule.step(everyEpochs: 2, factor: 0.5).factor(step: 45, totalSteps: 100, stepsPerEpoch: 10) == 0.25)
        #expect(LRSchedule(parsing: "step:2:0.5") == .step(everyEpochs: 2, factor: 0.5))
        #expect(LRSchedule(parsing: "cosine:1.5") == nil)
        // Each optimiser minimises f(w) = Σ (w − 3)².
        for kind in OptimizerKind.allCases {
            var cfg = OptimizerConfig()
            cfg.kind = kind
            cfg.clipNorm = nil
            let p = Parameter(name: "w", shape: [3], value: [0, 10, -5], decays: false)
            let opt = Optimizer(cfg)
            for _ in 0..<3000 {
                p.grad = p.value.map { 2 * ($0 - 3) }
                opt.update([p], lr: kind == .sgd ? 0.01 : 0.05)
            }
            #expect(p.value.allSatisfy { abs($0 - 3) < 1e-2 }, "\(kind): \(p.value)")
        }
        // Clipping scales the update's gradient to the given norm.
        var cfg = OptimizerConfig()
        cfg.kind = .sgd
        cfg.momentum = 0
        cfg.clipNorm = 1
        let p = Parameter(name: "w", shape: [2], value: [0, 0], decays: false)
        p.grad = [30, 40]
        #expect(Optimizer(cfg).update([p], lr: 1) == 50)
        #expect(abs(p.value[0] + 0.6) < 1e-6 && abs(p.value[1] + 0.8) < 1e-6)
    }
}

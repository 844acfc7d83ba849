// Training one candidate up to a round's epoch count, resumable: its directory is an ordinary
// `zktrain train` checkpoint (saved after every epoch), so a killed sweep continues from the
// last finished epoch. Then the exact integer model is exported and its accuracy measured —
// integer accuracy is what a sweep ranks by, because it is what gets proven.
import Foundation
import Quantize
import Train
import Datasets

/// What one round of training produced for one candidate (`round-R.json` in its directory).
public struct CandidateResult: Codable, Equatable, Sendable {
    public var candidate: Candidate
    /// Halving round (0-based) and epochs finished.
    public var round: Int
    public var epochs: Int
    /// Exact costs of the exported integer model, params and MACs.
    public var score: CandidateScore
    /// Test accuracy of the float forward at the last epoch (quantization-aware once QAT started).
    public var floatAccuracy: Double
    /// Test accuracy of the exported integer model: what a proof attests.
    public var integerAccuracy: Double
    /// Wall seconds of all epochs so far (training and per-epoch evaluation).
    public var trainSeconds: Double
}

/// The data and settings every candidate of a sweep trains with.
public struct TrainingContext: Sendable {
    public var train: ImageDataset
    public var test: ImageDataset
    public var dataDirectory: String
    public var settings: SearchSpace.TrainingSettings
    /// Epochs of the learning-rate schedule (the last halving round's).
    public var scheduleEpochs: Int

    public init(dataDirectory: String, settings: SearchSpace.TrainingSettings, scheduleEpochs: Int) throws {
        train = try FashionMNIST.load(.train, from: dataDirectory)
        test = try FashionMNIST.load(.test, from: dataDirectory)
        self.dataDirectory = dataDirectory
        self.settings = settings
        self.scheduleEpochs = scheduleEpochs
    }
}

/// Thrown from the epoch callback to end a round early; never escapes `trainCandidate`.
private struct RoundComplete: Error {}

/// Trains `candidate` in `dir` until it has finished `epochs` epochs (resuming its checkpoint),
/// exports its integer model to `dir/int` and measures it. `progress` gets one line per epoch.
public func trainCandidate(_ candidate: Candidate, epochs: Int, round: Int, in dir: URL, context: TrainingContext,
                           scorer: Scorer, progress: (String) -> Void = { _ in }) throws -> CandidateResult {
    let s = context.settings
    setComputeThreads(s.threads)
    let trainer: Trainer
    var manifest: ModelManifest
    if FileManager.default.fileExists(atPath: dir.appendingPathComponent(Checkpoint.manifestName).path) {
        manifest = try Checkpoint.loadManifest(dir)
        guard manifest.arch == (try candidate.spec()).description, manifest.training.epochs == context.scheduleEpochs else {
            throw CodesignError("\(dir.path) holds \(manifest.arch) scheduled for \(manifest.training.epochs) epochs, not this candidate's run; remove it")
        }
        trainer = try Checkpoint.loadTrainer(dir, manifest: manifest)
    } else {
        var config = TrainConfig(epochs: context.scheduleEpochs)
        config.batchSize = s.batchSize
        config.seed = s.seed
        config.optimizer.learningRate = s.learningRate
        var qat = QATConfig(weightBits: try candidate.bits())
        qat.warmupEpochs = s.qatWarmup
        config.qat = qat
        let spec = try candidate.spec()
        let net = try Network(spec: spec, inputShape: context.train.itemShape, classCount: context.train.classCount, seed: s.seed)
        trainer = Trainer(network: net, config: config)
        manifest = ModelManifest(arch: spec.description, inputShape: context.train.itemShape, classCount: context.train.classCount,
                                 parameterCount: net.parameterCount, training: config, epochsCompleted: 0, history: [],
                                 trainData: context.train.fingerprint, testData: context.test.fingerprint,
                                 dataDirectory: context.dataDirectory)
    }
    if trainer.epochsCompleted < epochs {
        do {
            try trainer.run(train: context.train, test: context.test, epochEnd: { m in
                manifest.epochsCompleted = trainer.epochsCompleted
                manifest.history = trainer.history
                try Checkpoint.save(trainer, manifest: manifest, to: dir)
                progress(String(format: "  epoch %d: loss %.4f, float accuracy %.2f%% (%.1f s)", m.epoch, m.trainLoss, m.testAccuracy * 100, m.seconds))
                if trainer.epochsCompleted >= epochs { throw RoundComplete() }
            })
        } catch is RoundComplete {}
    }
    let integer = try exportIntegerModel(dir, candidate: candidate)
    try integer.write(to: dir.appendingPathComponent("int"))
    let predicted = try integer.predict(images: context.test.images, count: context.test.count, threads: s.threads)
    let correct = zip(predicted, context.test.labels).filter { $0 == Int($1) }.count
    return CandidateResult(candidate: candidate, round: round, epochs: trainer.epochsCompleted,
                           score: try scorer.score(integer, candidate: candidate),
                           floatAccuracy: trainer.history.last?.testAccuracy ?? 0,
                           integerAccuracy: Double(correct) / Double(max(context.test.count, 1)),
                           trainSeconds: trainer.history.reduce(0) { $0 + $1.seconds })
}

/// The exact integer model of the checkpoint in `dir`, exported with the candidate's rescale policy.
public func exportIntegerModel(_ dir: URL, candidate: Candidate) throws -> IntegerModel {
    guard let (net, qat) = try Checkpoint.loadQuantizedNetwork(dir) else { throw CodesignError("\(dir.path) was trained without QAT") }
    return try net.integerModel(qat, rescale: try candidate.rescalePolicy())
}

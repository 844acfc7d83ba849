// Training one candidate up to a round's epoch count, resumable: its directory is an ordinary
// `zktrain train` checkpoint (Train's `TrainingRun`, saved after every epoch), so a killed
// sweep continues from the last finished epoch. Then the exact integer model is exported and its accuracy measured —
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
    public var train: Dataset
    public var test: Dataset
    public var data: DataOptions
    public var settings: SearchSpace.TrainingSettings
    /// Epochs of the learning-rate schedule (the last halving round's).
    public var scheduleEpochs: Int

    /// Loads `data`; with `encoding` (the driver's, on a worker) that rule is applied instead of fitting one.
    public init(data: DataOptions, encoding: InputEncoding? = nil, settings: SearchSpace.TrainingSettings, scheduleEpochs: Int) throws {
        (train, test) = try DataSource.load(data, encoding: encoding)
        self.data = data
        self.settings = settings
        self.scheduleEpochs = scheduleEpochs
    }
}

/// Trains `candidate` in `dir` until it has finished `epochs` epochs (resuming its checkpoint,
/// a `TrainingRun`), exports its integer model to `dir/int` and measures it. `progress` gets
/// one line per epoch.
public func trainCandidate(_ candidate: Candidate, epochs: Int, round: Int, in dir: URL, context: TrainingContext,
                           scorer: Scorer, progress: (String) -> Void = { _ in }) throws -> CandidateResult {
    let s = context.settings
    setComputeThreads(s.threads)
    var config = TrainConfig(epochs: context.scheduleEpochs)
    config.batchSize = s.batchSize
    config.seed = s.seed
    config.optimizer.learningRate = s.learningRate
    var qat = QATConfig(weightBits: candidate.weightBits)
    qat.warmupEpochs = s.qatWarmup
    config.qat = qat
    let run = try TrainingRun(in: dir, spec: try candidate.spec(), config: config, train: context.train, test: context.test, data: context.data)
    guard run.trainer.config == config else {
        throw CodesignError("\(dir.path) holds a run with other training settings than this sweep's; remove it")
    }
    try run.run(train: context.train, test: context.test, untilEpoch: epochs, epochEnd: { m in
        progress(String(format: "  epoch %d: loss %.4f, float accuracy %.2f%% (%.1f s)", m.epoch, m.trainLoss, m.testAccuracy * 100, m.seconds))
    })
    var integer = try exportIntegerModel(dir, candidate: candidate)
    integer.encoding = context.train.encoding
    try integer.write(to: dir.appendingPathComponent("int"))
    return CandidateResult(candidate: candidate, round: round, epochs: run.trainer.epochsCompleted,
                           score: try scorer.score(integer, candidate: candidate),
                           floatAccuracy: run.trainer.history.last?.testAccuracy ?? 0,
                           integerAccuracy: try integer.accuracy(on: context.test, threads: s.threads),
                           trainSeconds: run.trainer.history.reduce(0) { $0 + $1.seconds })
}

/// The exact integer model of the checkpoint in `dir`, exported with the candidate's rescale policy.
public func exportIntegerModel(_ dir: URL, candidate: Candidate) throws -> IntegerModel {
    guard let (net, qat) = try Checkpoint.loadQuantizedNetwork(dir) else { throw CodesignError("\(dir.path) was trained without QAT") }
    return try net.integerModel(qat, rescale: candidate.rescale)
}

// The training loop: seeded per-epoch shuffling, mini-batch forward/backward, optimiser
// step with schedule and clipping, per-epoch evaluation, and a callback after each epoch
// (where the CLI writes its checkpoint). Deterministic for a given seed and thread count.
import Foundation
import Quantize
import Datasets
import Support

/// Hyper-parameters of a training run (saved in model.json).
public struct TrainConfig: Sendable, Codable, Equatable {
    public var epochs: Int
    public var batchSize: Int = 128
    public var seed: UInt64 = 1
    public var optimizer = OptimizerConfig()
    public var schedule: LRSchedule = .cosine(warmupFraction: 0.02)
    /// Quantization-aware training from epoch `qat.warmupEpochs` on (nil: float training).
    public var qat: QATConfig?
    public init(epochs: Int) { self.epochs = epochs }
}

/// Metrics of one finished epoch.
public struct EpochMetrics: Sendable, Codable, Equatable {
    public var epoch: Int
    public var trainLoss: Double
    public var testAccuracy: Double
    public var testLoss: Double
    public var seconds: Double
}

/// A progress snapshot, reported during an epoch.
public struct TrainProgress: Sendable {
    public var epoch: Int, epochs: Int
    public var batch: Int, batches: Int
    /// Running mean training loss of this epoch.
    public var loss: Double
    public var samplesPerSecond: Double
    /// Estimated seconds until the run ends.
    public var etaSeconds: Double
}

/// Trains a `Network` on an `Dataset`.
public final class Trainer {
    public let network: Network
    public let config: TrainConfig
    public let optimizer: Optimizer
    /// Epochs finished so far (a resumed run starts here).
    public private(set) var epochsCompleted: Int
    public private(set) var history: [EpochMetrics]

    public init(network: Network, config: TrainConfig, optimizer: Optimizer? = nil,
                epochsCompleted: Int = 0, history: [EpochMetrics] = []) {
        self.network = network
        self.config = config
        self.optimizer = optimizer ?? Optimizer(config.optimizer)
        self.epochsCompleted = epochsCompleted
        self.history = history
    }

    /// Sample order of epoch `epoch`: a Fisher–Yates shuffle seeded by (seed, epoch), so a
    /// resumed run sees exactly the batches an uninterrupted one would.
    public static func order(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var rng = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch))
        var idx = Array(0..<count)
        idx.shuffle(using: &rng)
        return idx
    }

    /// Runs the remaining epochs. `progress` is called about every `progressInterval`
    /// seconds; `epochEnd` after each epoch (checkpoint there; a throw stops training).
    public func run(train: Dataset, test: Dataset, progressInterval: Double = 0.5,
                    progress: (TrainProgress) -> Void = { _ in },
                    epochEnd: (EpochMetrics) throws -> Void = { _ in }) throws {
        let bs = config.batchSize
        // Drop a trailing batch of one: batch-norm statistics are undefined for it.
        let batches = train.count / bs + (train.count % bs > 1 ? 1 : 0)
        let totalSteps = batches * config.epochs
        let params = network.parameters
        let runStart = Date()
        var samplesThisRun = 0
        while epochsCompleted < config.epochs {
            let epoch = epochsCompleted
            if let qat = config.qat, epoch >= qat.warmupEpochs, !network.isQuantized {
                try network.enableQuantization(qat)
            }
            let epochStart = Date()
            var lastReport = Date.distantPast
            let order = Self.order(count: train.count, seed: config.seed, epoch: epoch)
            var lossSum = 0.0, seen = 0
            for b in 0..<batches {
                let idx = order[(b * bs)..<min((b + 1) * bs, train.count)]
                let (x, labels) = train.batch(idx)
                let logits = network.forward(x, training: true)
                let (loss, grad) = softmaxCrossEntropy(logits, labels: labels[...])
                guard loss.isFinite else { throw TrainError.diverged(epoch: epoch + 1, batch: b + 1) }
                network.backward(grad)
                let step = epoch * batches + b
                let lr = config.optimizer.learningRate * config.schedule.factor(step: step, totalSteps: totalSteps, stepsPerEpoch: batches)
                optimizer.update(params, lr: lr)
                lossSum += Double(loss) * Double(idx.count)
                seen += idx.count
                samplesThisRun += idx.count
                if Date().timeIntervalSince(lastReport) >= progressInterval || b == batches - 1 {
                    lastReport = Date()
                    let rate = Double(samplesThisRun) / max(Date().timeIntervalSince(runStart), 1e-9)
                    let remaining = Double((config.epochs - epoch) * train.count - seen)
                    progress(TrainProgress(epoch: epoch + 1, epochs: config.epochs, batch: b + 1, batches: batches,
                                           loss: lossSum / Double(seen), samplesPerSecond: rate,
                                           etaSeconds: remaining / max(rate, 1e-9)))
                }
            }
            let eval = network.evaluate(on: test)
            let metrics = EpochMetrics(epoch: epoch + 1, trainLoss: lossSum / Double(max(seen, 1)),
                                       testAccuracy: eval.accuracy, testLoss: eval.loss,
                                       seconds: Date().timeIntervalSince(epochStart))
            epochsCompleted += 1
            history.append(metrics)
            try epochEnd(metrics)
        }
    }
}

/// A training run that cannot go on.
public enum TrainError: Error, CustomStringConvertible {
    case diverged(epoch: Int, batch: Int)
    /// Diverged in the first epoch after resuming from the checkpoint in `directory`.
    case divergedAfterResuming(epoch: Int, batch: Int, directory: String)
    /// The architecture does not fit the data (`source` names it, `shape` says what it holds).
    case specDoesNotFitData(SpecError, source: String, shape: DataShape)

    public var description: String {
        switch self {
        case let .specDoesNotFitData(error, source, shape):
            return "\(error) — the data in \(source) has \(shape)"
        case let .diverged(e, b):
            return "training diverged: the loss became infinite or NaN at epoch \(e), batch \(b). "
                + "Polynomial activations grow fast: put `bn` before each `sq`, lower --lr, or keep --clip (gradient-norm clipping) on."
        case let .divergedAfterResuming(e, b, directory):
            return "training diverged right after resuming from \(directory): the loss became infinite or NaN at epoch \(e), batch \(b). "
                + "The checkpoint's weights (\(directory)/\(Checkpoint.weightsName), \(directory)/\(Checkpoint.stateName)) may be damaged "
                + "or saved by a run that was already diverging: resume from an earlier copy or train anew."
        }
    }
}

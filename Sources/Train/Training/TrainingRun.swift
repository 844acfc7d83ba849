// A resumable training run in a model directory: the one implementation behind `zktrain
// train` and a sweep's candidate training. The directory is an ordinary checkpoint saved
// after every epoch (an ArtifactSet), so a killed run continues from its last finished epoch
// on the same data; a run on other data, or another architecture, is refused.
import Datasets
import Foundation
import Support

/// A model directory being trained, new or resumed.
public final class TrainingRun {
    /// The directory holding the checkpoint.
    public let directory: URL
    /// The trainer (network, optimiser, history).
    public let trainer: Trainer
    /// The checkpoint's manifest as last saved.
    public private(set) var manifest: ModelManifest
    /// Whether `open` found a checkpoint to continue.
    public var resumed: Bool { resumedAtEpoch != nil }
    /// The epochs the checkpoint held when it was loaded (nil for a new run).
    private let resumedAtEpoch: Int?

    /// Opens the run in `directory`: resumes its checkpoint if there is one (checking that the
    /// architecture and the training data are the same), else starts a new network of `spec`
    /// trained with `config`. `epochs` replaces the stored epoch count when resuming, so a
    /// finished run can be extended. A new run starts from `initial`'s weights and batch-norm
    /// statistics when given (fine-tuning; `initial` must have the architecture `spec`).
    public init(in directory: URL, spec: ArchSpec, config: TrainConfig, train: Dataset, test: Dataset,
                data: DataOptions, epochs: Int? = nil, initial: Network? = nil) throws {
        self.directory = directory
        let manifestPath = directory.appendingPathComponent(Checkpoint.manifestName).path
        try ArtifactSet.recover(in: directory)  // a checkpoint a killed writer left half-committed is finished first
        if FileManager.default.fileExists(atPath: manifestPath) {
            var m = try Checkpoint.loadManifest(directory)
            guard m.arch == spec.description else {
                throw CheckpointError(path: manifestPath, problem: "holds \(m.arch), not \(spec.description); choose another directory")
            }
            guard m.trainData == train.fingerprint, m.inputEncoding == train.encoding else {
                throw CheckpointError(path: manifestPath, problem: "was trained on other data (\(m.trainData), now \(train.fingerprint)); "
                    + "pass the same data options or choose another directory")
            }
            if let epochs { m.training.epochs = epochs }
            trainer = try Checkpoint.loadTrainer(directory, manifest: m)
            manifest = m
            resumedAtEpoch = trainer.epochsCompleted
        } else {
            let net: Network
            do { net = try Network(spec: spec, encoding: train.encoding, seed: config.seed) } catch let error as SpecError {
                throw TrainError.specDoesNotFitData(error, source: data.data ?? "Fashion-MNIST", shape: train.encoding.dataShape)
            }
            if let initial {
                guard initial.spec == spec, initial.inputShape == net.inputShape, initial.classCount == net.classCount else {
                    throw CheckpointError(path: directory.path, problem: "the initial model is \(initial.spec) on \(initial.inputShape) with \(initial.classCount) classes, "
                        + "not \(spec) on \(net.inputShape) with \(net.classCount) classes")
                }
                for (p, q) in zip(net.stateTensors, initial.stateTensors) { p.value = q.value }
            }
            trainer = Trainer(network: net, config: config)
            manifest = ModelManifest(arch: spec.description, parameterCount: net.parameterCount, training: config, epochsCompleted: 0,
                                     history: [], trainData: train, testData: test, data: data)
            resumedAtEpoch = nil
        }
    }

    /// Trains until `untilEpoch` epochs are finished (default: all scheduled), saving the
    /// checkpoint after every epoch. `progress` is called about twice a second, `epochEnd`
    /// after each saved epoch.
    public func run(train: Dataset, test: Dataset, untilEpoch: Int? = nil, progress: (TrainProgress) -> Void = { _ in },
                    epochEnd: (EpochMetrics) throws -> Void = { _ in }) throws {
        let stop = min(untilEpoch ?? trainer.config.epochs, trainer.config.epochs)
        guard trainer.epochsCompleted < stop else { return }
        do {
            try trainer.run(train: train, test: test, progress: progress, epochEnd: { m in
                manifest.epochsCompleted = trainer.epochsCompleted
                manifest.history = trainer.history
                try Checkpoint.save(trainer, manifest: manifest, to: directory)
                try epochEnd(m)
                if trainer.epochsCompleted >= stop { throw StopAfterEpoch() }
            })
        } catch is StopAfterEpoch {
        } catch let TrainError.diverged(epoch, batch) where resumedAtEpoch.map({ epoch == $0 + 1 }) == true {
            throw TrainError.divergedAfterResuming(epoch: epoch, batch: batch, directory: directory.path)
        }
    }

    /// Thrown from the epoch callback to end a partial run; never escapes `run`.
    private struct StopAfterEpoch: Error {}
}

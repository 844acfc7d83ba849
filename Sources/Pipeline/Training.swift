// Training and quantizing as library calls: what `zktrain train` and `zktrain quantize` do,
// for a Swift program. Data comes through Datasets' `DataSource` (the stored encoding is
// reused whenever a model already has one), training through Train's resumable `TrainingRun`.
import Datasets
import Foundation
import Quantize
import Train

/// What a finished (or resumed) training call produced.
public struct TrainingReport: Sendable {
    /// The model directory.
    public var directory: URL
    public var arch: String
    public var parameterCount: Int
    public var epochsCompleted: Int
    /// Test accuracy of the float (quantization-aware) forward after the last epoch.
    public var testAccuracy: Double?
    /// Training and test set sizes and their shape.
    public var trainCount: Int
    public var testCount: Int
    public var dataShape: DataShape
}

/// What quantizing a model produced.
public struct QuantizationReport: Sendable {
    /// The integer model (also written to the output directory).
    public var model: IntegerModel
    public var comparison: QuantizationComparison
    public var testCount: Int
    /// Bits of the largest proven bound of any tensor.
    public var largestBoundBits: Int
    public var weightBits: WeightBits
}

public enum Pipeline {
    /// Trains `arch` on `data` into `out` (or continues the run there with `resume`),
    /// checkpointing every epoch. `started` is told whether the run was resumed before the
    /// first epoch; `progress` and `epochEnd` report as `TrainingRun.run` does. When resuming,
    /// `data` is laid over the options the model remembers (`DataOptions.overriding`). With
    /// `initial` (a checkpoint directory) a new run starts from that model's weights (fine-tuning);
    /// its architecture is the default `arch`, and its data options lie under `data`.
    public static func train(arch: String?, config: TrainConfig, data: DataOptions, out: URL, resume: Bool, initial: URL? = nil,
                             started: (TrainingRun, Dataset, Dataset) -> Void = { _, _, _ in },
                             progress: (TrainProgress) -> Void = { _ in },
                             epochEnd: (EpochMetrics) throws -> Void = { _ in }) throws -> TrainingReport {
        let manifest = out.appendingPathComponent(Checkpoint.manifestName).path
        let exists = FileManager.default.fileExists(atPath: manifest)
        if exists && !resume {
            throw PipelineError("\(out.path) already holds a model; pass --resume to continue it or choose another --out")
        }
        if resume && !exists {
            // fileExists follows links: a link that loops or leads nowhere is there but unreadable.
            if (try? FileManager.default.attributesOfItem(atPath: manifest)) != nil {
                throw PipelineError("\(manifest): cannot be read (a symbolic link that loops or leads nowhere?), so there is no model to resume")
            }
            throw PipelineError("\(out.path) holds no model to resume (no \(Checkpoint.manifestName))")
        }
        if resume && initial != nil { throw PipelineError("--init starts a new run; it cannot be combined with --resume") }
        let stored = resume ? try Checkpoint.loadManifest(out) : nil
        let start = try initial.map { try Checkpoint.loadManifest($0) }
        let options = (stored ?? start).map { data.overriding($0.dataOptions) } ?? data
        let (train, test) = try DataSource.load(options, encoding: stored?.encoding)
        guard let specText = arch ?? stored?.arch ?? start?.arch else { throw PipelineError("give an architecture (--arch)") }
        let spec = try ArchSpec(parsing: specText)
        let initialNetwork = try initial.flatMap { dir in try start.map { try Checkpoint.loadNetwork(dir, manifest: $0) } }
        let run = try TrainingRun(in: out, spec: spec, config: config, train: train, test: test, data: options, epochs: config.epochs,
                                  initial: initialNetwork)
        started(run, train, test)
        try run.run(train: train, test: test, progress: progress, epochEnd: epochEnd)
        return TrainingReport(directory: out, arch: spec.description, parameterCount: run.trainer.network.parameterCount,
                              epochsCompleted: run.trainer.epochsCompleted, testAccuracy: run.trainer.history.last?.testAccuracy,
                              trainCount: train.count, testCount: test.count, dataShape: train.encoding.dataShape)
    }

    /// Exports the checkpoint in `model` to an exact integer model in `out` (with the model's
    /// input encoding) and compares it with the float forward on the test set. `weightBits`
    /// quantizes a float-trained model, or overrides the QAT width; `data` is laid over the
    /// remembered data options (`DataOptions.overriding`; the stored encoding is always applied).
    public static func quantize(model: URL, out: URL, rescale: RescalePolicy = .auto(), weightBits: WeightBits? = nil,
                                data: DataOptions = DataOptions(), threads: Int = 2) throws -> QuantizationReport {
        let manifest = try Checkpoint.loadManifest(model)
        let net = try Checkpoint.loadNetwork(model, manifest: manifest)
        guard var qat = manifest.training.qat ?? weightBits.map({ QATConfig(weightBits: $0) }) else {
            throw PipelineError("\(model.path) was trained without quantization-aware training; pass --weight-bits to quantize it after training")
        }
        if let weightBits { qat.weightBits = weightBits }
        try net.enableQuantization(qat)
        var integer = try net.integerModel(qat, rescale: rescale)
        integer.encoding = manifest.inputEncoding
        try integer.write(to: out)
        try ModelDirectory.writeDataOptions(manifest.dataOptions, in: out)
        let test = try DataSource.loadTest(data.overriding(manifest.dataOptions), encoding: manifest.inputEncoding)
        return QuantizationReport(model: integer, comparison: try net.compare(with: integer, on: test, threads: threads),
                                  testCount: test.count, largestBoundBits: try integer.analyze().map(\.bits).max() ?? 0,
                                  weightBits: qat.weightBits)
    }

}

// Checkpoints: `model.json` (format version, architecture, hyper-parameters, metrics,
// data fingerprints) + `model.safetensors` (weights and batch-norm statistics) +
// `training-state.safetensors` (optimiser moments, for --resume). The three are one
// `ArtifactSet`: a reader sees one epoch's files, never a mix, whenever the writer is killed.
import Foundation
import Quantize
import Support
import Datasets

/// The JSON half of a checkpoint.
public struct ModelManifest: Codable, Sendable, Equatable {
    /// Identifies the file kind.
    public var format = "zktrain.model"
    /// Layout version; readers reject versions they do not know.
    public var version = 1
    /// Canonical architecture spec.
    public var arch: String
    public var inputShape: [Int]
    public var classCount: Int
    public var parameterCount: Int
    public var training: TrainConfig
    public var epochsCompleted: Int
    public var history: [EpochMetrics]
    /// Fingerprints of the data the model was trained and evaluated on.
    public var trainData: String
    public var testData: String
    /// Where the data came from and how it was split and encoded (nil in models written
    /// before data options existed: those read Fashion-MNIST from `dataDirectory`).
    public var data: DataOptions?
    /// How raw data becomes the model's integer inputs (nil in older models: uint8 pixels).
    public var encoding: InputEncoding?
    /// Directory the data was read from, in models written before `data` existed.
    public var dataDirectory: String?

    public init(arch: String, parameterCount: Int, training: TrainConfig, epochsCompleted: Int, history: [EpochMetrics],
                trainData: Dataset, testData: Dataset, data: DataOptions) {
        self.arch = arch
        self.inputShape = trainData.itemShape
        self.classCount = trainData.classCount
        self.parameterCount = parameterCount
        self.training = training
        self.epochsCompleted = epochsCompleted
        self.history = history
        self.trainData = trainData.fingerprint
        self.testData = testData.fingerprint
        self.data = data
        self.encoding = trainData.encoding
    }

    /// The data options the model was trained with.
    public var dataOptions: DataOptions { data ?? DataOptions(data: dataDirectory) }

    /// The model's input encoding: the stored one, or uint8 pixels for older models.
    public var inputEncoding: InputEncoding {
        encoding ?? .pixels(shape: inputShape, classNames: InputEncoding.numberedClasses(classCount))
    }

    /// Test accuracy after the last finished epoch.
    public var testAccuracy: Double? { history.last?.testAccuracy }
}

extension ModelManifest {
    /// The fields of a pre-data-options manifest (tests build old-style manifests with it).
    init(arch: String, inputShape: [Int], classCount: Int, parameterCount: Int, training: TrainConfig,
         epochsCompleted: Int, history: [EpochMetrics], trainData: String, testData: String, dataDirectory: String) {
        self.arch = arch
        self.inputShape = inputShape
        self.classCount = classCount
        self.parameterCount = parameterCount
        self.training = training
        self.epochsCompleted = epochsCompleted
        self.history = history
        self.trainData = trainData
        self.testData = testData
        self.dataDirectory = dataDirectory
    }
}

/// An error reading a checkpoint directory: names the file and the problem.
public struct CheckpointError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}

/// Saving and loading checkpoint directories.
public enum Checkpoint {
    public static let manifestName = "model.json"
    public static let weightsName = "model.safetensors"
    public static let stateName = "training-state.safetensors"

    /// Writes the trainer's network, optimiser state and manifest into `dir` (created if needed).
    public static func save(_ trainer: Trainer, manifest: ModelManifest, to dir: URL) throws {
        var weights: [String: StoredTensor] = [:]
        for p in trainer.network.stateTensors { weights[p.name] = StoredTensor(shape: p.shape, storage: .f32(p.value)) }
        var state: [String: StoredTensor] = [:]
        for (name, m) in trainer.optimizer.firstMoment { state["m." + name] = StoredTensor(shape: [m.count], storage: .f32(m)) }
        for (name, v) in trainer.optimizer.secondMoment { state["v." + name] = StoredTensor(shape: [v.count], storage: .f32(v)) }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        var files = try ArtifactSet(in: dir)
        try files.add(stateName, try Safetensors.encode(state, metadata: ["step": String(trainer.optimizer.step)]))
        try files.add(weightsName, try Safetensors.encode(weights, metadata: ["format": "zktrain.weights", "arch": manifest.arch]))
        try files.add(manifestName, try enc.encode(manifest))
        try files.commit()
    }

    /// Reads and validates `dir/model.json`.
    public static func loadManifest(_ dir: URL) throws -> ModelManifest {
        try ArtifactSet.recover(in: dir)
        let url = dir.appendingPathComponent(manifestName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CheckpointError(path: url.path, problem: "not found (is \(dir.path) a model directory written by `zktrain train`?)")
        }
        let m: ModelManifest
        do { m = try StrictJSON.decode(ModelManifest.self, from: data, path: url.path) } catch let e as FormatError {
            throw CheckpointError(path: url.path, problem: "not a valid model manifest: \(e.problem)")
        }
        guard m.format == "zktrain.model" else { throw CheckpointError(path: url.path, problem: "format is '\(m.format)', expected 'zktrain.model'") }
        guard m.version == 1 else { throw CheckpointError(path: url.path, problem: "format version \(m.version) is not supported (this build reads version 1)") }
        if let problem = m.training.problem { throw CheckpointError(path: url.path, problem: "training.\(problem)") }
        if let e = m.encoding {
            do { try e.validate(path: url.path) } catch let error as FormatError { throw CheckpointError(path: url.path, problem: error.problem) }
            guard e.shape == m.inputShape, e.classNames.count == m.classCount else {
                throw CheckpointError(path: url.path, problem: "encoding shape \(e.shape) or \(e.classNames.count) classes differ from inputShape \(m.inputShape), classCount \(m.classCount)")
            }
        }
        guard (0...m.training.epochs).contains(m.epochsCompleted), m.history.count == m.epochsCompleted else {
            throw CheckpointError(path: url.path, problem: "epochsCompleted \(m.epochsCompleted) does not match its history (\(m.history.count) epochs) or training.epochs")
        }
        return m
    }

    /// Rebuilds the network of `manifest` and loads its weights from `dir/model.safetensors`.
    public static func loadNetwork(_ dir: URL, manifest m: ModelManifest) throws -> Network {
        let url = dir.appendingPathComponent(weightsName)
        let spec = try ArchSpec(parsing: m.arch)
        let net = try Network(spec: spec, encoding: m.inputEncoding, seed: m.training.seed)
        let tensors = try readTensors(url)
        for p in net.stateTensors {
            guard let t = tensors[p.name] else { throw CheckpointError(path: url.path, problem: "missing tensor '\(p.name)' for architecture \(m.arch)") }
            guard t.shape == p.shape, let v = t.floats else {
                throw CheckpointError(path: url.path, problem: "tensor '\(p.name)' has shape \(t.shape), the architecture needs \(p.shape) (F32)")
            }
            guard v.allSatisfy(\.isFinite) else { throw CheckpointError(path: url.path, problem: "tensor '\(p.name)' holds NaN or infinite values") }
            p.value = v
        }
        if tensors.count != net.stateTensors.count {
            let extra = Set(tensors.keys).subtracting(net.stateTensors.map(\.name)).sorted()
            throw CheckpointError(path: url.path, problem: "tensors not in architecture \(m.arch): \(extra.prefix(5).joined(separator: ", "))")
        }
        return net
    }

    /// Restores a trainer (network, optimiser moments, history) to continue a run.
    public static func loadTrainer(_ dir: URL, manifest m: ModelManifest) throws -> Trainer {
        let net = try loadNetwork(dir, manifest: m)
        let url = dir.appendingPathComponent(stateName)
        let (tensors, meta) = try readTensorsAndMetadata(url)
        guard let step = meta["step"].flatMap(Int.init), step >= 0 else { throw CheckpointError(path: url.path, problem: "missing or negative optimiser step count") }
        var first: [String: [Float]] = [:], second: [String: [Float]] = [:]
        for (name, t) in tensors {
            guard let v = t.floats else { throw CheckpointError(path: url.path, problem: "tensor '\(name)' is not F32") }
            guard v.allSatisfy(\.isFinite) else { throw CheckpointError(path: url.path, problem: "tensor '\(name)' holds NaN or infinite values") }
            if name.hasPrefix("m.") { first[String(name.dropFirst(2))] = v } else if name.hasPrefix("v.") { second[String(name.dropFirst(2))] = v }
            else { throw CheckpointError(path: url.path, problem: "tensor '\(name)' is not an optimiser moment (m.* or v.*)") }
        }
        let names = Set(net.parameters.map(\.name))
        for (kind, moments) in [("first", first), ("second", second)] {
            guard Set(moments.keys).isSubset(of: names) else {
                throw CheckpointError(path: url.path, problem: "\(kind) moments for parameters the model does not have")
            }
        }
        for p in net.parameters where first[p.name].map({ $0.count != p.value.count }) ?? false || second[p.name].map({ $0.count != p.value.count }) ?? false {
            throw CheckpointError(path: url.path, problem: "optimiser state for '\(p.name)' does not match the model")
        }
        let opt = Optimizer(m.training.optimizer)
        opt.restore(step: step, first: first, second: second)
        return Trainer(network: net, config: m.training, optimizer: opt, epochsCompleted: m.epochsCompleted, history: m.history)
    }

    private static func readTensors(_ url: URL) throws -> [String: StoredTensor] { try readTensorsAndMetadata(url).0 }

    private static func readTensorsAndMetadata(_ url: URL) throws -> ([String: StoredTensor], [String: String]) {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw CheckpointError(path: url.path, problem: "not found") }
        let r = try Safetensors.decode(data, path: url.path)
        return (r.tensors, r.metadata)
    }
}

extension Checkpoint {
    /// The network of the checkpoint in `dir` with quantization-aware training enabled as it
    /// was trained, and those QAT settings (what an integer export starts from); `nil` if the
    /// model was trained in float.
    public static func loadQuantizedNetwork(_ dir: URL) throws -> (network: Network, qat: QATConfig)? {
        let manifest = try loadManifest(dir)
        guard let qat = manifest.training.qat else { return nil }
        let net = try loadNetwork(dir, manifest: manifest)
        try net.enableQuantization(qat)
        return (net, qat)
    }
}

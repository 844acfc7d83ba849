// Evaluating a trained model on its test set as a library call (`zktrain eval`): a float
// checkpoint through its forward pass, an integer model exactly in integers.
import Datasets
import Foundation
import Quantize
import Train

/// A model's accuracy on a test set.
public struct EvaluationReport: Sendable {
    public var arch: String
    public var accuracy: Double
    /// Mean cross-entropy (float models only).
    public var loss: Double?
    public var samples: Int
    /// Fingerprint of the test data.
    public var data: String
    public var integer: Bool
}

extension Pipeline {
    /// Evaluates the checkpoint (or, with `integer`, the integer model) in `model` on its test
    /// set; `data` is laid over the data options the model remembers.
    public static func evaluate(model: URL, integer: Bool, data: DataOptions = DataOptions(), threads: Int = 2) throws -> EvaluationReport {
        if integer {
            let directory = try ModelDirectory(model)
            let m = directory.model
            let test = try DataSource.loadTest(data.overriding(directory.data ?? DataOptions()), encoding: m.encoding)
            return EvaluationReport(arch: m.arch, accuracy: try m.accuracy(on: test, threads: threads), loss: nil,
                                    samples: test.count, data: test.fingerprint, integer: true)
        }
        let manifest = try Checkpoint.loadManifest(model)
        let net = try Checkpoint.loadNetwork(model, manifest: manifest)
        let test = try DataSource.loadTest(data.overriding(manifest.dataOptions), encoding: manifest.inputEncoding)
        let e = net.evaluate(on: test)
        return EvaluationReport(arch: manifest.arch, accuracy: e.accuracy, loss: e.loss, samples: e.samples, data: test.fingerprint, integer: false)
    }

    /// An integer model of `spec` with random (seeded) weights of `bits` on data of `input`,
    /// exported like a trained one: what its circuit would look like before training.
    public static func untrainedModel(spec: String, weightBits bits: WeightBits, input: DataShape, seed: UInt64 = 1) throws -> IntegerModel {
        let net = try Network(spec: ArchSpec(parsing: spec), inputShape: input.shape, classCount: input.classCount, seed: seed,
                              inputScale: input.range == 0...255 ? InputEncoding.pixelScale : 1 / Double(max(input.range.upperBound, 1)),
                              inputRange: input.range)
        let qat = QATConfig(weightBits: bits)
        try net.enableQuantization(qat)
        return try net.integerModel(qat, rescale: .auto())
    }
}

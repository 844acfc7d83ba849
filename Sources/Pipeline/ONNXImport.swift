// `zktrain import MODEL.onnx --out DIR` as a library call: a sequential ONNX graph becomes an
// ordinary checkpoint directory (model.json, model.safetensors, training-state.safetensors)
// for the data it will be used with, so that eval, quantize --weight-bits, cost, compile and
// prove accept it. The graph's input is taken to be the data's integers times the encoding's
// scale (pixels / 255, as torchvision's ToTensor gives), NCHW for images.
import Datasets
import Foundation
import Interchange
import Support
import Train

/// What `Pipeline.importONNX` wrote.
public struct ONNXImportReport: Sendable {
    public var arch: String
    public var parameterCount: Int
    /// Float accuracy of the imported network on the test set.
    public var testAccuracy: Double
    public var testCount: Int
}

extension Pipeline {
    /// Imports `onnx` into the new model directory `out`, for the data of `data`.
    public static func importONNX(onnx: URL, out: URL, data: DataOptions = DataOptions()) throws -> ONNXImportReport {
        if FileManager.default.fileExists(atPath: out.appendingPathComponent(Checkpoint.manifestName).path) {
            throw PipelineError("\(out.path) already holds a model; choose another --out")
        }
        let model = try ONNXModel(contentsOf: onnx)
        let imported = try ONNXImporter.graph(model, path: onnx.path)
        let (train, test) = try DataSource.load(data)
        let encoding = train.encoding
        guard encoding.shape == imported.inputShape, encoding.classNames.count == imported.classCount else {
            throw PipelineError("\(onnx.path): the graph takes \(imported.inputShape) (ZKTrain's [H, W, C] or [features]) and gives \(imported.classCount) logits, "
                                + "but the data has items of shape \(encoding.shape) and \(encoding.classNames.count) classes")
        }
        let net: Network
        do { net = try imported.network(inputScale: encoding.scale, inputRange: encoding.range) } catch let e as FormatError {
            throw FormatError(path: onnx.path, problem: e.problem)
        }
        var config = TrainConfig(epochs: 1)
        config.seed = 1
        let trainer = Trainer(network: net, config: config)
        let manifest = ModelManifest(arch: imported.spec.description, parameterCount: net.parameterCount, training: config,
                                     epochsCompleted: 0, history: [], trainData: train, testData: test, data: data)
        try Checkpoint.save(trainer, manifest: manifest, to: out)
        return ONNXImportReport(arch: imported.spec.description, parameterCount: net.parameterCount,
                                testAccuracy: net.evaluate(on: test).accuracy, testCount: test.count)
    }
}

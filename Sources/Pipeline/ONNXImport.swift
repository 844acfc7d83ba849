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
    /// Float accuracy of the written (converted, if asked) network on the test set.
    public var testAccuracy: Double
    /// With `convert`: the float accuracy before conversion, when ZKTrain can compute it (nil
    /// when a MaxPool was replaced: ZKTrain has no max-pool layer).
    public var originalAccuracy: Double?
    /// With `convert`: what was replaced, e.g. "layer 3: relu → poly(relu,d2,r4.2)".
    public var conversions: [String]
    public var testCount: Int
}

extension Pipeline {
    /// Imports `onnx` into the new model directory `out`, for the data of `data`. With
    /// `convert`, the model is made provable: each MaxPool becomes an average pool and each
    /// ReLU a degree-2 least-squares fit to ReLU on [−R, R], R = 3 × the root-mean-square of the
    /// layer's input on (up to 4,096 items of) the training data; fine-tune it afterwards
    /// (`train --init`).
    public static func importONNX(onnx: URL, out: URL, data: DataOptions = DataOptions(), convert: Bool = false) throws -> ONNXImportReport {
        if FileManager.default.fileExists(atPath: out.appendingPathComponent(Checkpoint.manifestName).path) {
            throw PipelineError("\(out.path) already holds a model; choose another --out")
        }
        let model = try ONNXModel(contentsOf: onnx)
        var imported = try ONNXImporter.graph(model, path: onnx.path, maxPoolAsAverage: convert)
        let (train, test) = try DataSource.load(data)
        let encoding = train.encoding
        guard encoding.shape == imported.inputShape, encoding.classNames.count == imported.classCount else {
            throw PipelineError("\(onnx.path): the graph takes \(imported.inputShape) (ZKTrain's [H, W, C] or [features]) and gives \(imported.classCount) logits, "
                                + "but the data has items of shape \(encoding.shape) and \(encoding.classNames.count) classes")
        }
        func build(_ g: ImportedGraph) throws -> Network {
            do { return try g.network(inputScale: encoding.scale, inputRange: encoding.range) } catch let e as FormatError {
                throw FormatError(path: onnx.path, problem: e.problem)
            } catch let e as SpecError {
                throw FormatError(path: onnx.path, problem: "the graph's layers \(g.spec) do not make a ZKTrain network: \(e.message)")
            }
        }
        var net = try build(imported)
        var original: Double?, conversions: [String] = []
        if convert {
            original = imported.maxPoolsReplaced == 0 ? net.evaluate(on: test).accuracy : nil
            if imported.maxPoolsReplaced > 0 { conversions.append("\(imported.maxPoolsReplaced) MaxPool → avgpool") }
            let ranges = reluFitRanges(net, on: train)
            for (i, r) in ranges.sorted(by: { $0.key < $1.key }) {
                let range = max((r * 100).rounded(.up) / 100, 0.01)
                imported.spec.layers[i] = .polyFit(target: .relu, degree: 2, range: range)
                conversions.append("layer \(i + 1): relu → \(imported.spec.layers[i])")
            }
            if !ranges.isEmpty { net = try build(imported) }
        }
        var config = TrainConfig(epochs: 1)
        config.seed = 1
        let trainer = Trainer(network: net, config: config)
        let manifest = ModelManifest(arch: imported.spec.description, parameterCount: net.parameterCount, training: config,
                                     epochsCompleted: 0, history: [], trainData: train, testData: test, data: data)
        try Checkpoint.save(trainer, manifest: manifest, to: out)
        return ONNXImportReport(arch: imported.spec.description, parameterCount: net.parameterCount,
                                testAccuracy: net.evaluate(on: test).accuracy, originalAccuracy: original, conversions: conversions,
                                testCount: test.count)
    }

    /// For each relu layer (by layer index): 3 × the root-mean-square of its input over up to
    /// 4,096 items of `data`. (The largest |input| fitted much worse: 23 % right after conversion
    /// instead of 80 % on the check's CNN, since outliers stretch the range.)
    private static func reluFitRanges(_ net: Network, on data: Dataset) -> [Int: Double] {
        var squares: [Int: (sum: Double, count: Int)] = [:]
        for (i, l) in net.layers.enumerated() where l.spec == .relu { squares[i] = (0, 0) }
        guard !squares.isEmpty else { return [:] }
        let items = min(data.count, 4096)
        var start = 0
        while start < items {
            let idx = Array(start..<min(start + 256, items))
            var h = data.batch(idx[...]).x
            for (i, layer) in net.layers.enumerated() {
                if let s = squares[i] { squares[i] = (s.sum + h.data.reduce(0) { $0 + Double($1) * Double($1) }, s.count + h.count) }
                h = layer.forward(h, training: false)
            }
            start += 256
        }
        return squares.mapValues { 3 * ($0.sum / Double(max($0.count, 1))).squareRoot() }
    }
}

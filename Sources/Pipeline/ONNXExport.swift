// `zktrain export DIR --onnx OUT.onnx` as a library call: a checkpoint's float network (or, for
// a QAT checkpoint, the float image of its integer model) as an ONNX graph, and optionally a
// reference file with the test set's integer inputs, ZKTrain's logits and, for a QAT model, the
// integer model's predictions, so that any ONNX runtime's output can be checked against them.
import Datasets
import Foundation
import Interchange
import Quantize
import Support
import Train

/// What `Pipeline.exportONNX` wrote.
public struct ONNXExportReport: Sendable {
    public var arch: String
    /// "float" or "qat" (the float image of the integer model).
    public var kind: String
    public var nodes: Int
    public var bytes: Int
    /// Test items in the reference file (0 without one).
    public var referenceItems: Int
}

extension Pipeline {
    /// Exports the checkpoint in `model` to `onnx`; with `reference`, also writes there (JSON)
    /// the test set of `data` (laid over the model's data options): `inputs` (integers, ZKTrain's
    /// NHWC order), `scale`, `logits` (ZKTrain's forward), `labels`, and for a QAT model
    /// `integerPredictions` (the exact integer model's classes).
    public static func exportONNX(model: URL, onnx: URL, reference: URL? = nil, data: DataOptions = DataOptions(),
                                  threads: Int = 2) throws -> ONNXExportReport {
        let manifest = try Checkpoint.loadManifest(model)
        let net = try Checkpoint.loadNetwork(model, manifest: manifest)
        let encoding = manifest.inputEncoding
        var kind = "float"
        var steps = net.inferenceSteps()
        if let qat = manifest.training.qat {
            try net.enableQuantization(qat)
            steps = net.quantizedInferenceSteps() ?? steps
            kind = "qat"
        }
        let encodingJSON = String(decoding: try JSONEncoder().encode(encoding), as: UTF8.self)
        let layout = net.inputShape.count == 3 ? "NCHW" : "NC"
        let doc = """
            ZKTrain \(kind == "qat" ? "quantization-aware model (the float image of its integer model; integer rescales not modelled)" : "float model"): \
            \(manifest.arch). Input `input`: \(layout), float32, the model's integer inputs times \(encoding.scale). Output `logits`.
            """
        let m = ONNXExporter.model(steps: steps, inputShape: net.inputShape, classCount: net.classCount, metadata: [
            ("zktrain.arch", manifest.arch), ("zktrain.kind", kind), ("zktrain.input_layout", layout),
            ("zktrain.input_scale", String(encoding.scale)), ("zktrain.encoding", encodingJSON),
        ], docString: doc)
        let bytes = m.serialized()
        try writeAtomically(Data(bytes), to: onnx)
        var items = 0
        if let reference {
            let test = try DataSource.loadTest(data.overriding(manifest.dataOptions), encoding: encoding)
            var logits: [[Float]] = []
            var start = 0
            while start < test.count {
                let idx = Array(start..<min(start + 250, test.count))
                let y = net.forward(test.batch(idx[...]).x, training: false)
                for r in 0..<idx.count { logits.append(Array(y.data[r * net.classCount..<(r + 1) * net.classCount])) }
                start += 250
            }
            var object: [String: Any] = [
                "kind": kind, "shape": net.inputShape, "scale": encoding.scale, "count": test.count,
                "inputs": test.samples.map { Int($0) }, "labels": test.labels.map { Int($0) },
                "logits": logits.map { $0.map { Double($0) } },
            ]
            if kind == "qat" {
                let integer = try ModelDirectory(model).model
                object["integerPredictions"] = try integer.predict(inputs: test.samples, count: test.count, threads: threads)
            }
            try writeAtomically(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), to: reference)
            items = test.count
        }
        return ONNXExportReport(arch: manifest.arch, kind: kind, nodes: m.graph.nodes.count, bytes: bytes.count, referenceItems: items)
    }
}

// `zktrain export`: a trained model as an ONNX file (opset 13).
import ArgumentParser
import Foundation
import Pipeline

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a trained model as ONNX (opset 13).",
        discussion: """
        DIR is a checkpoint (zktrain train). The graph's input `input` is float32, [batch, C, H, W]
        for images (NCHW, as PyTorch exports) or [batch, features] for tables, holding the
        model's integer inputs times its input scale (pixels / 255); its output is `logits`.
        A float model is exported as trained (dense → Gemm, conv → Conv, bn →
        BatchNormalization, sq → Mul, polynomials → Mul/Add, avgpool → AveragePool). A
        quantization-aware model is exported as the float image of its integer model
        (batch-norm folded, weights and coefficients rounded); its integer rescales are not
        modelled. --reference writes the test set's inputs, ZKTrain's logits and (QAT) the
        integer model's predictions as JSON, to check any runtime against.
        """)

    @Argument(help: "Model directory written by `zktrain train`.") var model: String
    @Option(help: "The ONNX file to write.") var onnx: String
    @Option(help: "Also write a JSON reference (test inputs, logits, integer predictions) here.") var reference: String?
    @OptionGroup(title: "Data for --reference (default: what the model was trained on)") var data: DataArguments

    func run() throws {
        try reportingErrors {
            let r = try Pipeline.exportONNX(model: URL(fileURLWithPath: model), onnx: URL(fileURLWithPath: onnx),
                                            reference: reference.map { URL(fileURLWithPath: $0) }, data: data.options())
            print("\(onnx): \(r.kind) model \(r.arch), \(r.nodes) nodes, \(r.bytes) bytes (opset 13)"
                  + (r.referenceItems > 0 ? "; reference of \(r.referenceItems) test items in \(reference!)" : ""))
        }
    }
}

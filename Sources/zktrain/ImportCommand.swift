// `zktrain import`: an ONNX model as a ZKTrain model directory.
import ArgumentParser
import Foundation
import Pipeline

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a sequential ONNX model (e.g. from torch.onnx.export) as a model directory.",
        discussion: """
        Operators: Gemm, MatMul (+ Add), Conv (square kernel, equal strides and pads, group 1),
        BatchNormalization, AveragePool, GlobalAveragePool, Flatten, Reshape (to flatten),
        Mul(x, x), Pow(x, 2), Relu (float only), Identity, Dropout, Constant; MaxPool with
        --convert; Shape/Gather/Unsqueeze/Squeeze/Concat as the shape arithmetic of a Reshape. The graph's one
        input is float32 [batch, C, H, W] or [batch, features] and must hold the data's integers
        times the encoding's scale (pixels / 255); the data (--data, default Fashion-MNIST)
        fixes the encoding. The result is a float checkpoint: eval it, quantize it with
        --weight-bits, then cost, compile and prove it.
        """)

    @Argument(help: "The ONNX file.") var onnx: String
    @Option(help: "The new model directory.") var out: String
    @Flag(help: "Make the model provable: MaxPool → average pool, ReLU → a degree-2 fit to ReLU on ±3 × the RMS of its input on the training data. Fine-tune afterwards with `train --init`.")
    var convert = false
    @OptionGroup(title: "Data the model is for (default: Fashion-MNIST)") var data: DataArguments

    func run() throws {
        try reportingErrors {
            let r = try Pipeline.importONNX(onnx: URL(fileURLWithPath: onnx), out: URL(fileURLWithPath: out), data: data.options(),
                                            convert: convert)
            for c in r.conversions { printError("converted \(c)") }
            if convert {
                print("original float accuracy: " + (r.originalAccuracy.map { String(format: "%.2f%%", $0 * 100) } ?? "not computed (MaxPool has no ZKTrain layer)"))
            }
            print(String(format: "%@: %@, %d parameters; float accuracy %.2f%% on %d test items", out, r.arch, r.parameterCount,
                         r.testAccuracy * 100, r.testCount))
        }
    }
}

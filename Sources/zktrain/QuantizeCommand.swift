// `zktrain quantize`: exports a trained model to an exact integer model (model.int.json +
// model.int.safetensors) and reports float vs integer accuracy and argmax agreement.
import ArgumentParser
import Foundation
import Quantize
import Train
import Datasets

struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Export a trained model to an exact integer model and compare it with the float one.",
        discussion: """
        Uses the model's quantization-aware training settings (train --weight-bits …); a model
        trained in float is quantized after training with --weight-bits (usually less accurate).
        Batch-norm is folded into the preceding dense/conv layer. Rescale policy:
          never     no rescaling (values grow; fine while every bound fits the field)
          auto      rescale a linear layer's output only where a bound would exceed 2^250,
                    by the fewest bits that suffice (default)
          every:K   rescale every linear layer's output (except the logits) by K bits
        Prints float (quantization-aware) accuracy, integer accuracy and how often their
        predictions agree, on the test set.
        """)

    @Argument(help: "Model directory written by `zktrain train`.") var model: String
    @Option(help: "Output directory for model.int.json and model.int.safetensors.") var out: String
    @Option(help: "Rescale policy: never, auto, every:K.") var rescale: String = "auto"
    @Option(help: "Weight bits for a model trained without QAT: 8, 4, 2, ternary.") var weightBits: WeightBits?
    @Option(help: "Fashion-MNIST directory (default: the one the model was trained on).") var data: String?
    @Option(help: "Threads for the integer evaluation.") var threads: Int = 2
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        guard RescalePolicy(parsing: rescale) != nil else { throw ValidationError("--rescale must be never, auto or every:K (K in 1…200)") }
    }

    func run() throws {
        try reportingErrors {
            let dir = URL(fileURLWithPath: model)
            let manifest = try Checkpoint.loadManifest(dir)
            let net = try Checkpoint.loadNetwork(dir, manifest: manifest)
            guard var qat = manifest.training.qat ?? weightBits.map({ QATConfig(weightBits: $0) }) else {
                throw ValidationError("\(model) was trained without quantization-aware training; pass --weight-bits to quantize it after training")
            }
            if let weightBits { qat.weightBits = weightBits }
            try net.enableQuantization(qat)
            let integer = try net.integerModel(qat, rescale: RescalePolicy(parsing: rescale)!)
            try integer.write(to: URL(fileURLWithPath: out))
            let test = try FashionMNIST.load(.test, from: data ?? manifest.dataDirectory)
            let r = try compareFloatAndInteger(net, integer, test, threads: threads)
            let bits = try integer.analyze().map(\.bits).max() ?? 0
            if json {
                let obj: [String: Any] = ["float_accuracy": r.floatAccuracy, "integer_accuracy": r.integerAccuracy,
                                          "argmax_agreement": r.agreement, "samples": test.count, "max_bound_bits": bits,
                                          "weight_bits": qat.weightBits.rawValue, "rescale": rescale, "out": out]
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(String(format: "%@ → %@ (%@ weights, rescale %@, largest value %d bits)", model, out, qat.weightBits == .ternary ? "ternary" : qat.weightBits.rawValue + "-bit", rescale, bits))
                print(String(format: "float (QAT) accuracy %.2f%%, integer accuracy %.2f%%, predictions agree on %.2f%% of %d test images",
                             r.floatAccuracy * 100, r.integerAccuracy * 100, r.agreement * 100, test.count))
            }
        }
    }
}

/// Accuracy of the quantization-aware float forward and of the integer model, and the
/// fraction of images on which their predictions agree.
func compareFloatAndInteger(_ net: Network, _ integer: IntegerModel, _ test: ImageDataset, threads: Int)
    throws -> (floatAccuracy: Double, integerAccuracy: Double, agreement: Double) {
    let predicted = try integer.predict(images: test.images, count: test.count, threads: threads)
    var floatCorrect = 0, intCorrect = 0, agree = 0, start = 0
    while start < test.count {
        let idx = Array(start..<min(start + 250, test.count))
        let (x, labels) = test.batch(idx[...])
        for (j, p) in argmaxRows(net.forward(x, training: false)).enumerated() {
            let n = idx[j]
            floatCorrect += p == Int(labels[j]) ? 1 : 0
            intCorrect += predicted[n] == Int(labels[j]) ? 1 : 0
            agree += predicted[n] == p ? 1 : 0
        }
        start += 250
    }
    let n = Double(max(test.count, 1))
    return (Double(floatCorrect) / n, Double(intCorrect) / n, Double(agree) / n)
}

extension WeightBits: ExpressibleByArgument {}

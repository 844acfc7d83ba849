// `zktrain quantize`: exports a trained model to an exact integer model (model.int.json +
// model.int.safetensors) and reports float vs integer accuracy and argmax agreement.
import ArgumentParser
import Foundation
import Pipeline
import Quantize

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
          auto-private  the same for any weights of the model's widths, not only the
                    trained ones: what compile --weights committed or certified needs
          every:K   rescale every linear layer's output (except the logits) by K bits
        Prints float (quantization-aware) accuracy, integer accuracy and how often their
        predictions agree, on the test set.
        """)

    @Argument(help: "Model directory written by `zktrain train`.") var model: String
    @Option(help: "Output directory for model.int.json and model.int.safetensors.") var out: String
    @Option(help: "Rescale policy: never, auto, auto-private, every:K.") var rescale: String = "auto"
    @Option(help: "Weight bits for a model trained without QAT: 8, 4, 2, ternary.") var weightBits: WeightBits?
    @OptionGroup(title: "Data (default: what the model was trained on)") var data: DataArguments
    @Option(help: "Threads for the integer evaluation.") var threads: Int = 2
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        guard RescalePolicy(parsing: rescale) != nil else { throw ValidationError("--rescale must be never, auto, auto-private or every:K (K in 1…200)") }
    }

    func run() throws {
        try reportingErrors {
            let r = try Pipeline.quantize(model: URL(fileURLWithPath: model), out: URL(fileURLWithPath: out), rescale: RescalePolicy(parsing: rescale)!,
                                          weightBits: weightBits, data: data.options(), threads: threads)
            let c = r.comparison
            if json {
                let obj: [String: Any] = ["float_accuracy": c.floatAccuracy, "integer_accuracy": c.integerAccuracy,
                                          "argmax_agreement": c.agreement, "samples": r.testCount, "max_bound_bits": r.largestBoundBits,
                                          "weight_bits": r.weightBits.rawValue, "rescale": rescale, "out": out]
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(String(format: "%@ → %@ (%@ weights, rescale %@, largest value %d bits)", model, out,
                             r.weightBits == .ternary ? "ternary" : r.weightBits.rawValue + "-bit", rescale, r.largestBoundBits))
                print(String(format: "float (QAT) accuracy %.2f%%, integer accuracy %.2f%%, predictions agree on %.2f%% of %d test items",
                             c.floatAccuracy * 100, c.integerAccuracy * 100, c.agreement * 100, r.testCount))
            }
        }
    }
}

extension WeightBits: ExpressibleByArgument {}

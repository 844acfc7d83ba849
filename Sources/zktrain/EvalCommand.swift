// `zktrain eval`: accuracy of a trained (float or integer) model on its test set.
import ArgumentParser
import Foundation
import Pipeline

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trained model on the test set.",
        discussion: """
        DIR is a float model (zktrain train) or, with --integer, an integer model (zktrain
        quantize), evaluated exactly in integers. With --json, prints one JSON object:
        {"accuracy": 0…1, "samples": N, …}.
        """)

    @Argument(help: "Model directory written by `zktrain train`.") var model: String
    @OptionGroup(title: "Data (default: what the model was trained on)") var data: DataArguments
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Flag(help: "DIR is an integer model (model.int.json): evaluate it exactly in integers.") var integer = false
    @Option(help: "Threads for --integer evaluation.") var threads: Int = 2

    func run() throws {
        try reportingErrors {
            let r = try Pipeline.evaluate(model: URL(fileURLWithPath: model), integer: integer, data: data.options(), threads: threads)
            if json {
                var obj: [String: Any] = ["accuracy": r.accuracy, "samples": r.samples, "arch": r.arch, "model": model, "data": r.data]
                if let loss = r.loss { obj["loss"] = loss } else { obj["integer"] = true }
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(String(format: "%@%@: accuracy %.2f%% on %d test items", r.arch, r.integer ? " (integer)" : "", r.accuracy * 100, r.samples)
                      + (r.loss.map { String(format: " (loss %.4f)", $0) } ?? ""))
            }
        }
    }
}

// `zktrain eval`: accuracy of a trained model on the Fashion-MNIST test set.
import ArgumentParser
import Foundation
import Train

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trained model on the test set.",
        discussion: "With --json, prints one JSON object: {\"accuracy\": 0…1, \"samples\": N, \"loss\": …, \"arch\": …}.")

    @Argument(help: "Model directory written by `zktrain train`.") var model: String
    @Option(help: "Fashion-MNIST directory (default: the one the model was trained on).") var data: String?
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        try reportingErrors {
            let dir = URL(fileURLWithPath: model)
            let manifest = try Checkpoint.loadManifest(dir)
            let net = try Checkpoint.loadNetwork(dir, manifest: manifest)
            let test = try FashionMNIST.load(.test, from: data ?? manifest.dataDirectory)
            guard test.itemShape == manifest.inputShape else {
                throw ValidationError("test images are \(test.itemShape), the model expects \(manifest.inputShape)")
            }
            let e = net.evaluate(on: test)
            if json {
                let obj: [String: Any] = ["accuracy": e.accuracy, "samples": e.samples, "loss": e.loss,
                                          "arch": manifest.arch, "model": model, "data": test.fingerprint]
                let d = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: d, as: UTF8.self))
            } else {
                print(String(format: "%@: accuracy %.2f%% on %d test images (loss %.4f)", manifest.arch, e.accuracy * 100, e.samples, e.loss))
            }
        }
    }
}

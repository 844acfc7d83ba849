// `zktrain eval`: accuracy of a trained model on the Fashion-MNIST test set.
import ArgumentParser
import Foundation
import Quantize
import Train
import Datasets

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
    @Option(help: "Fashion-MNIST directory (default: the one the model was trained on).") var data: String?
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Flag(help: "DIR is an integer model (model.int.json): evaluate it exactly in integers.") var integer = false
    @Option(help: "Threads for --integer evaluation.") var threads: Int = 2

    func run() throws {
        if integer { return try runInteger() }
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

    private func runInteger() throws {
        try reportingErrors {
            let m = try IntegerModel(contentsOf: URL(fileURLWithPath: model))
            let test = try FashionMNIST.load(.test, from: try resolveDataDirectory(data))
            guard test.itemShape == m.inputShape else { throw ValidationError("test images are \(test.itemShape), the model expects \(m.inputShape)") }
            let predicted = try m.predict(images: test.images, count: test.count, threads: threads)
            let correct = zip(predicted, test.labels).filter { $0 == Int($1) }.count
            let accuracy = Double(correct) / Double(max(test.count, 1))
            if json {
                let obj: [String: Any] = ["accuracy": accuracy, "samples": test.count, "arch": m.arch, "model": model,
                                          "integer": true, "data": test.fingerprint]
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(String(format: "%@ (integer): accuracy %.2f%% on %d test images", m.arch, accuracy * 100, test.count))
            }
        }
    }
}

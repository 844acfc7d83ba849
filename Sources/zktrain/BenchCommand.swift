// `zktrain bench …`: performance measurements (release builds), medians over timed chunks.
import ArgumentParser
import Foundation
import Train

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance (use a release build: swift build -c release).",
        subcommands: [BenchTrain.self, BenchProve.self])
}

struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training samples/s and inference images/s on synthetic 28×28 images.",
        discussion: """
        Times the training step alone (forward, softmax cross-entropy, backward, Adam update)
        and inference (batch 256, eval mode); prints medians over timed chunks.
        With --json: {"train_samples_per_s": …, "infer_images_per_s": …, …}.
        """)

    @Option(help: "Architecture spec.") var arch: String
    @Option(help: "Training batch size.") var batchSize: Int = 128
    @Option(help: "Compute threads (OpenBLAS and element-wise kernels).") var threads: Int = 2
    @Option(help: "Total measuring time in seconds (split between training and inference).") var seconds: Double = 10
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        try reportingErrors {
            let spec = try ArchSpec(parsing: arch)
            let r = try TrainBench.run(spec: spec, batchSize: batchSize, threads: threads, seconds: seconds)
            if json {
                let obj: [String: Any] = ["arch": r.arch, "batch_size": r.batchSize, "threads": r.threads,
                                          "train_samples_per_s": r.trainSamplesPerSecond, "train_chunks": r.trainChunks,
                                          "infer_images_per_s": r.inferImagesPerSecond, "infer_chunks": r.inferChunks]
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(String(format: "%@\n  train: %.0f samples/s (median of %d; batch %d, %d threads)\n  infer: %.0f images/s",
                             r.arch, r.trainSamplesPerSecond, r.trainChunks.count, r.batchSize, r.threads, r.inferImagesPerSecond))
            }
        }
    }
}

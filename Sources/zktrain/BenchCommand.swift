// `zktrain bench …`: performance measurements (release builds), medians over timed chunks.
import ArgumentParser
import Benchmarks
import Foundation
import Quantize
import Support
import Train
import Datasets

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance (use a release build: swift build -c release).",
        subcommands: [BenchTrain.self, BenchInteger.self, BenchProve.self, BenchKernels.self, BenchCircuit.self, BenchCalibrate.self, BenchCSV.self, BenchCeremony.self])
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

struct BenchInteger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integer",
        abstract: "Exact integer inference of a quantized model over the whole test set (median of runs).",
        discussion: "With --json: {\"seconds_median\": …, \"images\": …, \"runs\": […], \"accuracy\": …}.")

    @Argument(help: "Integer model directory (zktrain quantize).") var model: String
    @OptionGroup(title: "Data (the model's test set)") var data: DataArguments
    @Option(help: "Threads.") var threads: Int = 2
    @Option(help: "Timed runs.") var runs: Int = 3
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        guard (1...20).contains(runs) else { throw ValidationError("--runs must be in 1...20") }
    }

    func run() throws {
        try reportingErrors {
            let m = try IntegerModel(contentsOf: URL(fileURLWithPath: model))
            let test = try DataSource.loadTest(data.options(), encoding: m.encoding)
            var times: [Double] = [], predicted: [Int] = []
            for _ in 0..<runs {
                let start = Date()
                predicted = try m.predict(inputs: test.samples, count: test.count, threads: threads)
                times.append(Date().timeIntervalSince(start))
            }
            let accuracy = Double(zip(predicted, test.labels).filter { $0 == Int($1) }.count) / Double(test.count)
            if json {
                let obj: [String: Any] = ["seconds_median": median(times), "runs": times, "images": test.count,
                                          "threads": threads, "accuracy": accuracy, "arch": m.arch]
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(String(format: "%@: %d images in %.3f s (median of %d, %d threads), accuracy %.2f%%",
                             m.arch, test.count, median(times), runs, threads, accuracy * 100))
            }
        }
    }
}

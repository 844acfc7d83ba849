// Throughput measurement for `zktrain bench train`: training steps (forward, loss,
// backward, Adam update) and inference on synthetic uint8 images, in timed chunks whose
// median is reported. Data loading from disk is excluded, as in the PyTorch baseline.
import Datasets
import Foundation
import Support
import Train

/// Result of a training benchmark; rates are medians over chunks.
public struct TrainBenchResult: Sendable, Codable {
    /// The architecture spec, canonical.
    public var arch: String
    /// Training batch size.
    public var batchSize: Int
    /// Compute threads (OpenBLAS and element-wise kernels).
    public var threads: Int
    /// Median training samples per second, and each chunk's rate.
    public var trainSamplesPerSecond: Double
    public var trainChunks: [Double]
    /// Median inference images per second (batch 256, eval mode), and each chunk's rate.
    public var inferImagesPerSecond: Double
    public var inferChunks: [Double]
}

/// The training benchmark behind `zktrain bench train`.
public enum TrainBench {
    /// Runs `chunks` timed chunks of about `seconds / chunks` each after a warm-up.
    public static func run(spec: ArchSpec, batchSize: Int, threads: Int, seconds: Double = 10, chunks: Int = 5,
                           inferBatch: Int = 256) throws -> TrainBenchResult {
        setComputeThreads(threads)
        var rng = SeededGenerator(seed: 7)
        let n = max(batchSize, inferBatch)
        let images = (0..<n * 784).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let labels = (0..<n).map { _ in UInt8.random(in: 0...9, using: &rng) }
        let data = Dataset(samples: images.map(Int32.init), labels: labels,
                           encoding: .pixels(shape: [28, 28, 1], classNames: InputEncoding.numberedClasses(10)))
        let net = try Network(spec: spec, encoding: data.encoding, seed: 1)
        let opt = Optimizer(OptimizerConfig())
        let params = net.parameters
        let batchIdx = Array(0..<batchSize)[...]
        func trainStep() {
            let (x, y) = data.batch(batchIdx)
            let logits = net.forward(x, training: true)
            let (_, g) = softmaxCrossEntropy(logits, labels: y[...])
            net.backward(g)
            opt.update(params, lr: 1e-4)
        }
        let inferIdx = Array(0..<inferBatch)[...]
        func inferStep() { _ = argmaxRows(net.forward(data.batch(inferIdx).x, training: false)) }
        let train = measure(step: trainStep, itemsPerStep: batchSize, seconds: seconds / 2, chunks: chunks)
        let infer = measure(step: inferStep, itemsPerStep: inferBatch, seconds: seconds / 2, chunks: chunks)
        return TrainBenchResult(arch: spec.description, batchSize: batchSize, threads: threads,
                                trainSamplesPerSecond: median(train), trainChunks: train,
                                inferImagesPerSecond: median(infer), inferChunks: infer)
    }

    /// Items per second of each chunk, after a warm-up of about a tenth of the budget.
    static func measure(step: () -> Void, itemsPerStep: Int, seconds: Double, chunks: Int) -> [Double] {
        let warm = Date()
        repeat { step() } while Date().timeIntervalSince(warm) < seconds / 10
        return (0..<chunks).map { _ in
            let start = Date()
            var steps = 0
            repeat { step(); steps += 1 } while Date().timeIntervalSince(start) < seconds / Double(chunks)
            return Double(steps * itemsPerStep) / Date().timeIntervalSince(start)
        }
    }
}

// Benchmark of batched exact inference (`IntegerModel.predict`): an MLP and a CNN shaped like
// Fashion-MNIST models, with random 8-bit weights and polynomial coefficients sized as a
// fixed-point quantizer would make them, timed on random uint8 images. Reports medians.
// Not a unit test and not an accuracy measure (the weights are random).
import BigInt
import Foundation
import Quantize
import Support

/// Timings of `IntegerModel.predict` on benchmark models.
public enum IntegerInferenceBench {
    /// One model's timings.
    public struct Result: Sendable {
        /// "mlp" or "cnn", with the layer list.
        public var name: String
        /// Integer width of each layer ("i32 i64 i128 big").
        public var widths: String
        /// Images per run.
        public var images: Int
        /// Worker threads.
        public var threads: Int
        /// Wall-clock seconds of each repeat.
        public var seconds: [Double]
        /// Process CPU seconds of each repeat (all threads; less sensitive to a loaded machine).
        public var cpuSeconds: [Double]
        /// Median wall-clock seconds.
        public var median: Double { Support.median(seconds) }
        /// Median process CPU seconds.
        public var medianCPU: Double { Support.median(cpuSeconds) }
        /// One line: model, images, threads, medians, every run, widths.
        public var description: String {
            String(format: "%@: %d images, %d threads, median %.3f s wall (%.0f images/s), %.3f s CPU; wall runs %@; widths [%@]", name, images,
                   threads, median, Double(images) / median, medianCPU, seconds.map { String(format: "%.3f", $0) }.joined(separator: " "), widths)
        }
    }

    /// dense 784→128, quadratic per channel, dense 128→10 (no rescale).
    public static func mlp(seed: UInt64 = 1) -> IntegerModel {
        var b = Builder(seed: seed, inputShape: [28, 28, 1])
        b.dense(784, 128)
        b.quadratic(perChannel: 128)
        b.dense(128, 10)
        return b.model(arch: "dense 784→128, poly², dense 128→10")
    }

    /// conv 3×3 pad 1 1→16, rescale, quadratic, sumpool 2, conv 3×3 pad 1 16→32, rescale, quadratic,
    /// sumpool 2, flatten, dense 1568→128, rescale, quadratic, dense 128→10; each rescale brings
    /// the proven bound down to 2^`activationBits`; with nil there are no rescales (values reach
    /// ~2^300, the wide layers run digit by digit and the polynomials in BigInt).
    public static func cnn(seed: UInt64 = 2, activationBits: Int? = 8) -> IntegerModel {
        var b = Builder(seed: seed, inputShape: [28, 28, 1])
        b.conv(1, 16); b.rescale(to: activationBits); b.quadratic(perChannel: 16); b.layers.append(.sumPool(window: 2, stride: 2))
        b.conv(16, 32); b.rescale(to: activationBits); b.quadratic(perChannel: 32); b.layers.append(.sumPool(window: 2, stride: 2))
        b.layers.append(.flatten)
        b.dense(1568, 128); b.rescale(to: activationBits); b.quadratic(perChannel: 128)
        b.dense(128, 10)
        let rescaled = activationBits.map { "rescaled to 2^\($0)" } ?? "no rescale"
        return b.model(arch: "conv16, poly², sumpool, conv32, poly², sumpool, dense 128, poly², dense 10 (\(rescaled))")
    }

    /// Benchmark model names: "mlp", "cnn" (rescaled), "cnn-wide" (no rescale).
    public static let modelNames = ["mlp", "cnn", "cnn-wide"]

    /// Times `predict` on `images` random images, `repeats` times per model of `models` (after
    /// one warm-up run on a few images), and calls `log` with each result.
    public static func run(images: Int = 10_000, repeats: Int = 3, threads: Int = 2, models: [String] = ["mlp", "cnn"],
                           log: (String) -> Void = { _ in }) throws -> [Result] {
        var rng = SeededGenerator(seed: 7)
        let pixels = (0..<(images * 784)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var results: [Result] = []
        for name in models {
            let m: IntegerModel
            switch name {
            case "mlp": m = mlp()
            case "cnn": m = cnn()
            case "cnn-wide": m = cnn(activationBits: nil)
            default: throw IntegerModelError("unknown benchmark model \(name); choose from \(modelNames)")
            }
            let widths = try m.laneWidths().joined(separator: " ")
            _ = try m.predict(inputs: Array(pixels.prefix(784 * 64)), count: 64, threads: threads)
            var seconds: [Double] = [], cpu: [Double] = []
            for _ in 0..<repeats {
                let watch = Stopwatch(), startCPU = processCPUSeconds()
                _ = try m.predict(inputs: pixels, count: images, threads: threads)
                seconds.append(watch.seconds)
                cpu.append(processCPUSeconds() - startCPU)
            }
            let r = Result(name: "\(name) (\(m.arch))", widths: widths, images: images, threads: threads, seconds: seconds, cpuSeconds: cpu)
            log(r.description)
            results.append(r)
        }
        return results
    }

    /// Builds a model layer by layer from a seeded generator, using the bound analysis to size
    /// biases, polynomial coefficients and rescales.
    struct Builder {
        var rng: SeededGenerator
        var inputShape: [Int]
        var layers: [IntegerLayer] = []

        init(seed: UInt64, inputShape: [Int]) {
            rng = SeededGenerator(seed: seed)
            self.inputShape = inputShape
        }

        func model(arch: String) -> IntegerModel { IntegerModel(inputShape: inputShape, layers: layers, arch: arch) }
        var bound: BigInt { (try? model(arch: "").analyze().last?.bound) ?? BigInt(255) }

        mutating func weights(_ n: Int) -> [Int64] { (0..<n).map { _ in Int64.random(in: -127...127, using: &rng) } }
        /// Biases up to 1/16 of the accumulator's bound, as a folded batch norm might give.
        mutating func biases(_ n: Int, fanIn: Int) -> [BigInt] {
            let m = Int64(min(bound, BigInt(1) << 40)) * Int64(fanIn) * 64 / 16
            return (0..<n).map { _ in BigInt(Int64.random(in: -m...m, using: &rng)) }
        }
        mutating func dense(_ i: Int, _ o: Int) {
            let bias = biases(o, fanIn: i)
            layers.append(.dense(IntegerDense(inCount: i, outCount: o, weight: weights(i * o), bias: bias)))
        }
        mutating func conv(_ i: Int, _ o: Int) {
            let bias = biases(o, fanIn: 9 * i)
            layers.append(.conv2d(IntegerConv2D(inChannels: i, outChannels: o, kernel: 3, stride: 1, padding: 1, weight: weights(9 * i * o), bias: bias)))
        }
        /// a2·x² + a1·x + a0 over x ∈ [−4, 4] at 8 fractional bits, with x's unit 4/B (B the
        /// input bound): c2 = a2·2^8, c1 = a1·2^8·B/4, c0 = a0·2^8·B²/16.
        mutating func quadratic(perChannel channels: Int) {
            let b = Double(min(bound, BigInt(1) << 300))
            let rows = (0..<channels).map { _ -> [BigInt] in
                let a = [Double.random(in: -0.3...0.3, using: &rng), Double.random(in: 0.2...0.6, using: &rng), Double.random(in: 0.05...0.2, using: &rng)]
                return [a[0] * 256 * b * b / 16, a[1] * 256 * b / 4, a[2] * 256].map { BigInt(exactly: $0.rounded()) ?? 0 }
            }
            layers.append(.polynomial(IntegerPolynomial(coefficients: rows)))
        }
        mutating func rescale(to bits: Int?) {
            guard let bits else { return }
            let k = bound.magnitude.bitWidth - bits
            if k >= 1 { layers.append(.rescale(bits: k)) }
        }
    }
}

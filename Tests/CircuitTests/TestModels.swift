// Small random integer models for circuit tests: every layer kind, seeded.
import BigInt
import Quantize
import Support

enum TestModels {
    /// conv (stride/padding random) → polynomial (shared degree 3 or per-channel degree 2) →
    /// sumpool → rescale → conv 1×1 → flatten → dense → square → dense, on a 5×5×1 input.
    static func everyLayer(seed: UInt64) -> IntegerModel {
        var rng = SeededGenerator(seed: seed)
        func w(_ n: Int, _ mag: Int64 = 127) -> [Int64] { (0..<n).map { _ in Int64.random(in: -mag...mag, using: &rng) } }
        func b(_ n: Int, _ mag: Int64) -> [BigInt] { (0..<n).map { _ in BigInt(Int64.random(in: -mag...mag, using: &rng)) } }
        let coef = { (deg: Int) -> [BigInt] in (0...deg).map { _ in BigInt(Int64.random(in: -9...9, using: &rng)) } }
        let c1 = 2, stride = Int.random(in: 1...2, using: &rng), pad = Int.random(in: 0...1, using: &rng)
        let h1 = (5 + 2 * pad - 3) / stride + 1, ph = (h1 - 2) / 2 + 1
        let perChannel = Bool.random(using: &rng)
        return IntegerModel(inputShape: [5, 5, 1], layers: [
            .conv2d(IntegerConv2D(inChannels: 1, outChannels: c1, kernel: 3, stride: stride, padding: pad, weight: w(9 * c1), bias: b(c1, 1000))),
            .polynomial(IntegerPolynomial(coefficients: perChannel ? (0..<c1).map { _ in coef(2) } : [coef(3)])),
            .sumPool(window: 2, stride: 2),
            .rescale(bits: Int.random(in: 4...12, using: &rng)),
            .conv2d(IntegerConv2D(inChannels: c1, outChannels: 2, kernel: 1, stride: 1, padding: 0, weight: w(c1 * 2, 7), bias: b(2, 99))),
            .flatten,
            .dense(IntegerDense(inCount: ph * ph * 2, outCount: 3, weight: w(ph * ph * 2 * 3), bias: b(3, 5000))),
            .polynomial(IntegerPolynomial(coefficients: [[0, 0, 1]])),
            .dense(IntegerDense(inCount: 3, outCount: 4, weight: w(12, 3), bias: b(4, 9))),
        ])
    }

    /// flatten → dense → polynomial → dense on a 4×4×1 input: the first dense layer works on
    /// the raw input (the packed-products path with committed weights).
    static func mlp(seed: UInt64) -> IntegerModel {
        var rng = SeededGenerator(seed: seed)
        func w(_ n: Int) -> [Int64] { (0..<n).map { _ in Int64.random(in: -127...127, using: &rng) } }
        func b(_ n: Int) -> [BigInt] { (0..<n).map { _ in BigInt(Int64.random(in: -99_999...99_999, using: &rng)) } }
        let hidden = Int.random(in: 3...12, using: &rng)
        return IntegerModel(inputShape: [4, 4, 1], layers: [
            .flatten,
            .dense(IntegerDense(inCount: 16, outCount: hidden, weight: w(16 * hidden), bias: b(hidden))),
            .polynomial(IntegerPolynomial(coefficients: [[5, -3, 2]])),
            .dense(IntegerDense(inCount: hidden, outCount: 3, weight: w(hidden * 3), bias: b(3))),
        ])
    }

    /// Both test models for a seed.
    static func all(seed: UInt64) -> [IntegerModel] { [everyLayer(seed: seed), mlp(seed: seed)] }

    /// A uniformly random input in the model's range.
    static func input(for model: IntegerModel, seed: UInt64) -> [Int64] {
        var rng = SeededGenerator(seed: seed)
        return (0..<model.inputShape.reduce(1, *)).map { _ in Int64(Int.random(in: model.inputRange, using: &rng)) }
    }
}

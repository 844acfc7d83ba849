// Batched fast inference (`evaluateBatch`, `predict`) against `evaluate` and the independent
// `referenceEvaluate`, on random models whose layers run in every lane (Int32, Int64, Int128,
// BigInt), with rescales, shared and per-channel polynomials, multi-channel inputs, block
// sizes that don't divide the item count, and lane-edge values. No timing here.
import Benchmarks
import BigInt
import Testing
import Support
@testable import Quantize

@Suite struct FastInferenceTests {
    /// Checks every item of `inputs` through evaluateBatch, evaluate and referenceEvaluate.
    func check(_ m: IntegerModel, _ inputs: [[Int64]], threads: Int = 2, _ note: String) throws {
        let batch = try m.evaluateBatch(inputs.flatMap { $0 }, count: inputs.count, threads: threads)
        #expect(batch.count == inputs.count)
        let analysis = try m.analyze()
        for (i, x) in inputs.enumerated() {
            let slow = try m.evaluate(x, analysis: analysis, checkBounds: true)
            #expect(batch.values(i) == slow.values, "\(note) item \(i)")
            #expect(batch.values(i) == referenceEvaluate(m, x.map { BigInt($0) }), "\(note) item \(i) vs reference")
            #expect(batch.argmaxes[i] == slow.argmax, "\(note) item \(i) argmax")
        }
    }

    @Test(arguments: [0, 12, 40, 100])
    func batchMatchesEvaluateAndReference(coefficientBits: Int) throws {
        var widths = Set<LaneWidth>(), digitSplit = false
        for seed in UInt64(1)...8 {
            let m = randomModel(seed: seed &+ UInt64(coefficientBits) << 8, coefficientBits: coefficientBits)
            let plan = try InferencePlan(m)
            widths.formUnion(plan.widths)
            digitSplit = digitSplit || plan.steps.contains { if case .limbs = $0 { true } else { false } }
            var rng = SeededGenerator(seed: seed)
            let n = [1, 29, 35][Int(seed) % 3]  // blocks of 16 never divide these; 29 leaves a block of 13
            let inputs = (0..<n).map { i in (0..<49).map { j -> Int64 in
                i == 0 ? 255 : i == 1 ? (j % 2 == 0 ? 255 : 0) : Int64.random(in: 0...255, using: &rng) } }
            try check(m, inputs, threads: 1 + Int(seed % 3), "bits \(coefficientBits) seed \(seed)")
        }
        if coefficientBits == 0 { #expect(widths.contains(.int32) && widths.contains(.int64)) }
        if coefficientBits == 40 { #expect(widths.contains(.int128)) }
        if coefficientBits == 100 { #expect(widths.contains(.big)) }
        if coefficientBits >= 40 { #expect(digitSplit) }  // wide dense layers go digit by digit
    }

    /// Multi-channel input (planar relayout at the input), conv stride 2, per-channel polynomials
    /// on conv and dense outputs, rescales in every lane, and a model that ends on a conv (the
    /// output relaid out to HWC).
    @Test func multiChannelAndConvOutput() throws {
        var rng = SeededGenerator(seed: 99)
        func w(_ n: Int, _ mag: Int64 = 127) -> [Int64] { (0..<n).map { _ in Int64.random(in: -mag...mag, using: &rng) } }
        func row(_ deg: Int, _ bits: Int) -> [BigInt] { (0...deg).map { _ in BigInt(Int64.random(in: -9...9, using: &rng)) << bits } }
        for (bits, k) in [(0, 3), (20, 30), (50, 70), (90, 150)] {
            let m = IntegerModel(inputShape: [6, 5, 3], inputRange: -128...127, layers: [
                .conv2d(IntegerConv2D(inChannels: 3, outChannels: 5, kernel: 3, stride: 2, padding: 1, weight: w(135), bias: (0..<5).map { BigInt($0 * 1000 - 2500) })),
                .polynomial(IntegerPolynomial(coefficients: (0..<5).map { _ in row(2, bits) })),
                .rescale(bits: k),
                .conv2d(IntegerConv2D(inChannels: 5, outChannels: 3, kernel: 1, stride: 1, padding: 0, weight: w(15), bias: [1, -2, 3])),
                .polynomial(IntegerPolynomial(coefficients: [row(3, bits)])),
            ])
            let inputs = (0..<19).map { _ in (0..<90).map { _ in Int64.random(in: -128...127, using: &rng) } }
            try check(m, inputs, "multi-channel bits \(bits)")
            var flat = m
            flat.layers += [.flatten, .dense(IntegerDense(inCount: 27, outCount: 4, weight: w(108), bias: [0, 1, 2, 3])),
                            .polynomial(IntegerPolynomial(coefficients: (0..<4).map { _ in row(2, 0) })), .rescale(bits: 5)]
            try check(flat, inputs, "multi-channel + dense bits \(bits)")
        }
    }

    /// Table models: a one-dimensional input of signed features (no planar relayout), dense
    /// layers with per-feature polynomials, in every lane.
    @Test func featureVectorInput() throws {
        var rng = SeededGenerator(seed: 7)
        func w(_ n: Int) -> [Int64] { (0..<n).map { _ in Int64.random(in: -127...127, using: &rng) } }
        func row(_ bits: Int) -> [BigInt] { (0...2).map { _ in BigInt(Int64.random(in: -9...9, using: &rng)) << bits } }
        for bits in [0, 30, 70, 120] {
            let m = IntegerModel(inputShape: [30], inputRange: -127...127, layers: [
                .dense(IntegerDense(inCount: 30, outCount: 8, weight: w(240), bias: (0..<8).map { BigInt($0 * 37 - 100) })),
                .polynomial(IntegerPolynomial(coefficients: (0..<8).map { _ in row(bits) })),
                .dense(IntegerDense(inCount: 8, outCount: 3, weight: w(24), bias: [5, -5, 0])),
            ])
            let inputs = (0..<21).map { _ in (0..<30).map { _ in Int64.random(in: -127...127, using: &rng) } }
            try check(m, inputs, "features bits \(bits)")
            #expect(try m.predict(inputs: inputs.flatMap { $0 }, count: inputs.count) == inputs.map { try m.evaluate($0).argmax })
        }
    }

    /// Values at the edges of each lane: a dense layer whose proven bound is 2^31 − 1, 2^31,
    /// 2^63 − 1, 2^63, 2^127 − 1 and 2^127 (attained), then rescales by 1, by bits−1 and beyond the lane.
    @Test func laneEdges() throws {
        for e in [31, 63, 127] {
            for extra in [BigInt(-1), 0] {
                let bound = (BigInt(1) << e) + extra
                let d = IntegerDense(inCount: 2, outCount: 2, weight: [1, -1, 1, -1], bias: [bound - 255 * 2, -(bound - 255 * 2)])
                for k in [1, e - 1, e, e + 1, 200] {
                    let m = IntegerModel(inputShape: [1, 1, 2], layers: [.dense(d), .rescale(bits: k)])
                    try check(m, [[255, 255], [0, 0], [255, 0], [17, 200]], "edge 2^\(e)\(extra) rescale \(k)")
                }
            }
        }
    }

    /// The register-tiled conv (4 channels × 8 pixels) with leftover channels and pixels, in the
    /// Int32 lane, the Int32 → Int64 lane and digit by digit (inputs beyond Int32).
    @Test func convTilesAndDigits() throws {
        var rng = SeededGenerator(seed: 42)
        for (range, lane) in [(0...255, LaneWidth.int32), (-(1 << 24)...(1 << 24), .int64), (-(1 << 60)...(1 << 60), .int128)] {
            let conv = IntegerConv2D(inChannels: 2, outChannels: 6, kernel: 3, stride: 1, padding: 1,
                                     weight: (0..<108).map { _ in Int64.random(in: -127...127, using: &rng) }, bias: [5, -5, 7, -7, 0, 1])
            let m = IntegerModel(inputShape: [5, 5, 2], inputRange: range, layers: [.conv2d(conv)])
            let plan = try InferencePlan(m)
            #expect(plan.widths == [lane])
            #expect(plan.steps.contains { if case .limbs = $0 { true } else { false } } == (lane == .int128))
            let inputs = (0..<3).map { i in (0..<50).map { j in Int64(i == 0 ? range.upperBound : i == 1 ? (j % 3 == 0 ? range.lowerBound : range.upperBound) : Int.random(in: range, using: &rng)) } }
            try check(m, inputs, "conv tiles \(range)")
        }
    }

    /// The generic step a kind without a kernel runs (`ExactStep`), here for every kind but
    /// flatten: planar and row-major inputs, spatial and flat outputs, every width.
    @Test(arguments: [0, 40, 100])
    func genericStepMatchesEvaluate(coefficientBits: Int) throws {
        var rng = SeededGenerator(seed: 17)
        var models = (UInt64(1)...4).map { randomModel(seed: $0 &+ UInt64(coefficientBits) << 8, coefficientBits: coefficientBits) }
        models.append(IntegerModel(inputShape: [4, 3, 2], inputRange: -128...127, layers: [
            .conv2d(IntegerConv2D(inChannels: 2, outChannels: 3, kernel: 2, stride: 1, padding: 1, weight: (0..<24).map { _ in Int64.random(in: -9...9, using: &rng) },
                                  bias: [1, -2, 3])),
            .polynomial(IntegerPolynomial(coefficients: (0..<3).map { _ in [3, -1, BigInt(1) << coefficientBits] })),
            .rescale(bits: 2),
        ]))
        for (n, m) in models.enumerated() {
            let plan = try InferencePlan(m, kernels: false)
            #expect(plan.steps.allSatisfy { switch $0 { case .exact, .toHWC: true; default: false } })
            let count = 19, size = m.inputShape.reduce(1, *)
            let inputs = (0..<(count * size)).map { _ in Int64(Int.random(in: m.inputRange, using: &rng)) }
            let out = IntegerBatchOutput(count: count, size: plan.outputSize, storage: plan.run(inputs[...], items: count))
            let analysis = try m.analyze()
            for i in 0..<count {
                let slow = try m.evaluate(Array(inputs[(i * size)..<((i + 1) * size)]), analysis: analysis, checkBounds: true)
                #expect(out.values(i) == slow.values, "model \(n) item \(i)")
            }
        }
    }

    @Test func predictMatchesEvaluateArgmax() throws {
        let m = randomModel(seed: 11, coefficientBits: 12)
        var rng = SeededGenerator(seed: 5)
        let images = (0..<(37 * 49)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let fast = try m.predict(inputs: images, count: 37, threads: 3)
        let analysis = try m.analyze()
        let slow = try (0..<37).map { i in try m.evaluate(images[(i * 49)..<((i + 1) * 49)].map { Int64($0) }, analysis: analysis).argmax }
        #expect(fast == slow)
        #expect(try m.predict(inputs: [UInt8](), count: 0) == [])
        #expect(try m.evaluateBatch([], count: 0).count == 0)
    }

    @Test func rejectsBadInputs() throws {
        let m = randomModel(seed: 3, coefficientBits: 0)
        #expect(throws: IntegerModelError.self) { try m.evaluateBatch([Int64](repeating: 0, count: 97), count: 2) }
        #expect { try m.evaluateBatch([Int64](repeating: 0, count: 97) + [256], count: 2) } throws: { "\($0)".contains("input 1 element 48") }
        var narrow = m
        narrow.inputRange = 0...15
        #expect { try narrow.predict(inputs: [UInt8](repeating: 16, count: 49), count: 1) } throws: { "\($0)".contains("outside 0...15") }
        #expect(throws: IntegerModelError.self) { try m.predict(inputs: [UInt8](repeating: 0, count: 50), count: 1) }
    }

    /// The benchmark models build, analyze, and agree with the reference on a few images.
    /// (Against `referenceEvaluate`: `evaluate` mis-converts negative BigInts of more than 64
    /// bits to Int128, which the wide CNN's coefficients are.)
    @Test func benchmarkModelsAgree() throws {
        var rng = SeededGenerator(seed: 8)
        for m in [IntegerInferenceBench.mlp(), IntegerInferenceBench.cnn(), IntegerInferenceBench.cnn(activationBits: nil)] {
            let inputs = (0..<1).map { _ in (0..<784).map { _ in Int64.random(in: 0...255, using: &rng) } }
            let batch = try m.evaluateBatch(inputs.flatMap { $0 }, count: 1)
            for (i, x) in inputs.enumerated() { #expect(batch.values(i) == referenceEvaluate(m, x.map { BigInt($0) }), "\(m.arch)") }
        }
    }
}

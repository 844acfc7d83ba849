// IntegerModel: exact inference against an independent, naive BigInt evaluation on random
// small models (every layer kind, all three integer widths); soundness of the proven bounds
// on extreme inputs; rescale rounding on hand-computed cases; file round trip and rejection.
import BigInt
import Foundation
import Testing
import Support
@testable import Quantize

/// Reference semantics, written from the definitions with BigInt and no shared code.
func referenceEvaluate(_ m: IntegerModel, _ input: [BigInt]) -> [BigInt] {
    var x = input, shape = m.inputShape
    for layer in m.layers {
        switch layer {
        case .dense(let d):
            x = (0..<d.outCount).map { k in (0..<d.inCount).reduce(d.bias[k]) { $0 + BigInt(d.weight[$1 * d.outCount + k]) * x[$1] } }
            shape = [d.outCount]
        case .conv2d(let c):
            let (h, w) = (shape[0], shape[1])
            let oh = (h + 2 * c.padding - c.kernel) / c.stride + 1, ow = (w + 2 * c.padding - c.kernel) / c.stride + 1
            var y: [BigInt] = []
            for oy in 0..<oh { for ox in 0..<ow { for o in 0..<c.outChannels {
                var s = c.bias[o]
                for ky in 0..<c.kernel { for kx in 0..<c.kernel { for ci in 0..<c.inChannels {
                    let iy = oy * c.stride + ky - c.padding, ix = ox * c.stride + kx - c.padding
                    if iy < 0 || iy >= h || ix < 0 || ix >= w { continue }
                    s += BigInt(c.weight[((ky * c.kernel + kx) * c.inChannels + ci) * c.outChannels + o]) * x[(iy * w + ix) * c.inChannels + ci]
                } } }
                y.append(s)
            } } }
            x = y
            shape = [oh, ow, c.outChannels]
        case let .sumPool(k, s):
            let (h, w, ch) = (shape[0], shape[1], shape[2])
            let oh = (h - k) / s + 1, ow = (w - k) / s + 1
            var y: [BigInt] = []
            for oy in 0..<oh { for ox in 0..<ow { for c in 0..<ch {
                var t = BigInt(0)
                for dy in 0..<k { for dx in 0..<k { t += x[((oy * s + dy) * w + ox * s + dx) * ch + c] } }
                y.append(t)
            } } }
            x = y
            shape = [oh, ow, ch]
        case .flatten:
            shape = [shape.reduce(1, *)]
        case .polynomial(let p):
            let ch = shape.last!
            x = x.enumerated().map { i, v in
                let row = p.coefficients.count == 1 ? p.coefficients[0] : p.coefficients[i % ch]
                return row.enumerated().reduce(BigInt(0)) { $0 + $1.element * v.power($1.offset) }
            }
        case .rescale(let k):
            // floor((x + 2^(k-1)) / 2^k) via BigInt's quotientAndRemainder (truncating) corrected to floor.
            let d = BigInt(1) << k
            x = x.map { v in
                let (q, r) = (v + (d >> 1)).quotientAndRemainder(dividingBy: d)
                return r < 0 ? q - 1 : q
            }
        }
    }
    return x
}

/// A random model with every layer kind; `wide` scales polynomial coefficients so that values
/// need Int128 or BigInt.
func randomModel(seed: UInt64, coefficientBits: Int) -> IntegerModel {
    var rng = SeededGenerator(seed: seed)
    func w(_ n: Int, _ mag: Int64 = 127) -> [Int64] { (0..<n).map { _ in Int64.random(in: -mag...mag, using: &rng) } }
    func b(_ n: Int, _ bits: Int) -> [BigInt] { (0..<n).map { _ in BigInt(Int64.random(in: -(1 << min(bits, 60))...(1 << min(bits, 60)), using: &rng)) } }
    let coef = { (deg: Int) -> [BigInt] in (0...deg).map { _ in BigInt(Int64.random(in: -3...3, using: &rng)) << coefficientBits } }
    let c1 = Int.random(in: 1...3, using: &rng), c2 = Int.random(in: 1...3, using: &rng)
    let stride = Int.random(in: 1...2, using: &rng), pad = Int.random(in: 0...1, using: &rng)
    let h1 = (7 + 2 * pad - 3) / stride + 1
    let ph = (h1 - 2) / 2 + 1
    let perChannel = Bool.random(using: &rng)
    return IntegerModel(inputShape: [7, 7, 1], layers: [
        .conv2d(IntegerConv2D(inChannels: 1, outChannels: c1, kernel: 3, stride: stride, padding: pad, weight: w(9 * c1), bias: b(c1, 20))),
        .polynomial(IntegerPolynomial(coefficients: perChannel ? (0..<c1).map { _ in coef(2) } : [coef(3)])),
        .sumPool(window: 2, stride: 2),
        .rescale(bits: Int.random(in: 1...12, using: &rng)),
        .conv2d(IntegerConv2D(inChannels: c1, outChannels: c2, kernel: 1, stride: 1, padding: 0, weight: w(c1 * c2, 7), bias: b(c2, 30))),
        .flatten,
        .dense(IntegerDense(inCount: ph * ph * c2, outCount: 4, weight: w(ph * ph * c2 * 4), bias: b(4, 40))),
        .polynomial(IntegerPolynomial(coefficients: [coef(2)])),
        .dense(IntegerDense(inCount: 4, outCount: 3, weight: w(12, 1), bias: b(3, 8))),
    ])
}

@Suite struct IntegerModelTests {
    @Test(arguments: [0, 40, 100])
    func inferenceMatchesBigIntReference(coefficientBits: Int) throws {
        var widths = Set<String>()
        for seed in UInt64(1)...12 {
            let m = randomModel(seed: seed &+ UInt64(coefficientBits) << 8, coefficientBits: coefficientBits)
            let a = try m.analyze()
            widths.formUnion(a.map { "\(IntegerWidth(bound: $0.bound))" })
            var rng = SeededGenerator(seed: seed)
            for _ in 0..<3 {
                let input = (0..<49).map { _ in Int64.random(in: 0...255, using: &rng) }
                let out = try m.evaluate(input, checkBounds: true)
                #expect(out.values == referenceEvaluate(m, input.map { BigInt($0) }), "seed \(seed)")
            }
        }
        // The three coefficient scales drive the layers through all three integer widths.
        if coefficientBits == 0 { #expect(widths.contains("int64")) }
        if coefficientBits == 40 { #expect(widths.contains("int128")) }
        if coefficientBits == 100 { #expect(widths.contains("big")) }
    }

    /// Extreme inputs (all 0, all 255, and per-position sign-aligned patterns) stay within
    /// every proven bound, and for one dense layer over a symmetric range the bound is attained.
    @Test func boundsAreSoundAndTight() throws {
        for seed in UInt64(1)...10 {
            let m = randomModel(seed: seed, coefficientBits: 0)
            for pattern in 0..<4 {
                let input = (0..<49).map { i -> Int64 in [0, 255, i % 2 == 0 ? 255 : 0, i % 3 == 0 ? 0 : 255][pattern] }
                _ = try m.evaluate(input, checkBounds: true)
            }
        }
        let d = IntegerDense(inCount: 4, outCount: 2, weight: [3, -1, -2, 5, 7, 0, -4, -6], bias: [10, -20])
        let m = IntegerModel(inputShape: [1, 1, 4], inputRange: -100...100, layers: [.dense(d)])
        let bound = try m.analyze()[0].bound
        #expect(bound == BigInt((3 + 2 + 7 + 4) * 100 + 10) || bound == BigInt((1 + 5 + 0 + 6) * 100 + 20))
        #expect(bound == 1610)
        let attaining: [Int64] = [100, -100, 100, -100]  // signs of column 0: +3, −2, +7, −4
        #expect(try m.evaluate(attaining, checkBounds: true).values[0] == 1610)
    }

    /// floor((x + 2^(k−1)) / 2^k) on hand-computed cases, in every width.
    @Test(arguments: [(5, 1, 3), (4, 1, 2), (-5, 1, -2), (-6, 1, -3), (-1, 2, 0), (-3, 2, -1), (2, 2, 1), (1, 2, 0),
                      (-2, 2, 0), (6, 2, 2), (-10, 3, -1), (-12, 3, -1), (-13, 3, -2), (1000, 10, 1), (-512, 10, 0), (-513, 10, -1)])
    func rescaleRoundsHalfUp(x: Int, bits: Int, expected: Int) {
        #expect(Int64(x).rescaled(by: bits) == Int64(expected))
        #expect(Int128(x).rescaled(by: bits) == Int128(expected))
        #expect(BigInt(x).rescaled(by: bits) == BigInt(expected))
        #expect((BigInt(x) << 200).rescaled(by: bits + 200) == BigInt(expected))
    }

    /// Conversions between BigInt and the fixed widths, across the 2^64 boundary and both signs
    /// (a BigInt 6.0.1 bug made negative values ≥ 2^64 convert wrongly to Int128).
    @Test(arguments: [0, 1, 63, 64, 65, 100, 125])
    func wideConversionsAreExact(bits: Int) {
        for sign in [BigInt(1), BigInt(-1)] {
            let v = sign * ((BigInt(1) << bits) + 5)
            #expect(Int128(big: v).big == v)
            #expect(BigInt(Int128(big: v)) == v)
            if bits < 62 { #expect(Int64(big: v).big == v) }
        }
        let d = IntegerDense(inCount: 1, outCount: 1, weight: [1], bias: [-((BigInt(1) << 100) + 5)])
        let m = IntegerModel(inputShape: [1, 1, 1], layers: [.dense(d)])
        #expect(try! m.evaluate([3]).values == [-(BigInt(1) << 100) - 2])
    }

    @Test func rejectsBadInputs() throws {
        let m = randomModel(seed: 3, coefficientBits: 0)
        #expect { try m.evaluate([Int64](repeating: 0, count: 48)) } throws: { "\($0)".contains("expects 49") }
        #expect { try m.evaluate([Int64](repeating: 256, count: 49)) } throws: { "\($0)".contains("outside 0...255") }
        var bad = m
        bad.layers[0] = .conv2d(IntegerConv2D(inChannels: 2, outChannels: 1, kernel: 3, stride: 1, padding: 0, weight: [], bias: [0]))
        #expect(throws: IntegerModelError.self) { try bad.analyze() }
    }

    @Test func fileRoundTripAndRejection() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zk-int-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var m = randomModel(seed: 5, coefficientBits: 40)
        m.arch = "conv(2,k3) poly …"
        m.outputScale = 0.125
        try m.write(to: dir)
        #expect(try IntegerModel(contentsOf: dir) == m)

        let json = dir.appendingPathComponent(IntegerModel.manifestName), st = dir.appendingPathComponent(IntegerModel.tensorsName)
        let goodJSON = try String(contentsOf: json, encoding: .utf8), goodST = try Data(contentsOf: st)
        func rejects(_ phrase: String) { #expect { try IntegerModel(contentsOf: dir) } throws: { "\($0)".contains(phrase) } }
        try goodST.prefix(goodST.count - 3).write(to: st)
        rejects("model.int.safetensors")
        try goodST.write(to: st)
        try goodJSON.replacingOccurrences(of: "\"version\" : 3", with: "\"version\" : 4").write(to: json, atomically: true, encoding: .utf8)
        rejects("version 4")
        let firstBias = m.layers.compactMap { if case .conv2d(let c) = $0 { c.bias[0].description } else { nil } }[0]
        try goodJSON.replacingOccurrences(of: "\"\(firstBias)\"", with: "\"\(firstBias)1\"").write(to: json, atomically: true, encoding: .utf8)
        rejects("bias width")
        let firstBound = try m.analyze()[0].bound.description
        try goodJSON.replacingOccurrences(of: "\"\(firstBound)\"", with: "\"\(firstBound)1\"").write(to: json, atomically: true, encoding: .utf8)
        rejects("bounds do not match")
        try goodJSON.replacingOccurrences(of: "\"\(firstBias)\"", with: "\"12x\"").write(to: json, atomically: true, encoding: .utf8)
        rejects("not a decimal integer")
        try "{".write(to: json, atomically: true, encoding: .utf8)
        rejects("model.int.json")
    }

    /// The model in `dir` after its manifest is rewritten from `manifest` with `version` and
    /// layer i's `field` set to `values[i]` (nil: removed).
    static func reread(_ dir: URL, manifest: [String: Any], version: Int, field: String, values: [Int?]) throws -> IntegerModel {
        var edited = manifest
        edited["version"] = version
        edited["layers"] = zip(manifest["layers"] as! [[String: Any]], values).map { layer, v in
            var layer = layer
            layer[field] = v
            return layer
        }
        try JSONSerialization.data(withJSONObject: edited).write(to: dir.appendingPathComponent(IntegerModel.manifestName))
        return try IntegerModel(contentsOf: dir)
    }

    /// Version 2 stores each dense/conv layer's weight width (here wider than its weights
    /// need); version 1 files, without it, read with the narrowest width that holds the
    /// weights (−128 takes 8 bits); a width that understates the weights, or a version-2 layer
    /// without one, is refused.
    @Test func weightWidthsAreStoredAndVersion1Infers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zk-int-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = IntegerModel(inputShape: [2], layers: [
            .dense(IntegerDense(inCount: 2, outCount: 2, weight: [-128, 5, 3, 0], bias: [1, 2], weightBits: 8)),
            .dense(IntegerDense(inCount: 2, outCount: 1, weight: [1, -1], bias: [0], weightBits: 8)),
        ])
        try m.write(to: dir)
        #expect(try IntegerModel(contentsOf: dir) == m)
        let json = dir.appendingPathComponent(IntegerModel.manifestName)
        let good = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        func read(version: Int, widths: [Int?]) throws -> IntegerModel {
            try Self.reread(dir, manifest: good, version: version, field: "weightBits", values: widths)
        }
        #expect(try read(version: 1, widths: [nil, nil]).layers.map(\.weightBits) == [8, 2])
        #expect { try read(version: 2, widths: [8, nil]) } throws: { "\($0)".contains("layer 1: missing 'weightBits'") }
        #expect { try read(version: 2, widths: [7, 8]) } throws: { "\($0)".contains("weight width 7 must be in 1...64 and hold the weights, which need 8 bits") }
        #expect { try read(version: 2, widths: [8, 65]) } throws: { "\($0)".contains("weight width 65") }
    }

    /// Version 3 stores each dense and conv layer's bias width (`biasBits`); versions 1 and 2
    /// read with the narrowest that holds the biases (−129 and 128 take 9 bits, 0 takes 1); a
    /// width that understates the biases or exceeds 250 bits, or a version-3 layer without
    /// one, is refused.
    @Test func biasWidthsAreStoredAndOlderVersionsInfer() throws {
        #expect(IntegerLayer.narrowestBits([0]) == 1 && IntegerLayer.narrowestBits([-1]) == 1 && IntegerLayer.narrowestBits([1]) == 2)
        #expect(IntegerLayer.narrowestBits([127, -128]) == 8 && IntegerLayer.narrowestBits([128]) == 9 && IntegerLayer.narrowestBits([-129]) == 9)
        #expect(IntegerLayer.narrowestBits([-(BigInt(1) << 100)]) == 101 && IntegerLayer.narrowestBits([BigInt(1) << 100]) == 102)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zk-int-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = IntegerModel(inputShape: [2], layers: [
            .dense(IntegerDense(inCount: 2, outCount: 2, weight: [1, 2, 3, 4], bias: [-129, 5], weightBits: 8, biasBits: 20)),
            .dense(IntegerDense(inCount: 2, outCount: 1, weight: [1, -1], bias: [0], weightBits: 8)),
        ])
        #expect(m.layers.map(\.biasBits) == [20, 1])
        try m.write(to: dir)
        #expect(try IntegerModel(contentsOf: dir) == m)
        let json = dir.appendingPathComponent(IntegerModel.manifestName)
        let good = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        func read(version: Int, widths: [Int?]) throws -> IntegerModel {
            try Self.reread(dir, manifest: good, version: version, field: "biasBits", values: widths)
        }
        #expect(try read(version: 2, widths: [nil, nil]).layers.map(\.biasBits) == [9, 1])
        #expect(try read(version: 2, widths: [20, 3]).layers.map(\.biasBits) == [9, 1])  // version 2 has no widths: ignored
        #expect { try read(version: 3, widths: [20, nil]) } throws: { "\($0)".contains("layer 1: missing 'biasBits'") }
        #expect { try read(version: 3, widths: [8, 1]) } throws: { "\($0)".contains("bias width 8 must be in 1...250 and hold the biases, which need 9 bits") }
        #expect { try read(version: 3, widths: [251, 1]) } throws: { "\($0)".contains("bias width 251") }
        #expect { try read(version: 3, widths: [0, 1]) } throws: { "\($0)".contains("bias width 0") }
    }
}

// The quantizers on known cases: weight quantizers (8, 4 bits, ternary) and their widths,
// polynomial rounding (exact monomials, the precision target, the Int64 cap, errors), and the
// rescale placement search on a hand-computed chain of squares.
import BigInt
import Foundation
import Testing
import Quantize

@Suite struct QuantizationTests {
    @Test func weightQuantizers() {
        let m: [Double] = [0.5, -2.2, 1, 0.25, -0.1, 4]  // [fanIn 3, out 2]
        let (q8, s8) = quantizeWeights(m, fanIn: 3, out: 2, bits: .b8, perChannel: true)
        #expect(s8 == [1 / 127, 4 / 127])
        #expect(q8 == [64, -70, 127, 8, -13, 127])
        let (q4, s4) = quantizeWeights(m, fanIn: 3, out: 2, bits: .b4, perChannel: false)
        #expect(s4 == [4 / 7, 4 / 7])
        #expect(q4 == [1, -4, 2, 0, 0, 7])  // −2.2 / (4/7) = −3.85
        let (qt, st) = quantizeWeights(m, fanIn: 3, out: 2, bits: .ternary, perChannel: true)
        // Column 0: mean|w| = 0.5833, Δ = 0.408: keeps 0.5 and 1 → scale 0.75.
        // Column 1: mean|w| = 2.15, Δ = 1.505: keeps −2.2 and 4 → scale 3.1.
        #expect(qt == [1, -1, 1, 0, 0, 1])
        #expect(abs(st[0] - 0.75) < 1e-6 && abs(st[1] - 3.1) < 1e-6)
    }

    /// A width holds ±qmax and is the narrowest that does; the narrowest width of known values.
    @Test func weightWidths() {
        for bits in WeightBits.allCases {
            #expect(IntegerLayer.narrowestWeightBits([bits.qmax, -bits.qmax]) == bits.width, "\(bits)")
        }
        let known: [([Int64], Int)] = [([], 1), ([0], 1), ([-1], 1), ([1], 2), ([-128], 8), ([127], 8), ([128], 9), ([-129], 9),
                                       ([3, -4], 3), ([Int64.min], 64), ([Int64.max], 64)]
        for (weights, width) in known { #expect(IntegerLayer.narrowestWeightBits(weights) == width, "\(weights)") }
    }

    @Test func polynomialRoundingIsExactForMonomialsAndBoundedOtherwise() throws {
        let sq = try quantizePolynomial([[0, 0, 1]], inputScale: [0.3, 7], bits: 12)
        #expect(sq.integer == [[0, 0, 1], [0, 0, 1]])
        #expect(abs(sq.scale[0] - 0.09) < 1e-12 && abs(sq.scale[1] - 49) < 1e-9)
        // Every coefficient within 2^-13·max|c| of its float value, also at input scales so small
        // that sizing at an integer input of one rounded x² to zero (the quad/poly collapse).
        let c = [0.1, 0.5, 0.25]
        for s in [0.5, 0.01, 1e-6] {
            let p = try quantizePolynomial([c], inputScale: [s], bits: 12)
            #expect(p.integer[0][2] != 0, "s = \(s)")
            for i in c.indices {
                #expect(abs(Double(p.effective[0][i]) - c[i]) <= 0.5 / 8192 * (1 + 1e-6), "s = \(s), term \(i)")
                #expect(abs(Double(p.integer[0][i]) * p.scale[0] / pow(s, Double(i)) - Double(p.effective[0][i])) <= 1e-6 * c[i])
            }
        }
        // The precision target is met without wasting magnitude: the largest coefficient at
        // s = 0.01 is 2^12 times max|c|/c₂ / s², not more.
        #expect(try quantizePolynomial([c], inputScale: [0.01], bits: 12).integer[0] == [8_192_000, 409_600, 2048])
        // At an extreme scale the integers stay within Int64 (2^62), at the cost of the higher terms.
        let extreme = try quantizePolynomial([[1, 1, 1, 1, 1]], inputScale: [1e-9], bits: 12)
        #expect(extreme.integer[0].allSatisfy { abs($0) <= 1 << 62 } && extreme.integer[0][0] == 1 << 62)
        // A zero leading coefficient (a learnable quadratic's a = 0) keeps its place in the row.
        #expect(try quantizePolynomial([[0.5, 1, 0]], inputScale: [0.25], bits: 4).integer == [[32, 16, 0]])
    }

    /// A coefficient or scale with no Int64 form (found by the hostile-input campaign: a damaged
    /// checkpoint's batch-norm gamma of 3.4e38) is an error, not a trap.
    @Test func polynomialWithoutIntegerFormIsAnError() {
        #expect { try quantizePolynomial([[0, 1, 1]], inputScale: [.infinity], bits: 12) } throws: {
            "\($0)" == "polynomial coefficient 1.0 at input scale inf has no integer form (not finite, or beyond 2^63)"
        }
        #expect(throws: QuantizationError.self) { try quantizePolynomial([[.nan, 1, 1]], inputScale: [1], bits: 12) }
    }

    @Test func rescalePolicySpellings() {
        for s in ["never", "auto", "auto-private", "every:1", "every:200"] { #expect(RescalePolicy(parsing: s)?.description == s) }
        for s in ["every:0", "every:201", "every:", "sometimes", "auto:3"] { #expect(RescalePolicy(parsing: s) == nil, "\(s)") }
    }

    /// Steps dense, x², dense, x², dense on inputs 0…255: bounds of 8, 16, 16, 32 and 32 bits
    /// (weights 1 stored at `weightBits`, default the narrowest).
    static func chain(_ shifts: [Int: Int]) -> IntegerModel { chain(shifts, weightBits: nil) }

    static func chain(_ shifts: [Int: Int], weightBits: Int?) -> IntegerModel {
        let steps: [IntegerLayer] = [.dense(IntegerDense(inCount: 1, outCount: 1, weight: [1], bias: [0], weightBits: weightBits)),
                                     .polynomial(IntegerPolynomial(coefficients: [[0, 0, 1]]))]
        var layers = [IntegerLayer]()
        for n in 0..<5 {
            layers.append(steps[n % 2])
            if let k = shifts[n] { layers.append(.rescale(bits: k)) }
        }
        return IntegerModel(inputShape: [1], layers: layers)
    }

    @Test func rescalePlacement() throws {
        let linear = [0, 2, 4]
        #expect(try RescalePolicy.never.place(linearSteps: linear, build: Self.chain) == Self.chain([:]))
        #expect(try RescalePolicy.every(bits: 3).place(linearSteps: linear, build: Self.chain) == Self.chain([0: 3, 2: 3]))
        #expect(try RescalePolicy.auto().place(linearSteps: linear, build: Self.chain) == Self.chain([:]))
        // Limit 20: the second x² (32 bits) is the first excess; the dense before it is rescaled
        // by 7 bits, the fewest that keep x² below 2^19: (65025 + 64) >> 7 = 508, 508² = 258064;
        // by 6 it would be 1016² = 1032256 ≥ 2^19.
        let placed = try RescalePolicy.auto(limitBits: 20).place(linearSteps: linear, build: Self.chain)
        #expect(placed == Self.chain([2: 7]))
        #expect(try placed.analyze().allSatisfy { $0.bound.magnitude.bitWidth < 20 })
        // Limit 8: the first dense's own output (255) is too wide, and no rescale can come before it.
        #expect { try RescalePolicy.auto(limitBits: 8).place(linearSteps: linear, build: Self.chain) } throws: {
            "\($0)" == "bounds exceed 2^8 even with rescales after every linear layer"
        }
    }

    /// The same chain with its weights stored as 8-bit: `auto` places for the trained weights
    /// (1), `auto-private` for any of the width (|w| ≤ 128), which needs earlier and wider
    /// shifts; the weights themselves are untouched.
    @Test func rescalePlacementForPrivateWeights() throws {
        let linear = [0, 2, 4], build = { Self.chain($0, weightBits: 8) }
        let trained = try RescalePolicy.auto(limitBits: 30).place(linearSteps: linear, build: build)
        let placed = try RescalePolicy.autoPrivate(limitBits: 30).place(linearSteps: linear, build: build)
        // Trained: only the second x² (~2^32) is 30 bits wide or more; (65025 >> 2)² < 2^29 ≤ (65025 >> 1)².
        #expect(trained == build([2: 2]))
        #expect(try trained.worstCase().analyze().contains { $0.bound.magnitude.bitWidth >= 30 })
        #expect(try placed.worstCase().analyze().allSatisfy { $0.bound.magnitude.bitWidth < 30 })
        #expect(placed != trained && placed.layers.count > trained.layers.count)
        let weights: [[Int64]] = placed.layers.compactMap { if case .dense(let d) = $0 { d.weight } else { nil } }
        #expect(weights == [[1], [1], [1]])
        // The worst case: weights −2^7 and biases −2^0 at the stored widths, nothing else.
        let worst = placed.worstCase()
        let dense: [IntegerDense] = worst.layers.compactMap { if case .dense(let d) = $0 { d } else { nil } }
        #expect(dense.count == 3 && dense.allSatisfy { $0.weight == [-128] && $0.bias == [-1] })
        #expect(zip(worst.layers, placed.layers).allSatisfy { (w: IntegerLayer, p: IntegerLayer) in
            if case .dense = w { true } else { w == p }
        })
    }
}

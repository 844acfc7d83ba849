// Lowering of each IntegerLayer kind. Linear layers with public weights are linear
// combinations (no constraints); with committed weights each weight × input product is one
// constraint. Pooling and flatten are free; activations and rescales use the gadgets.
import BigInt
import Prove
import Quantize

/// A committed layer's weights and biases as signals over their bit wires.
struct CommittedParameters {
    var weights: [Signal]
    var biases: [Signal]
}

extension CircuitBuilder {
    /// Allocates the bits of a layer's weights then biases (offset binary, `plan`'s widths),
    /// appending them to the commitment `stream`.
    mutating func allocateParameters(of plan: LayerPlan, label: String, stream: inout [Variable]) -> CommittedParameters {
        func signals(_ values: [BigInt], bits: Int, _ what: String) -> [Signal] {
            let offset = BigInt(1) << (bits - 1)
            return values.enumerated().map { j, v in
                let wires = allocateBits(of: v + offset, count: bits, label: "\(label).\(what)[\(j)]")
                stream += wires
                return Signal(Self.packed(wires, offset: offset), value: v)
            }
        }
        return CommittedParameters(weights: signals(plan.layer.weights!.map { BigInt($0) }, bits: plan.weightBits, "weight"),
                                   biases: signals(plan.layer.biases!, bits: plan.biasBits, "bias"))
    }

    /// One layer applied to `x`.
    mutating func lower(_ plan: LayerPlan, _ x: [Signal], committed: CommittedParameters?, weightElements: [Fr],
                        label: String) -> [Signal] {
        switch plan.layer {
        case .dense(let d):
            if let committed, plan.slots > 0 {
                return packedDotProducts(x, weights: committed.weights, biases: committed.biases, weightBits: plan.weightBits,
                                         outCount: d.outCount, slotBits: plan.slotBits, slots: plan.slots, label: label)
            }
            let taps = (0..<d.outCount).map { k in (0..<d.inCount).map { j in (input: j, weight: j * d.outCount + k) } }
            return linear(x, taps: taps, weights: d.weight, biases: d.bias, committed: committed, scaled: weightElements, bound: plan.bound, label: label)
        case .conv2d(let c):
            let taps = Self.convolutionTaps(c, inputShape: plan.inputShape)
            return linear(x, taps: taps, weights: c.weight, biases: c.bias, committed: committed, scaled: weightElements, bound: plan.bound, label: label,
                          channels: c.outChannels)
        case let .sumPool(k, s):
            let (h, w, ch) = (plan.inputShape[0], plan.inputShape[1], plan.inputShape[2])
            let (oh, ow) = ((h - k) / s + 1, (w - k) / s + 1)
            var y = [Signal]()
            y.reserveCapacity(oh * ow * ch)
            for oy in 0..<oh { for ox in 0..<ow { for c in 0..<ch {
                var sum = Signal(LinearCombination(), value: 0)
                for dy in 0..<k { for dx in 0..<k {
                    let v = x[((oy * s + dy) * w + ox * s + dx) * ch + c]
                    sum.combination += v.combination
                    sum.value += v.value
                } }
                sum.combination = sum.combination.normalized()
                y.append(sum)
            } } }
            return y
        case .flatten:
            return x
        case .polynomial(let p):
            let channels = plan.inputShape.last!
            return x.enumerated().map { i, v in
                let row = p.coefficients.count == 1 ? 0 : i % channels
                return polynomial(v, coefficients: p.coefficients[row], label: "\(label)[\(i)]")
            }
        case .rescale(let k):
            return x.enumerated().map { i, v in rescale(v, by: k, quotientBits: plan.quotientBits, label: "\(label)[\(i)]") }
        }
    }

    /// y[o] = bias[o % channels] + Σ weight[tap.weight]·x[tap.input] over `taps[o]`.
    private mutating func linear(_ x: [Signal], taps: [[(input: Int, weight: Int)]], weights: [Int64], biases: [BigInt],
                                 committed: CommittedParameters?, scaled: [Fr], bound: BigInt, label: String,
                                 channels: Int? = nil) -> [Signal] {
        let channels = channels ?? taps.count
        if let committed {
            return taps.enumerated().map { o, row in
                let bias = committed.biases[o % channels]
                var y = Signal(bias.combination, value: bias.value)
                for tap in row {
                    let w = committed.weights[tap.weight], v = x[tap.input]
                    let product = w.value * v.value
                    let p = addPrivate(Fr(signed: product))
                    constrain(w.combination, v.combination, LinearCombination(p), "\(label)[\(o)].product")
                    y.combination.add(p)
                    y.value += product
                }
                return y
            }
        }
        // Values: Int128 accumulation when inputs fit Int64 and the layer's bound fits Int128
        // (|w·x| < 2^63·2^63 and every partial sum ≤ the proven bound), else BigInt.
        let narrow = bound < BigInt(1) << 120 ? x.map { Int64(exactly: $0.value) } : []
        let fast = !narrow.isEmpty && narrow.allSatisfy { $0 != nil }
        return taps.enumerated().map { o, row in
            let bias = biases[o % channels]
            var lc = LinearCombination(constant: Fr(signed: bias))
            lc.terms.reserveCapacity(1 + row.count * (x[row.first?.input ?? 0].combination.terms.count))
            var wide = BigInt(0), sum = Int128(0)
            for tap in row where weights[tap.weight] != 0 {
                let w = scaled[tap.weight], v = x[tap.input]
                for term in v.combination.terms {
                    lc.terms.append((term.variable, term.coefficient == .one ? w : w * term.coefficient))
                }
                if fast { sum += Int128(weights[tap.weight]) * Int128(narrow[tap.input]!) } else { wide += BigInt(weights[tap.weight]) * v.value }
            }
            // Sign and magnitude: BigInt 6.0.1 reads negative values beyond 64 bits wrongly from words.
            let narrowSum = sum < 0 ? -BigInt(sum.magnitude) : BigInt(sum.magnitude)
            return Signal(lc.normalized(), value: bias + (fast ? narrowSum : wide))
        }
    }

    /// For each output (NHWC order), the (input index, weight index) pairs of the taps that
    /// fall inside the image (zero padding contributes nothing).
    static func convolutionTaps(_ c: IntegerConv2D, inputShape: [Int]) -> [[(input: Int, weight: Int)]] {
        let (h, w) = (inputShape[0], inputShape[1])
        let oh = (h + 2 * c.padding - c.kernel) / c.stride + 1, ow = (w + 2 * c.padding - c.kernel) / c.stride + 1
        var taps = [[(input: Int, weight: Int)]]()
        taps.reserveCapacity(oh * ow * c.outChannels)
        for oy in 0..<oh { for ox in 0..<ow { for o in 0..<c.outChannels {
            var row = [(input: Int, weight: Int)]()
            for ky in 0..<c.kernel { for kx in 0..<c.kernel {
                let iy = oy * c.stride - c.padding + ky, ix = ox * c.stride - c.padding + kx
                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                for ci in 0..<c.inChannels {
                    row.append(((iy * w + ix) * c.inChannels + ci, ((ky * c.kernel + kx) * c.inChannels + ci) * c.outChannels + o))
                }
            } }
            taps.append(row)
        } } }
        return taps
    }
}

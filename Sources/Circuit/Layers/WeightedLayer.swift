// Dense and conv layers alike: weights and biases, and y[o] = bias[o % channels] +
// Σ weight·x over the layer's taps. With public weights that is a linear combination (no
// constraint); with committed weights every weight and bias is a signal over its offset-binary
// bits (range-checked, then hashed by the weight commitment) and every weight × input product
// is one constraint. The packed path of a dense layer on the raw input is in DenseLayer.swift.
import BigInt
import Prove
import Quantize

/// A layer with weights and biases, the kind committed weights commit to.
protocol WeightedLayer: CircuitLayer {
    /// Small signed integers, in the layout the kind defines.
    var weight: [Int64] { get }
    /// The weights' signed width, stored with the model (`--weight-bits` of its training).
    var weightBits: Int { get }
    /// The biases' signed width, stored with the model (the widest bias at export).
    var biasBits: Int { get }
    /// One per output channel, exact at the accumulator's scale.
    var bias: [BigInt] { get }
    /// Weight × input products on `inputShape` (taps that fall on zero padding multiply
    /// nothing and are not counted).
    func productCount(inputShape: [Int]) -> Int
    /// For each output, the (input index, weight index) pairs of its products on `inputShape`.
    func taps(inputShape: [Int]) -> [[(input: Int, weight: Int)]]
}

/// A committed layer's weights and biases as signals over their bit wires.
struct CommittedParameters {
    var weights: [Signal]
    var biases: [Signal]
}

extension WeightedLayer {
    var weighted: (any WeightedLayer)? { self }

    /// The bits the circuit enforces for committed weights and biases: the layer's stored
    /// widths, so that the circuit does not depend on which values the weights and biases
    /// happen to take and can be compiled from a public description.
    var committedWidths: (weight: Int, bias: Int) { (weightBits, biasBits) }

    /// The outputs on the integer input `x`: bias + Σ weight·x over each output's taps, in
    /// Int128 when the layer's proven `bound` (which bounds every partial sum) fits, else BigInt.
    func outputs(_ x: [Int64], inputShape: [Int], bound: BigInt) -> [BigInt] {
        let channels = bias.count, narrow = bound < BigInt(1) << 120
        return taps(inputShape: inputShape).enumerated().map { o, row in
            guard narrow else { return row.reduce(bias[o % channels]) { $0 + BigInt(weight[$1.weight]) * BigInt(x[$1.input]) } }
            var sum = Int128(0)
            for tap in row { sum += Int128(weight[tap.weight]) * Int128(x[tap.input]) }
            // Sign and magnitude: BigInt 6.0.1 reads negative values beyond 64 bits wrongly from words.
            return bias[o % channels] + (sum < 0 ? -BigInt(sum.magnitude) : BigInt(sum.magnitude))
        }
    }

    /// y[o] = bias[o % channels] + Σ weight[tap.weight]·x[tap.input] over `taps[o]`, where
    /// channels = the bias count.
    func linear(_ x: [Signal], taps: [[(input: Int, weight: Int)]], _ plan: LayerPlan, weights: LayerWeights,
                label: String, in b: inout CircuitBuilder) -> [Signal] {
        switch weights {
        case .committed(let committed): products(x, taps: taps, committed, label: label, in: &b)
        case .constants(let scaled): combinations(x, taps: taps, scaled: scaled, bound: plan.bound)
        }
    }

    /// Committed weights: one product constraint per tap.
    private func products(_ x: [Signal], taps: [[(input: Int, weight: Int)]], _ committed: CommittedParameters,
                          label: String, in b: inout CircuitBuilder) -> [Signal] {
        let channels = bias.count
        return taps.enumerated().map { o, row in
            let bias = committed.biases[o % channels]
            var y = Signal(bias.combination, value: bias.value)
            for tap in row {
                let w = committed.weights[tap.weight], v = x[tap.input]
                let product = w.value * v.value
                let p = b.addPrivate(Fr(signed: product))
                b.constrain(w.combination, v.combination, LinearCombination(p), "\(label)[\(o)].product")
                y.combination.add(p)
                y.value += product
            }
            return y
        }
    }

    /// Public weights (`scaled`: as field elements): linear combinations of the inputs'.
    /// Values: Int128 accumulation when inputs fit Int64 and the layer's `bound` fits Int128
    /// (|w·x| < 2^63·2^63 and every partial sum ≤ the proven bound), else BigInt.
    private func combinations(_ x: [Signal], taps: [[(input: Int, weight: Int)]], scaled: [Fr], bound: BigInt) -> [Signal] {
        let narrow = bound < BigInt(1) << 120 ? x.map { Int64(exactly: $0.value) } : []
        let fast = !narrow.isEmpty && narrow.allSatisfy { $0 != nil }
        let channels = bias.count
        return taps.enumerated().map { o, row in
            let bias = self.bias[o % channels]
            var lc = LinearCombination(constant: Fr(signed: bias))
            lc.terms.reserveCapacity(1 + row.count * (x[row.first?.input ?? 0].combination.terms.count))
            var wide = BigInt(0), sum = Int128(0)
            for tap in row where weight[tap.weight] != 0 {
                let w = scaled[tap.weight], v = x[tap.input]
                for term in v.combination.terms {
                    lc.terms.append((term.variable, term.coefficient == .one ? w : w * term.coefficient))
                }
                if fast { sum += Int128(weight[tap.weight]) * Int128(narrow[tap.input]!) } else { wide += BigInt(weight[tap.weight]) * v.value }
            }
            // Sign and magnitude: BigInt 6.0.1 reads negative values beyond 64 bits wrongly from words.
            let narrowSum = sum < 0 ? -BigInt(sum.magnitude) : BigInt(sum.magnitude)
            return Signal(lc.normalized(), value: bias + (fast ? narrowSum : wide))
        }
    }

    /// The stage `linear` builds: `plan.products` constraints with committed weights, none
    /// with public ones.
    func linearCost(_ p: LayerPlan, options: CircuitOptions, into tally: inout CostTally) {
        let count = max(p.outputCount, 1)
        if options.weights.isPrivate {
            // A weight is a wire (certified) or its offset bits (committed); so is a bias.
            let certified = options.weights == .certified
            let weightTerms = certified ? 1 : p.weightBits + 1, biasTerms = certified ? 1 : p.biasBits + 1
            tally.stage(p.name, constraints: p.products, wires: [(p.products, p.valueBits)],
                        entries: p.products * (weightTerms + tally.terms + 1))
            tally.terms = p.products / count + biasTerms
            tally.termsHaveConstant = !certified  // a committed bias's offset
            // Every output has the same number of terms unless taps fall on zero padding.
            tally.termsExact = tally.termsExact && p.products == count * (weight.count / max(bias.count, 1))
        } else {
            tally.stage(p.name, constraints: 0, wires: [], entries: 0)
            tally.terms = productCount(inputShape: p.inputShape) / count * tally.terms + 1
            tally.termsExact = false
        }
    }
}

extension CircuitBuilder {
    /// Allocates `layer`'s weights then biases as public-input wires, one per value (certified
    /// weights: the certificate, not this circuit, proves their ranges).
    mutating func addCertifiedParameters(of layer: any WeightedLayer) -> CommittedParameters {
        func signals(_ values: [BigInt]) -> [Signal] {
            values.map { v in Signal(LinearCombination(addPublicInput(Fr(signed: v))), value: v) }
        }
        return CommittedParameters(weights: signals(layer.weight.map { BigInt($0) }), biases: signals(layer.bias))
    }

    /// Allocates the bits of `layer`'s weights then biases (offset binary, `weightBits` and
    /// `biasBits` wide), appending them to the commitment `stream`.
    mutating func allocateParameters(of layer: any WeightedLayer, weightBits: Int, biasBits: Int, label: String,
                                     stream: inout [Variable]) -> CommittedParameters {
        func signals(_ values: [BigInt], bits: Int, _ what: String) -> [Signal] {
            let offset = BigInt(1) << (bits - 1)
            return values.enumerated().map { j, v in
                let wires = allocateBits(of: v + offset, count: bits, label: "\(label).\(what)[\(j)]")
                stream += wires
                return Signal(Self.packed(wires, offset: offset), value: v)
            }
        }
        return CommittedParameters(weights: signals(layer.weight.map { BigInt($0) }, bits: weightBits, "weight"),
                                   biases: signals(layer.bias, bits: biasBits, "bias"))
    }
}

// The integer model a candidate will export to, built from its spec's shapes alone, so that
// it can be costed without training. Layers are exactly the exporter's (dense/conv with the
// batch-norm folded in, sum pooling, flatten, polynomials of the spec's degree, rescales
// where the policy puts them); the numbers are worst cases of a real export:
// - every weight is ±qmax of its width (127, 7, 1): no export has larger |weights|;
// - polynomial coefficient i of degree d is 2^F·B^(d−i) (F = QATConfig.polynomialBits, B the
//   input's integer bound, capped at 2^62 like the exporter's Int64), one row per channel,
//   except x², exactly one row [0, 0, 1] as exported: the exporter gives the largest float
//   coefficient 2^F at the scale of the input's float value one, so coefficient i is at most
//   2^F·(1/s)^(d−i), and 1/s ≤ B wherever the input's float values reach one;
// - each bias is qmax · (input bound) — one input at full weight. Real biases are batch-norm
//   shifts at the accumulator's scale; this is an estimate, not a bound (see Scorer).
// So public-weight bounds are at least the real ones (up to the bias estimate) and the
// rescales `auto` places here (by the exporter's search, `RescalePolicy.place`) are where the
// real export may need them. Each dense/conv records the candidate's weight width.
import BigInt
import Quantize
import Train
import Datasets

public enum ModelSkeleton {
    /// The skeleton of `candidate` on inputs of `input` (shape, range, class count).
    public static func integerModel(_ candidate: Candidate, input: DataShape) throws -> IntegerModel {
        let spec = try candidate.spec(), bits = try candidate.bits(), policy = try candidate.rescalePolicy()
        let steps = try Self.steps(spec)
        let linear = steps.indices.filter { if case .linear = steps[$0] { true } else { false } }
        guard let logits = linear.last, logits == steps.count - 1 else {
            throw CodesignError("\(candidate.arch): must end in a dense layer (the logits)")
        }
        do {
            return try policy.place(linearSteps: linear) { try build(steps, bits: bits, shifts: $0, arch: spec.description, input: input) }
        } catch let e as QuantizationError {
            throw CodesignError("\(candidate.arch): \(e.message)")
        }
    }

    /// One step of the integer model, with the spec layer's shape facts.
    enum Step {
        case linear(LayerSpec)
        case polynomial(degree: Int, square: Bool)
        case pool(window: Int, stride: Int)
        case flatten
    }

    /// The exporter's grouping of spec layers (bn folds into the preceding dense/conv).
    static func steps(_ spec: ArchSpec) throws -> [Step] {
        var steps = [Step]()
        for (i, layer) in spec.layers.enumerated() {
            switch layer {
            case .dense, .conv: steps.append(.linear(layer))
            case .batchNorm:
                guard i > 0, isLinear(spec.layers[i - 1]) else {
                    throw CodesignError("\(spec): bn must directly follow dense or conv")
                }
            case .square: steps.append(.polynomial(degree: 2, square: true))
            case .quadratic: steps.append(.polynomial(degree: 2, square: false))
            case .polyFit(_, let d, _): steps.append(.polynomial(degree: d, square: false))
            case let .avgPool(k, s), let .sumPool(k, s): steps.append(.pool(window: k, stride: s))
            case .flatten: steps.append(.flatten)
            case .relu: throw CodesignError("\(spec): relu has no integer circuit")
            }
        }
        return steps
    }

    private static func isLinear(_ l: LayerSpec) -> Bool {
        switch l { case .dense, .conv: true; default: false }
    }

    /// The skeleton with rescales after the linear steps in `shifts`.
    static func build(_ steps: [Step], bits: WeightBits, shifts: [Int: Int], arch: String, input: DataShape) throws -> IntegerModel {
        var layers = [IntegerLayer](), shape = input.shape
        var bound = BigInt(max(input.range.lowerBound.magnitude, input.range.upperBound.magnitude))
        let q = bits.qmax, f = BigInt(1) << QATConfig().polynomialBits
        for (n, step) in steps.enumerated() {
            switch step {
            case .linear(.dense(let units)):
                let inCount = shape.reduce(1, *)
                layers.append(.dense(IntegerDense(inCount: inCount, outCount: units, weight: [Int64](repeating: q, count: inCount * units),
                                                  bias: [BigInt](repeating: BigInt(q) * bound, count: units), weightBits: bits.width)))
                shape = [units]
                bound = BigInt(q) * bound * BigInt(inCount + 1)
            case let .linear(.conv(c, k, s, p)):
                guard shape.count == 3, k <= shape[0] + 2 * p else { throw CodesignError("\(arch): conv does not fit \(shape)") }
                let fanIn = k * k * shape[2]
                layers.append(.conv2d(IntegerConv2D(inChannels: shape[2], outChannels: c, kernel: k, stride: s, padding: p,
                                                    weight: [Int64](repeating: q, count: fanIn * c), bias: [BigInt](repeating: BigInt(q) * bound, count: c),
                                                    weightBits: bits.width)))
                let side = (shape[0] + 2 * p - k) / s + 1
                shape = [side, side, c]
                bound = BigInt(q) * bound * BigInt(fanIn + 1)
            case .linear:
                throw CodesignError("\(arch): internal error, a non-linear layer in a linear step")
            case let .polynomial(degree, square):
                // x² is one shared row; other polynomials get one row per channel (their scales differ).
                let rows: [[BigInt]] = square ? [[0, 0, 1]]
                    : [[BigInt]](repeating: (0...degree).map { min(f * bound.power(degree - $0), BigInt(1) << 62) }, count: shape.last!)
                layers.append(.polynomial(IntegerPolynomial(coefficients: rows)))
                bound = (square ? 1 : f * BigInt(degree + 1)) * bound.power(degree)
            case let .pool(k, s):
                guard shape.count == 3, k <= shape[0] else { throw CodesignError("\(arch): pooling does not fit \(shape)") }
                layers.append(.sumPool(window: k, stride: s))
                let side = (shape[0] - k) / s + 1
                shape = [side, side, shape[2]]
                bound *= BigInt(k * k)
            case .flatten:
                layers.append(.flatten)
                shape = [shape.reduce(1, *)]
            }
            if let k = shifts[n] {
                layers.append(.rescale(bits: k))
                bound = (bound >> k) + 1
            }
        }
        guard shape == [input.classCount] else { throw CodesignError("\(arch): must end in \(input.classCount) logits, ends in \(shape)") }
        return IntegerModel(inputShape: input.shape, inputRange: input.range, layers: layers, arch: arch)
    }
}

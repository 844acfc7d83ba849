// Export of a trained network to Quantize's `IntegerModel`, through the same block
// quantization the QAT forward uses, with a rescale policy: never, auto (rescale a linear
// block's output only where a proven bound would exceed the limit), or every:K bits.
import BigInt
import Quantize

/// Where explicit rescale layers go.
public enum RescalePolicy: Sendable, Equatable, CustomStringConvertible {
    case never
    /// Rescale only where needed so every proven bound stays below 2^limitBits (default 250:
    /// the field allows |value| < (r−1)/2 ≈ 2^252.6), each time after the last linear block
    /// before the first excess and by the fewest bits that suffice: bounds are worst cases,
    /// so a larger shift would cost real precision (not simulated during training).
    case auto(limitBits: Int = 250)
    /// Rescale every linear block's output (except the logits) by `bits`.
    case every(bits: Int)

    /// Parses `never`, `auto`, `every:K`.
    public init?(parsing s: String) {
        if s == "never" { self = .never } else if s == "auto" { self = .auto() } else if s.hasPrefix("every:"), let k = Int(s.dropFirst(6)), (1...200).contains(k) {
            self = .every(bits: k)
        } else { return nil }
    }

    public var description: String {
        switch self { case .never: "never"; case .auto: "auto"; case .every(let k): "every:\(k)" }
    }
}

extension Network {
    /// The integer model of this network under `config`, with rescales by `policy`.
    /// Throws if the network has no integer form or its bounds cannot be kept in range.
    public func integerModel(_ config: QATConfig, rescale policy: RescalePolicy) throws -> IntegerModel {
        let plan = try quantizationPlan()
        let linearSteps = plan.indices.filter { if case .linear = plan[$0] { true } else { false } }
        var shifts = [Int: Int]()
        switch policy {
        case .never, .auto: break
        case .every(let k): for n in linearSteps.dropLast() { shifts[n] = k }
        }
        var model = try export(plan: plan, config: config, shifts: shifts)
        guard case let .auto(limit) = policy else { return model }
        func fits(_ m: IntegerModel) throws -> Int? {
            try m.analyze().firstIndex { $0.bound.magnitude.bitWidth >= limit }
        }
        while let bad = try fits(model) {
            let step = stepIndex(ofLayer: bad, plan: plan, shifts: shifts)
            guard let n = linearSteps.last(where: { $0 <= step && shifts[$0] == nil && $0 != linearSteps.last }) else {
                throw QuantizationError(message: "bounds exceed 2^\(limit) even with rescales after every linear layer")
            }
            // Smallest k (binary search; larger shifts only shrink later bounds) such that no
            // bound up to and including layer `bad` exceeds the limit.
            let accumulatorBits = try model.analyze()[layerIndex(ofStep: n, in: plan, shifts: shifts)].bound.magnitude.bitWidth
            var lo = 1, hi = max(1, accumulatorBits)
            while lo < hi {
                let mid = (lo + hi) / 2
                var trial = shifts
                trial[n] = mid
                let candidate = try export(plan: plan, config: config, shifts: trial)
                if let b = try fits(candidate), b <= bad + 1 { lo = mid + 1 } else { hi = mid }
            }
            shifts[n] = lo
            model = try export(plan: plan, config: config, shifts: shifts)
        }
        return model
    }

    /// Index in the integer model's layer list of plan step `n` (rescales add layers).
    private func layerIndex(ofStep n: Int, in plan: [QuantStep], shifts: [Int: Int]) -> Int {
        (0..<n).reduce(0) { $0 + 1 + (shifts[$1] != nil ? 1 : 0) }
    }

    /// Plan step that produced integer-model layer `l`.
    private func stepIndex(ofLayer l: Int, plan: [QuantStep], shifts: [Int: Int]) -> Int {
        var layer = 0
        for n in plan.indices {
            layer += 1 + (shifts[n] != nil ? 1 : 0)
            if layer > l { return n }
        }
        return plan.count - 1
    }

    private func export(plan: [QuantStep], config: QATConfig, shifts: [Int: Int]) throws -> IntegerModel {
        var layers: [IntegerLayer] = []
        var scales = [Double](repeating: inputScale, count: inputShape.last!)
        var outputScale = 1.0
        for (n, step) in plan.enumerated() {
            switch step {
            case let .linear(i, bnIndex):
                let bn = bnIndex.map { self.layers[$0] as! BatchNorm }, c = scales.count, inputScales = scales
                let (weight, bias) = try linearWeights(i)
                let fanIn = weight.shape.dropLast().reduce(1, *), out = weight.shape.last!
                let q = quantizeLinear(weight: weight.value, bias: bias.value, bn: bn, fanIn: fanIn, out: out,
                                       inputScale: { inputScales[$0 % c] }, bits: config.weightBits,
                                       perChannel: config.perChannel && n != plan.count - 1)
                guard q.bias.allSatisfy({ $0.isFinite }) else { throw QuantizationError(message: "layer \(i + 1): non-finite bias") }
                let intBias = q.bias.map { BigInt(exactly: $0) ?? 0 }
                if let conv = self.layers[i] as? Conv2D {
                    let g = conv.geometry
                    layers.append(.conv2d(IntegerConv2D(inChannels: g.inChannels, outChannels: out, kernel: g.kernel, stride: g.stride,
                                                        padding: g.padding, weight: q.q, bias: intBias)))
                } else {
                    layers.append(.dense(IntegerDense(inCount: fanIn, outCount: out, weight: q.q, bias: intBias)))
                }
                scales = q.scale
                if let k = shifts[n] {
                    layers.append(.rescale(bits: k))
                    scales = scales.map { $0 * Double(sign: .plus, exponent: k, significand: 1) }
                }
                outputScale = scales.max() ?? 1
            case .polynomial(let i):
                let p = try quantizePolynomial(QuantizedForward.floatCoefficients(layer: self.layers[i]), inputScale: scales, bits: config.polynomialBits)
                let rows = p.integer.map { $0.map { BigInt($0) } }
                layers.append(.polynomial(IntegerPolynomial(coefficients: Set(rows).count == 1 ? [rows[0]] : rows)))
                scales = p.scale
            case .pool(let i):
                let pool = self.layers[i] as! Pooling
                layers.append(.sumPool(window: pool.geometry.kernel, stride: pool.geometry.stride))
                scales = scales.map { $0 * Double(pool.scale) }
            case .flatten:
                layers.append(.flatten)
            }
        }
        return IntegerModel(inputShape: inputShape, inputRange: inputRange, layers: layers, outputScale: outputScale, arch: spec.description)
    }

    private func linearWeights(_ i: Int) throws -> (Parameter, Parameter) {
        switch layers[i] {
        case let d as Dense: return (d.weight, d.bias)
        case let c as Conv2D: return (c.weight, c.bias)
        default: throw QuantizationError(message: "layer \(i + 1) is not linear")
        }
    }
}

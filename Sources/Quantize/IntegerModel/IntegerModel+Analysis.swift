// Shape checking and interval bound analysis of an `IntegerModel`, using its actual
// weights: for every tensor a proven bound on |value|, computed exactly with BigInt.
// Bounds cover every intermediate a layer's evaluation can produce (partial sums, powers),
// which is what lets inference pick a fixed integer width per layer safely.
import BigInt
import Support

/// What is wrong with an integer model (shapes, counts, values).
public struct IntegerModelError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Per-layer facts: output shape, proven bound, parameters and multiply-accumulates.
public struct LayerAnalysis: Sendable, Equatable {
    /// Short description, e.g. "dense 784→128".
    public var name: String
    /// Output shape of one item.
    public var shape: [Int]
    /// Proven bound: every value this layer computes (output and intermediates) has |v| ≤ bound.
    public var bound: BigInt
    /// Bits of the signed value: bound.bitWidth + 1.
    public var bits: Int { bound.magnitude.bitWidth + 1 }
    /// Integer parameters (weights, biases, coefficients).
    public var parameters: Int
    /// Multiplications by a weight per item (dense/conv MACs, polynomial products).
    public var multiplies: Int
}

extension IntegerModel {
    /// Bound on |input| (the larger end of `inputRange`).
    public var inputBound: BigInt { BigInt(max(inputRange.lowerBound.magnitude, inputRange.upperBound.magnitude)) }

    /// The most values one item's tensor (input or any layer's output), or one layer's
    /// weights, may hold (2^24); every size below is checked against it before use, so a
    /// damaged file is an error, not an overflow.
    public static let sizeLimit = CheckedSize.valueLimit
    /// The highest polynomial degree a model may use.
    public static let maximumDegree = 8

    /// Checks shapes and counts, and computes each layer's output shape and proven bound.
    public func analyze() throws -> [LayerAnalysis] {
        let limit = Self.sizeLimit
        guard [1, 3].contains(inputShape.count), inputShape.allSatisfy({ $0 > 0 }), CheckedSize.product(inputShape, limit: limit) != nil else {
            throw IntegerModelError("input shape \(inputShape) must be [features] or [height, width, channels] with positive sizes, at most \(limit) values")
        }
        var shape = inputShape, bound = inputBound, out: [LayerAnalysis] = []
        for (i, layer) in layers.enumerated() {
            func fail(_ m: String) -> IntegerModelError { IntegerModelError("layer \(i) (\(layer.kindName)): \(m)") }
            switch layer {
            case .dense(let d):
                guard d.inCount == shape.reduce(1, *) else { throw fail("expects \(d.inCount) inputs, gets \(shape)") }
                guard d.outCount > 0, let n = CheckedSize.times(d.inCount, d.outCount, limit: limit), d.weight.count == n, d.bias.count == d.outCount else {
                    throw fail("weight has \(d.weight.count) values and bias \(d.bias.count) for \(d.inCount)×\(d.outCount)")
                }
                try checkWidth(d.weightBits, of: d.weight, fail)
                var best = BigInt(0)
                for (k, s) in columnMagnitudeSums(d.weight, rows: d.inCount, columns: d.outCount).enumerated() {
                    best = max(best, s * bound + BigInt(d.bias[k].magnitude))
                }
                shape = [d.outCount]
                bound = best
                out.append(LayerAnalysis(name: "dense \(d.inCount)→\(d.outCount)", shape: shape, bound: bound,
                                         parameters: d.weight.count + d.bias.count, multiplies: d.weight.count))
            case .conv2d(let c):
                guard shape.count == 3, shape[2] == c.inChannels else { throw fail("expects [H, W, \(c.inChannels)], gets \(shape)") }
                guard c.kernel > 0, c.stride > 0, c.padding >= 0, c.padding < limit, c.kernel <= shape[0] + 2 * c.padding, c.kernel <= shape[1] + 2 * c.padding else {
                    throw fail("kernel \(c.kernel), stride \(c.stride), padding \(c.padding) do not fit \(shape)")
                }
                guard c.outChannels > 0, let fanIn = CheckedSize.product([c.kernel, c.kernel, c.inChannels], limit: limit),
                      c.weight.count == CheckedSize.times(fanIn, c.outChannels, limit: limit), c.bias.count == c.outChannels else {
                    throw fail("weight has \(c.weight.count) values and bias \(c.bias.count) for \(c.kernel)×\(c.kernel)×\(c.inChannels)×\(c.outChannels)")
                }
                try checkWidth(c.weightBits, of: c.weight, fail)
                var best = BigInt(0)
                for (o, s) in columnMagnitudeSums(c.weight, rows: fanIn, columns: c.outChannels).enumerated() {
                    best = max(best, s * bound + BigInt(c.bias[o].magnitude))
                }
                let oh = (shape[0] + 2 * c.padding - c.kernel) / c.stride + 1, ow = (shape[1] + 2 * c.padding - c.kernel) / c.stride + 1
                shape = [oh, ow, c.outChannels]
                guard CheckedSize.product(shape, limit: limit) != nil else { throw fail("output \(shape) holds more than \(limit) values") }
                bound = best
                out.append(LayerAnalysis(name: "conv \(c.kernel)×\(c.kernel)/\(c.stride) \(c.inChannels)→\(c.outChannels)", shape: shape,
                                         bound: bound, parameters: c.weight.count + c.bias.count, multiplies: oh * ow * c.weight.count))
            case let .sumPool(k, s):
                guard shape.count == 3, k > 0, s > 0, k <= shape[0], k <= shape[1] else { throw fail("window \(k) stride \(s) does not fit \(shape)") }
                shape = [(shape[0] - k) / s + 1, (shape[1] - k) / s + 1, shape[2]]
                bound *= BigInt(k * k)
                out.append(LayerAnalysis(name: "sumpool \(k)/\(s)", shape: shape, bound: bound, parameters: 0, multiplies: 0))
            case .flatten:
                shape = [shape.reduce(1, *)]
                out.append(LayerAnalysis(name: "flatten", shape: shape, bound: bound, parameters: 0, multiplies: 0))
            case .polynomial(let p):
                let rows = p.coefficients.count
                guard rows == 1 || rows == shape.last!, (1...Self.maximumDegree).contains(p.degree),
                      p.coefficients.allSatisfy({ $0.count == p.degree + 1 }) else {
                    throw fail("\(rows) coefficient rows of unequal degree, or a degree outside 1…\(Self.maximumDegree), for \(shape.last!) channels")
                }
                // Σ|c_i|·B^i bounds the value; since nonzero integer coefficients have |c_i| ≥ 1,
                // it also bounds every power x^i an evaluation forms (for B ≥ 1).
                var best = BigInt(0)
                for row in p.coefficients {
                    var s = BigInt(0), power = BigInt(1)
                    for c in row { s += BigInt(c.magnitude) * power; power *= bound }
                    best = max(best, s)
                }
                bound = max(best, bound.power(p.degree))
                out.append(LayerAnalysis(name: "poly degree \(p.degree)\(rows > 1 ? " per channel" : "")", shape: shape, bound: bound,
                                         parameters: rows * (p.degree + 1), multiplies: shape.reduce(1, *) * max(p.degree - 1, 0)))
            case .rescale(let k):
                guard (1...240).contains(k) else { throw fail("rescale by \(k) bits (allowed 1...240)") }
                bound = (bound + (BigInt(1) << (k - 1))) >> k
                out.append(LayerAnalysis(name: "rescale ÷2^\(k)", shape: shape, bound: bound, parameters: 0, multiplies: 0))
            }
        }
        return out
    }

    /// Shape of the output (the logits).
    public func outputShape() throws -> [Int] { try analyze().last?.shape ?? inputShape }
}

extension IntegerLayer {
    /// "dense", "conv2d", … for messages.
    public var kindName: String {
        switch self {
        case .dense: "dense"
        case .conv2d: "conv2d"
        case .sumPool: "sumpool"
        case .flatten: "flatten"
        case .polynomial: "polynomial"
        case .rescale: "rescale"
        }
    }
}

/// Throws unless `bits` is a width in 1...64 that holds every weight (a file's stated width
/// must not understate the weights a circuit will range-check).
private func checkWidth(_ bits: Int, of weights: [Int64], _ fail: (String) -> IntegerModelError) throws {
    let needed = IntegerLayer.narrowestWeightBits(weights)
    guard (1...64).contains(bits), needed <= bits else {
        throw fail("weight width \(bits) must be in 1...64 and hold the weights, which need \(needed) bits")
    }
}

/// Σ_j |m[j, k]| for every column k of the row-major [rows, columns] matrix `m`, exactly:
/// row by row in UInt64 lanes, a lane carried into its big sum only when it would overflow.
func columnMagnitudeSums(_ m: [Int64], rows: Int, columns: Int) -> [BigInt] {
    var big = [BigInt](repeating: 0, count: columns), small = [UInt64](repeating: 0, count: columns)
    for j in 0..<rows {
        for k in 0..<columns {
            let v = m[j * columns + k].magnitude
            let (sum, overflow) = small[k].addingReportingOverflow(v)
            if overflow { big[k] += BigInt(small[k]); small[k] = v } else { small[k] = sum }
        }
    }
    return zip(big, small).map { $0 + BigInt($1) }
}

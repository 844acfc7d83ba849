// Exact integer inference of an `IntegerModel`: each layer runs in the narrowest integer
// type its proven bound allows (Int64, Int128, else BigInt), so no value can wrap around.
// With `checkBounds`, every computed value is also compared with its proven bound.
// Direct loops, one item at a time; batching across items is `IntegerModel.predict`.
import BigInt
import Foundation

/// The result of evaluating an integer model on one input.
public struct IntegerOutput: Sendable, Equatable {
    /// Output integers (logits at `IntegerModel.outputScale`).
    public var values: [BigInt]
    /// Index of the largest value (first one on ties), the predicted class.
    public var argmax: Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}

extension IntegerModel {
    /// Debug builds compare every computed value with its proven bound (the debug check that
    /// no bound is ever exceeded); release builds skip it unless asked.
    #if DEBUG
    public static let checksBoundsByDefault = true
    #else
    public static let checksBoundsByDefault = false
    #endif

    /// Evaluates one input (row-major over `inputShape`); throws if an element is outside
    /// `inputRange`, or (with `checkBounds`) if a value ever exceeds its proven bound.
    public func evaluate(_ input: [Int64], checkBounds: Bool = IntegerModel.checksBoundsByDefault) throws -> IntegerOutput {
        try evaluate(input, analysis: try analyze(), checkBounds: checkBounds)
    }

    /// As `evaluate(_:checkBounds:)` with a precomputed `analyze()`, for many inputs.
    public func evaluate(_ input: [Int64], analysis: [LayerAnalysis], checkBounds: Bool = IntegerModel.checksBoundsByDefault) throws -> IntegerOutput {
        guard input.count == inputShape.reduce(1, *) else {
            throw IntegerModelError("input has \(input.count) values, the model expects \(inputShape.reduce(1, *)) (\(inputShape))")
        }
        if let bad = input.firstIndex(where: { !inputRange.contains(Int($0)) }) {
            throw IntegerModelError("input[\(bad)] = \(input[bad]) is outside \(inputRange)")
        }
        var values = Values.int64(input)
        var shape = inputShape, bound = inputBound
        for (i, layer) in layers.enumerated() {
            let a = analysis[i]
            switch IntegerWidth(bound: max(bound, a.bound)) {
            case .int64: values = .int64(Self.apply(layer, values.as(Int64.self), shape: shape))
            case .int128: values = .int128(Self.apply(layer, values.as(Int128.self), shape: shape))
            case .big: values = .big(Self.apply(layer, values.as(BigInt.self), shape: shape))
            }
            if checkBounds, let v = values.firstExceeding(a.bound) {
                throw IntegerModelError("layer \(i) (\(layer.kindName)) computed \(v), beyond its proven bound \(a.bound)")
            }
            shape = a.shape
            bound = a.bound
        }
        return IntegerOutput(values: values.as(BigInt.self))
    }

    /// Predicted classes of `count` inputs (row-major, each `inputShape`, values in
    /// `inputRange`), evaluated in parallel on `threads` threads by the batched fast path
    /// (IntegerModel+FastInference), which equals `evaluate` bit for bit.
    public func predict<S: BinaryInteger & Sendable>(inputs: [S], count: Int, threads: Int = 2) throws -> [Int] {
        try predictBatched(inputs: inputs, count: count, threads: threads)
    }

    /// Applies one layer in the integer type `T` (chosen so that nothing overflows).
    static func apply<T: ExactInteger>(_ layer: IntegerLayer, _ x: [T], shape: [Int]) -> [T] {
        switch layer {
        case .dense(let d):
            let w = d.weight.map { T($0) }
            return (0..<d.outCount).map { k in
                var s = T(big: d.bias[k])
                for j in 0..<d.inCount where x[j] != .zero { s = s + w[j * d.outCount + k] * x[j] }
                return s
            }
        case .conv2d(let c):
            return conv(c, x, shape: shape)
        case let .sumPool(k, st):
            let (h, wd, ch) = (shape[0], shape[1], shape[2])
            let oh = (h - k) / st + 1, ow = (wd - k) / st + 1
            var y = [T](repeating: .zero, count: oh * ow * ch)
            for oy in 0..<oh { for ox in 0..<ow { for dy in 0..<k { for dx in 0..<k {
                let src = ((oy * st + dy) * wd + ox * st + dx) * ch, dst = (oy * ow + ox) * ch
                for c in 0..<ch { y[dst + c] = y[dst + c] + x[src + c] }
            } } } }
            return y
        case .flatten:
            return x
        case .polynomial(let p):
            let rows = p.coefficients.map { $0.map { T(big: $0) } }, ch = shape.last!
            return x.enumerated().map { i, v in
                let c = rows.count == 1 ? rows[0] : rows[i % ch]
                var sum = c[0], power = T(1)
                for e in 1..<c.count {
                    power = power * v
                    if c[e] != .zero { sum = sum + c[e] * power }
                }
                return sum
            }
        case .rescale(let k):
            return x.map { $0.rescaled(by: k) }
        }
    }

    private static func conv<T: ExactInteger>(_ c: IntegerConv2D, _ x: [T], shape: [Int]) -> [T] {
        let (h, w) = (shape[0], shape[1])
        let oh = (h + 2 * c.padding - c.kernel) / c.stride + 1, ow = (w + 2 * c.padding - c.kernel) / c.stride + 1
        let wt = c.weight.map { T($0) }, bias = c.bias.map { T(big: $0) }
        var y = [T](repeating: .zero, count: oh * ow * c.outChannels)
        for oy in 0..<oh { for ox in 0..<ow {
            let dst = (oy * ow + ox) * c.outChannels
            for o in 0..<c.outChannels { y[dst + o] = bias[o] }
            for ky in 0..<c.kernel { for kx in 0..<c.kernel {
                let iy = oy * c.stride - c.padding + ky, ix = ox * c.stride - c.padding + kx
                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                for ci in 0..<c.inChannels {
                    let v = x[(iy * w + ix) * c.inChannels + ci]
                    if v == .zero { continue }
                    let row = ((ky * c.kernel + kx) * c.inChannels + ci) * c.outChannels
                    for o in 0..<c.outChannels { y[dst + o] = y[dst + o] + wt[row + o] * v }
                }
            } }
        } }
        return y
    }
}

/// A layer's values in the width it ran in.
private enum Values {
    case int64([Int64]), int128([Int128]), big([BigInt])

    func `as`<T: ExactInteger>(_: T.Type) -> [T] {
        switch self {
        case .int64(let a): return T.self == Int64.self ? a as! [T] : a.map { T(big: BigInt($0)) }
        case .int128(let a): return T.self == Int128.self ? a as! [T] : a.map { T(big: BigInt($0)) }
        case .big(let a): return T.self == BigInt.self ? a as! [T] : a.map { T(big: $0) }
        }
    }

    func firstExceeding(_ bound: BigInt) -> BigInt? {
        switch self {
        case .int64(let a): return a.first { BigInt($0.magnitude) > bound }.map { BigInt($0) }
        case .int128(let a): return a.first { BigInt($0.magnitude) > bound }.map { BigInt($0) }
        case .big(let a): return a.first { BigInt($0.magnitude) > bound }
        }
    }
}

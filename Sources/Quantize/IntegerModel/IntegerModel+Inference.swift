// Exact integer inference of an `IntegerModel`: each layer runs its kind's `apply` (Layers/)
// in the narrowest integer type its proven bound allows (Int64, Int128, else BigInt), so no
// value can wrap around. With `checkBounds`, every computed value is also compared with its
// proven bound. Direct loops, one item at a time; batching across items is `predict`.
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
            let kind = layer.kind
            switch IntegerWidth(bound: max(bound, a.bound)) {
            case .int64: values = .int64(kind.apply(values.as(Int64.self), shape: shape))
            case .int128: values = .int128(kind.apply(values.as(Int128.self), shape: shape))
            case .big: values = .big(kind.apply(values.as(BigInt.self), shape: shape))
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

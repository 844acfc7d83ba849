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
            let a: LayerAnalysis
            do { a = try layer.kind.analyze(inputShape: shape, inputBound: bound) } catch let e as IntegerModelError {
                throw IntegerModelError("layer \(i) (\(layer.kindName)): \(e.message)")
            }
            out.append(a)
            shape = a.shape
            bound = a.bound
        }
        return out
    }

    /// The model with every dense and conv layer's weights and biases at the largest
    /// magnitudes their stored widths admit: its bounds hold for every model of this
    /// architecture and these widths, which is what a circuit with private weights must allow
    /// (the circuit may depend on the widths, not on the values).
    public func worstCase() -> IntegerModel {
        var model = self
        model.layers = layers.map { $0.kind.linear?.worstCase ?? $0 }
        return model
    }

    /// Shape of the output (the logits).
    public func outputShape() throws -> [Int] { try analyze().last?.shape ?? inputShape }
}

// What the ONNX importer produces: an architecture spec with its weights in ZKTrain's layouts,
// and the network built from them. The graph walking is in ONNXImport.swift.
import Support
import Train

/// What the importer found: the architecture and the weights for it.
public struct ImportedGraph {
    /// ZKTrain input shape: [H, W, C] or [features].
    public var inputShape: [Int]
    public var classCount: Int
    public var spec: ArchSpec
    /// Per layer (same index as `spec.layers`): parameter values in ZKTrain layout, by role
    /// (`weight`, `bias`, `gamma`, `beta`, `mean`, `variance`).
    public var parameters: [[String: [Float]]]
    /// MaxPool nodes imported as average pools (only with `maxPoolAsAverage`).
    public var maxPoolsReplaced: Int
}

extension ImportedGraph {
    /// The network with the imported weights, for data of `encoding`-like scale and range.
    public func network(inputScale: Double, inputRange: ClosedRange<Int>) throws -> Network {
        let net = try Network(spec: spec, inputShape: inputShape, classCount: classCount, seed: 1,
                              inputScale: inputScale, inputRange: inputRange)
        for (i, p) in parameters.enumerated() where p.values.contains(where: { $0.contains { !$0.isFinite } }) {
            throw FormatError(path: "", problem: "layer \(i + 1) `\(spec.layers[i])` has NaN or infinite weights")
        }
        for (layer, p) in zip(net.layers, parameters) {
            switch layer {
            case let d as Dense: d.weight.value = p["weight"]!; d.bias.value = p["bias"]!
            case let c as Conv2D: c.weight.value = p["weight"]!; c.bias.value = p["bias"]!
            case let q as LearnableQuadratic: q.a.value = p["a"]!; q.b.value = p["b"]!; q.c.value = p["c"]!
            case let b as BatchNorm:
                b.gamma.value = p["gamma"]!; b.beta.value = p["beta"]!
                b.runningMean.value = p["mean"]!; b.runningVar.value = p["variance"]!
            default: break
            }
        }
        return net
    }
}

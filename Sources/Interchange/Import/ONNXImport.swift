// An ONNX graph as a ZKTrain network: sequential graphs as torch.onnx.export and onnx.helper
// write them (opset 13 and later), one float input [N, C, H, W] or [N, F] and one output.
// Weights are converted to ZKTrain's layouts (NHWC, W: [in, out]); a dense layer after a
// Flatten of an NCHW tensor gets its rows permuted from (C, H, W) to (H, W, C) order.
// Not supported: branches (residual adds), groups or dilation in Conv, padding in pools,
// MaxPool, activations other than x² and ReLU (ReLU imports as a float-only `relu`).
import Support
import Train

/// Reads a sequential ONNX graph into an `ImportedGraph`.
public enum ONNXImporter {
    /// The operators `graph(_:path:)` accepts (Shape, Gather, Unsqueeze, Squeeze and Concat
    /// only as the shape arithmetic of a Reshape).
    public static let supported = ["Gemm", "MatMul", "Add", "Conv", "BatchNormalization", "AveragePool", "GlobalAveragePool",
                                   "Flatten", "Reshape", "Mul", "Pow", "Relu", "MaxPool", "Identity", "Dropout", "Constant",
                                   "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat"]

    /// Converts `model`; `path` names the file in errors.
    /// With `maxPoolAsAverage`, a MaxPool becomes an average pool of the same window (a step
    /// towards a provable model; fine-tune afterwards), otherwise it is an error.
    public static func graph(_ model: ONNXModel, path: String, maxPoolAsAverage: Bool = false) throws -> ImportedGraph {
        var b = try ONNXGraphBuilder(model, path: path)
        b.maxPoolAsAverage = maxPoolAsAverage
        for (i, node) in model.graph.nodes.enumerated() {
            if b.skip > 0 { b.skip -= 1; continue }
            try b.apply(node, index: i)
        }
        return try b.finish()
    }
}

/// The state of one import: the current tensor, its shape and layout, the layers so far.
struct ONNXGraphBuilder {
    let path: String
    let g: ONNXGraph
    var constants: [String: ONNXTensor] = [:]
    var current: String
    /// ZKTrain shape of the current tensor.
    var shape: [Int]
    let inputShape: [Int]
    /// For a vector: ZKTrain's element index at each ONNX position (nil: the same order).
    var order: [Int]?
    var layers: [LayerSpec] = []
    var parameters: [[String: [Float]]] = []
    /// Set while the last layer is dense/conv and nothing followed it (so an Add or a scalar
    /// Mul can fold into it).
    var foldable = false
    var maxPoolAsAverage = false
    /// Nodes already consumed by a pattern (a polynomial's Horner chain).
    var skip = 0
    /// Integer vectors computed from shapes (see `applyShapeArithmetic`), by tensor name.
    var shapes: [String: [Int64]] = [:]
    var maxPoolsReplaced = 0

    init(_ model: ONNXModel, path: String) throws {
        self.path = path
        g = model.graph
        if let opset = model.defaultOpset, opset < 7 {
            throw FormatError(path: path, problem: "opset \(opset) is older than this importer reads (7 or later; 13 recommended)")
        }
        var known: [String: ONNXTensor] = [:]
        for t in model.graph.initializers { known[t.name] = t }
        // Every float initializer is a weight, bias, statistic or coefficient: NaN or ±∞ is a
        // damaged file, named with the tensor and, for external data, the file it came from.
        if let bad = model.graph.initializers.first(where: { $0.elementType.isFloatingPoint && $0.floatValues.contains { !$0.isFinite } }) {
            let file = model.externalDataLocations[bad.name].map { " (its data in '\($0)')" } ?? ""
            throw FormatError(path: path, problem: "initializer '\(bad.name)'\(file) holds NaN or infinite values (as float32)")
        }
        constants = known
        let inputs = model.graph.inputs.filter { known[$0.name] == nil }
        guard inputs.count == 1, let input = inputs.first else {
            throw FormatError(path: path, problem: "the graph has \(inputs.count) data inputs (\(inputs.map(\.name))); ZKTrain imports graphs with exactly one")
        }
        guard input.elementType == 1 else { throw FormatError(path: path, problem: "input '\(input.name)' is not float32 (elem_type \(input.elementType))") }
        guard let dims = input.shape, dims.count == 2 || dims.count == 4 else {
            throw FormatError(path: path, problem: "input '\(input.name)' must have shape [batch, features] or [batch, C, H, W]")
        }
        let sizes = try dims.dropFirst().map { d -> Int in
            guard case .value(let v) = d, v >= 1, v <= Int64(CheckedSize.valueLimit) else {
                throw FormatError(path: path, problem: "input '\(input.name)': every dimension but the batch must be a positive number, got \(dims)")
            }
            return Int(v)
        }
        guard CheckedSize.product(sizes, limit: CheckedSize.valueLimit) != nil else {
            throw FormatError(path: path, problem: "input '\(input.name)' has \(dims.count - 1) dimensions beyond the batch whose product exceeds \(CheckedSize.valueLimit) values")
        }
        shape = sizes.count == 3 ? [sizes[1], sizes[2], sizes[0]] : sizes
        inputShape = shape
        current = input.name
    }

    mutating func advance(_ node: ONNXNode, layer: LayerSpec?, parameters p: [String: [Float]] = [:], shape newShape: [Int]? = nil, foldable f: Bool = false) {
        if let layer { layers.append(layer); parameters.append(p) }
        if let newShape { shape = newShape }
        current = node.outputs[0]
        foldable = f
    }

    mutating func apply(_ node: ONNXNode, index i: Int) throws {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else { throw fail(node, i, "domain '\(node.domain)' is not the standard ONNX domain") }
        if node.opType == "Constant" {
            guard case .tensor(let t)? = node.attribute("value"), let out = node.outputs.first else {
                throw fail(node, i, "only Constant nodes with a tensor `value` are supported")
            }
            constants[out] = t
            return
        }
        if try applyShapeArithmetic(node, index: i) { return }
        guard node.outputs.count >= 1, !node.inputs.isEmpty, node.inputs[0] == current || (node.inputs.count > 1 && node.inputs[1] == current) else {
            throw fail(node, i, "does not read the previous layer's output '\(current)': only sequential graphs are supported")
        }
        // The data operand first (Add and Mul are commutative).
        var inputs = node.inputs
        if inputs.count > 1, inputs[1] == current, inputs[0] != current { inputs.swapAt(0, 1) }
        switch node.opType {
        case "Identity", "Dropout":
            advance(node, layer: nil, foldable: foldable)
        case "Gemm":
            guard shape.count == 1 else { throw fail(node, i, "Gemm needs a flattened input (add Flatten first)") }
            guard int(node, "transA", default: 0) == 0 else { throw fail(node, i, "transA = 1 is not supported") }
            let alpha = float(node, "alpha", default: 1), beta = float(node, "beta", default: 1)
            let b = try constant(inputs[1], node, i, what: "weight")
            let transB = int(node, "transB", default: 0) == 1
            guard b.dims.count == 2 else { throw fail(node, i, "weight dims \(b.dims) are not 2-D") }
            let (inCount, outCount) = transB ? (b.dims[1], b.dims[0]) : (b.dims[0], b.dims[1])
            guard inCount == shape[0] else { throw fail(node, i, "weight expects \(inCount) inputs, the previous layer gives \(shape[0])") }
            let v = b.floatValues
            var w = [Float](repeating: 0, count: inCount * outCount)
            for r in 0..<inCount {
                let row = order?[r] ?? r
                for o in 0..<outCount { w[row * outCount + o] = alpha * (transB ? v[o * inCount + r] : v[r * outCount + o]) }
            }
            var bias = [Float](repeating: 0, count: outCount)
            if inputs.count > 2, !inputs[2].isEmpty {
                let c = try constant(inputs[2], node, i, what: "bias")
                let cv = c.floatValues
                guard cv.count == 1 || c.dims == [outCount] || c.dims == [1, outCount] else {
                    throw fail(node, i, "bias of dims \(c.dims) is neither a scalar nor [\(outCount)] / [1, \(outCount)]")
                }
                bias = (0..<outCount).map { beta * cv[cv.count == 1 ? 0 : $0] }
            }
            order = nil
            advance(node, layer: .dense(units: outCount), parameters: ["weight": w, "bias": bias], shape: [outCount], foldable: true)
        case "MatMul":
            guard shape.count == 1 else { throw fail(node, i, "MatMul needs a flattened input (add Flatten first)") }
            let b = try constant(inputs[1], node, i, what: "weight")
            guard b.dims.count == 2, b.dims[0] == shape[0] else { throw fail(node, i, "weight dims \(b.dims) do not take \(shape[0]) inputs") }
            let (inCount, outCount) = (b.dims[0], b.dims[1])
            let v = b.floatValues
            var w = [Float](repeating: 0, count: inCount * outCount)
            for r in 0..<inCount { let row = order?[r] ?? r; for o in 0..<outCount { w[row * outCount + o] = v[r * outCount + o] } }
            order = nil
            advance(node, layer: .dense(units: outCount), parameters: ["weight": w, "bias": .init(repeating: 0, count: outCount)],
                    shape: [outCount], foldable: true)
        case "Add":
            guard inputs.count == 2, foldable, let t = constants[inputs[1]] else {
                throw fail(node, i, "only a constant bias added right after Gemm, MatMul or Conv is supported")
            }
            // It must broadcast per channel: a scalar, [C] / [1, C] after a dense layer, [C, 1, 1] / [1, C, 1, 1] after a conv.
            let channels = shape.last!, v = t.floatValues
            let perChannel = shape.count == 1 ? [[channels], [1, channels]] : [[channels, 1, 1], [1, channels, 1, 1]]
            guard v.count == 1 || perChannel.contains(t.dims) else {
                throw fail(node, i, "adds a constant of dims \(t.dims), which is neither a scalar nor one value per channel (\(perChannel.map { "\($0)" }.joined(separator: " or ")))")
            }
            for k in 0..<channels { parameters[parameters.count - 1]["bias"]![k] += v[v.count == 1 ? 0 : k] }
            advance(node, layer: nil, foldable: true)
        case "Conv":
            guard shape.count == 3 else { throw fail(node, i, "Conv needs an image input [N, C, H, W]") }
            guard int(node, "group", default: 1) == 1 else { throw fail(node, i, "group \(int(node, "group", default: 1)) is not supported (only 1)") }
            let wt = try constant(inputs[1], node, i, what: "weight")
            let (k, s, p) = try window(node, i)
            guard wt.dims.count == 4, wt.dims[1] == shape[2], wt.dims[2] == k, wt.dims[3] == k else {
                throw fail(node, i, "weight dims \(wt.dims) do not match \(shape[2]) input channels and a \(k)×\(k) kernel")
            }
            let outC = wt.dims[0], inC = shape[2], v = wt.floatValues
            var w = [Float](repeating: 0, count: v.count)
            for o in 0..<outC { for c in 0..<inC { for y in 0..<k { for x in 0..<k {
                w[((y * k + x) * inC + c) * outC + o] = v[((o * inC + c) * k + y) * k + x]
            } } } }
            var bias = [Float](repeating: 0, count: outC)
            if inputs.count > 2, !inputs[2].isEmpty {
                let bv = try constant(inputs[2], node, i, what: "bias").floatValues
                guard bv.count == outC else { throw fail(node, i, "bias of \(bv.count) values for \(outC) channels") }
                bias = bv
            }
            guard k <= shape[0] + 2 * p, k <= shape[1] + 2 * p else { throw fail(node, i, "kernel \(k) is larger than its padded input") }
            let oh = (shape[0] + 2 * p - k) / s + 1, ow = (shape[1] + 2 * p - k) / s + 1
            advance(node, layer: .conv(channels: outC, kernel: k, stride: s, padding: p), parameters: ["weight": w, "bias": bias],
                    shape: [oh, ow, outC], foldable: true)
        case "BatchNormalization":
            guard inputs.count == 5 else { throw fail(node, i, "needs scale, B, mean and var inputs") }
            if int(node, "training_mode", default: 0) != 0 { throw fail(node, i, "training_mode 1 is not supported") }
            let eps = float(node, "epsilon", default: 1e-5)
            let c = shape.last!
            var values = try inputs[1...4].map { try constant($0, node, i, what: "parameter").floatValues }
            guard values.allSatisfy({ $0.count == c }) else { throw fail(node, i, "parameters do not have \(c) channels") }
            if shape.count == 1, let order {
                values = values.map { v in var out = v; for (pos, zk) in order.enumerated() { out[zk] = v[pos] }; return out }
            }
            // ZKTrain's epsilon is 1e-5: var + eps is kept by shifting the variance.
            let variance = values[3].map { $0 + eps - 1e-5 }
            guard variance.allSatisfy({ $0 + 1e-5 > 0 }) else { throw fail(node, i, "var + epsilon is not positive") }
            advance(node, layer: .batchNorm, parameters: ["gamma": values[0], "beta": values[1], "mean": values[2], "variance": variance])
        case "AveragePool", "MaxPool":
            if node.opType == "MaxPool" {
                guard maxPoolAsAverage else {
                    throw fail(node, i, "MaxPool has no cheap circuit; import with --convert to make it an average pool (then fine-tune)")
                }
                if int(node, "storage_order", default: 0) != 0 || node.outputs.count > 1 { throw fail(node, i, "MaxPool indices are not supported") }
                maxPoolsReplaced += 1
            }
            guard shape.count == 3 else { throw fail(node, i, "needs an image input") }
            let (k, s, p) = try window(node, i)
            guard p == 0 else { throw fail(node, i, "padded pooling is not supported") }
            guard k <= shape[0], k <= shape[1] else { throw fail(node, i, "window \(k) is larger than its input") }
            advance(node, layer: .avgPool(window: k, stride: s), shape: [(shape[0] - k) / s + 1, (shape[1] - k) / s + 1, shape[2]])
        case "GlobalAveragePool":
            guard shape.count == 3, shape[0] == shape[1] else { throw fail(node, i, "needs a square image input, got \(shape)") }
            advance(node, layer: .avgPool(window: shape[0], stride: shape[0]), shape: [1, 1, shape[2]])
        case "Flatten", "Reshape":
            if node.opType == "Flatten" {
                guard int(node, "axis", default: 1) == 1 else { throw fail(node, i, "only axis 1 is supported") }
            } else {
                let total = Int64(shape.reduce(1, *))
                let given = inputs.count == 2 ? constants[inputs[1]]?.integerValues ?? shapes[inputs[1]] : nil
                // A batch size taken from Shape(x) keeps the batch: Reshape's 0 at position 0.
                let target = given.map { t in t.enumerated().map { $0 == 0 && $1 == Self.batch ? 0 : $1 } }
                guard let target, target.count == 2,
                      (target[1] == total && [0, -1, 1].contains(target[0])) || (target[1] == -1 && [0, 1].contains(target[0])) else {
                    throw fail(node, i, "only a Reshape to [batch, features] (a flatten) with a constant shape is supported")
                }
            }
            guard shape.count == 3 else { advance(node, layer: nil); return }
            let (h, w, c) = (shape[0], shape[1], shape[2])
            var perm = [Int]()
            for ch in 0..<c { for y in 0..<h { for x in 0..<w { perm.append((y * w + x) * c + ch) } } }
            order = perm
            advance(node, layer: .flatten, shape: [h * w * c])
        case "Mul":
            if inputs.count == 2, inputs[0] == inputs[1] { advance(node, layer: .square); return }
            if try quadratic(node, index: i) { return }
            if inputs.count == 2, let f = scalar(inputs[1]) {
                if case .avgPool(let k, let s)? = layers.last, f == Float(k * k), !foldable {
                    layers[layers.count - 1] = .sumPool(window: k, stride: s)
                    advance(node, layer: nil)
                    return
                }
                if foldable {
                    let last = parameters.count - 1
                    parameters[last]["weight"] = parameters[last]["weight"]!.map { $0 * f }
                    parameters[last]["bias"] = parameters[last]["bias"]!.map { $0 * f }
                    advance(node, layer: nil, foldable: true)
                    return
                }
            }
            throw fail(node, i, "only Mul(x, x), a scalar after Gemm/MatMul/Conv, or window² after AveragePool is supported")
        case "Pow":
            guard inputs.count == 2, scalar(inputs[1]) == 2 else { throw fail(node, i, "only Pow(x, 2) is supported") }
            advance(node, layer: .square)
        case "Relu":
            advance(node, layer: .relu)
        default:
            throw fail(node, i, "operator \(node.opType) is not supported; supported: \(ONNXImporter.supported.joined(separator: ", "))")
        }
    }

    func finish() throws -> ImportedGraph {
        guard g.outputs.count == 1, g.outputs[0].name == current else {
            throw FormatError(path: path, problem: "the graph's output must be the last node's output '\(current)' (one output), got \(g.outputs.map(\.name))")
        }
        guard case .dense(let classes)? = layers.last, shape == [classes] else {
            throw FormatError(path: path, problem: "the graph must end in a Gemm or MatMul (the logits), found \(layers.last.map { "\($0)" } ?? "no layer")")
        }
        return ImportedGraph(inputShape: inputShape, classCount: classes, spec: ArchSpec(layers: layers), parameters: parameters,
                             maxPoolsReplaced: maxPoolsReplaced)
    }
}

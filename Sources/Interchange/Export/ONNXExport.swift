// A network's inference steps as an ONNX graph (opset 13). Layout: the graph's input is
// `input`, float32, [batch, C, H, W] for images (NCHW, as PyTorch exports) or
// [batch, features] for tables, holding the model's integer inputs times its input scale
// (pixels / 255, table integers / multiplier); the output is `logits`, [batch, classes].
// ZKTrain computes in NHWC, so a dense layer after an image gets its weight rows permuted to
// ONNX's (C, H, W) flattening order; no Transpose is emitted.
// Not done here: integer (rescaled) arithmetic; a QAT network is exported as the float image
// of its integer model (see `Network.quantizedInferenceSteps`).
import Train

/// Builds an ONNX graph from `InferenceStep`s.
public struct ONNXExporter {
    /// The opset the exported graphs use.
    public static let opset: Int64 = 13

    private var graph = ONNXGraph()
    private var counter = 0
    /// The current tensor's name.
    private var current = "input"
    /// The current ZKTrain item shape: [H, W, C] or [n].
    private var shape: [Int]
    /// For a vector: ZKTrain's element index at each ONNX position (nil: the same order).
    private var order: [Int]?

    private init(inputShape: [Int]) { shape = inputShape }

    /// An ONNX model computing `steps` on inputs of `inputShape` ([H, W, C] or [features]);
    /// `metadata` goes into the model's `metadata_props`.
    public static func model(steps: [InferenceStep], inputShape: [Int], classCount: Int,
                             metadata: [(key: String, value: String)] = [], docString: String = "") -> ONNXModel {
        var e = ONNXExporter(inputShape: inputShape)
        let inputDims: [ONNXValueInfo.Dimension] = inputShape.count == 3
            ? [.symbol("batch"), .value(Int64(inputShape[2])), .value(Int64(inputShape[0])), .value(Int64(inputShape[1]))]
            : [.symbol("batch"), .value(Int64(inputShape[0]))]
        e.graph.name = "zktrain"
        e.graph.inputs = [ONNXValueInfo(name: "input", shape: inputDims)]
        for step in steps { e.append(step) }
        // Rename the last tensor to `logits`.
        if let last = e.graph.nodes.indices.last { e.graph.nodes[last].outputs = ["logits"] }
        e.graph.outputs = [ONNXValueInfo(name: "logits", shape: [.symbol("batch"), .value(Int64(classCount))])]
        var m = ONNXModel()
        m.irVersion = 8
        m.opsetImports = [ONNXOpset(version: opset)]
        m.producerName = "zktrain"
        m.docString = docString
        m.metadata = metadata
        m.graph = e.graph
        return m
    }

    private mutating func fresh(_ base: String) -> String {
        counter += 1
        return "\(base)_\(counter)"
    }

    private mutating func constant(_ base: String, dims: [Int], _ values: [Float]) -> String {
        let name = fresh(base)
        graph.initializers.append(ONNXTensor(name: name, dims: dims, floats: values))
        return name
    }

    @discardableResult
    private mutating func node(_ op: String, _ inputs: [String], _ attributes: [ONNXAttribute] = []) -> String {
        let out = fresh(op.lowercased())
        graph.nodes.append(ONNXNode(op, name: out, inputs: inputs, outputs: [out], attributes: attributes))
        current = out
        return out
    }

    /// Flattens an image [H, W, C] (ONNX: [N, C, H, W]) into a vector in ONNX's (C, H, W) order.
    private mutating func flattenImage() {
        guard shape.count == 3 else { return }
        let (h, w, c) = (shape[0], shape[1], shape[2])
        node("Flatten", [current], [ONNXAttribute("axis", .int(1))])
        var perm = [Int]()
        perm.reserveCapacity(h * w * c)
        for ch in 0..<c { for y in 0..<h { for x in 0..<w { perm.append((y * w + x) * c + ch) } } }
        order = perm
        shape = [h * w * c]
    }

    /// Per-channel values laid out to broadcast against the current tensor: [C, 1, 1] for an
    /// image, [n] (in ONNX order) for a vector.
    private func channelLayout(_ values: [Float]) -> (dims: [Int], values: [Float]) {
        if shape.count == 3 { return ([values.count, 1, 1], values) }
        return ([values.count], order.map { $0.map { values[$0] } } ?? values)
    }

    private mutating func append(_ step: InferenceStep) {
        switch step {
        case let .dense(weight, bias, inCount, outCount):
            flattenImage()
            // Gemm with transB = 1 (PyTorch's layout): B[o, i] = W[order[i], o].
            var b = [Float](repeating: 0, count: inCount * outCount)
            for i in 0..<inCount {
                let row = order?[i] ?? i
                for o in 0..<outCount { b[o * inCount + i] = weight[row * outCount + o] }
            }
            let bName = constant("dense_weight", dims: [outCount, inCount], b)
            let cName = constant("dense_bias", dims: [outCount], bias)
            node("Gemm", [current, bName, cName], [ONNXAttribute("transB", .int(1))])
            shape = [outCount]
            order = nil
        case let .conv(weight, bias, k, stride, padding, inC, outC):
            var w = [Float](repeating: 0, count: weight.count)
            for o in 0..<outC { for c in 0..<inC { for y in 0..<k { for x in 0..<k {
                w[((o * inC + c) * k + y) * k + x] = weight[((y * k + x) * inC + c) * outC + o]
            } } } }
            let wName = constant("conv_weight", dims: [outC, inC, k, k], w)
            let bName = constant("conv_bias", dims: [outC], bias)
            node("Conv", [current, wName, bName], [
                ONNXAttribute("kernel_shape", .ints([Int64(k), Int64(k)])),
                ONNXAttribute("strides", .ints([Int64(stride), Int64(stride)])),
                ONNXAttribute("pads", .ints(Array(repeating: Int64(padding), count: 4))),
            ])
            let oh = (shape[0] + 2 * padding - k) / stride + 1, ow = (shape[1] + 2 * padding - k) / stride + 1
            shape = [oh, ow, outC]
        case let .batchNorm(gamma, beta, mean, variance, epsilon):
            if shape.count == 1, let order {
                // ONNX BatchNormalization normalises axis 1: parameters in ONNX order.
                let p = { (v: [Float]) in order.map { v[$0] } }
                let names = [("bn_scale", p(gamma)), ("bn_bias", p(beta)), ("bn_mean", p(mean)), ("bn_var", p(variance))]
                    .map { constant($0.0, dims: [$0.1.count], $0.1) }
                node("BatchNormalization", [current] + names, [ONNXAttribute("epsilon", .float(epsilon))])
            } else {
                let names = [("bn_scale", gamma), ("bn_bias", beta), ("bn_mean", mean), ("bn_var", variance)]
                    .map { constant($0.0, dims: [$0.1.count], $0.1) }
                node("BatchNormalization", [current] + names, [ONNXAttribute("epsilon", .float(epsilon))])
            }
        case .polynomial(let rows):
            appendPolynomial(rows)
        case .relu:
            node("Relu", [current])
        case let .pool(window, stride, factor):
            node("AveragePool", [current], [
                ONNXAttribute("kernel_shape", .ints([Int64(window), Int64(window)])),
                ONNXAttribute("strides", .ints([Int64(stride), Int64(stride)])),
            ])
            let extra = factor * Float(window * window)
            if extra != 1 { node("Mul", [current, constant("pool_factor", dims: [], [extra])]) }
            shape = [(shape[0] - window) / stride + 1, (shape[1] - window) / stride + 1, shape[2]]
        case .flatten:
            flattenImage()
        }
    }

    /// Horner's rule with Mul and Add; x² alone is Mul(x, x).
    private mutating func appendPolynomial(_ rows: [[Float]]) {
        // Per-channel rows that are all the same are one shared row.
        let rows = rows.allSatisfy({ $0 == rows[0] }) ? [rows[0]] : rows
        let x = current
        if rows.count == 1, rows[0] == [0, 0, 1] { node("Mul", [x, x]); return }
        let degree = rows.map(\.count).max()! - 1
        func coefficient(_ i: Int) -> [Float] { rows.map { i < $0.count ? $0[i] : 0 } }
        func operand(_ i: Int, _ base: String) -> String {
            let c = coefficient(i)
            if rows.count == 1 { return constant(base, dims: [], c) }
            let (dims, values) = channelLayout(c)
            return constant(base, dims: dims, values)
        }
        guard degree >= 1 else {
            // A constant: x·0 + c keeps the shape.
            node("Mul", [x, constant("poly_zero", dims: [], [0])])
            node("Add", [current, operand(0, "poly_c0")])
            return
        }
        node("Mul", [x, operand(degree, "poly_c\(degree)")])
        for i in stride(from: degree - 1, through: 0, by: -1) {
            node("Add", [current, operand(i, "poly_c\(i)")])
            if i > 0 { node("Mul", [current, x]) }
        }
    }
}

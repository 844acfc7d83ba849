// What the graph builder reads off a node: its attributes with their ONNX defaults, constant
// inputs (initializers and Constant nodes), and a pooling or convolution window; and the one
// error form, naming the file, the node's index, name and operator.
import Support

extension ONNXGraphBuilder {
    func fail(_ node: ONNXNode, _ index: Int, _ problem: String) -> FormatError {
        FormatError(path: path, problem: "node \(index) '\(node.name)' (\(node.opType)): \(problem)")
    }

    func constant(_ name: String, _ node: ONNXNode, _ index: Int, what: String) throws -> ONNXTensor {
        guard let t = constants[name] else { throw fail(node, index, "\(what) '\(name)' must be an initializer or a Constant") }
        return t
    }

    func int(_ node: ONNXNode, _ name: String, default d: Int64) -> Int64 {
        if case .int(let v)? = node.attribute(name) { return v }
        return d
    }

    func ints(_ node: ONNXNode, _ name: String) -> [Int64]? {
        if case .ints(let v)? = node.attribute(name) { return v }
        return nil
    }

    func float(_ node: ONNXNode, _ name: String, default d: Float) -> Float {
        if case .float(let v)? = node.attribute(name) { return v }
        return d
    }

    /// The value of a one-element constant, if `name` is one.
    func scalar(_ name: String) -> Float? {
        guard let t = constants[name], t.count == 1 else { return nil }
        return t.floatValues.first
    }

    /// A square window: `kernel_shape`, `strides` (default 1), zero `pads`, no dilation.
    func window(_ node: ONNXNode, _ index: Int) throws -> (k: Int, s: Int, p: Int) {
        guard let ks = ints(node, "kernel_shape") ?? constants[node.inputs.count > 1 ? node.inputs[1] : ""].map({ $0.dims.suffix(2).map { Int64($0) } }),
              ks.count == 2, ks[0] == ks[1], ks[0] >= 1, ks[0] <= 1 << 12 else {
            throw fail(node, index, "needs a square 2-D kernel_shape")
        }
        let st = ints(node, "strides") ?? [1, 1]
        guard st.count == 2, st[0] == st[1], st[0] >= 1, st[0] <= 1 << 12 else { throw fail(node, index, "strides \(st) are not one positive stride for both axes") }
        let pads = ints(node, "pads") ?? [0, 0, 0, 0]
        guard pads.count == 4, Set(pads).count == 1, pads[0] >= 0, pads[0] <= 1 << 12 else { throw fail(node, index, "pads \(pads) are not the same on every side") }
        if let d = ints(node, "dilations"), d.contains(where: { $0 != 1 }) { throw fail(node, index, "dilations \(d) are not supported") }
        if case .string(let s)? = node.attribute("auto_pad"), !s.isEmpty, s != Array("NOTSET".utf8), s != Array("VALID".utf8) {
            throw fail(node, index, "auto_pad \(String(decoding: s, as: UTF8.self)) is not supported (give pads)")
        }
        if int(node, "ceil_mode", default: 0) != 0 { throw fail(node, index, "ceil_mode 1 is not supported") }
        return (Int(ks[0]), Int(st[0]), Int(pads[0]))
    }
}

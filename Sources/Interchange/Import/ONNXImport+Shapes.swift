// Shape arithmetic in an imported graph: the Shape → Gather → Unsqueeze → Concat chain that
// torch.onnx.export writes for `x.view(x.size(0), -1)`, evaluated on the importer's known
// shapes so that the Reshape it feeds can be read as a flatten. Nothing else is computed.

extension ONNXGraphBuilder {
    /// The batch dimension in a shape computed by Shape/Gather/Unsqueeze/Concat.
    static let batch = Int64.min

    /// Shape arithmetic as torch.onnx.export writes it for `x.view(x.size(0), -1)`: Shape of the
    /// current tensor, Gather of an index, Unsqueeze, Concat with constants; the result feeds a
    /// Reshape. Returns false for a node that is not shape arithmetic.
    mutating func applyShapeArithmetic(_ node: ONNXNode, index i: Int) throws -> Bool {
        guard let out = node.outputs.first, let first = node.inputs.first else { return false }
        func ints(_ name: String) -> [Int64]? { shapes[name] ?? constants[name]?.integerValues }
        switch node.opType {
        case "Shape" where first == current:
            let dims = shape.count == 3 ? [shape[2], shape[0], shape[1]] : shape
            var value = [Self.batch] + dims.map { Int64($0) }
            let start = Int(int(node, "start", default: 0)), end = Int(int(node, "end", default: Int64(value.count)))
            let lo = start < 0 ? max(value.count + start, 0) : min(start, value.count)
            let hi = end < 0 ? max(value.count + end, 0) : min(end, value.count)
            value = lo < hi ? Array(value[lo..<hi]) : []
            shapes[out] = value
        case "Gather" where shapes[first] != nil:
            let data = shapes[first]!
            guard int(node, "axis", default: 0) == 0, node.inputs.count == 2, let idx = constants[node.inputs[1]]?.integerValues,
                  idx.allSatisfy({ (-Int64(data.count)..<Int64(data.count)).contains($0) }) else {
                throw fail(node, i, "only a Gather of constant indices along axis 0 of a shape is supported")
            }
            shapes[out] = idx.map { data[Int($0 < 0 ? $0 + Int64(data.count) : $0)] }
        case "Unsqueeze" where shapes[first] != nil, "Squeeze" where shapes[first] != nil:
            shapes[out] = shapes[first]!
        case "Concat" where node.inputs.contains { shapes[$0] != nil }:
            guard int(node, "axis", default: 0) == 0 else { throw fail(node, i, "only a Concat along axis 0 of shapes is supported") }
            var value: [Int64] = []
            for name in node.inputs {
                guard let part = ints(name) else { throw fail(node, i, "input '\(name)' is neither a shape nor an integer constant") }
                value += part
            }
            shapes[out] = value
        default:
            return false
        }
        return true
    }
}

// Degree-2 polynomials written with Horner's rule, as `zktrain export` writes them:
// Mul(x, c2) → Add(·, c1) → Mul(·, x) → Add(·, c0), each c a scalar or one value per channel.
// They import as a learnable quadratic (`quad`, or `quad(ch)` for per-channel values), the
// same function in float. Higher degrees are not recognised (an error at their first Mul).

extension ONNXGraphBuilder {
    /// If `node` (a Mul of the current tensor by a constant) starts the Horner chain above,
    /// adds the quadratic and marks the chain's other three nodes as consumed.
    mutating func quadratic(_ node: ONNXNode, index i: Int) throws -> Bool {
        let nodes = g.nodes
        guard i + 3 < nodes.count, node.inputs.count == 2 else { return false }
        let x = current
        guard let c2 = node.inputs.first(where: { $0 != x }), constants[c2] != nil else { return false }
        let add1 = nodes[i + 1], mul = nodes[i + 2], add0 = nodes[i + 3]
        func other(_ n: ONNXNode, _ input: String) -> String? {
            guard n.inputs.count == 2, n.inputs.contains(input) else { return nil }
            return n.inputs[0] == input ? n.inputs[1] : n.inputs[0]
        }
        guard add1.opType == "Add", let c1 = other(add1, node.outputs[0]), constants[c1] != nil,
              mul.opType == "Mul", other(mul, add1.outputs[0]) == x,
              add0.opType == "Add", let c0 = other(add0, mul.outputs[0]), constants[c0] != nil,
              let out = add0.outputs.first else { return false }
        if i + 4 < nodes.count, nodes[i + 4].opType == "Mul", nodes[i + 4].inputs.contains(x) {
            throw fail(node, i, "a polynomial of degree above 2 (a longer Horner chain) is not supported")
        }
        let channels = shape.last!
        let perChannel = shape.count == 1 ? [[channels], [1, channels]] : [[channels, 1, 1], [1, channels, 1, 1]]
        var rows: [[Float]] = []
        for name in [c2, c1, c0] {
            let t = constants[name]!
            guard t.count == 1 || perChannel.contains(t.dims) else {
                throw fail(node, i, "polynomial coefficient '\(name)' of dims \(t.dims) is neither a scalar nor one value per channel")
            }
            var v = t.floatValues
            if v.count > 1, shape.count == 1, let order {
                var zk = v
                for (pos, k) in order.enumerated() { zk[k] = v[pos] }
                v = zk
            }
            rows.append(v)
        }
        let shared = rows.allSatisfy { $0.count == 1 }
        let groups = shared ? 1 : channels
        func expand(_ v: [Float]) -> [Float] { v.count == 1 ? Array(repeating: v[0], count: groups) : v }
        layers.append(.quadratic(perChannel: !shared))
        parameters.append(["a": expand(rows[0]), "b": expand(rows[1]), "c": expand(rows[2])])
        current = out
        foldable = false
        skip = 3
        return true
    }
}

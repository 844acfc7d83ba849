// A layer kind of the integer model: its shape and bound analysis, its exact evaluation, its
// entry in the model file and what the batched fast path may do with it, in one file per kind
// (Layers/). `IntegerLayer.kind` is the one switch that maps a model's layer to its kind.
// Adding a kind to Quantize: one file here, one case, one line in that switch and one in
// `IntegerLayer.kinds`. The defaults below need no fast kernel: such a kind runs its exact
// `apply` item by item on the batched path too.
import BigInt

/// One kind of integer layer.
protocol IntegerLayerKind: Sendable {
    /// The kind's name in model files and messages ("dense", "conv2d", …).
    static var kindName: String { get }
    /// The layer on one item of `inputShape` whose values have |v| ≤ `inputBound`: its output
    /// shape, a bound on every value it computes (intermediates too) and its counts.
    /// - Throws: `IntegerModelError` saying what does not fit (the caller names the layer).
    func analyze(inputShape: [Int], inputBound: BigInt) throws -> LayerAnalysis
    /// The layer on one item `x` (row-major over `shape`), in a width its proven bound fits.
    func apply<T: ExactInteger>(_ x: [T], shape: [Int]) -> [T]
    /// Sets the kind's fields of its model-file entry and stores its tensors.
    func write(to record: inout LayerRecord)
    /// The layer a model-file entry of this kind describes.
    static func read(_ source: LayerSource) throws -> IntegerLayer

    /// Dense and conv: the layer as weights and biases, which the batched path may run
    /// Int32 → Int64 or digit by digit (LimbLinear); nil for other kinds.
    var linear: (any LinearLayerKind)? { get }
    /// Whether the layer reads its input in the model's row-major HWC order (dense): the batched
    /// path relays a planar block out first.
    var readsRowMajor: Bool { get }
    /// Whether the layer only reorders values (flatten): the batched path relays a planar block
    /// out and computes nothing.
    var onlyReorders: Bool { get }
    /// The kind's specialised kernel on a block of items, inputs in lane X and results in lane T
    /// (spatial inputs planar); nil: the batched path runs `apply` item by item (`ExactStep`).
    func laneOp<X: Lane, T: Lane>(inputShape: [Int]) -> LaneOp<X, T>?
}

extension IntegerLayerKind {
    var linear: (any LinearLayerKind)? { nil }
    var readsRowMajor: Bool { false }
    var onlyReorders: Bool { false }
    func laneOp<X: Lane, T: Lane>(inputShape: [Int]) -> LaneOp<X, T>? { nil }
}

/// A layer linear in its input: y[o] = bias[channel of o] + Σ weight·x (dense, conv).
protocol LinearLayerKind: IntegerLayerKind {
    /// Small signed integers of `weightBits` bits, [fan-in, output channels] row-major.
    var weight: [Int64] { get }
    /// One per output channel, exact at the accumulator's scale.
    var bias: [BigInt] { get set }
    /// Signed width of the weights, as stored with the model.
    var weightBits: Int { get }
    /// Signed width of the biases, as stored with the model.
    var biasBits: Int { get }
    /// Consecutive outputs of a planar block that share one bias on `inputShape`: the output
    /// plane for conv, 1 for dense.
    func biasPlane(inputShape: [Int]) -> Int
    /// The layer with `worstCaseParameters`: its bounds bound every layer of these widths.
    var worstCase: IntegerLayer { get }
}

extension LinearLayerKind {
    var linear: (any LinearLayerKind)? { self }

    /// Largest |weight|.
    var weightBound: BigInt { BigInt(weight.lazy.map(\.magnitude).max() ?? 0) }

    /// Every weight −2^(weightBits−1) and every bias −2^(biasBits−1), the largest magnitudes
    /// the stored widths admit (widths 1…64 and 1…`IntegerLayer.maxBiasBits`, as checked).
    var worstCaseParameters: (weight: [Int64], bias: [BigInt]) {
        ([Int64](repeating: Int64.min >> (64 - weightBits), count: weight.count),
         [BigInt](repeating: -(BigInt(1) << (biasBits - 1)), count: bias.count))
    }

    /// Checks the stated widths, then bounds every partial sum on inputs with |x| ≤ `inputBound`:
    /// max over output channels k of Σ_j |weight[j, k]|·inputBound + |bias[k]|.
    /// - Throws: `IntegerModelError` unless `weightBits` is in 1...64 and holds every weight, and
    ///   `biasBits` is in 1...`IntegerLayer.maxBiasBits` and holds every bias (a file's stated
    ///   widths must not understate the values a circuit will range-check).
    func checkedBound(fanIn: Int, inputBound: BigInt) throws -> BigInt {
        let needed = IntegerLayer.narrowestWeightBits(weight)
        guard (1...64).contains(weightBits), needed <= weightBits else {
            throw IntegerModelError("weight width \(weightBits) must be in 1...64 and hold the weights, which need \(needed) bits")
        }
        let neededBias = IntegerLayer.narrowestBits(bias)
        guard (1...IntegerLayer.maxBiasBits).contains(biasBits), neededBias <= biasBits else {
            throw IntegerModelError("bias width \(biasBits) must be in 1...\(IntegerLayer.maxBiasBits) and hold the biases, which need \(neededBias) bits")
        }
        var best = BigInt(0)
        for (k, s) in columnMagnitudeSums(weight, rows: fanIn, columns: bias.count).enumerated() {
            best = max(best, s * inputBound + BigInt(bias[k].magnitude))
        }
        return best
    }
}

/// Σ_j |m[j, k]| for every column k of the row-major [rows, columns] matrix `m`, exactly:
/// row by row in UInt64 lanes, a lane carried into its big sum only when it would overflow.
private func columnMagnitudeSums(_ m: [Int64], rows: Int, columns: Int) -> [BigInt] {
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

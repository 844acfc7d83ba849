// The batched path's generic step: a layer kind without a kernel of its own runs its exact
// `apply` (the one `evaluate` runs) on each item of the block, in the width `evaluate` picks.
// It puts a planar block into the model's row-major HWC order first and a spatial result back
// into planar order, so it fits between kernels. Slow, but exact; new kinds start here.
import BigInt

/// One layer of a plan, item by item through its kind's exact evaluation.
struct ExactStep: Sendable {
    let kind: any IntegerLayerKind
    let inputShape: [Int]
    /// Whether the block arrives planar ([C, H·W] per item) rather than row-major.
    let inputPlanar: Bool
    let outputShape: [Int]
    /// The width the evaluation runs in (by the larger of the input and output bounds).
    let width: IntegerWidth
    /// The lane of the block it returns.
    let output: LaneWidth

    func apply(_ x: LaneBlock, items: Int) -> LaneBlock {
        switch width {
        case .int64: run(x.values(Int64.self), items: items)
        case .int128: run(x.values(Int128.self), items: items)
        case .big: run(x.values(BigInt.self), items: items)
        }
    }

    private func run<T: ExactInteger & Lane>(_ block: [T], items: Int) -> LaneBlock {
        let n = inputShape.reduce(1, *), m = outputShape.reduce(1, *)
        let x = inputPlanar ? Kernels.transpose(block, channels: inputShape[2], plane: n / inputShape[2]) : block
        var y = [T]()
        y.reserveCapacity(items * m)
        for item in 0..<items { y += kind.apply(Array(x[(item * n)..<((item + 1) * n)]), shape: inputShape) }
        if outputShape.count == 3 { y = Kernels.transpose(y, channels: outputShape[2], plane: m / outputShape[2], inverse: true) }
        return switch output {
        case .int32: .int32(LaneBlock.converted(y))
        case .int64: .int64(LaneBlock.converted(y))
        case .int128: .int128(LaneBlock.converted(y))
        case .big: .big(LaneBlock.converted(y))
        }
    }
}

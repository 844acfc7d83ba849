// Sum pooling, average pooling's integer form (the 1/window² goes into the scale): each output
// is the sum of a window×window patch, no padding. Its shape check and bound, exact
// evaluation, model-file entry and the batched path's kernel (Kernels.sumPool, planar items).
import BigInt

/// `IntegerLayer.sumPool`: [H, W, C] → [(H − window)/stride + 1, (W − window)/stride + 1, C].
struct IntegerSumPool: IntegerLayerKind {
    let window: Int
    let stride: Int

    static let kindName = "sumpool"

    func analyze(inputShape shape: [Int], inputBound: BigInt) throws -> LayerAnalysis {
        let (k, s) = (window, stride)
        guard shape.count == 3, k > 0, s > 0, k <= shape[0], k <= shape[1] else { throw IntegerModelError("window \(k) stride \(s) does not fit \(shape)") }
        return LayerAnalysis(name: "sumpool \(k)/\(s)", shape: [(shape[0] - k) / s + 1, (shape[1] - k) / s + 1, shape[2]],
                             bound: inputBound * BigInt(k * k), parameters: 0, multiplies: 0)
    }

    func apply<T: ExactInteger>(_ x: [T], shape: [Int]) -> [T] {
        let (h, wd, ch) = (shape[0], shape[1], shape[2]), (k, st) = (window, stride)
        let oh = (h - k) / st + 1, ow = (wd - k) / st + 1
        var y = [T](repeating: .zero, count: oh * ow * ch)
        for oy in 0..<oh { for ox in 0..<ow { for dy in 0..<k { for dx in 0..<k {
            let src = ((oy * st + dy) * wd + ox * st + dx) * ch, dst = (oy * ow + ox) * ch
            for c in 0..<ch { y[dst + c] = y[dst + c] + x[src + c] }
        } } } }
        return y
    }

    func write(to record: inout LayerRecord) {
        record.entry.kernel = window; record.entry.stride = stride
    }

    static func read(_ s: LayerSource) throws -> IntegerLayer {
        .sumPool(window: try s.need(\.kernel, "kernel"), stride: try s.need(\.stride, "stride"))
    }

    func laneOp<X: Lane, T: Lane>(inputShape shape: [Int]) -> LaneOp<X, T>? {
        .sumPool(channels: shape[2], height: shape[0], width: shape[1], window: window, stride: stride)
    }
}

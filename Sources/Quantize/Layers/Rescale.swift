// Rescale, y = floor((x + 2^(bits−1)) / 2^bits) element-wise (division by 2^bits rounding half
// up), the explicit layer that keeps values small: its bound, exact evaluation, model-file
// entry and the batched path's shift kernel.
import BigInt

/// `IntegerLayer.rescale`.
struct IntegerRescale: IntegerLayerKind {
    let bits: Int

    static let kindName = "rescale"

    func analyze(inputShape shape: [Int], inputBound: BigInt) throws -> LayerAnalysis {
        guard (1...240).contains(bits) else { throw IntegerModelError("rescale by \(bits) bits (allowed 1...240)") }
        return LayerAnalysis(name: "rescale ÷2^\(bits)", shape: shape, bound: (inputBound + (BigInt(1) << (bits - 1))) >> bits,
                             parameters: 0, multiplies: 0)
    }

    func apply<T: ExactInteger>(_ x: [T], shape: [Int]) -> [T] { x.map { $0.rescaled(by: bits) } }

    func write(to record: inout LayerRecord) {
        record.entry.bits = bits
    }

    static func read(_ s: LayerSource) throws -> IntegerLayer { .rescale(bits: try s.need(\.bits, "bits")) }

    func laneOp<X: Lane, T: Lane>(inputShape: [Int]) -> LaneOp<X, T>? { .rescale(bits: bits) }
}

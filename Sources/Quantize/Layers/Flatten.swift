// Flatten, [H, W, C] → [H·W·C] row-major: the same values in the same order, so evaluation
// returns its input and the batched path only relays a planar block out to row-major order.
import BigInt

/// `IntegerLayer.flatten`.
struct IntegerFlatten: IntegerLayerKind {
    static let kindName = "flatten"

    func analyze(inputShape shape: [Int], inputBound: BigInt) throws -> LayerAnalysis {
        LayerAnalysis(name: "flatten", shape: [shape.reduce(1, *)], bound: inputBound, parameters: 0, multiplies: 0)
    }

    func apply<T: ExactInteger>(_ x: [T], shape: [Int]) -> [T] { x }

    func write(to record: inout LayerRecord) {}

    static func read(_ s: LayerSource) throws -> IntegerLayer { .flatten }

    var onlyReorders: Bool { true }
}

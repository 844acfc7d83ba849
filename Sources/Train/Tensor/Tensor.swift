// A dense float32 tensor as a value type: a shape and row-major storage.
// Image tensors are NHWC ([batch, height, width, channels]) so that a convolution is one
// GEMM over all output positions. No broadcasting or autograd lives here; layers own that.

/// A dense, row-major float32 tensor with value semantics (copy-on-write storage).
public struct Tensor: Sendable, Equatable {
    /// Extent of each dimension, outermost first.
    public var shape: [Int]
    /// Elements in row-major order; `data.count == shape.reduce(1, *)`.
    public var data: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor whose elements are left uninitialised: for outputs that a kernel overwrites
    /// completely (saves a memset per buffer per step).
    public init(uninitializedShape shape: [Int]) {
        self.shape = shape
        let n = shape.reduce(1, *)
        self.data = [Float](unsafeUninitializedCapacity: n) { _, count in count = n }
    }

    /// A tensor wrapping `data`; `data.count` must equal the product of `shape`.
    public init(shape: [Int], data: [Float]) {
        precondition(data.count == shape.reduce(1, *), "Tensor: \(data.count) elements for shape \(shape)")
        self.shape = shape
        self.data = data
    }

    /// Number of elements.
    public var count: Int { data.count }

    /// Size of the leading (batch) dimension.
    public var batch: Int { shape.first ?? 1 }

    /// Elements per batch item (product of all but the leading dimension).
    public var itemSize: Int { shape.dropFirst().reduce(1, *) }

    /// The same elements viewed with another shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }
}

// The layer protocol every trainable building block implements, and `Parameter`, a
// learnable tensor with its gradient. Layers cache what their backward pass needs;
// they are reference types because they own mutable weights and workspaces.

/// A learnable (or saved, non-learned) tensor and its gradient.
public final class Parameter {
    /// Checkpoint name, e.g. `"2.conv.weight"` (layer index, kind, role).
    public let name: String
    /// Shape of `value`, outermost first.
    public let shape: [Int]
    /// Current value, row-major.
    public var value: [Float]
    /// Gradient of the loss w.r.t. `value`, overwritten by each backward pass.
    public var grad: [Float]
    /// Whether weight decay applies (weights yes; biases, batch-norm and activation
    /// coefficients no).
    public let decays: Bool

    public init(name: String, shape: [Int], value: [Float], decays: Bool) {
        precondition(value.count == shape.reduce(1, *))
        self.name = name
        self.shape = shape
        self.value = value
        self.grad = [Float](repeating: 0, count: value.count)
        self.decays = decays
    }
}

/// A network layer with a forward pass and its backward pass.
///
/// Shapes exclude the batch dimension: image tensors are `[height, width, channels]`,
/// vectors `[count]`.
public protocol Layer: AnyObject {
    /// The spec this layer was built from.
    var spec: LayerSpec { get }
    /// Shape of one output item.
    var outputShape: [Int] { get }
    /// Learnable tensors.
    var parameters: [Parameter] { get }
    /// Saved, non-learned state (batch-norm running statistics).
    var buffers: [Parameter] { get }
    /// Computes the layer on a batch; `training` selects batch statistics in batch-norm.
    func forward(_ x: Tensor, training: Bool) -> Tensor
    /// Given dLoss/dOutput for the last forward batch, sets parameter gradients and
    /// returns dLoss/dInput (or nil when `needInputGradient` is false).
    func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor?
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public var buffers: [Parameter] { [] }
}

/// Calls `body` with raw pointers to two tensors' storage (read-only input, mutable output).
@inline(__always)
func withBuffers<R>(_ x: Tensor, _ y: inout Tensor,
                    _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> R) -> R {
    x.data.withUnsafeBufferPointer { xp in
        y.data.withUnsafeMutableBufferPointer { yp in body(xp.baseAddress!, yp.baseAddress!) }
    }
}

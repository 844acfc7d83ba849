// Average and sum pooling over NHWC tensors with a square window and stride, no padding.
// Sum pooling is exact in integers (the circuit's form); average = sum / window².

/// Average or sum pooling. x: [batch, H, W, C] → y: [batch, oH, oW, C].
public final class Pooling: Layer {
    public let spec: LayerSpec
    let geometry: ConvGeometry
    /// Factor applied to each window sum: 1/window² for average pooling, 1 for sum pooling.
    let scale: Float
    public var outputShape: [Int] { [geometry.outHeight, geometry.outWidth, geometry.inChannels] }
    private var inputShape: [Int] = []

    init(spec: LayerSpec, geometry: ConvGeometry, average: Bool) {
        self.spec = spec
        self.geometry = geometry
        self.scale = average ? 1 / Float(geometry.kernel * geometry.kernel) : 1
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let g = geometry, n = x.batch, c = g.inChannels
        inputShape = x.shape
        var y = Tensor(shape: [n, g.outHeight, g.outWidth, c])
        withBuffers(x, &y) { xp, yp in
            parallelFor(n) { b in
                let img = xp + b * g.height * g.width * c
                let out = yp + b * g.outHeight * g.outWidth * c
                for oy in 0..<g.outHeight { for ox in 0..<g.outWidth {
                    let dst = out + (oy * g.outWidth + ox) * c
                    for ky in 0..<g.kernel { for kx in 0..<g.kernel {
                        let src = img + ((oy * g.stride + ky) * g.width + ox * g.stride + kx) * c
                        for ch in 0..<c { dst[ch] += src[ch] }
                    } }
                    if scale != 1 { for ch in 0..<c { dst[ch] *= scale } }
                } }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        guard needInputGradient else { return nil }
        let g = geometry, n = dy.batch, c = g.inChannels
        var dx = Tensor(shape: inputShape)
        withBuffers(dy, &dx) { dyp, dxp in
            parallelFor(n) { b in
                let img = dxp + b * g.height * g.width * c
                let out = dyp + b * g.outHeight * g.outWidth * c
                for oy in 0..<g.outHeight { for ox in 0..<g.outWidth {
                    let src = out + (oy * g.outWidth + ox) * c
                    for ky in 0..<g.kernel { for kx in 0..<g.kernel {
                        let dst = img + ((oy * g.stride + ky) * g.width + ox * g.stride + kx) * c
                        for ch in 0..<c { dst[ch] += src[ch] * scale }
                    } }
                } }
            }
        }
        return dx
    }
}

/// Flattens [H, W, C] items to [H·W·C] in row-major (NHWC) order.
public final class Flatten: Layer {
    public let spec: LayerSpec
    public let outputShape: [Int]
    private var inputShape: [Int] = []

    init(spec: LayerSpec, inputShape: [Int]) {
        self.spec = spec
        self.outputShape = [inputShape.reduce(1, *)]
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        inputShape = x.shape
        return x.reshaped([x.batch, x.itemSize])
    }

    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        needInputGradient ? dy.reshaped(inputShape) : nil
    }
}

// Element-wise activations: ReLU (float baselines only: not cheap to prove), a fixed
// polynomial (x² or a least-squares fit from PolyActivations) and the learnable quadratic
// a·x² + b·x + c, per layer or per channel (channel = last axis).
import PolyActivations

/// max(0, x). For float baselines; a circuit would need a bit decomposition per neuron.
public final class ReLU: Layer {
    public let spec: LayerSpec
    public let outputShape: [Int]
    private var input = Tensor(shape: [0])

    init(spec: LayerSpec, shape: [Int]) { self.spec = spec; outputShape = shape }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        if training { input = x }
        return Tensor(shape: x.shape, data: x.data.map { max($0, 0) })
    }

    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        guard needInputGradient else { return nil }
        var dx = dy
        for i in 0..<dx.count where input.data[i] <= 0 { dx.data[i] = 0 }
        return dx
    }
}

/// A fixed polynomial activation y = p(x) (x², or a fit to ReLU/GELU/SiLU).
public final class PolynomialLayer: Layer {
    public let spec: LayerSpec
    public let outputShape: [Int]
    /// The polynomial applied element-wise.
    public let polynomial: PolyActivation
    private let isSquare: Bool
    private var input = Tensor(shape: [0])

    init(spec: LayerSpec, shape: [Int], polynomial: PolyActivation) {
        self.spec = spec
        outputShape = shape
        self.polynomial = polynomial
        isSquare = polynomial.coefficients == [0, 0, 1]
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        if training { input = x }
        var y = Tensor(uninitializedShape: x.shape)
        if isSquare {
            withBuffers(x, &y) { xp, yp in parallelChunks(x.count) { r, _ in for i in r { yp[i] = xp[i] * xp[i] } } }
        } else {
            x.data.withUnsafeBufferPointer { xp in
                y.data.withUnsafeMutableBufferPointer { yp in polynomial.apply(xp, into: yp) }
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        guard needInputGradient else { return nil }
        var dx = Tensor(uninitializedShape: dy.shape)
        if isSquare {
            withBuffers(dy, &dx) { dp, dxp in
                input.data.withUnsafeBufferPointer { xp in
                    parallelChunks(dy.count) { r, _ in for i in r { dxp[i] = 2 * xp[i] * dp[i] } }
                }
            }
        } else {
            input.data.withUnsafeBufferPointer { xp in
                dx.data.withUnsafeMutableBufferPointer { dxp in polynomial.applyDerivative(xp, into: dxp) }
            }
            withBuffers(dy, &dx) { dp, dxp in for i in 0..<dy.count { dxp[i] *= dp[i] } }
        }
        return dx
    }
}

/// Learnable quadratic y = a·x² + b·x + c with one (a, b, c) per layer or per channel.
/// Initialised to a = 0.1, b = 1, c = 0: close to the identity, so the network starts
/// almost linear and learns its curvature (a large initial `a` makes deep quadratic nets blow up).
public final class LearnableQuadratic: Layer {
    public let spec: LayerSpec
    public let outputShape: [Int]
    /// Number of (a, b, c) triples: 1 per layer, or the channel count.
    public let groups: Int
    public let a: Parameter, b: Parameter, c: Parameter
    public var parameters: [Parameter] { [a, b, c] }
    private var input = Tensor(shape: [0])

    init(spec: LayerSpec, index: Int, shape: [Int], perChannel: Bool) {
        self.spec = spec
        outputShape = shape
        groups = perChannel ? shape.last! : 1
        a = Parameter(name: "\(index).quad.a", shape: [groups], value: .init(repeating: 0.1, count: groups), decays: false)
        b = Parameter(name: "\(index).quad.b", shape: [groups], value: .init(repeating: 1, count: groups), decays: false)
        c = Parameter(name: "\(index).quad.c", shape: [groups], value: .init(repeating: 0, count: groups), decays: false)
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        if training { input = x }
        var y = Tensor(uninitializedShape: x.shape)
        let g = groups, av = a.value, bv = b.value, cv = c.value
        withBuffers(x, &y) { xp, yp in
            for i in 0..<x.count {
                let j = g == 1 ? 0 : i % g, v = xp[i]
                yp[i] = (av[j] * v + bv[j]) * v + cv[j]
            }
        }
        return y
    }

    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        let g = groups, av = a.value, bv = b.value
        var ga = [Float](repeating: 0, count: g), gb = ga, gc = ga
        var dx = Tensor(uninitializedShape: dy.shape)
        withBuffers(dy, &dx) { dp, dxp in
            input.data.withUnsafeBufferPointer { xp in
                for i in 0..<dy.count {
                    let j = g == 1 ? 0 : i % g, v = xp[i], d = dp[i]
                    ga[j] += d * v * v; gb[j] += d * v; gc[j] += d
                    dxp[i] = d * (2 * av[j] * v + bv[j])
                }
            }
        }
        a.grad = ga; b.grad = gb; c.grad = gc
        return needInputGradient ? dx : nil
    }
}

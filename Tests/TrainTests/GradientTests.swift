// Finite-difference gradient checks for every layer and activation: the analytic backward
// pass against central differences of L(x) = Σ r ⊙ layer(x) for a fixed random r.
import Testing
@testable import Train
import PolyActivations
import Quantize
import Support

/// Central-difference check of input and parameter gradients of `layer` on input shape
/// `shape` (batch first). Float32 forward passes, loss summed in Double; h = 1e-2.
func checkGradients(_ layer: Layer, shape: [Int], seed: UInt64 = 1, h: Float = 1e-2, tolerance: Double = 2e-2,
                    input: ((inout SeededGenerator) -> Float)? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    var rng = SeededGenerator(seed: seed)
    let draw = input ?? { r in r.nextGaussian() }
    var x = Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in draw(&rng) })
    let y = layer.forward(x, training: true)
    let r = Tensor(shape: y.shape, data: (0..<y.count).map { _ in rng.nextGaussian() })
    let dx = layer.backward(r, needInputGradient: true)!
    let paramGrads = layer.parameters.map(\.grad)
    func loss() -> Double {
        let out = layer.forward(x, training: true)
        return zip(out.data, r.data).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
    func close(_ numeric: Double, _ analytic: Float, _ what: String) {
        let err = abs(numeric - Double(analytic))
        #expect(err <= tolerance * max(1, abs(numeric)), "\(what): numeric \(numeric) vs analytic \(analytic)", sourceLocation: sourceLocation)
    }
    for i in stride(from: 0, to: x.count, by: max(1, x.count / 25)) {
        let v = x.data[i]
        x.data[i] = v + h; let up = loss()
        x.data[i] = v - h; let down = loss()
        x.data[i] = v
        close((up - down) / Double(2 * h), dx.data[i], "\(layer.spec) dL/dx[\(i)]")
    }
    for (p, grad) in zip(layer.parameters, paramGrads) {
        for i in stride(from: 0, to: p.value.count, by: max(1, p.value.count / 15)) {
            let v = p.value[i]
            p.value[i] = v + h; let up = loss()
            p.value[i] = v - h; let down = loss()
            p.value[i] = v
            close((up - down) / Double(2 * h), grad[i], "\(layer.spec) dL/d\(p.name)[\(i)]")
        }
    }
}

@Suite struct GradientTests {
    var rng = SeededGenerator(seed: 42)

    @Test mutating func dense() {
        checkGradients(Dense(spec: .dense(units: 5), index: 0, inCount: 12, outCount: 5, rng: &rng), shape: [4, 12])
    }

    @Test(arguments: [(3, 1, 1), (3, 2, 0), (2, 2, 1), (1, 1, 0)])
    func conv(kernel: Int, stride: Int, padding: Int) {
        var rng = SeededGenerator(seed: 3)
        let g = ConvGeometry(height: 6, width: 5, inChannels: 3, kernel: kernel, stride: stride, padding: padding)
        let layer = Conv2D(spec: .conv(channels: 4, kernel: kernel, stride: stride, padding: padding), index: 0,
                           geometry: g, outChannels: 4, rng: &rng)
        checkGradients(layer, shape: [2, 6, 5, 3])
    }

    @Test(arguments: [true, false])
    func pooling(average: Bool) {
        let g = ConvGeometry(height: 6, width: 6, inChannels: 3, kernel: 2, stride: 2, padding: 0)
        checkGradients(Pooling(spec: .avgPool(window: 2, stride: 2), geometry: g, average: average), shape: [2, 6, 6, 3])
        let overlapping = ConvGeometry(height: 5, width: 5, inChannels: 2, kernel: 3, stride: 1, padding: 0)
        checkGradients(Pooling(spec: .sumPool(window: 3, stride: 1), geometry: overlapping, average: average), shape: [2, 5, 5, 2])
    }

    @Test func flatten() {
        checkGradients(Flatten(spec: .flatten, inputShape: [3, 2, 2]), shape: [2, 3, 2, 2])
    }

    @Test func batchNormVectorAndImage() {
        let bn = BatchNorm(spec: .batchNorm, index: 0, shape: [6])
        bn.gamma.value = [0.5, 1, 1.5, 2, -1, 0.7]
        bn.beta.value = [0, 0.1, -0.2, 0.3, 0, 1]
        checkGradients(bn, shape: [8, 6], tolerance: 3e-2)
        checkGradients(BatchNorm(spec: .batchNorm, index: 0, shape: [3, 3, 4]), shape: [3, 3, 3, 4], tolerance: 3e-2)
    }

    @Test func relu() {
        // Inputs kept away from the kink at 0, where the derivative is undefined.
        checkGradients(ReLU(spec: .relu, shape: [10]), shape: [3, 10]) { r in
            let v = r.nextGaussian(); return v >= 0 ? v + 0.1 : v - 0.1
        }
    }

    @Test func square() {
        checkGradients(PolynomialLayer(spec: .square, shape: [10], polynomial: .square), shape: [3, 10])
    }

    @Test(arguments: FitTarget.allCases, [2, 3, 4])
    func fittedPolynomial(target: FitTarget, degree: Int) throws {
        let p = try PolyActivation.fit(target, degree: degree, range: 4)
        checkGradients(PolynomialLayer(spec: .polyFit(target: target, degree: degree, range: 4), shape: [10], polynomial: p),
                       shape: [3, 10])
    }

    @Test(arguments: [false, true])
    func learnableQuadratic(perChannel: Bool) {
        let q = LearnableQuadratic(spec: .quadratic(perChannel: perChannel), index: 0, shape: [2, 2, 3], perChannel: perChannel)
        q.a.value = q.a.value.enumerated().map { 0.3 + Float($0.offset) * 0.1 }
        q.c.value = q.c.value.map { _ in 0.2 }
        checkGradients(q, shape: [2, 2, 2, 3])
    }

    /// The fused softmax cross-entropy gradient against central differences of the loss.
    @Test func softmaxCrossEntropyGradient() {
        var rng = SeededGenerator(seed: 9)
        var logits = Tensor(shape: [4, 10], data: (0..<40).map { _ in rng.nextGaussian() * 2 })
        let labels: [UInt8] = [3, 0, 9, 5]
        let (_, g) = softmaxCrossEntropy(logits, labels: labels[...])
        for i in 0..<40 {
            let v = logits.data[i]
            logits.data[i] = v + 1e-2; let up = softmaxCrossEntropy(logits, labels: labels[...]).loss
            logits.data[i] = v - 1e-2; let down = softmaxCrossEntropy(logits, labels: labels[...]).loss
            logits.data[i] = v
            #expect(abs(Double(up - down) / 2e-2 - Double(g.data[i])) < 2e-3)
        }
    }

    /// A whole small network (every layer kind) through Network.backward vs the loss.
    @Test func wholeNetwork() throws {
        let spec = try ArchSpec(parsing: "conv(3,k3,p1) bn quad(ch) sumpool(2) conv(4,k2,s2) bn sq flatten dense(6) bn poly(gelu,d4,r3) dense(3)")
        let net = try Network(spec: spec, inputShape: [8, 8, 1], classCount: 3, seed: 5)
        var rng = SeededGenerator(seed: 11)
        let x = Tensor(shape: [6, 8, 8, 1], data: (0..<384).map { _ in Float.random(in: 0...1, using: &rng) })
        let labels: [UInt8] = [0, 1, 2, 1, 0, 2]
        let (_, g) = softmaxCrossEntropy(net.forward(x, training: true), labels: labels[...])
        net.backward(g)
        for p in net.parameters {
            let analytic = p.grad
            for i in stride(from: 0, to: p.value.count, by: max(1, p.value.count / 4)) {
                let v = p.value[i]
                p.value[i] = v + 1e-2; let up = softmaxCrossEntropy(net.forward(x, training: true), labels: labels[...]).loss
                p.value[i] = v - 1e-2; let down = softmaxCrossEntropy(net.forward(x, training: true), labels: labels[...]).loss
                p.value[i] = v
                let numeric = Double(up - down) / 2e-2
                #expect(abs(numeric - Double(analytic[i])) <= 2e-2 * max(0.1, abs(numeric)) + 2e-3, "\(p.name)[\(i)]: \(numeric) vs \(analytic[i])")
            }
        }
    }
}

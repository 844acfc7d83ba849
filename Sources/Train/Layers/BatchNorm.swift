// Batch normalisation (Ioffe & Szegedy 2015) over the last (channel) axis: per channel,
// statistics over batch and spatial positions. Train mode uses batch statistics and updates
// running ones; eval mode uses the running ones (which is what gets folded for inference).

/// Batch-norm: y = γ · (x − μ) / √(σ² + ε) + β per channel.
public final class BatchNorm: Layer {
    public let spec: LayerSpec
    public let outputShape: [Int]
    public let channels: Int
    public let gamma: Parameter, beta: Parameter
    public let runningMean: Parameter, runningVar: Parameter
    /// Weight of the newest batch in the running statistics.
    public var momentum: Float = 0.1
    public let epsilon: Float = 1e-5
    public var parameters: [Parameter] { [gamma, beta] }
    public var buffers: [Parameter] { [runningMean, runningVar] }
    private var xhat: [Float] = []
    private var invStd: [Float] = []

    init(spec: LayerSpec, index: Int, shape: [Int]) {
        self.spec = spec
        self.outputShape = shape
        channels = shape.last!
        let c = channels
        gamma = Parameter(name: "\(index).bn.gamma", shape: [c], value: .init(repeating: 1, count: c), decays: false)
        beta = Parameter(name: "\(index).bn.beta", shape: [c], value: .init(repeating: 0, count: c), decays: false)
        runningMean = Parameter(name: "\(index).bn.running_mean", shape: [c], value: .init(repeating: 0, count: c), decays: false)
        runningVar = Parameter(name: "\(index).bn.running_var", shape: [c], value: .init(repeating: 1, count: c), decays: false)
    }

    public func forward(_ x: Tensor, training: Bool) -> Tensor {
        let c = channels, rows = x.count / c
        var y = Tensor(uninitializedShape: x.shape)
        var mean = [Float](repeating: 0, count: c), inv = [Float](repeating: 0, count: c)
        if training {
            let (sum, sumSq) = channelMoments(x, channels: c)
            for j in 0..<c {
                let m = sum[j] / Double(rows), v = max(sumSq[j] / Double(rows) - m * m, 0)
                mean[j] = Float(m)
                inv[j] = Float(1 / (v + Double(epsilon)).squareRoot())
                let unbiased = rows > 1 ? v * Double(rows) / Double(rows - 1) : v
                runningMean.value[j] += momentum * (Float(m) - runningMean.value[j])
                runningVar.value[j] += momentum * (Float(unbiased) - runningVar.value[j])
            }
            invStd = inv
            if xhat.count != x.count { xhat = [Float](repeating: 0, count: x.count) }
        } else {
            for j in 0..<c { mean[j] = runningMean.value[j]; inv[j] = 1 / (runningVar.value[j] + epsilon).squareRoot() }
        }
        // y = γ·x̂ + β = x·(γ/σ) + (β − μ·γ/σ): one multiply-add per element.
        let scale = (0..<c).map { gamma.value[$0] * inv[$0] }
        let shift = (0..<c).map { beta.value[$0] - mean[$0] * scale[$0] }
        withBuffers(x, &y) { xp, yp in
            scale.withUnsafeBufferPointer { sp in shift.withUnsafeBufferPointer { tp in
                mean.withUnsafeBufferPointer { mp in inv.withUnsafeBufferPointer { ip in
                    xhat.withUnsafeMutableBufferPointer { hp in
                        parallelChunks(rows, minimumChunk: 256) { chunk, _ in for r in chunk {
                            let xr = xp + r * c, yr = yp + r * c
                            for j in 0..<c { yr[j] = xr[j] * sp[j] + tp[j] }
                            if training {
                                let hr = hp.baseAddress! + r * c
                                for j in 0..<c { hr[j] = (xr[j] - mp[j]) * ip[j] }
                            }
                        } }
                    }
                } }
            } }
        }
        return y
    }

    /// dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), per channel.
    public func backward(_ dy: Tensor, needInputGradient: Bool) -> Tensor? {
        let c = channels, rows = dy.count / c
        // Per-worker partial sums of dy and dy·x̂, then combined.
        var partials = [Float](repeating: 0, count: 2 * c * parallelWorkers)
        dy.data.withUnsafeBufferPointer { dp in
            xhat.withUnsafeBufferPointer { hp in
                partials.withUnsafeMutableBufferPointer { pp in
                    parallelChunks(rows, minimumChunk: 256) { chunk, w in
                        let db = pp.baseAddress! + 2 * c * w, dg = db + c
                        for r in chunk {
                            let dr = dp.baseAddress! + r * c, hr = hp.baseAddress! + r * c
                            for j in 0..<c { db[j] += dr[j]; dg[j] += dr[j] * hr[j] }
                        }
                    }
                }
            }
        }
        var dBeta = [Float](repeating: 0, count: c), dGamma = [Float](repeating: 0, count: c)
        for w in 0..<parallelWorkers {
            for j in 0..<c { dBeta[j] += partials[2 * c * w + j]; dGamma[j] += partials[2 * c * w + c + j] }
        }
        beta.grad = dBeta
        gamma.grad = dGamma
        guard needInputGradient else { return nil }
        var dx = Tensor(uninitializedShape: dy.shape)
        let n = Float(rows)
        let scale = (0..<c).map { gamma.value[$0] * invStd[$0] }
        let mdb = dBeta.map { $0 / n }, mdg = dGamma.map { $0 / n }
        withBuffers(dy, &dx) { dp, dxp in
            xhat.withUnsafeBufferPointer { hp in
                scale.withUnsafeBufferPointer { sp in mdb.withUnsafeBufferPointer { bp in mdg.withUnsafeBufferPointer { gp in
                    parallelChunks(rows, minimumChunk: 256) { chunk, _ in
                        for r in chunk {
                            let o = r * c
                            for j in 0..<c { dxp[o + j] = sp[j] * (dp[o + j] - bp[j] - hp.baseAddress![o + j] * gp[j]) }
                        }
                    }
                } } }
            }
        }
        return dx
    }
}

/// Per-channel Σx and Σx² over all rows of an [rows, c] view, accumulated in Float blocks of
/// 64 rows and flushed into Double (keeps precision over millions of rows without a Double
/// operation per element).
func channelMoments(_ x: Tensor, channels c: Int) -> (sum: [Double], sumSq: [Double]) {
    let rows = x.count / c
    var partial = [Double](repeating: 0, count: 2 * c * parallelWorkers)
    x.data.withUnsafeBufferPointer { xp in
        partial.withUnsafeMutableBufferPointer { pp in
            parallelChunks(rows, minimumChunk: 256) { chunk, w in
                let sum = pp.baseAddress! + 2 * c * w, sumSq = sum + c
                var acc = [Float](repeating: 0, count: c), accSq = [Float](repeating: 0, count: c)
                acc.withUnsafeMutableBufferPointer { a in accSq.withUnsafeMutableBufferPointer { q in
                    var r = chunk.lowerBound
                    while r < chunk.upperBound {
                        let end = min(r + 64, chunk.upperBound)
                        for i in r..<end {
                            let row = xp.baseAddress! + i * c
                            for j in 0..<c { a[j] += row[j]; q[j] += row[j] * row[j] }
                        }
                        for j in 0..<c { sum[j] += Double(a[j]); sumSq[j] += Double(q[j]); a[j] = 0; q[j] = 0 }
                        r = end
                    }
                } }
            }
        }
    }
    var sum = [Double](repeating: 0, count: c), sumSq = [Double](repeating: 0, count: c)
    for w in 0..<parallelWorkers { for j in 0..<c { sum[j] += partial[2 * c * w + j]; sumSq[j] += partial[2 * c * w + c + j] } }
    return (sum, sumSq)
}

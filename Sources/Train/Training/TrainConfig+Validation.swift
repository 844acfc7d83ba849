// What a training configuration must hold before a run starts or resumes: it may come from
// a damaged or edited model.json, so every number is checked (a batch size of 0 would divide
// by zero, a NaN rate would train garbage and save it).

extension TrainConfig {
    /// The first problem with this configuration, in words naming the field; nil if none.
    public var problem: String? {
        func finite(_ v: Float, _ name: String, positive: Bool = false) -> String? {
            guard v.isFinite, positive ? v > 0 : v >= 0 else { return "\(name) is \(v), expected a finite \(positive ? "positive" : "non-negative") number" }
            return nil
        }
        guard (1...1_000_000).contains(epochs) else { return "epochs is \(epochs), expected 1…1000000" }
        guard (2...65_536).contains(batchSize) else { return "batchSize is \(batchSize), expected 2…65536" }
        let o = optimizer
        if let p = finite(o.learningRate, "optimizer.learningRate", positive: true) ?? finite(o.momentum, "optimizer.momentum")
            ?? finite(o.weightDecay, "optimizer.weightDecay") ?? finite(o.epsilon, "optimizer.epsilon", positive: true) { return p }
        guard (0..<1).contains(o.beta1), (0..<1).contains(o.beta2), o.momentum < 1 else {
            return "optimizer.beta1, beta2 and momentum must lie in [0, 1)"
        }
        if let clip = o.clipNorm, let p = finite(clip, "optimizer.clipNorm", positive: true) { return p }
        switch schedule {
        case .constant: break
        case .cosine(let w): guard w.isFinite, (0...1).contains(w) else { return "schedule warm-up fraction \(w) is not in 0…1" }
        case .step(let e, let f): guard e >= 1, f.isFinite, f > 0 else { return "schedule step:\(e):\(f) needs a period ≥ 1 and a positive factor" }
        }
        if let q = qat {
            guard (0...epochs).contains(q.warmupEpochs) else { return "qat.warmupEpochs is \(q.warmupEpochs), expected 0…epochs" }
            guard (1...30).contains(q.polynomialBits) else { return "qat.polynomialBits is \(q.polynomialBits), expected 1…30" }
        }
        return nil
    }
}

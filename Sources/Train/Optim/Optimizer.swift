// Optimisers: SGD with momentum and (L2-coupled) weight decay, Adam (Kingma & Ba 2015) and
// AdamW (Loshchilov & Hutter 2019, decoupled decay), plus global gradient-norm clipping.
// State (moments) is kept per parameter name so checkpoints can save and restore it.
import Foundation

/// Which update rule to use.
public enum OptimizerKind: String, CaseIterable, Sendable, Codable {
    case sgd, adam, adamw
}

/// Optimiser hyper-parameters.
public struct OptimizerConfig: Sendable, Codable, Equatable {
    public var kind: OptimizerKind = .adam
    /// Peak learning rate (the schedule scales it).
    public var learningRate: Float = 1e-3
    /// SGD momentum.
    public var momentum: Float = 0.9
    /// Weight decay: L2 in the gradient for SGD and Adam, decoupled for AdamW. Applies to
    /// parameters with `decays == true` (weights only).
    public var weightDecay: Float = 0
    public var beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    /// Clip the global gradient L2 norm to this value (nil: no clipping).
    public var clipNorm: Float? = 5
    public init() {}
}

/// A stateful optimiser over a fixed parameter list.
public final class Optimizer {
    public let config: OptimizerConfig
    /// Steps taken so far (Adam's bias correction uses it).
    public private(set) var step = 0
    /// First moment (SGD: velocity) and second moment per parameter name.
    var firstMoment: [String: [Float]] = [:]
    var secondMoment: [String: [Float]] = [:]

    public init(_ config: OptimizerConfig) { self.config = config }

    /// Applies one update with learning rate `lr`; returns the gradient norm before clipping.
    @discardableResult
    public func update(_ params: [Parameter], lr: Float) -> Float {
        step += 1
        let norm = globalNorm(params)
        let clip: Float = config.clipNorm.map { norm > $0 ? $0 / norm : 1 } ?? 1
        let c = config
        let bc1 = 1 - pow(c.beta1, Float(step)), bc2 = 1 - pow(c.beta2, Float(step))
        for p in params {
            // Moved out of the dictionaries so the update mutates them in place (no copy).
            var m = firstMoment.removeValue(forKey: p.name) ?? [Float](repeating: 0, count: p.value.count)
            var v = c.kind == .sgd ? [] : secondMoment.removeValue(forKey: p.name) ?? [Float](repeating: 0, count: p.value.count)
            let wd = p.decays ? c.weightDecay : 0
            p.value.withUnsafeMutableBufferPointer { wb in
                p.grad.withUnsafeBufferPointer { gb in
                    m.withUnsafeMutableBufferPointer { mb in
                        v.withUnsafeMutableBufferPointer { vb in
                            let w = wb.baseAddress!, g = gb.baseAddress!, m = mb.baseAddress!
                            switch c.kind {
                            case .sgd:
                                let mom = c.momentum
                                parallelChunks(wb.count, minimumChunk: 16384) { r, _ in
                                    for i in r {
                                        let gi = g[i] * clip + wd * w[i]
                                        m[i] = mom * m[i] + gi
                                        w[i] -= lr * m[i]
                                    }
                                }
                            case .adam, .adamw:
                                let v = vb.baseAddress!
                                let coupled = c.kind == .adam ? wd : 0, decoupled = c.kind == .adamw ? wd : 0
                                let stepSize = lr / bc1, invBc2 = 1 / bc2
                                let b1 = c.beta1, b2 = c.beta2, eps = c.epsilon, shrink: Float = 1 - lr * decoupled
                                let a1: Float = 1 - b1, a2: Float = 1 - b2
                                parallelChunks(wb.count, minimumChunk: 16384) { r, _ in
                                    for i in r {
                                        let gi: Float = g[i] * clip + coupled * w[i]
                                        let mi: Float = b1 * m[i] + a1 * gi
                                        let vi: Float = b2 * v[i] + a2 * gi * gi
                                        m[i] = mi
                                        v[i] = vi
                                        let denom: Float = (vi * invBc2).squareRoot() + eps
                                        w[i] = w[i] * shrink - stepSize * mi / denom
                                    }
                                }
                            }
                        }
                    }
                }
            }
            firstMoment[p.name] = m
            if c.kind != .sgd { secondMoment[p.name] = v }
        }
        return norm
    }

    /// Restores step count and moments (from a checkpoint).
    func restore(step: Int, first: [String: [Float]], second: [String: [Float]]) {
        self.step = step
        firstMoment = first
        secondMoment = second
    }
}

/// √(Σ over all parameters of Σ g²), accumulated in Double.
func globalNorm(_ params: [Parameter]) -> Float {
    var s = 0.0
    for p in params {
        p.grad.withUnsafeBufferPointer { g in
            var parts = [Double](repeating: 0, count: parallelWorkers)
            parts.withUnsafeMutableBufferPointer { pp in
                parallelChunks(g.count, minimumChunk: 16384) { r, w in
                    var part: Float = 0
                    for i in r { part += g[i] * g[i] }
                    pp[w] = Double(part)
                }
            }
            s += parts.reduce(0, +)
        }
    }
    return Float(s.squareRoot())
}

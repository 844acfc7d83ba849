// Learning-rate schedules as pure functions of progress: constant, cosine annealing with
// linear warm-up (Loshchilov & Hutter 2017), and step decay.
import Foundation

/// A learning-rate schedule over the whole run.
public enum LRSchedule: Sendable, Equatable, Codable, CustomStringConvertible {
    case constant
    /// Linear warm-up over `warmupFraction` of the run, then cosine decay to 0.
    case cosine(warmupFraction: Float)
    /// Multiply by `factor` every `everyEpochs` epochs.
    case step(everyEpochs: Int, factor: Float)

    /// Multiplier of the peak rate at `step` of `totalSteps` (`stepsPerEpoch` for `.step`).
    public func factor(step: Int, totalSteps: Int, stepsPerEpoch: Int) -> Float {
        switch self {
        case .constant:
            return 1
        case .cosine(let warm):
            let warmSteps = Int(warm * Float(totalSteps))
            if step < warmSteps { return Float(step + 1) / Float(warmSteps) }
            let t = Float(step - warmSteps) / Float(max(totalSteps - warmSteps, 1))
            return 0.5 * (1 + cos(Float.pi * min(t, 1)))
        case let .step(every, f):
            return pow(f, Float(step / max(stepsPerEpoch * every, 1)))
        }
    }

    /// Parses `constant`, `cosine`, `cosine:WARMUP` or `step:EPOCHS:FACTOR`.
    public init?(parsing s: String) {
        let parts = s.split(separator: ":").map(String.init)
        switch parts.first {
        case "constant" where parts.count == 1: self = .constant
        case "cosine" where parts.count == 1: self = .cosine(warmupFraction: 0.02)
        case "cosine" where parts.count == 2:
            guard let w = Float(parts[1]), w >= 0, w < 1 else { return nil }
            self = .cosine(warmupFraction: w)
        case "step" where parts.count == 3:
            guard let e = Int(parts[1]), e > 0, let f = Float(parts[2]), f > 0 else { return nil }
            self = .step(everyEpochs: e, factor: f)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .constant: return "constant"
        case .cosine(let w): return "cosine:\(w)"
        case let .step(e, f): return "step:\(e):\(f)"
        }
    }
}

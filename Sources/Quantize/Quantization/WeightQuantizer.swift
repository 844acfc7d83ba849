// Symmetric weight quantization to 8, 4 or 2 bits or ternary, per output channel or per
// tensor: the integer weights Q and scales s with weight ≈ s · Q. Ternary uses the
// threshold of Ternary Weight Networks (Li, Zhang, Liu 2016): Δ = 0.7 · mean|w|, and s the
// mean of the kept |w|. Plain function of its input; the straight-through estimator lives
// in Train's QAT forward/backward.
import Foundation

/// How many bits a weight gets.
public enum WeightBits: String, CaseIterable, Sendable, Codable {
    /// Integers in [−qmax, qmax] at a per-channel (or per-layer) scale; ternary: −1, 0, 1 past
    /// a threshold. Raw values are the spellings `--weight-bits` takes.
    case b8 = "8", b4 = "4", b2 = "2", ternary

    /// Largest integer magnitude: 2^(bits−1) − 1 (127, 7, 1); ternary 1.
    public var qmax: Int64 {
        switch self { case .b8: 127; case .b4: 7; case .b2, .ternary: 1 }
    }

    /// Signed width of a weight, what an integer layer records (`IntegerDense.weightBits`):
    /// 8, 4, 2; ternary weights (−1, 0, 1) take 2 bits too.
    public var width: Int {
        switch self { case .b8: 8; case .b4: 4; case .b2, .ternary: 2 }
    }
}

/// Quantizes `m` ([fanIn, out] row-major, column k = output channel k). Returns integer
/// weights in [−qmax, qmax] and one positive scale per column (all equal when `perChannel`
/// is false). An all-zero column gets scale 1 and zero weights.
/// Double precision throughout: scales of deep polynomial networks reach 1e−60 and beyond.
public func quantizeWeights(_ m: [Double], fanIn: Int, out: Int, bits: WeightBits, perChannel: Bool) -> (q: [Int64], scale: [Double]) {
    var scale = [Double](repeating: 1, count: out)
    if bits == .ternary {
        var threshold = [Double](repeating: 0, count: out)
        let columns = perChannel ? (0..<out).map { [$0] } : [Array(0..<out)]
        for cols in columns {
            var sumAbs = 0.0
            for k in cols { for j in 0..<fanIn { sumAbs += abs(m[j * out + k]) } }
            let delta = 0.7 * sumAbs / Double(fanIn * cols.count)
            var kept = 0.0, n = 0
            for k in cols { for j in 0..<fanIn where abs(m[j * out + k]) > delta { kept += abs(m[j * out + k]); n += 1 } }
            for k in cols { threshold[k] = delta; scale[k] = n > 0 && kept > 0 ? kept / Double(n) : 1 }
        }
        var q = [Int64](repeating: 0, count: m.count)
        for j in 0..<fanIn { for k in 0..<out {
            let v = m[j * out + k]
            q[j * out + k] = abs(v) > threshold[k] ? (v > 0 ? 1 : -1) : 0
        } }
        return (q, scale)
    }
    let qmax = Double(bits.qmax)
    var maxAbs = [Double](repeating: 0, count: out)
    for j in 0..<fanIn { for k in 0..<out { maxAbs[k] = max(maxAbs[k], abs(m[j * out + k])) } }
    if !perChannel { let all = maxAbs.max() ?? 0; maxAbs = maxAbs.map { _ in all } }
    for k in 0..<out { scale[k] = maxAbs[k] > 0 ? maxAbs[k] / qmax : 1 }
    var q = [Int64](repeating: 0, count: m.count)
    for j in 0..<fanIn { for k in 0..<out {
        q[j * out + k] = Int64(max(-qmax, min(qmax, (m[j * out + k] / scale[k]).rounded())))
    } }
    return (q, scale)
}

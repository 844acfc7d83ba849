// Choosing what to train: candidates that fit a budget, spread evenly along the log of their
// cost so that the sweep shows the whole trade-off, not a cluster. Within one stretch of the
// cost axis the pick rotates through the activations and prefers capacity (weight bits ×
// parameters) — the only accuracy proxy available before training.
import Circuit
import Foundation
import Train

extension SearchSpace.Budget {
    /// Whether `score` fits (every limit given must hold; an uncompilable circuit never fits).
    public func admits(_ score: CandidateScore) -> Bool {
        guard let c = score.cost(weights) else { return false }
        return constraints.map { c.constraints <= $0 } ?? true && seconds.map { c.predictedSeconds <= $0 } ?? true
    }

    /// Position on this budget's cost axis: constraints (or predicted seconds if only seconds are limited).
    public func costAxis(_ cost: VisibilityCost) -> Double {
        constraints == nil ? cost.predictedSeconds : Double(cost.constraints)
    }
}

public enum Selection {
    /// Up to `count` of the `scores` that fit `budget` and have at most `maxMACs`, spread along
    /// the budget's cost axis in `count` equal steps of its logarithm.
    public static func spread(_ scores: [CandidateScore], budget: SearchSpace.Budget, count: Int, maxMACs: Int,
                              activations: [String]) -> [CandidateScore] {
        let feasible = scores.filter { budget.admits($0) && $0.macs <= maxMACs }
        guard count > 0, !feasible.isEmpty else { return [] }
        let logs = feasible.map { log(max(budget.costAxis($0.cost(budget.weights)!), 1e-9)) }
        let lo = logs.min()!, hi = logs.max()!
        var bins = [[Int]](repeating: [], count: count)
        for (i, l) in logs.enumerated() {
            let b = hi > lo ? Int(((l - lo) / (hi - lo) * Double(count - 1)).rounded()) : 0
            bins[b].append(i)
        }
        func bits(_ s: CandidateScore) -> Double {
            let perWeight: Double = switch s.candidate.weightBits {
            case .b8: 8
            case .b4: 4
            case .b2: 2
            case .ternary: 1.58
            }
            return Double(s.params) * perWeight
        }
        func better(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (feasible[a], feasible[b])
            return (x.macs, bits(x), x.candidate.id) > (y.macs, bits(y), y.candidate.id)
        }
        for b in bins.indices { bins[b].sort(by: better) }
        var picked = [CandidateScore](), pass = 0
        while picked.count < count, bins.contains(where: { !$0.isEmpty }) {
            for b in bins.indices where !bins[b].isEmpty && picked.count < count {
                let preferred = activations.isEmpty ? nil : activations[(b + pass) % activations.count]
                let at = bins[b].firstIndex { activation(of: feasible[$0].candidate.arch, among: activations) == preferred.map(canonical) } ?? 0
                picked.append(feasible[bins[b].remove(at: at)])
            }
            pass += 1
        }
        return picked.sorted { budget.costAxis($0.cost(budget.weights)!) < budget.costAxis($1.cost(budget.weights)!) }
    }

    /// The first of `activations` (in canonical form) that is a layer token of `arch`.
    static func activation(of arch: String, among activations: [String]) -> String? {
        let tokens = Set(arch.split(separator: " ").map(String.init))
        return activations.map(canonical).first { tokens.contains($0) }
    }
}

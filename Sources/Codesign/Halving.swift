// Promotion between successive-halving rounds. Plain successive halving keeps the most
// accurate models, which would drop every cheap model and leave the low-cost end of the
// trade-off untrained. Here a round's results are ranked by non-dominated sorting of
// (cost, integer accuracy) on each budget's cost axis; a candidate's rank is its best
// rank over the budgets, and the lowest ranks go on (ties: higher accuracy, then id).

public enum Halving {
    /// The candidates of `results` that continue: ⌈keep × count⌉ of them, by Pareto rank.
    public static func promote(_ results: [CandidateResult], keep: Double, budgets: [SearchSpace.Budget]) -> [Candidate] {
        let rank = ranks(results, budgets: budgets)
        let n = Int((keep * Double(results.count)).rounded(.up))
        return results.indices
            .sorted { (rank[$0], -results[$0].integerAccuracy, results[$0].candidate.id) < (rank[$1], -results[$1].integerAccuracy, results[$1].candidate.id) }
            .prefix(n).map { results[$0].candidate }
    }

    /// Each result's best Pareto rank over the budgets it fits (Int.max if it fits none).
    public static func ranks(_ results: [CandidateResult], budgets: [SearchSpace.Budget]) -> [Int] {
        var best = [Int](repeating: .max, count: results.count)
        for budget in budgets {
            let members = results.indices.filter { budget.admits(results[$0].score) }
            let points = members.map { i in
                ParetoPoint(id: results[i].candidate.id, cost: budget.costAxis(results[i].score.cost(budget.weights)!),
                            accuracy: results[i].integerAccuracy)
            }
            for (i, r) in zip(members, Pareto.ranks(points)) { best[i] = min(best[i], r) }
        }
        return best
    }
}

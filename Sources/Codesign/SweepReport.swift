// REPORT.md: what a person needs from a sweep in two minutes — the best model within each
// budget, the Pareto fronts, measured against predicted prove times, how the sweep spent its
// time, and the command that reproduces it.
import Circuit
import Foundation

extension SweepOutcome {
    /// The Markdown report; `command` is the line that reproduces the sweep.
    public func report(command: String) -> String {
        let space = plan.space, rounds = space.schedule.rounds
        let trained = results.count + failures.count
        let hours = results.reduce(0) { $0 + $1.trainSeconds } / 3600
        var md = """
            # Sweep `\(space.name)`

            Integer accuracy is the test accuracy of the exact integer model — what a proof attests.
            \(plan.enumerated) candidates were enumerated and \(plan.scored) costed by the circuit cost model without training \
            (\(String(format: "%.2f s, %.0f per second", plan.scoreSeconds, Double(plan.enumerated) / max(plan.scoreSeconds, 1e-9)))); \
            \(plan.selected.count) were picked along the cost axis of the budgets and \(trained) trained so far \
            (\(String(format: "%.2f", hours)) training hours) by successive halving: \
            \(rounds.map { r in "\(r.epochs) epochs" + (r.keep.map { String(format: " (keep %.0f %%)", $0 * 100) } ?? "") }.joined(separator: " → ")), \
            promoting by Pareto rank. Data: `\(space.data)`; prove-time predictions: \(plan.profileSource).

            Reproduce: `\(command)` (resumable: rerun the same command after an interruption).

            ## Best model within each budget

            | budget | model | integer acc. | float acc. | constraints | predicted prove | measured prove |
            |---|---|---:|---:|---:|---:|---:|

            """
        for b in space.budgets {
            let limit = [b.constraints.map { "≤ \($0) constraints" }, b.seconds.map { String(format: "≤ %g s predicted", $0) }].compactMap { $0 }.joined(separator: ", ")
            guard let best = best(within: b), let c = best.score.cost(b.weights) else {
                md += "| \(b.weights.rawValue), \(limit) | none trained yet | | | | | |\n"
                continue
            }
            md += "| \(b.weights.rawValue), \(limit) | `\(best.candidate.label)` | \(percent(best.integerAccuracy)) | \(percent(best.floatAccuracy)) | \(c.constraints) | "
                + String(format: "%.2f s", c.predictedSeconds) + " | " + (proof(best.candidate, weights: b.weights).map { String(format: "%.2f s", $0.measuredSeconds) } ?? "–") + " |\n"
        }
        for w in WeightVisibility.allCases {
            let front = front(weights: w)
            guard !front.isEmpty else { continue }
            md += "\n## Pareto front, \(w.rawValue) weights\n\n| # | model | epochs | integer acc. | constraints | predicted prove | params | MACs |\n|---:|---|---:|---:|---:|---:|---:|---:|\n"
            for (i, r) in front.enumerated() {
                let c = r.score.cost(w)!
                md += "| \(i + 1) | `\(r.candidate.label)` | \(r.epochs) | \(percent(r.integerAccuracy)) | \(c.constraints) | "
                    + String(format: "%.2f s", c.predictedSeconds) + " | \(r.score.params) | \(r.score.macs) |\n"
            }
        }
        let chance = results.filter { $0.integerAccuracy <= 0.12 }
        if !chance.isEmpty {
            md += "\n\(chance.count) of the \(results.count) trained candidates ended at chance level (integer accuracy ≤ 12 %): "
                + "their training or export collapsed, so they only populate the bottom of the plot (rows in results.csv).\n"
        }
        if !proofs.isEmpty {
            md += "\n## Prove time: measured vs predicted\n\nWitness generation + Groth16 prove, median of \(proofs[0].samples.count) runs; "
                + "every proof verified. Error = predicted / measured − 1.\n\n"
                + "| model | weights | constraints | predicted | measured | error |\n|---|---|---:|---:|---:|---:|\n"
            for p in proofs {
                md += "| `\(p.candidate.label)` | \(p.weights.rawValue) | \(p.constraints) | " + String(format: "%.2f s | %.2f s | %+.0f %%", p.predictedSeconds, p.measuredSeconds,
                                                                                            (p.predictedSeconds / p.measuredSeconds - 1) * 100) + " |\n"
            }
        }
        if !failures.isEmpty {
            md += "\n## Failed candidates\n\n" + failures.map { "- `\($0.candidate.label)` (round \($0.round + 1)): \($0.error)" }.joined(separator: "\n") + "\n"
        }
        md += "\nFiles: `results.csv` (every trained candidate), `pareto.svg` (the plot), `plan.json` (the scored selection), `candidates/ID/` (integer models, per-round results, measured proofs; training checkpoints only where the sweep ran).\n"
        return md
    }

    private func percent(_ x: Double) -> String { String(format: "%.2f %%", x * 100) }
}

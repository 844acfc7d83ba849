// What a sweep has produced so far — every trained candidate's latest round, failures and
// measured proofs — with the Pareto fronts and the results.csv table derived from it.
import Circuit
import Foundation

/// A sweep's results at one moment (complete after `Sweep.run` returns).
public struct SweepOutcome: Sendable {
    public var plan: SweepPlan
    /// Latest finished round of each trained candidate, in selection order.
    public var results: [CandidateResult]
    public var failures: [CandidateFailure]
    public var proofs: [ProofMeasurement]

    /// Pareto front of integer accuracy against constraints with `weights`, over all results, by cost.
    public func front(weights: WeightVisibility) -> [CandidateResult] {
        let members = results.filter { $0.score.cost(weights) != nil }
        let points = members.map { ParetoPoint(id: $0.candidate.id, cost: Double($0.score.cost(weights)!.constraints), accuracy: $0.integerAccuracy) }
        return Pareto.front(points).map { members[$0] }
    }

    /// Pareto front of the results within `budget`, on its cost axis, by cost.
    public func front(within budget: SearchSpace.Budget) -> [CandidateResult] {
        let members = results.filter { budget.admits($0.score) }
        let points = members.map { ParetoPoint(id: $0.candidate.id, cost: budget.costAxis($0.score.cost(budget.weights)!), accuracy: $0.integerAccuracy) }
        return Pareto.front(points).map { members[$0] }
    }

    /// The most accurate result within `budget` (ties: fewer constraints).
    public func best(within budget: SearchSpace.Budget) -> CandidateResult? { front(within: budget).last }

    /// The measured proof of `candidate` with `weights`, if any.
    public func proof(_ candidate: Candidate, weights: WeightVisibility) -> ProofMeasurement? {
        proofs.first { $0.candidate == candidate && $0.weights == weights }
    }

    /// results.csv: one row per trained candidate (its latest round); each cost column once per
    /// weight visibility (public, committed, certified).
    public func csv() -> String {
        let visibilities = WeightVisibility.allCases
        let perVisibility = { (column: String) in visibilities.map { "\(column)_\($0.rawValue)" } }
        let header = ["id", "arch", "weight_bits", "rescale", "epochs", "params", "macs"] + perVisibility("constraints")
            + perVisibility("predicted_s") + perVisibility("measured_s") + ["float_accuracy", "integer_accuracy", "train_seconds"]
            + perVisibility("pareto")
        let fronts = Dictionary(uniqueKeysWithValues: visibilities.map { ($0, Set(front(weights: $0).map(\.candidate.id))) })
        var lines = [header.joined(separator: ",")]
        for r in results {
            let c = r.candidate
            func seconds(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
            func constraints(_ w: WeightVisibility) -> String { r.score.cost(w).map { String($0.constraints) } ?? "" }
            func predicted(_ w: WeightVisibility) -> String { seconds(r.score.cost(w)?.predictedSeconds) }
            func measured(_ w: WeightVisibility) -> String { seconds(proof(c, weights: w)?.measuredSeconds) }
            func onFront(_ w: WeightVisibility) -> String { fronts[w]!.contains(c.id) ? "1" : "0" }
            let row: [String] = [
                c.id, "\"\(c.arch)\"", c.weightBits.rawValue, c.rescale.description, String(r.epochs), String(r.score.params), String(r.score.macs),
            ] + visibilities.map(constraints) + visibilities.map(predicted) + visibilities.map(measured) + [
                String(format: "%.4f", r.floatAccuracy), String(format: "%.4f", r.integerAccuracy), String(format: "%.1f", r.trainSeconds),
            ] + visibilities.map(onFront)
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

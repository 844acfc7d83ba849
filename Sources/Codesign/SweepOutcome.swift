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

    /// results.csv: one row per trained candidate (its latest round).
    public func csv() -> String {
        let header = ["id", "arch", "weight_bits", "rescale", "epochs", "params", "macs", "constraints_public", "constraints_committed",
                      "predicted_s_public", "predicted_s_committed", "measured_s_public", "measured_s_committed",
                      "float_accuracy", "integer_accuracy", "train_seconds", "pareto_public", "pareto_committed"]
        let fronts = WeightVisibility.allCases.map { Set(front(weights: $0).map(\.candidate.id)) }
        var lines = [header.joined(separator: ",")]
        for r in results {
            let c = r.candidate, pub = r.score.publicCost, com = r.score.committedCost
            func seconds(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
            let row: [String] = [
                c.id, "\"\(c.arch)\"", c.weightBits.rawValue, c.rescale.description, String(r.epochs), String(r.score.params), String(r.score.macs),
                pub.map { String($0.constraints) } ?? "", com.map { String($0.constraints) } ?? "",
                seconds(pub?.predictedSeconds), seconds(com?.predictedSeconds),
                seconds(proof(c, weights: .public)?.measuredSeconds), seconds(proof(c, weights: .committed)?.measuredSeconds),
                String(format: "%.4f", r.floatAccuracy), String(format: "%.4f", r.integerAccuracy), String(format: "%.1f", r.trainSeconds),
                fronts[0].contains(c.id) ? "1" : "0", fronts[1].contains(c.id) ? "1" : "0",
            ]
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

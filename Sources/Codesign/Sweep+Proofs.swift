// Measuring the prove time of trained Pareto members (witness generation + Groth16 prove,
// median of three runs, the last proof verified) next to the cost model's prediction, after
// the last round. Each measurement is written once; a resumed sweep skips it.
import Circuit
import Datasets
import Foundation
import Prove
import Quantize

extension Sweep {
    /// Measures `space.measureProofs` members of each budget's front (spread, always including
    /// the most accurate) that have no measurement yet.
    func measureProofs(_ plan: SweepPlan, test: Dataset) throws {
        let outcome = outcome(plan)
        for budget in space.budgets {
            let front = outcome.front(within: budget)
            let n = min(space.measureProofs, front.count)
            guard n > 0 else { continue }
            let picks = Set((0..<n).map { n == 1 ? front.count - 1 : $0 * (front.count - 1) / (n - 1) })
            for i in picks.sorted() {
                let result = front[i]
                let url = store.proofURL(result.candidate, weights: budget.weights)
                if FileManager.default.fileExists(atPath: url.path) { continue }
                log("measuring the prove time of \(result.candidate.label) with \(budget.weights.rawValue) weights")
                let model = try IntegerModel(contentsOf: store.integerModelURL(result.candidate))
                let circuit = try ModelCircuit(model: model, options: CircuitOptions(weights: budget.weights))
                var rng = SystemRandomNumberGenerator()
                let input = test.item(0).map { Int64($0) }
                let m = try CircuitBench.measure(circuit, input: input, secrets: CircuitSecrets(weightBlinding: Fr.random(using: &rng)), runs: 3)
                let measurement = ProofMeasurement(candidate: result.candidate, weights: budget.weights, constraints: m.cost.constraints,
                                                   predictedSeconds: scorer.profile.predictedSeconds(m.cost), measuredSeconds: m.seconds, samples: m.samples)
                log(String(format: "  %.3f s measured, %.3f s predicted; the proof verifies", m.seconds, measurement.predictedSeconds))
                try store.write(measurement, to: url)
            }
        }
    }
}

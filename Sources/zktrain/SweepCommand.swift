// `zktrain sweep`: runs (or resumes) a co-design sweep described by a search-space file and
// writes results.csv, pareto.svg and REPORT.md to --out.
import ArgumentParser
import Circuit
import Codesign
import Foundation

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Search architectures by circuit cost, train a spread of them, and report the accuracy-vs-constraints trade-off.",
        discussion: """
        SPACE is a JSON search space (see experiments/fashion-mnist.json): MLP and CNN shapes, \
        activations, weight bits, rescale policies, budgets, how many candidates to train and the \
        successive-halving schedule. Every candidate is costed without training; a spread along \
        each budget's cost axis is trained; --out receives results.csv, pareto.svg, REPORT.md, \
        plan.json and one directory per candidate. Rerun the same command to resume a killed sweep. \
        With --ray, each candidate's training round runs as a Ray task on the cluster's workers \
        (the results come back here; planning, halving and the outputs stay here).
        """)

    @Argument(help: "Search space file (JSON).") var space: String
    @Option(help: "Output directory.") var out: String
    @Option(help: "Cost profile for prove-time predictions (default: the user's calibrated one, else the shipped one).") var profile: String?
    @Flag(help: "Only score and select (writes plan.json and prints the selection); train nothing.") var planOnly = false
    @OptionGroup(title: "Training on a Ray cluster (one task per candidate and round; same results as here)") var ray: RayArguments

    func run() throws {
        try reportingErrors {
            let searchSpace = try SearchSpace(contentsOf: URL(fileURLWithPath: space))
            let (p, source) = try loadCostProfile(profile)
            let sweep = try Sweep(space: searchSpace, out: URL(fileURLWithPath: out), profile: p, profileSource: source,
                              command: "zktrain sweep \(space) --out \(out)" + (profile.map { " --profile \($0)" } ?? ""), log: { printError($0) })
            if planOnly {
                for s in try sweep.plan().selected {
                    let costs = WeightVisibility.allCases.map { weights in
                        "\(weights.rawValue) " + (s.cost(weights).map { String(format: "%d (%.2f s)", $0.constraints, $0.predictedSeconds) } ?? "–")
                    }
                    print(([s.candidate.id, s.candidate.label, "params \(s.params)", "MACs \(s.macs)"] + costs).joined(separator: "  "))
                }
                return
            }
            let outcome = try sweep.run(on: ray.options())
            for budget in searchSpace.budgets {
                guard let best = outcome.best(within: budget), let cost = best.score.cost(budget.weights) else { continue }
                print(String(format: "best with %@ weights: %@ — integer accuracy %.2f%%, %d constraints, %.2f s predicted prove time",
                             budget.weights.rawValue, best.candidate.label, best.integerAccuracy * 100, cost.constraints, cost.predictedSeconds))
            }
            print("report: \(URL(fileURLWithPath: out).appendingPathComponent("REPORT.md").path)")
        }
    }
}

/// The cost profile in `path`, or the user's / shipped one.
func loadCostProfile(_ path: String?) throws -> (CostProfile, String) {
    guard let path else { return try CostProfile.current() }
    return (try CostProfile(contentsOf: URL(fileURLWithPath: path)), path)
}

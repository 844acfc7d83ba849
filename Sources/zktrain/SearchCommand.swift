// `zktrain search`: the most accurate model that fits a constraint budget — a sweep of a
// search space restricted to that budget, whose winner is copied out trained and quantized.
import ArgumentParser
import Circuit
import Codesign
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find, train and quantize the most accurate model whose circuit fits a constraint budget.",
        discussion: """
        Runs a sweep of --space with its budgets replaced by --budget-constraints for --weights, \
        in --out (resumable: rerun the same command). The winner is written to OUT/model (the \
        checkpoint) and OUT/model.int (the integer model): `zktrain compile OUT/model.int --weights …`.
        """)

    @Option(help: "Largest number of constraints allowed.") var budgetConstraints: Int
    @Option(help: "Weights: public, committed or certified (the budget counts their circuit).") var weights: WeightVisibility = .public
    @Option(help: "Search space file (JSON).") var space: String = "experiments/fashion-mnist.json"
    @Option(help: "Output directory.") var out: String
    @Option(help: "Cost profile for prove-time predictions (default: the user's calibrated one, else the shipped one).") var profile: String?

    func validate() throws {
        guard budgetConstraints > 0 else { throw ValidationError("--budget-constraints must be positive") }
    }

    func run() throws {
        try reportingErrors {
            var searchSpace = try SearchSpace(contentsOf: URL(fileURLWithPath: space))
            let budget = SearchSpace.Budget(weights: weights, constraints: budgetConstraints, seconds: nil)
            searchSpace.budgets = [budget]
            searchSpace.name += " (search: \(weights.rawValue) weights, ≤ \(budgetConstraints) constraints)"
            let (p, source) = try loadCostProfile(profile)
            let outURL = URL(fileURLWithPath: out)
            let sweep = try Sweep(space: searchSpace, out: outURL, profile: p, profileSource: source,
                              command: "zktrain search --budget-constraints \(budgetConstraints) --weights \(weights.rawValue) --space \(space) --out \(out)",
                              log: { printError($0) })
            try sweep.run()
            let best = try sweep.exportBest(within: budget, to: outURL)
            let cost = best.score.cost(weights)!
            print(String(format: "%@ — integer accuracy %.2f%%, %d constraints with %@ weights, %.2f s predicted prove time",
                         best.candidate.label, best.integerAccuracy * 100, cost.constraints, weights.rawValue, cost.predictedSeconds))
            print("model: \(outURL.appendingPathComponent("model.int").path)  (zktrain compile \(outURL.appendingPathComponent("model.int").path) --weights \(weights.rawValue) --out …)")
        }
    }
}

// A sweep: score every candidate of a search space, pick a spread within the budgets, train
// them by successive halving, measure the prove time of some Pareto members, and keep
// results.csv, pareto.svg and REPORT.md up to date after every trained candidate.
//
// Resumable by construction. Everything lives in the output folder and every file is written
// atomically (the layout: SweepStore.swift): the plan once, then per candidate a training
// checkpoint every epoch and a record per finished round, failure or measured proof. A
// restarted sweep recomputes the halving decisions from the round files and redoes nothing.
// The round loop is here; the plan is made in Sweep+Plan.swift, proofs measured in Sweep+Proofs.swift;
// where the trainings run (here or on a Ray cluster): CandidateExecutor.swift.
import Circuit
import Cluster
import Foundation
import Quantize
import Train
import Support
import Datasets

/// A resumable sweep of a search space into an output folder.
public final class Sweep {
    /// The search space.
    public let space: SearchSpace
    /// The output folder.
    public let out: URL
    /// Costs candidates and models with the sweep's cost profile.
    public let scorer: Scorer
    /// Where the prove-time predictions come from (a profile's path, or "shipped").
    public let profileSource: String
    /// The command line that reproduces the sweep (quoted in REPORT.md).
    public let command: String
    let log: (String) -> Void
    /// The output folder's files.
    let store: SweepStore
    /// Scores of trained candidates under this run's profile, by candidate and round, so that
    /// rewriting the outputs after every candidate re-costs each model once, not every time.
    private var rescored: [String: CandidateScore] = [:]

    /// The data every candidate trains on, loaded once.
    let context: TrainingContext

    /// A sweep of `space` into `out`, predicting prove times with `profile`; loads the data.
    public init(space: SearchSpace, out: URL, profile: CostProfile, profileSource: String, command: String,
                log: @escaping (String) -> Void = { _ in }) throws {
        self.space = space
        self.out = out
        store = SweepStore(folder: out)
        context = try TrainingContext(data: space.dataSource, settings: space.training, scheduleEpochs: space.schedule.finalEpochs)
        scorer = Scorer(profile: profile, input: context.train.encoding.dataShape)
        self.profileSource = profileSource
        self.command = command
        self.log = log
    }

    /// Runs (or resumes) the whole sweep and returns its final outcome. With `cluster`, each
    /// candidate's training round runs as a Ray task there (RayExecutor.swift); the plan, the
    /// halving decisions and every file stay here, so the results are a local run's.
    /// - Throws: `RayError` when the cluster cannot be used; `CodesignError` when some trainings
    ///   could not run there (the others are saved: the same command resumes).
    @discardableResult
    public func run(on cluster: RayOptions? = nil) throws -> SweepOutcome {
        let executor: any CandidateExecutor = try cluster.map { try RayExecutor(options: $0, log: log) } ?? LocalExecutor()
        return try run(executor)
    }

    /// Runs (or resumes) the sweep, training with `executor`.
    @discardableResult
    func run(_ executor: any CandidateExecutor) throws -> SweepOutcome {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let plan = try self.plan()
        var participants = plan.selected.map(\.candidate)
        for (r, round) in space.schedule.rounds.enumerated() {
            let jobs = participants.filter { store.result($0, round: r) == nil && store.failure($0) == nil }
                .map { TrainingJob(candidate: $0, round: r, epochs: round.epochs) }
            try executor.train(jobs, for: self) { job, outcome in
                let c = job.candidate
                switch outcome {
                case .success(let res):
                    try store.write(res, to: store.resultURL(c, round: r))
                    log(String(format: "  integer accuracy %.2f%%, %@ public constraints", res.integerAccuracy * 100,
                               res.score.publicCost.map { String($0.constraints) } ?? "no"))
                case .failure(let error):
                    log("  failed: \(error)")
                    try store.write(CandidateFailure(candidate: c, round: r, error: "\(error)"), to: store.failureURL(c))
                }
                try writeOutputs(plan)
            }
            let results = participants.compactMap { store.result($0, round: r) }
            if let keep = round.keep, r + 1 < space.schedule.rounds.count {
                participants = Halving.promote(results, keep: keep, budgets: space.budgets)
            }
        }
        try measureProofs(plan, test: context.test)
        return try writeOutputs(plan)
    }

    /// The outcome as it stands on disk (for reports of an unfinished sweep).
    public func outcome() throws -> SweepOutcome {
        let plan: SweepPlan = try store.read(store.planURL)
        return outcome(plan)
    }

    /// Every selected candidate's latest finished round, its failure or its measured proofs.
    func outcome(_ plan: SweepPlan) -> SweepOutcome {
        var results = [CandidateResult](), failures = [CandidateFailure](), proofs = [ProofMeasurement]()
        for s in plan.selected {
            if var last = (0..<space.schedule.rounds.count).reversed().lazy.compactMap({ self.store.result(s.candidate, round: $0) }).first {
                // Predictions follow the profile this run uses (a recalibrated profile updates
                // them on the next run); counts are exact and do not change.
                let key = "\(s.candidate.id)/\(last.round)"
                if let cached = rescored[key] {
                    last.score = cached
                } else if let model = try? IntegerModel(contentsOf: store.integerModelURL(s.candidate)),
                          let score = try? scorer.score(model, candidate: s.candidate) {
                    rescored[key] = score
                    last.score = score
                }
                results.append(last)
            }
            if let f = store.failure(s.candidate) { failures.append(f) }
            proofs += WeightVisibility.allCases.compactMap { store.proof(s.candidate, weights: $0) }
        }
        var current = plan
        current.profileSource = profileSource  // the report names the profile its predictions use
        return SweepOutcome(plan: current, results: results, failures: failures, proofs: proofs)
    }

    /// Rewrites results.csv, pareto.svg and REPORT.md; returns the outcome they show.
    @discardableResult
    func writeOutputs(_ plan: SweepPlan) throws -> SweepOutcome {
        let o = outcome(plan)
        try store.writeOutputs(o, command: command)
        return o
    }
}

extension Sweep {
    /// Copies the most accurate trained model within `budget` to `dir`: `dir/model` (the
    /// training checkpoint) and `dir/model.int` (its exact integer model, ready for `zktrain compile`).
    public func exportBest(within budget: SearchSpace.Budget, to dir: URL) throws -> CandidateResult {
        guard let best = try outcome().best(within: budget) else {
            throw CodesignError("no trained candidate fits the budget (\(budget.weights.rawValue) weights)")
        }
        let source = store.directory(best.candidate), model = dir.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        for name in SweepStore.checkpointNames {
            try writeAtomically(Data(contentsOf: source.appendingPathComponent(name)), to: model.appendingPathComponent(name))
        }
        try IntegerModel(contentsOf: store.integerModelURL(best.candidate)).write(to: dir.appendingPathComponent("model.int"))
        return best
    }
}

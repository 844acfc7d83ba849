// A sweep: score every candidate of a search space, pick a spread within the budgets, train
// them by successive halving, measure the prove time of some Pareto members, and keep
// results.csv, pareto.svg and REPORT.md up to date after every trained candidate.
//
// Resumable by construction. Everything lives in the output directory and every file is
// written atomically: plan.json (the scored selection, written once), and per candidate
// candidates/ID/ a training checkpoint (saved every epoch), round-R.json when round R is done,
// failed.json if it cannot be trained, prove-WEIGHTS.json when its proof was measured. A
// restarted sweep recomputes the halving decisions from the round files and redoes nothing.
import Circuit
import Foundation
import Prove
import Quantize
import Train
import Support
import Datasets

/// The scored selection a sweep trains (plan.json).
public struct SweepPlan: Codable, Equatable, Sendable {
    public var space: SearchSpace
    /// Candidates enumerated and scored, and the wall seconds scoring took.
    public var enumerated: Int
    public var scored: Int
    public var scoreSeconds: Double
    /// Where the prove-time predictions come from.
    public var profileSource: String
    /// Skeleton scores of the candidates picked for training, per budget in order.
    public var selected: [CandidateScore]
}

/// A candidate that could not be trained or exported (failed.json).
public struct CandidateFailure: Codable, Equatable, Sendable {
    public var candidate: Candidate
    public var round: Int
    public var error: String
}

/// A measured proof of a trained candidate (prove-WEIGHTS.json).
public struct ProofMeasurement: Codable, Equatable, Sendable {
    public var candidate: Candidate
    /// The weights' visibility ("public" or "committed" in the file).
    public var weights: WeightVisibility
    public var constraints: Int
    public var predictedSeconds: Double
    /// Median witness + prove seconds over `samples`; the last proof verified.
    public var measuredSeconds: Double
    public var samples: [Double]
}

public final class Sweep {
    public let space: SearchSpace
    public let out: URL
    public let scorer: Scorer
    public let profileSource: String
    /// The command line that reproduces the sweep (quoted in REPORT.md).
    public let command: String
    let log: (String) -> Void
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
        context = try TrainingContext(data: space.dataSource, settings: space.training, scheduleEpochs: space.schedule.finalEpochs)
        scorer = Scorer(profile: profile, input: context.train.encoding.dataShape)
        self.profileSource = profileSource
        self.command = command
        self.log = log
    }

    /// Runs (or resumes) the whole sweep and returns its final outcome.
    @discardableResult
    public func run() throws -> SweepOutcome {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let plan = try self.plan()
        var participants = plan.selected.map(\.candidate)
        for (r, round) in space.schedule.rounds.enumerated() {
            var results = [CandidateResult]()
            for (i, c) in participants.enumerated() {
                if let done = result(c, round: r) { results.append(done); continue }
                if failure(c) != nil { continue }
                log("round \(r + 1)/\(space.schedule.rounds.count), candidate \(i + 1)/\(participants.count): \(c.label) → \(round.epochs) epochs")
                do {
                    let res = try trainCandidate(c, epochs: round.epochs, round: r, in: directory(c), context: context, scorer: scorer, progress: log)
                    try write(res, to: directory(c).appendingPathComponent("round-\(r).json"))
                    log(String(format: "  integer accuracy %.2f%%, %@ public constraints", res.integerAccuracy * 100,
                               res.score.publicCost.map { String($0.constraints) } ?? "no"))
                    results.append(res)
                } catch {
                    log("  failed: \(error)")
                    try write(CandidateFailure(candidate: c, round: r, error: "\(error)"), to: directory(c).appendingPathComponent("failed.json"))
                }
                try writeOutputs(plan)
            }
            if let keep = round.keep, r + 1 < space.schedule.rounds.count {
                participants = Halving.promote(results, keep: keep, budgets: space.budgets)
            }
        }
        try measureProofs(plan, test: context.test)
        return try writeOutputs(plan)
    }

    /// The outcome as it stands on disk (for reports of an unfinished sweep).
    public func outcome() throws -> SweepOutcome {
        let plan: SweepPlan = try read(out.appendingPathComponent("plan.json"))
        return outcome(plan)
    }

    // MARK: plan

    /// The scored selection: read from plan.json, or made (enumerate, score, select) and written there.
    public func plan() throws -> SweepPlan {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let url = out.appendingPathComponent("plan.json")
        if FileManager.default.fileExists(atPath: url.path) {
            let plan: SweepPlan = try read(url)
            guard plan.space == space else {
                throw CodesignError("\(url.path) was made from a different search space; use another --out or delete the directory")
            }
            log("resuming: \(plan.selected.count) candidates selected from \(plan.scored) scored")
            return plan
        }
        let all = space.candidates(classes: context.train.classCount)
        let start = Date()
        let scores = scorer.score(all, threads: space.training.threads)
        let seconds = Date().timeIntervalSince(start)
        log(String(format: "scored %d of %d candidates in %.2f s (%.0f per second)", scores.count, all.count, seconds, Double(all.count) / max(seconds, 1e-9)))
        var selected = [CandidateScore](), seen = Set<String>()
        let included = (space.include ?? []).map { Candidate(arch: canonical($0.arch), weightBits: $0.weightBits, rescale: $0.rescale) }
        for s in scorer.score(included, threads: 1) where space.budgets.contains(where: { $0.admits(s) }) && seen.insert(s.candidate.id).inserted {
            selected.append(s)
        }
        for budget in space.budgets {
            let picks = Selection.spread(scores, budget: budget, count: space.selection.perBudget, maxMACs: space.selection.maxMACs,
                                         activations: space.activations)
            for p in picks where seen.insert(p.candidate.id).inserted { selected.append(p) }
        }
        log("selected \(selected.count) candidates to train")
        let plan = SweepPlan(space: space, enumerated: all.count, scored: scores.count, scoreSeconds: seconds,
                             profileSource: profileSource, selected: selected)
        try write(plan, to: url)
        return plan
    }

    // MARK: proofs

    /// Measures `space.measureProofs` members of each budget's front (spread, always including
    /// the most accurate) that have no measurement yet.
    private func measureProofs(_ plan: SweepPlan, test: Dataset) throws {
        let outcome = outcome(plan)
        for budget in space.budgets {
            let front = outcome.front(within: budget)
            let n = min(space.measureProofs, front.count)
            guard n > 0 else { continue }
            let picks = Set((0..<n).map { n == 1 ? front.count - 1 : $0 * (front.count - 1) / (n - 1) })
            for i in picks.sorted() {
                let result = front[i]
                let url = directory(result.candidate).appendingPathComponent("prove-\(budget.weights.rawValue).json")
                if FileManager.default.fileExists(atPath: url.path) { continue }
                log("measuring the prove time of \(result.candidate.label) with \(budget.weights.rawValue) weights")
                let model = try IntegerModel(contentsOf: directory(result.candidate).appendingPathComponent("int"))
                let circuit = try ModelCircuit(model: model, options: CircuitOptions(weights: budget.weights))
                var rng = SystemRandomNumberGenerator()
                let input = test.item(0).map { Int64($0) }
                let m = try CircuitBench.measure(circuit, input: input, secrets: CircuitSecrets(weightBlinding: Fr.random(using: &rng)), runs: 3)
                let measurement = ProofMeasurement(candidate: result.candidate, weights: budget.weights, constraints: m.cost.constraints,
                                                   predictedSeconds: scorer.profile.predictedSeconds(m.cost), measuredSeconds: m.seconds, samples: m.samples)
                log(String(format: "  %.3f s measured, %.3f s predicted; the proof verifies", m.seconds, measurement.predictedSeconds))
                try write(measurement, to: url)
            }
        }
    }

    // MARK: files

    func directory(_ c: Candidate) -> URL { out.appendingPathComponent("candidates").appendingPathComponent(c.id) }

    private func result(_ c: Candidate, round: Int) -> CandidateResult? {
        try? read(directory(c).appendingPathComponent("round-\(round).json"))
    }

    private func failure(_ c: Candidate) -> CandidateFailure? {
        try? read(directory(c).appendingPathComponent("failed.json"))
    }

    /// Every selected candidate's latest finished round, its failure or its measured proofs.
    func outcome(_ plan: SweepPlan) -> SweepOutcome {
        var results = [CandidateResult](), failures = [CandidateFailure](), proofs = [ProofMeasurement]()
        for s in plan.selected {
            if var last = (0..<space.schedule.rounds.count).reversed().lazy.compactMap({ self.result(s.candidate, round: $0) }).first {
                // Predictions follow the profile this run uses (a recalibrated profile updates
                // them on the next run); counts are exact and do not change.
                let key = "\(s.candidate.id)/\(last.round)"
                if let cached = rescored[key] {
                    last.score = cached
                } else if let model = try? IntegerModel(contentsOf: directory(s.candidate).appendingPathComponent("int")),
                          let score = try? scorer.score(model, candidate: s.candidate) {
                    rescored[key] = score
                    last.score = score
                }
                results.append(last)
            }
            if let f = failure(s.candidate) { failures.append(f) }
            for w in WeightVisibility.allCases {
                if let p: ProofMeasurement = try? read(directory(s.candidate).appendingPathComponent("prove-\(w.rawValue).json")) { proofs.append(p) }
            }
        }
        var current = plan
        current.profileSource = profileSource  // the report names the profile its predictions use
        return SweepOutcome(plan: current, results: results, failures: failures, proofs: proofs)
    }

    @discardableResult
    private func writeOutputs(_ plan: SweepPlan) throws -> SweepOutcome {
        let o = outcome(plan)
        try writeAtomically(Data(o.csv().utf8), to: out.appendingPathComponent("results.csv"))
        try writeAtomically(Data(ParetoPlot.svg(o).utf8), to: out.appendingPathComponent("pareto.svg"))
        try writeAtomically(Data(o.report(command: command).utf8), to: out.appendingPathComponent("REPORT.md"))
        return o
    }

    private func write<T: Encodable>(_ value: T, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try encoder.encode(value), to: url)
    }

    private func read<T: Decodable>(_ url: URL) throws -> T {
        try StrictJSON.decode(T.self, from: readFileData(url, limit: 1 << 28), path: url.path)
    }
}

extension Sweep {
    /// Copies the most accurate trained model within `budget` to `dir`: `dir/model` (the
    /// training checkpoint) and `dir/model.int` (its exact integer model, ready for `zktrain compile`).
    public func exportBest(within budget: SearchSpace.Budget, to dir: URL) throws -> CandidateResult {
        guard let best = try outcome().best(within: budget) else {
            throw CodesignError("no trained candidate fits the budget (\(budget.weights.rawValue) weights)")
        }
        let source = directory(best.candidate), model = dir.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        for name in [Checkpoint.weightsName, Checkpoint.stateName, Checkpoint.manifestName] {
            try writeAtomically(Data(contentsOf: source.appendingPathComponent(name)), to: model.appendingPathComponent(name))
        }
        try IntegerModel(contentsOf: source.appendingPathComponent("int")).write(to: dir.appendingPathComponent("model.int"))
        return best
    }
}

// Making a sweep's plan: enumerate the search space, score every candidate with the cost
// model on all cores, and pick the candidates to train (the space's includes, then a spread
// along each budget's cost axis). Done once; a resumed sweep reads plan.json.
import Foundation

extension Sweep {

    /// The scored selection: read from plan.json, or made (enumerate, score, select) and written there.
    public func plan() throws -> SweepPlan {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let url = store.planURL
        if FileManager.default.fileExists(atPath: url.path) {
            let plan: SweepPlan = try store.read(url)
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
        try store.write(plan, to: url)
        return plan
    }
}

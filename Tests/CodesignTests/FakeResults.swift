// Hand-made sweep results for tests that need no training: a candidate named by its cost.
@testable import Codesign

enum FakeResults {
    /// A result whose candidate is `dense(constraints)` with the given public cost and accuracy.
    static func result(_ name: String, constraints: Int, accuracy: Double, committed: Int? = nil, certified: Int? = nil) -> CandidateResult {
        let candidate = Candidate(arch: "dense(\(constraints))", weightBits: .b8, rescale: .auto())
        func cost(_ n: Int) -> VisibilityCost { VisibilityCost(constraints: n, domainLogSize: 10, predictedSeconds: Double(n) / 1e5, predictedBytes: 1e6) }
        let score = CandidateScore(candidate: candidate, params: constraints * 10, macs: constraints * 10,
                                   publicCost: cost(constraints), committedCost: committed.map(cost), certifiedCost: certified.map(cost))
        return CandidateResult(candidate: candidate, round: 0, epochs: 1, score: score, floatAccuracy: accuracy,
                               integerAccuracy: accuracy, trainSeconds: 1)
    }
}

// Enumerating a search space and picking a spread of candidates within a budget.
@testable import Codesign
import Foundation
import Testing

@Suite struct SelectionTests {
    @Test func spaceEnumeratesEveryCombinationOnce() throws {
        let json = """
            {"name": "t", "data": "unused", "mlp": {"depths": [1, 2], "widths": [8, 16]},
             "cnn": {"blocks": [1], "channels": [4], "kernels": [3, 5], "strides": [2], "pooling": ["before", "after"], "heads": [0]},
             "activations": ["sq", "poly(silu, d3, r4)"], "weightBits": ["8", "ternary"], "rescale": ["auto"],
             "budgets": [{"weights": "public", "constraints": 100}], "selection": {"perBudget": 2, "maxMACs": 1000000},
             "schedule": {"rounds": [{"epochs": 1}]}, "training": {"batchSize": 64, "learningRate": 0.001, "seed": 1, "qatWarmup": 1, "threads": 1},
             "measureProofs": 0}
            """
        let space = try JSONDecoder().decode(SearchSpace.self, from: Data(json.utf8))
        try space.validate()
        let all = space.candidates(classes: 10)
        // MLP shapes: [8], [16], [8,8], [16,8], [16,16]; CNN shapes: 2 kernels × 2 poolings; × 2 activations × 2 widths.
        #expect(all.count == (5 + 4) * 2 * 2)
        #expect(Set(all.map(\.id)).count == all.count)
        #expect(all.contains(Candidate(arch: "dense(16) bn poly(silu,d3,r4) dense(8) bn poly(silu,d3,r4) dense(10)", weightBits: .ternary, rescale: .auto())))
        #expect(all.contains(Candidate(arch: "conv(4,k5,s2,p2) bn avgpool(2) sq dense(10)", weightBits: .b8, rescale: .auto())))
        #expect(!all.contains { $0.arch.hasPrefix("dense(8) bn sq dense(16)") })
    }

    @Test func spreadStaysWithinBudgetAndCoversTheCostAxis() {
        // Costs 10, 20, …, 2000 (two candidates per cost, one with more MACs); budget 1000.
        var scores = [CandidateScore]()
        for c in stride(from: 10, through: 2000, by: 10) {
            for macs in [c, 5 * c] {
                let cost = VisibilityCost(constraints: c, domainLogSize: 10, predictedSeconds: 0.1, predictedBytes: 1)
                scores.append(CandidateScore(candidate: Candidate(arch: "dense(\(c)) sq m\(macs)", weightBits: .b8, rescale: .auto()),
                                             params: c, macs: macs, publicCost: cost, committedCost: nil))
            }
        }
        let budget = SearchSpace.Budget(weights: .public, constraints: 1000)
        let picks = Selection.spread(scores, budget: budget, count: 5, maxMACs: 4000, activations: [])
        let costs = picks.map { $0.publicCost!.constraints }
        #expect(picks.count == 5)
        // Ten at the cheap end; at the top, the most MACs under maxMACs: 800 constraints with 4000 MACs.
        #expect(costs == costs.sorted() && costs.first == 10 && costs.last == 800)
        #expect(picks.allSatisfy { $0.macs <= 4000 })
        // Within a stretch, more MACs win unless over maxMACs.
        #expect(picks.allSatisfy { $0.macs == 5 * $0.params })
        // No candidate fits a committed budget (no committed costs).
        #expect(Selection.spread(scores, budget: SearchSpace.Budget(weights: .committed, seconds: 10), count: 5, maxMACs: 4000, activations: []).isEmpty)
    }
}

// Pareto fronts, non-dominated sorting and halving promotion on hand-made points.
@testable import Codesign
import Testing

@Suite struct ParetoTests {
    func p(_ id: String, _ cost: Double, _ accuracy: Double) -> ParetoPoint { ParetoPoint(id: id, cost: cost, accuracy: accuracy) }

    @Test func frontOfHandMadePoints() {
        let points = [
            p("a", 100, 0.80), p("b", 50, 0.85), p("c", 200, 0.90), p("d", 200, 0.88),
            p("e", 1000, 0.90), p("f", 10, 0.60), p("g", 5000, 0.91), p("h", 60, 0.85),
        ]
        // a is dominated by b (cheaper, more accurate) and by h; d by c; e by c (same accuracy, cheaper); h by b.
        #expect(Pareto.front(points).map { points[$0].id } == ["f", "b", "c", "g"])
        // Without the front, h, d and e are non-dominated; a (dominated by h) comes after them.
        #expect(Pareto.ranks(points) == [2, 0, 0, 1, 1, 0, 0, 1])
    }

    @Test func identicalPointsShareTheFront() {
        let points = [p("a", 10, 0.5), p("b", 10, 0.5), p("c", 20, 0.4)]
        #expect(Pareto.front(points).map { points[$0].id } == ["a", "b"])
        #expect(Pareto.ranks(points) == [0, 0, 1])
    }

    @Test func emptyAndSingle() {
        #expect(Pareto.front([]).isEmpty)
        #expect(Pareto.front([p("x", 1, 0.1)]) == [0])
    }

    @Test func ranksPeelLayers() {
        // A chain where each point dominates the next: ranks 0, 1, 2, 3.
        let points = (0..<4).map { p("\($0)", Double($0 + 1), 0.9 - Double($0) * 0.1) }
        #expect(Pareto.ranks(points) == [0, 1, 2, 3])
    }

    @Test func halvingKeepsTheCheapEndOfTheFront() {
        // Accuracy alone would keep the two big models; Pareto rank keeps the cheap front member too.
        let budget = SearchSpace.Budget(weights: .public, constraints: 100_000)
        let results = [("small", 100, 0.80), ("mid", 1000, 0.84), ("big", 20_000, 0.90), ("big2", 30_000, 0.89), ("bad", 5000, 0.70)]
            .map { FakeResults.result($0.0, constraints: $0.1, accuracy: $0.2) }
        let kept = Halving.promote(results, keep: 0.6, budgets: [budget]).map(\.arch)
        #expect(kept == ["dense(20000)", "dense(1000)", "dense(100)"])
        // A candidate outside every budget is promoted last.
        let tight = SearchSpace.Budget(weights: .public, constraints: 1500)
        #expect(Halving.ranks(results, budgets: [tight]) == [0, 0, .max, .max, .max])
    }
}

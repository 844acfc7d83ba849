// Pareto fronts of accuracy (higher is better) against cost (lower is better), and the
// non-dominated sorting ranks successive halving promotes by. Quadratic in the number of
// points, which is fine for the few hundred trained models of a sweep.

/// One trained model on the trade-off plane.
public struct ParetoPoint: Equatable, Sendable {
    public var id: String
    /// Constraints, seconds, … — anything where lower is better.
    public var cost: Double
    public var accuracy: Double

    /// Whether `self` is at least as good as `other` on both axes and better on one.
    public func dominates(_ other: ParetoPoint) -> Bool {
        cost <= other.cost && accuracy >= other.accuracy && (cost < other.cost || accuracy > other.accuracy)
    }
}

public enum Pareto {
    /// Indices of the points no other point dominates, ordered by cost (then accuracy).
    /// Identical points are all on the front.
    public static func front(_ points: [ParetoPoint]) -> [Int] {
        points.indices.filter { i in !points.contains { $0.dominates(points[i]) } }
            .sorted { (points[$0].cost, -points[$0].accuracy) < (points[$1].cost, -points[$1].accuracy) }
    }

    /// Non-dominated sorting: rank 0 is the front, rank 1 the front of the rest, and so on.
    public static func ranks(_ points: [ParetoPoint]) -> [Int] {
        var rank = [Int](repeating: -1, count: points.count), remaining = Array(points.indices), r = 0
        while !remaining.isEmpty {
            let layer = remaining.filter { i in !remaining.contains { points[$0].dominates(points[i]) } }
            for i in layer { rank[i] = r }
            remaining.removeAll { rank[$0] == r }
            r += 1
        }
        return rank
    }
}

// A seeded, stratified train/test split: each class contributes round(fraction × its count)
// test examples (at least one when it has two or more), drawn by a SplitMix64 shuffle of that
// class's indices. The same labels, fraction and seed give the same split on every machine.
import Support

/// Train and test row indices, each ascending.
public struct StratifiedSplit: Sendable, Equatable {
    public var train: [Int]
    public var test: [Int]

    /// Splits rows `0..<labels.count` by `labels` (class indices).
    public init(labels: [Int], testFraction: Double, seed: UInt64) {
        var byClass = [Int: [Int]]()
        for (row, label) in labels.enumerated() { byClass[label, default: []].append(row) }
        var rng = SeededGenerator(seed: seed)
        var test = [Int]()
        for label in byClass.keys.sorted() {
            var rows = byClass[label]!
            rows.shuffle(using: &rng)
            let take = rows.count < 2 ? 0 : min(rows.count - 1, max(1, Int((Double(rows.count) * testFraction).rounded())))
            test += rows.prefix(take)
        }
        test.sort()
        let held = Set(test)
        self.train = labels.indices.filter { !held.contains($0) }
        self.test = test
    }
}

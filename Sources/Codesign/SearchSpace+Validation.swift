// What a search-space file must hold before a sweep starts: every list non-empty, every
// number in a range a sweep on one machine can use, and a candidate count small enough to
// enumerate (counted combinatorially, before anything is built). The file may be edited by
// hand or damaged, so nothing in it is trusted; weight widths, rescale policies and budget
// visibilities are typed and checked as the file is decoded.
import Foundation

extension SearchSpace {
    /// The most candidates a space may enumerate.
    public static let maximumCandidates = 200_000

    /// Throws `CodesignError` naming the field on values a sweep cannot use.
    public func validate() throws {
        func within(_ values: [Int], _ range: ClosedRange<Int>, _ field: String) throws {
            guard !values.isEmpty, values.allSatisfy(range.contains), Set(values).count == values.count else {
                throw CodesignError("\(field): give one or more distinct values in \(range.lowerBound)…\(range.upperBound), got \(values.prefix(20))")
            }
        }
        for (empty, field) in [(activations.isEmpty, "activations"), (weightBits.isEmpty, "weightBits"), (rescale.isEmpty, "rescale")] where empty {
            throw CodesignError("\(field): give at least one value")
        }
        guard !budgets.isEmpty else { throw CodesignError("budgets: give at least one") }
        for b in budgets {
            guard b.constraints != nil || b.seconds != nil else { throw CodesignError("budgets: give constraints or seconds") }
            guard (b.constraints ?? 1) > 0, b.seconds.map({ $0.isFinite && $0 > 0 }) ?? true else {
                throw CodesignError("budgets: constraints and seconds must be positive")
            }
        }
        if let mlp {
            try within(mlp.depths, 1...8, "mlp.depths")
            try within(mlp.widths, 1...65_536, "mlp.widths")
        }
        if let cnn {
            try within(cnn.blocks, 1...8, "cnn.blocks")
            try within(cnn.channels, 1...4_096, "cnn.channels")
            try within(cnn.kernels, 1...15, "cnn.kernels")
            try within(cnn.strides, 1...4, "cnn.strides")
            try within(cnn.heads, 0...65_536, "cnn.heads")
            guard !cnn.pooling.isEmpty else { throw CodesignError("cnn.pooling: give at least one value") }
            for p in cnn.pooling where !["none", "before", "after"].contains(p) {
                throw CodesignError("cnn.pooling: '\(p)' is not none, before or after")
            }
        }
        guard (1...1_000).contains(selection.perBudget) else { throw CodesignError("selection.perBudget is \(selection.perBudget), expected 1…1000") }
        guard selection.maxMACs > 0 else { throw CodesignError("selection.maxMACs must be positive") }
        guard (0...100).contains(measureProofs) else { throw CodesignError("measureProofs is \(measureProofs), expected 0…100") }
        let t = training
        guard (2...65_536).contains(t.batchSize) else { throw CodesignError("training.batchSize is \(t.batchSize), expected 2…65536") }
        guard t.learningRate.isFinite, t.learningRate > 0 else { throw CodesignError("training.learningRate must be a positive number") }
        guard (1...256).contains(t.threads) else { throw CodesignError("training.threads is \(t.threads), expected 1…256") }
        try schedule.validate()
        guard schedule.rounds.allSatisfy({ $0.epochs <= 1_000 }) else { throw CodesignError("schedule: at most 1000 epochs per round") }
        guard (0...schedule.rounds.last!.epochs).contains(t.qatWarmup) else {
            throw CodesignError("training.qatWarmup is \(t.qatWarmup), expected 0…the last round's epochs")
        }
        guard let count = candidateCount, count <= Self.maximumCandidates else {
            throw CodesignError("the space holds more than \(Self.maximumCandidates) candidates: narrow its lists")
        }
    }

    /// How many candidates `candidates(classes:)` yields, or nil past `maximumCandidates`
    /// (non-increasing sequences of length d from n values: C(n + d − 1, d)).
    var candidateCount: Int? {
        let limit = Self.maximumCandidates
        func sequences(_ values: [Int], _ length: Int) -> Int {
            let n = values.count  // distinct (checked above)
            var c = 1  // C(n + d − 1, d), built up exactly; every step stays an integer
            for i in 0..<length { c = c * (n + i) / (i + 1); if c > limit { return limit + 1 } }
            return c
        }
        var archs = 0
        if let mlp { for d in mlp.depths { archs += sequences(mlp.widths, d) } }
        if let cnn {
            let shared = cnn.kernels.count * cnn.strides.count * cnn.pooling.count * cnn.heads.count
            for b in cnn.blocks { archs += min(sequences(cnn.channels, b), limit + 1) * shared }
        }
        guard archs <= limit else { return nil }
        let total = archs * activations.count * weightBits.count * rescale.count
        return total <= limit ? total : nil
    }
}

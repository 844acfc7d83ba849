// Per-column summaries of a `CSVTable`, what `zktrain data describe` prints: missing cells,
// then min, max and mean (compensated sum) of a numeric column, or the distinct values of a
// text column in order of first appearance. Computed here so that the CLI only prints.

/// One column of a `CSVTable` in brief.
public struct CSVColumnSummary: Sendable, Equatable {
    /// The header name.
    public var name: String
    /// Cells that are missing (one of the missing-value markers).
    public var missing: Int
    /// Numbers or text, with their statistics.
    public var kind: Kind

    public enum Kind: Sendable, Equatable {
        /// `count` non-missing numbers; `min`, `max` and `mean` are nil when there are none.
        /// Infinities take part (the mean is then infinite or NaN).
        case numeric(count: Int, min: Double?, max: Double?, mean: Double?)
        /// `distinct` different non-missing texts, of which `firstValues` are the first few in
        /// order of first appearance; `numericCells` of the cells are numbers.
        case text(distinct: Int, firstValues: [String], numericCells: Int)
    }
}

extension CSVTable {
    /// A summary per column, in file order; text columns list up to `firstValues` values.
    public func summary(firstValues: Int = 5) -> [CSVColumnSummary] {
        columns.map { column in
            let kind: CSVColumnSummary.Kind
            switch column.values {
            case .numeric(let values):
                kind = Self.numericSummary(values)
            case .text(let cells, let numericCells):
                var seen: Set<String> = [], first: [String] = []
                var missing = column.missingRows[...]
                for (row, cell) in cells.enumerated() {
                    if missing.first == row {
                        missing.removeFirst()
                        continue
                    }
                    if seen.insert(cell).inserted && first.count < firstValues { first.append(cell) }
                }
                kind = .text(distinct: seen.count, firstValues: first, numericCells: numericCells)
            }
            return CSVColumnSummary(name: column.name, missing: column.missingRows.count, kind: kind)
        }
    }

    /// Count, min, max and mean of the non-NaN values (missing cells are NaN). The sum is
    /// Neumaier's compensated sum, so the mean does not depend on the order of the rows
    /// beyond the last bits.
    static func numericSummary(_ values: [Double]) -> CSVColumnSummary.Kind {
        var count = 0, low = Double.infinity, high = -Double.infinity
        var sum = 0.0, compensation = 0.0
        for value in values where !value.isNaN {
            count += 1
            low = Swift.min(low, value)
            high = Swift.max(high, value)
            let next = sum + value
            compensation += abs(sum) >= abs(value) ? (sum - next) + value : (value - next) + sum
            sum = next
        }
        guard count > 0 else { return .numeric(count: 0, min: nil, max: nil, mean: nil) }
        let total = sum.isFinite ? sum + compensation : sum
        return .numeric(count: count, min: low, max: high, mean: total / Double(count))
    }
}

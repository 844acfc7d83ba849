// Learning a table's encoding from its training split: per numeric column the center and
// spread (mean and population standard deviation, or minimum and range), per text column the
// sorted categories, and with --impute the fill values (median or mode; a categorical column
// always takes its mode). Sums run in row order, so the same rows give the same rule.
import Foundation
import Support

extension TableEncoding {
    /// How missing cells are filled: `median` (numeric columns; categorical take the mode) or
    /// `mode` (every column takes its most frequent training value; ties: the smallest).
    public enum Imputation: String, Codable, Sendable, CaseIterable {
        case median, mode
    }

    /// Most categories a text column may have.
    public static let categoryLimit = 256

    /// Learns the rules for `featureColumns` of `table` from `trainRows`.
    /// - Throws: `FormatError` naming the file, column (and row) for a column with no training
    ///   values, an infinite value, a column mixing numbers and text, too many categories.
    public static func fit(_ table: CSVTable, featureColumns: [Int], labelColumn: String, trainRows: [Int],
                           scaling: Scaling, bits: Int, impute: Imputation?) throws -> TableEncoding {
        func fail(_ column: CSVColumn, _ reason: String) -> FormatError {
            FormatError(path: table.path, problem: "column '\(column.name)': \(reason)")
        }
        var rules = [ColumnRule]()
        for c in featureColumns {
            let column = table.columns[c]
            let missing = Set(column.missingRows)
            let rows = trainRows.filter { !missing.contains($0) }
            guard !rows.isEmpty else { throw fail(column, "no values in the training split (every cell is missing)") }
            switch column.values {
            case .numeric(let values):
                let xs = rows.map { values[$0] }
                if let bad = rows.first(where: { !values[$0].isFinite }) {
                    throw FormatError(path: table.path, problem: "row \(bad + 1) (line \(table.line(ofRow: bad))), column '\(column.name)': "
                        + "\(values[bad]) is not a usable feature value")
                }
                var rule = ColumnRule(name: column.name)
                switch scaling {
                case .standard:
                    let mean = xs.reduce(0, +) / Double(xs.count)
                    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
                    let std = variance.squareRoot()
                    (rule.center, rule.spread) = (mean, std > 0 && std.isFinite ? std : 1)
                case .minmax:
                    let (lo, hi) = (xs.min()!, xs.max()!)
                    (rule.center, rule.spread) = (lo, hi > lo && (hi - lo).isFinite ? hi - lo : 1)
                }
                if let impute { rule.fillNumber = impute == .median ? median(xs) : mode(xs) }
                rules.append(rule)
            case let .text(values, numericCells):
                let texts = rows.map { values[$0] }
                // Mixing is the column's property, wherever its text cells fall in the split.
                if numericCells > 0, let example = values.indices.first(where: { !missing.contains($0) && Double(values[$0]) == nil }) {
                    throw FormatError(path: table.path, problem: "column '\(column.name)' holds numbers in \(numericCells) cells and text in others "
                        + "(row \(example + 1), line \(table.line(ofRow: example)): '\(values[example])'); if that text marks a missing value, "
                        + "pass --na '\(values[example])'; to leave the column out, pass --ignore '\(column.name)'")
                }
                let categories = Set(texts).sorted()
                guard categories.count <= categoryLimit else {
                    throw fail(column, "\(categories.count) distinct values in the training split; a categorical column may have "
                        + "at most \(categoryLimit) (an identifier? pass --ignore '\(column.name)')")
                }
                var rule = ColumnRule(name: column.name, categories: categories)
                if impute != nil { rule.fillCategory = mode(texts) }
                rules.append(rule)
            }
        }
        return TableEncoding(scaling: scaling, inputBits: bits, multiplier: multiplier(scaling, bits: bits),
                             labelColumn: labelColumn, columns: rules)
    }

    /// The most frequent value of `xs`; ties go to the smallest.
    static func mode<T: Hashable & Comparable>(_ xs: [T]) -> T {
        var counts = [T: Int]()
        for x in xs { counts[x, default: 0] += 1 }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }!.key
    }
}

extension ColumnRule {
    /// A rule with only its name set.
    init(name: String, categories: [String]? = nil) {
        self.init(name: name, center: nil, spread: nil, categories: categories, fillNumber: nil, fillCategory: nil)
    }
}

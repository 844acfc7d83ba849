// The per-column rules of a table's input encoding, and their application to one raw row.
// The formula (also in InputEncoding.swift's header, and in docs/DESIGN.md for verifiers):
//   numeric column: q = clamp(roundHalfAwayFromZero(((x − center) / spread) × multiplier), low, high)
//   categorical column: one feature per category, q = multiplier for the row's category, 0 else
// evaluated in IEEE-754 binary64 in exactly that order. A missing cell takes the column's
// fill value (learnt on the training split with --impute) or is an error.
import Support

/// One raw cell of a table row.
public enum RawCell: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case missing

    public var description: String {
        switch self {
        case .number(let v): v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .text(let s): "'\(s)'"
        case .missing: "missing"
        }
    }
}

/// How one raw column becomes features.
public struct ColumnRule: Codable, Sendable, Equatable {
    /// The column's header name.
    public var name: String
    /// Numeric columns: the value subtracted, and the divisor (mean and standard deviation,
    /// or minimum and max − min); nil for categorical columns.
    public var center: Double?
    public var spread: Double?
    /// Categorical columns: the categories seen in the training split, sorted; one feature each.
    public var categories: [String]?
    /// The value a missing numeric cell takes (training median), if imputing.
    public var fillNumber: Double?
    /// The category a missing categorical cell takes (training mode), if imputing.
    public var fillCategory: String?

    /// Whether the column is one-hot encoded.
    public var isCategorical: Bool { categories != nil }
    /// Features the column contributes.
    public var featureCount: Int { categories?.count ?? 1 }
}

/// What a table's rows become: which column is the label and how every other column is encoded.
public struct TableEncoding: Codable, Sendable, Equatable {
    /// How numeric columns are scaled before the fixed-point step.
    public enum Scaling: String, Codable, Sendable, CaseIterable {
        /// (x − mean) / standard deviation, then 2^(bits−3) units per standard deviation:
        /// integers in ±(2^(bits−1) − 1), about ±4 standard deviations (beyond: clamped).
        case standard
        /// (x − min) / (max − min), then 2^bits − 1 units: integers in 0…2^bits − 1, like pixels.
        case minmax
    }

    public var scaling: Scaling
    /// Bits of each integer input, 4…16.
    public var inputBits: Int
    /// Integer units per unit of the scaled value (2^(bits−3) or 2^bits − 1).
    public var multiplier: Double
    /// The label column's name (absent from rows given for prediction).
    public var labelColumn: String
    /// One rule per feature column, in the order their features appear in the input.
    public var columns: [ColumnRule]

    /// The integer range of `scaling` at `bits`.
    public static func range(_ scaling: Scaling, bits: Int) -> ClosedRange<Int> {
        scaling == .standard ? -((1 << (bits - 1)) - 1)...((1 << (bits - 1)) - 1) : 0...((1 << bits) - 1)
    }

    /// Integer units per unit of the scaled value for `scaling` at `bits`.
    public static func multiplier(_ scaling: Scaling, bits: Int) -> Double {
        scaling == .standard ? Double(1 << (bits - 3)) : Double((1 << bits) - 1)
    }

    /// Supported input bit widths.
    public static let bitRange = 4...16

    /// A problem with one cell: the column and what is wrong (the caller adds file and row).
    public struct CellProblem: Error, Sendable {
        public var column: String
        public var reason: String
    }

    /// Appends the features of one raw row (one cell per rule, in rule order) to `out`.
    public func encode(_ cells: [RawCell], into out: inout [Int32]) throws(CellProblem) {
        let range = Self.range(scaling, bits: inputBits)
        let (low, high) = (Double(range.lowerBound), Double(range.upperBound))
        for (rule, cell) in zip(columns, cells) {
            if let categories = rule.categories {
                let category: String
                switch cell {
                case .text(let s): category = s
                case .number(let x): category = Self.categoryName(x)
                case .missing:
                    guard let fill = rule.fillCategory else { throw CellProblem(column: rule.name, reason: Self.missingHint) }
                    category = fill
                }
                guard let k = Self.index(of: category, in: categories) else {
                    throw CellProblem(column: rule.name, reason: "category '\(category)' was not in the training data (known: "
                        + categories.prefix(8).joined(separator: ", ") + (categories.count > 8 ? ", …" : "") + ")")
                }
                for j in categories.indices { out.append(j == k ? Int32(multiplier) : 0) }
            } else {
                let x: Double
                switch cell {
                case .number(let v): x = v
                case .text(let s):
                    throw CellProblem(column: rule.name, reason: "'\(s)' is not a number, and the column is numeric")
                case .missing:
                    guard let fill = rule.fillNumber else { throw CellProblem(column: rule.name, reason: Self.missingHint) }
                    x = fill
                }
                guard x.isFinite else { throw CellProblem(column: rule.name, reason: "\(x) is not a finite number") }
                let scaled = (((x - rule.center!) / rule.spread!) * multiplier).rounded(.toNearestOrAwayFromZero)
                out.append(Int32(min(max(scaled, low), high)))
            }
        }
    }

    static let missingHint = "missing value; pass --impute median|mode to fill missing cells with values learnt from the training split"

    /// The category name of a number read from a column that holds text elsewhere: integers
    /// without a fraction ("3"), others in Swift's shortest round-trip form.
    static func categoryName(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// Binary search in sorted `categories`.
    static func index(of category: String, in categories: [String]) -> Int? {
        var lo = 0, hi = categories.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if categories[mid] < category { lo = mid + 1 } else { hi = mid }
        }
        return lo < categories.count && categories[lo] == category ? lo : nil
    }

    /// Checks the rules against the encoding's shape and range.
    func validate(featureCount: Int, low: Int, high: Int, fail: (String) -> FormatError) throws {
        guard Self.bitRange.contains(inputBits) else { throw fail("inputBits \(inputBits) is not in \(Self.bitRange)") }
        let range = Self.range(scaling, bits: inputBits)
        guard range == low...high, multiplier == Self.multiplier(scaling, bits: inputBits) else {
            throw fail("range \(low)...\(high) or multiplier \(multiplier) does not match \(scaling.rawValue) at \(inputBits) bits")
        }
        guard columns.reduce(0, { $0 + $1.featureCount }) == featureCount else {
            throw fail("the column rules make \(columns.reduce(0) { $0 + $1.featureCount }) features, the shape holds \(featureCount)")
        }
        for rule in columns {
            if let categories = rule.categories {
                guard !categories.isEmpty, categories == categories.sorted(), Set(categories).count == categories.count,
                      rule.center == nil, rule.spread == nil, rule.fillNumber == nil,
                      rule.fillCategory.map({ categories.contains($0) }) ?? true else {
                    throw fail("column '\(rule.name)': categories must be sorted, distinct, non-empty, with a fill among them and no numeric fields")
                }
            } else {
                guard let c = rule.center, let s = rule.spread, c.isFinite, s.isFinite, s > 0,
                      rule.fillNumber?.isFinite ?? true, rule.fillCategory == nil else {
                    throw fail("column '\(rule.name)': a numeric rule needs a finite center, a positive spread and a finite fill")
                }
            }
        }
    }
}

// A CSV file read into typed columns: numbers as [Double], anything else as [String], with
// the rows whose cell was missing, and the map from data rows to file lines that error
// messages need. Produced by `CSV.read` / `CSV.parse`; holds no parsing logic.

/// A CSV file read into typed columns.
public struct CSVTable: Sendable, Equatable {
    /// The file, as the caller spelled it (for error messages about the data).
    public var path: String
    /// The column names, from the header line, in file order.
    public var header: [String]
    /// One per header name, in file order; each holds `rowCount` cells.
    public var columns: [CSVColumn]
    /// Data rows (the header excluded).
    public var rowCount: Int
    /// Lines the header spans (more than one if a quoted name holds a line break).
    var headerLines: Int
    /// Data rows spanning several lines, ascending, with the line breaks of all rows up to
    /// and including each (`lineBreaks` is cumulative here).
    var tallRows: [TallRow]

    init(path: String, header: [String], columns: [CSVColumn], rowCount: Int, headerLines: Int, tallRows: [TallRow]) {
        self.path = path
        self.header = header
        self.columns = columns
        self.rowCount = rowCount
        self.headerLines = headerLines
        self.tallRows = tallRows
    }

    /// The index of the column called `name` (exact match), or nil.
    public func columnIndex(named name: String) -> Int? {
        header.firstIndex(of: name)
    }

    /// The 1-based line of the file where data row `row` (0-based, in 0..<rowCount) starts.
    /// Equals `row + 2` unless quoted fields before it hold line breaks.
    public func line(ofRow row: Int) -> Int {
        var low = 0, high = tallRows.count  // find the tall rows before `row`
        while low < high {
            let middle = (low + high) / 2
            if tallRows[middle].row < row { low = middle + 1 } else { high = middle }
        }
        return headerLines &+ 1 &+ row &+ (low == 0 ? 0 : tallRows[low - 1].lineBreaks)  // wraps, never traps, for a row out of range
    }
}

/// One column of a `CSVTable`.
public struct CSVColumn: Sendable, Equatable {
    /// The header name.
    public var name: String
    /// The cells, one per data row.
    public var values: Values
    /// The 0-based data rows whose cell is missing (one of the missing-value markers),
    /// ascending.
    public var missingRows: [Int]

    public init(name: String, values: Values, missingRows: [Int]) {
        self.name = name
        self.values = values
        self.missingRows = missingRows
    }

    /// The cells of a column: all numbers, or text.
    public enum Values: Sendable, Equatable {
        /// Every non-missing cell is a number; missing cells hold `.nan`.
        case numeric([Double])
        /// Some non-missing cell is not a number; missing cells hold "". `numericCells`
        /// counts the non-missing cells that are numbers (kept here as their text), so a
        /// caller can say "column x mixes numbers and text".
        case text([String], numericCells: Int)

        /// Numbers compare by bit pattern, so that missing cells (NaN) are equal and -0.0
        /// differs from 0.0.
        public static func == (a: Values, b: Values) -> Bool {
            switch (a, b) {
            case let (.numeric(x), .numeric(y)):
                x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
            case let (.text(x, n), .text(y, m)):
                n == m && x == y
            default:
                false
            }
        }
    }

    /// The number of cells (data rows).
    public var count: Int {
        switch values {
        case .numeric(let numbers): numbers.count
        case .text(let texts, _): texts.count
        }
    }
}

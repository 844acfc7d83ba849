// The first pass over a piece of a CSV file's data rows: every cell parsed as a number
// straight from the bytes (the hot loop), missing cells and non-numeric cells counted per
// column, values stored column-major. Text is not kept here: columns that turn out to hold
// text are read again by `CSVTextPass`. A piece stops at its first problem.

/// Column-major numbers of one piece: column c, row r at `values[c * rowCapacity + r]`.
final class NumberStorage: @unchecked Sendable {  // written by one thread, then read-only
    let rowCapacity: Int
    let values: UnsafeMutablePointer<Double>

    /// Storage for `rowCapacity` rows of `columns` values; the caller has checked the product.
    init(rowCapacity: Int, columns: Int) {
        self.rowCapacity = rowCapacity
        values = .allocate(capacity: rowCapacity * columns)
    }

    deinit { values.deallocate() }
}

/// A data row that spans several lines (quoted line breaks), for `CSVTable.line(ofRow:)`.
struct TallRow: Sendable, Equatable {
    /// The 0-based data row.
    var row: Int
    /// Line breaks inside its quoted fields.
    var lineBreaks: Int
}

/// The rows of one piece of the file, as far as they could be read.
struct CSVChunk: Sendable {
    /// The byte index where the piece's first row starts.
    var start: Int
    /// The byte index where parsing stopped: the first row start at or after the piece's
    /// nominal end (or the end of the text); meaningless if `problem` is set.
    var end: Int
    var rowCount: Int
    /// Lines consumed: one per row plus the quoted line breaks.
    var lineCount: Int
    var numbers: NumberStorage
    /// Per column, the piece's rows (0-based from the piece's first row) with a missing cell.
    var missingRows: [[Int]]
    /// Per column, how many cells are neither missing nor numbers.
    var textCells: [Int]
    /// Rows with quoted line breaks, rows numbered from the piece's first row.
    var tallRows: [TallRow]
    /// The first problem, with lines counted from the piece's first line (line 1).
    var problem: CSVProblem?

    /// Parses the rows that start in `start..<nominalEnd`; the last may run past `nominalEnd`.
    /// `rowCapacity` is one more than the line feeds in `start..<nominalEnd`, a bound on the
    /// rows that start there (each but the first follows a line feed of the range).
    static func parse(_ bytes: CSVBytes, from start: Int, before nominalEnd: Int, columns: Int,
                      rowCapacity: Int, markers: MissingMarkers) -> CSVChunk {
        NumberParser.exactPowersOfTen.withUnsafeBufferPointer { powers in
            parse(bytes, from: start, before: nominalEnd, columns: columns, rowCapacity: rowCapacity,
                  markers: markers, powers: powers)
        }
    }

    /// `parse` with the powers of ten at hand; its state lives in locals, not in a closure's
    /// captures, so that the hot loop keeps it in registers.
    private static func parse(_ bytes: CSVBytes, from start: Int, before nominalEnd: Int, columns: Int,
                              rowCapacity: Int, markers: MissingMarkers,
                              powers: UnsafeBufferPointer<Double>) -> CSVChunk {
        let storage = NumberStorage(rowCapacity: rowCapacity, columns: columns)
        var missingRows = [[Int]](repeating: [], count: columns)
        var textCells = [Int](repeating: 0, count: columns)
        var tallRows: [TallRow] = []
        var problem: CSVProblem?
        let p = bytes.p, values = storage.values
        let numbersMayBeMarkers = markers.includesNumbers
        var row = 0
        var line = 1  // where the current row starts, counted within the piece
        var i = start
        // `row < rowCapacity` always holds here (see above); it keeps the writes in bounds by construction.
        rows: while i < nominalEnd && row < rowCapacity {
            if bytes.isLineBreak(at: i) {
                problem = .emptyLine(line: line)
                break
            }
            var lineBreaks = 0
            var column = 0
            while true {
                var value = Double.nan
                var fieldEnd: (next: Int, endsRow: Bool)
                if let number = bytes.numberField(at: i, powers: powers),
                   !(numbersMayBeMarkers && markers.contains(p, number.content)) {
                    value = number.value  // the fast path: a number, then a comma or a line break
                    fieldEnd = (number.next, number.endsRow)
                } else {
                    let field: CSVField
                    do throws(CSVFieldFailure) { field = try bytes.scanField(at: i) } catch {
                        problem = error.problem(line: line + lineBreaks, in: bytes)
                        break rows
                    }
                    lineBreaks += field.lineBreaks
                    fieldEnd = (field.next, field.endsRow)
                    if markers.contains(field, in: bytes) {
                        missingRows[column].append(row)
                    } else if !field.hasEscapedQuotes,
                              let number = NumberParser.parse(p, from: field.content.lowerBound,
                                                              bound: EndBound(end: field.content.upperBound), powers: powers),
                              number.end == field.content.upperBound {
                        value = number.value  // a quoted number
                    } else {
                        textCells[column] += 1
                    }
                }
                values[column &* rowCapacity &+ row] = value  // in bounds: column < columns, row < rowCapacity
                i = fieldEnd.next
                column &+= 1
                if fieldEnd.endsRow { break }
                if column == columns {
                    problem = countExtraFields(bytes, from: i, found: column, line: line, lineBreaks: lineBreaks)
                    break rows
                }
            }
            if column < columns {
                problem = .fieldCount(line: line, found: column, expected: columns)
                break
            }
            if lineBreaks > 0 { tallRows.append(TallRow(row: row, lineBreaks: lineBreaks)) }
            row += 1
            line += 1 + lineBreaks
        }
        return CSVChunk(start: start, end: i, rowCount: row, lineCount: line - 1, numbers: storage,
                        missingRows: missingRows, textCells: textCells, tallRows: tallRows, problem: problem)
    }

    /// The problem of a row that has more fields than the header: its field count, or a
    /// quoting problem found while counting.
    static func countExtraFields(_ bytes: CSVBytes, from start: Int, found: Int, line: Int, lineBreaks: Int) -> CSVProblem {
        var found = found, lineBreaks = lineBreaks, i = start
        let expected = found
        while true {
            let field: CSVField
            do { field = try bytes.scanField(at: i) } catch { return error.problem(line: line + lineBreaks, in: bytes) }
            found += 1
            lineBreaks += field.lineBreaks
            i = field.next
            if field.endsRow { return .fieldCount(line: line, found: found, expected: expected) }
        }
    }
}

// What can be wrong with a CSV file, located by line and column, and its message. A piece
// of the file parsed on its own counts lines from its first row; `shifted(by:)` makes them
// lines of the file once the lines before the piece are known. Thrown as `FormatError`.
import Support

/// A reason a CSV file is refused. Lines and columns are 1-based; a column counts
/// characters (UTF-8 sequences) from the start of its line, so an editor shows the spot.
enum CSVProblem: Error, Sendable, Equatable {
    case tooLarge(bytes: Int, limit: Int)
    case tooManyCells(lines: Int, fields: Int, limit: Int)
    case empty
    case noDataRows
    case emptyLine(line: Int)
    case emptyHeaderName(field: Int)
    case duplicateHeaderName(String, first: Int, again: Int)
    case fieldCount(line: Int, found: Int, expected: Int)
    case unterminatedQuote(line: Int, column: Int)
    case afterClosingQuote(line: Int, column: Int)
    case invalidUTF8(line: Int, field: Int, name: String?)

    /// The same problem with its line moved down by `lines`.
    func shifted(by lines: Int) -> CSVProblem {
        switch self {
        case .emptyLine(let line): .emptyLine(line: line + lines)
        case .fieldCount(let line, let found, let expected): .fieldCount(line: line + lines, found: found, expected: expected)
        case .unterminatedQuote(let line, let column): .unterminatedQuote(line: line + lines, column: column)
        case .afterClosingQuote(let line, let column): .afterClosingQuote(line: line + lines, column: column)
        case .invalidUTF8(let line, let field, let name): .invalidUTF8(line: line + lines, field: field, name: name)
        case .tooLarge, .tooManyCells, .empty, .noDataRows, .emptyHeaderName, .duplicateHeaderName: self
        }
    }

    /// The message, without the path.
    var reason: String {
        switch self {
        case .tooLarge(let bytes, let limit):
            "the file has \(bytes) bytes, more than the \(limit) a CSV file may have"
        case .tooManyCells(let lines, let fields, let limit):
            "\(lines) lines of \(fields) fields may hold more than the \(limit) cells a CSV file may have"
        case .empty:
            "the file is empty (a CSV file needs a header line and at least one data row)"
        case .noDataRows:
            "no data rows: the file has only a header line"
        case .emptyLine(let line):
            "line \(line) is empty (blank lines are allowed only at the end of the file)"
        case .emptyHeaderName(let field):
            "the header's field \(field) is empty: every column needs a name"
        case .duplicateHeaderName(let name, let first, let again):
            "the header names column \"\(name)\" twice (fields \(first) and \(again))"
        case .fieldCount(let line, let found, let expected):
            "line \(line) has \(found) field\(found == 1 ? "" : "s"), the header has \(expected)"
        case .unterminatedQuote(let line, let column):
            "line \(line), column \(column): this quoted field has no closing quote"
        case .afterClosingQuote(let line, let column):
            "line \(line), column \(column): after a closing quote only a comma or the end of the line may follow"
                + " (write a quote inside a quoted field as \"\")"
        case .invalidUTF8(let line, let field, let name):
            if let name {
                "line \(line), field \(field) (column \"\(name)\"): text is not valid UTF-8"
            } else {
                "line \(line), field \(field) of the header: text is not valid UTF-8"
            }
        }
    }

    /// The 1-based column of byte `position` in its line: characters since the last line break
    /// before it (or since `start`, where the text begins).
    static func column(of position: Int, in p: UnsafePointer<UInt8>, start: Int) -> Int {
        var i = position
        var column = 1
        while i > start && p[i - 1] != UInt8(ascii: "\n") {
            i -= 1
            if p[i] & 0xC0 != 0x80 { column += 1 }  // not a UTF-8 continuation byte
        }
        return column
    }
}

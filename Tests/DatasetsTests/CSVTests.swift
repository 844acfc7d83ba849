// Tests for the CSV reader: the grammar (quotes, embedded commas, quotes and line breaks,
// CRLF, BOM, blanks), typed columns (numbers, text, categories, missing cells and their
// rows), every refused file with the line and column its message names, correctly rounded
// numbers against Swift's Double(String), and the parallel parse against the one-piece parse.

import Foundation
import Testing
import Datasets
import Support

/// Parses `text` as a file called "t.csv".
private func parse(_ text: String, markers: Set<String> = CSV.defaultMissingMarkers, pieces: Int? = nil) throws -> CSVTable {
    try CSV.parse(Array(text.utf8), path: "t.csv", missingMarkers: markers, pieces: pieces)
}

/// Expects `bytes` to be refused with a FormatError about "t.csv" whose reason contains every fragment.
private func expectRefused(_ bytes: [UInt8], _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    let error = #expect(throws: FormatError.self, sourceLocation: sourceLocation) {
        try CSV.parse(bytes, path: "t.csv")
    }
    guard let error else { return }
    #expect(error.path == "t.csv", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(error.problem.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    }
}

private func expectRefused(_ text: String, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    expectRefused(Array(text.utf8), fragments, sourceLocation: sourceLocation)
}

private func numbers(_ column: CSVColumn) -> [Double]? {
    if case .numeric(let values) = column.values { return values }
    return nil
}

private func texts(_ column: CSVColumn) -> (cells: [String], numericCells: Int)? {
    if case .text(let cells, let numericCells) = column.values { return (cells, numericCells) }
    return nil
}

@Suite("CSV grammar")
struct CSVGrammarTests {
    @Test("numbers and text become typed columns in header order")
    func typedColumns() throws {
        let table = try parse("a,b,c\n1,x,2.5\n3,y,-1e2\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rowCount == 2)
        #expect(table.columns.map(\.name) == ["a", "b", "c"])
        #expect(numbers(table.columns[0]) == [1, 3])
        #expect(texts(table.columns[1])! == (["x", "y"], 0))
        #expect(numbers(table.columns[2]) == [2.5, -100])
        #expect(table.columnIndex(named: "c") == 2)
        #expect(table.columnIndex(named: "C") == nil)
        #expect(table.path == "t.csv")
    }

    @Test("quoted fields hold commas, doubled quotes and line breaks; rows map to their lines")
    func quotes() throws {
        let table = try parse("name,note,n\n\"Smith, J\",\"said \"\"hi\"\"\",1\n\"multi\nline\",\"a\r\nb\n\nc\",2\nplain,\"\",3\n")
        #expect(texts(table.columns[0])!.cells == ["Smith, J", "multi\nline", "plain"])
        #expect(texts(table.columns[1])!.cells == ["said \"hi\"", "a\r\nb\n\nc", ""])
        #expect(table.columns[1].missingRows == [2])  // "" is a missing-value marker, quoted or not
        #expect(numbers(table.columns[2]) == [1, 2, 3])
        #expect((0..<3).map { table.line(ofRow: $0) } == [2, 3, 8])
    }

    @Test("a header name may be quoted and span lines")
    func quotedHeader() throws {
        let table = try parse("\"first\nname\",\"x,y\"\n1,2\n3,4\n")
        #expect(table.header == ["first\nname", "x,y"])
        #expect(table.line(ofRow: 0) == 3)
        #expect(table.line(ofRow: 1) == 4)
    }

    @Test("CRLF, LF, a BOM, a last line with or without a line break, trailing blank lines: same table")
    func lineEndings() throws {
        let reference = try parse("a,b\n1,x\n3,y")
        for text in ["a,b\r\n1,x\r\n3,y\r\n", "\u{FEFF}a,b\n1,x\n3,y\n", "a,b\n1,x\n3,y\n\n\n", "a,b\r\n1,x\n3,y\r\n\r\n"] {
            #expect(try parse(text) == reference, "\(text.debugDescription)")
        }
    }

    @Test("blanks around unquoted fields are trimmed; quoted text is kept; blanks may surround quotes")
    func blanks() throws {
        let table = try parse(" a ,\tb\t, c\n 1 , x y ,\" q \" \n")
        #expect(table.header == ["a", "b", "c"])
        #expect(numbers(table.columns[0]) == [1])
        #expect(texts(table.columns[1])!.cells == ["x y"])
        #expect(texts(table.columns[2])!.cells == [" q "])
    }

    @Test("a quote inside an unquoted field is an ordinary character")
    func lenientQuotes() throws {
        let table = try parse("size,n\n5\" screen,1\nab\"c,2\n")
        #expect(texts(table.columns[0])!.cells == ["5\" screen", "ab\"c"])
    }

    @Test("a quoted number is a number; a lone carriage return is text")
    func quotedNumber() throws {
        let table = try parse("a,b\n\"1.5\",x\ry\n\"-2\",z\n")
        #expect(numbers(table.columns[0]) == [1.5, -2])
        #expect(texts(table.columns[1])!.cells == ["x\ry", "z"])
    }
}

@Suite("CSV cells")
struct CSVCellTests {
    @Test("missing cells: NaN in numeric columns, \"\" in text ones, their rows listed")
    func missing() throws {
        let table = try parse("a,b,c\n1,NA,\n,x,N/A\nNULL,,null\n4,y,NaN\n")
        let a = try #require(numbers(table.columns[0]))
        #expect(a[0] == 1 && a[1].isNaN && a[2].isNaN && a[3] == 4)
        #expect(table.columns[0].missingRows == [1, 2])
        #expect(texts(table.columns[1])! == (["", "x", "", "y"], 0))
        #expect(table.columns[1].missingRows == [0, 2])
        #expect(try #require(numbers(table.columns[2])).allSatisfy(\.isNaN))
        #expect(table.columns[2].missingRows == [0, 1, 2, 3])
    }

    @Test("custom missing-value markers replace the defaults, numbers included")
    func customMarkers() throws {
        let table = try parse("a,b\n-999,NA\n2,-999\n", markers: ["-999"])
        #expect(table.columns[0].missingRows == [0])
        #expect(numbers(table.columns[0])![1] == 2)
        #expect(texts(table.columns[1])! == (["NA", ""], 0))
        #expect(table.columns[1].missingRows == [1])
    }

    @Test("categories stay text in order; a column mixing numbers and text counts its numbers")
    func categories() throws {
        let table = try parse("colour,size\nred,1\ngreen,two\nred,3\nblue,NA\n")
        #expect(texts(table.columns[0])! == (["red", "green", "red", "blue"], 0))
        #expect(texts(table.columns[1])! == (["1", "two", "3", ""], 2))
        #expect(table.columns[1].missingRows == [3])
    }

    @Test("the number grammar: what is a number and what is text")
    func grammar() throws {
        let numbersText = ["0", ".5", "5.", "+3", "-1.5e-3", "1E5", "1e+05", "007", "inf", "-Infinity", "+INF",
                           "0.1000000000000000055511151231257827", "12345678901234567", "1e400", "1e-400", "-0"]
        let table = try parse("x\n" + numbersText.joined(separator: "\n"))
        let parsed = try #require(numbers(table.columns[0]))
        for (text, value) in zip(numbersText, parsed) {
            let expected = text.lowercased().contains("inf") ? (text.hasPrefix("-") ? -Double.infinity : .infinity) : Double(text)!
            #expect(value.bitPattern == expected.bitPattern, "\(text)")
        }
        #expect(parsed.last!.sign == .minus)
        for text in [".", "-", "+", "e5", "1e", "1e+", "0x10", "1_000", "1.2.3", "--1", "infinite", "in", "1,5", "1 5", "١"] {
            let table = try parse("x,y\n\"\(text)\",0\n")
            #expect(texts(table.columns[0])?.cells == [text], "\(text)")
        }
    }

    @Test("numbers are correctly rounded: 4000 random decimals against Double(String)")
    func correctRounding() throws {
        var generator = SeededGenerator(seed: 4180)
        var texts: [String] = []
        for _ in 0..<4000 {
            let digitCount = Int.random(in: 1...25, using: &generator)
            var digits = String((0..<digitCount).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if Bool.random(using: &generator) {
                digits.insert(".", at: digits.index(digits.startIndex, offsetBy: Int.random(in: 0...digitCount, using: &generator)))
            }
            let sign = ["", "-", "+"][Int.random(in: 0...2, using: &generator)]
            let exponent = [0, 1, 2].randomElement(using: &generator) == 0 ? ""
                : "e\(Int.random(in: Bool.random(using: &generator) ? -30...30 : -330...310, using: &generator))"
            texts.append(sign + digits + exponent)
        }
        let parsed = try #require(numbers(try parse("x\n" + texts.joined(separator: "\n")).columns[0]))
        #expect(parsed.count == texts.count)
        for (text, value) in zip(texts, parsed) {
            #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
    }
}

@Suite("CSV refused files")
struct CSVRefusalTests {
    @Test("empty files and header-only files")
    func emptyAndHeaderOnly() {
        for text in ["", "\n\n", "\u{FEFF}", "\u{FEFF}\r\n"] { expectRefused(text, ["the file is empty"]) }
        expectRefused("a,b\n", ["no data rows"])
        expectRefused("a,b", ["no data rows"])
        expectRefused("\na,b\n1,2\n", ["line 1 is empty"])
    }

    @Test("ragged rows name the line and both field counts")
    func ragged() {
        expectRefused("a,b\n1,2\n3,4,5\n", ["line 3 has 3 fields, the header has 2"])
        expectRefused("a,b,c\n1,2,3\n4,5\n", ["line 3 has 2 fields, the header has 3"])
        expectRefused("a,b\n\"x\ny\",2\n3\n", ["line 4 has 1 field, the header has 2"])
        expectRefused("a,b\n1,2,\n", ["line 2 has 3 fields"])
    }

    @Test("a blank line between rows is refused")
    func blankLine() {
        expectRefused("a,b\n1,2\n\n3,4\n", ["line 3 is empty"])
        expectRefused("a,b\r\n1,2\r\n\r\n3,4\r\n", ["line 3 is empty"])
    }

    @Test("quoting problems name the line where the field starts and the column")
    func quoting() {
        expectRefused("a,b\n1,2\n3,\"open\nstill open\n", ["line 3, column 3", "no closing quote"])
        expectRefused("a,b\n1,\"x\"y\n", ["line 2, column 6", "after a closing quote"])
        expectRefused("a,b\n1,\"x\ny\"z\n", ["line 3, column 3", "after a closing quote"])
        expectRefused("a,b\né,\"x\"y\n", ["line 2, column 6"])  // columns count characters, not bytes
        expectRefused("\"a,b\n1,2\n", ["line 1, column 1", "no closing quote"])
    }

    @Test("header names must be present and distinct")
    func headerNames() {
        expectRefused("a,,c\n1,2,3\n", ["field 2 is empty"])
        expectRefused("a,b,\n1,2,3\n", ["field 3 is empty"])
        expectRefused("a,b,a\n1,2,3\n", ["\"a\" twice (fields 1 and 3)"])
        expectRefused(" a ,\"a\"\n1,2\n", ["\"a\" twice"])
    }

    @Test("text must be valid UTF-8")
    func invalidUTF8() {
        expectRefused(Array("name,n\nok,1\n".utf8) + [0x61, 0xFF, 0x62] + Array(",2\n".utf8),
                      ["line 3, field 1 (column \"name\")", "not valid UTF-8"])
        expectRefused(Array("n,".utf8) + [0xC3] + Array("\n1,2\n".utf8), ["line 1, field 2 of the header", "not valid UTF-8"])
    }

    @Test("files: missing, a directory, read from disk")
    func files() throws {
        let directory = FileManager.default.temporaryDirectory.path + "/zktrain-csv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/t.csv"
        try Data("a,b\n1,x\n".utf8).write(to: URL(fileURLWithPath: path))
        let table = try CSV.read(path: path)
        #expect(table.path == path && table.rowCount == 1)
        #expect(throws: FormatError(path: directory + "/none.csv", problem: "no such file")) {
            try CSV.read(path: directory + "/none.csv")
        }
        #expect(throws: FormatError(path: directory, problem: "is a directory, expected a file")) {
            try CSV.read(path: directory)
        }
        #expect(CSV.sizeLimit == 1 << 31 && CSV.cellLimit == 1 << 28)
    }
}

/// A seeded CSV of `rows` rows: floats, integers, categories, missing cells, and (if
/// `quoted`) quoted text with commas, quotes and line breaks in every 7th row.
func syntheticCSV(rows: Int, quoted: Bool, seed: UInt64) -> String {
    var generator = SeededGenerator(seed: seed)
    var lines = ["x,count,colour,note,y"]
    let colours = ["red", "green", "blue", "NA"]
    for row in 0..<rows {
        let x = String(format: "%.6g", Double(generator.nextGaussian()) * 1000)
        let count = Int.random(in: -5...500, using: &generator)
        let colour = colours.randomElement(using: &generator)!
        var note = "n\(row)"
        if quoted && row % 7 == 3 { note = "\"line \(row),\nsays \"\"hi\"\"\"" }
        let y = row % 11 == 0 ? "" : String(format: "%.17g", Double(generator.nextGaussian()))
        lines.append("\(x),\(count),\(colour),\(note),\(y)")
    }
    return lines.joined(separator: seed % 2 == 0 ? "\n" : "\r\n") + "\n"  // odd seeds: CRLF
}

@Suite("CSV parallel parse")
struct CSVParallelTests {
    @Test("any number of pieces gives the one-piece table", arguments: [false, true])
    func piecesAgree(quoted: Bool) throws {
        let text = syntheticCSV(rows: 30_000, quoted: quoted, seed: quoted ? 7 : 8)
        let reference = try parse(text, pieces: 1)
        #expect(reference.rowCount == 30_000)
        #expect(reference.columns.map { numbers($0) != nil } == [true, true, false, false, true])
        #expect(reference.columns[4].missingRows == Array(stride(from: 0, to: 30_000, by: 11)))
        if quoted {
            #expect(reference.line(ofRow: 3) == 5 && reference.line(ofRow: 4) == 7)
            #expect(reference.line(ofRow: 29_999) == 30_001 + (29_999 + 3) / 7)
        }
        for pieces in [2, 3, 5, 8, 17, 64, 1000] {
            #expect(try parse(text, pieces: pieces) == reference, "\(pieces) pieces")
        }
        #expect(try parse(text) == reference)
        let small = syntheticCSV(rows: 200, quoted: quoted, seed: 9)
        #expect(try parse(small, pieces: .max) == parse(small, pieces: 1))  // a piece per row at most
    }

    @Test("a late problem is reported the same way whatever the pieces")
    func problemsAgree() throws {
        let text = syntheticCSV(rows: 20_000, quoted: true, seed: 4)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[lines.count - 40] += ",extra"
        let damaged = lines.joined(separator: "\n")
        var reasons: Set<String> = []
        for pieces in [1, 2, 7, 50] {
            let error = #expect(throws: FormatError.self) { try parse(damaged, pieces: pieces) }
            reasons.insert(error?.problem ?? "none")
        }
        #expect(reasons.count == 1)
        #expect(reasons.first?.contains("has 6 fields, the header has 5") == true, "\(reasons)")
    }
}

// A seeded mutation fuzzer for the CSV reader: valid files with bytes replaced, inserted
// (quotes, commas, line breaks, blanks, invalid UTF-8, a BOM, markers) or deleted, ranges
// repeated, and truncations. Every case must either throw a FormatError naming the file or
// return a table whose invariants hold, and the parse in one piece and in several must
// agree exactly. A trap kills the test process, so a crash fails the run too.

import Testing
import Datasets
import Support

/// Valid files the mutations start from.
private let seedFiles: [[UInt8]] = [
    Array(syntheticCSV(rows: 30, quoted: true, seed: 1).utf8),
    Array(syntheticCSV(rows: 30, quoted: true, seed: 2).utf8),
    Array(syntheticCSV(rows: 60, quoted: false, seed: 3).utf8),
    Array("a,b,c\n1,x,2.5\n3,\"y, z\",-1e2\nNA,\"multi\nline\",\n".utf8),
    Array("\u{FEFF}id,colour\r\n1,red\r\n2,\"gr\"\"een\"\r\n3,NULL".utf8),
    Array("x\n.5\n5.\n+3\n-0\ninf\n1e400\n0.1000000000000000055511151231257827\n".utf8),
]

/// Bytes worth inserting: the grammar's special characters and some invalid UTF-8.
private let interesting: [[UInt8]] = [
    [UInt8(ascii: "\"")], [UInt8(ascii: ",")], [UInt8(ascii: "\n")], [UInt8(ascii: "\r")], Array("\r\n".utf8),
    [UInt8(ascii: " ")], [UInt8(ascii: "\t")], Array("\"\"".utf8), [0xFF], [0xC3], [0xEF, 0xBB, 0xBF],
    [UInt8(ascii: "e")], [UInt8(ascii: ".")], [UInt8(ascii: "-")], [UInt8(ascii: "9")], Array("NA".utf8), [0],
]

/// `bytes` with one random mutation applied.
private func mutate(_ bytes: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
    var bytes = bytes
    let at = Int.random(in: 0...bytes.count, using: &generator)
    switch Int.random(in: 0..<6, using: &generator) {
    case 0 where at < bytes.count:  // replace a byte
        bytes[at] = Bool.random(using: &generator) ? UInt8.random(in: 0...255, using: &generator)
            : interesting.randomElement(using: &generator)![0]
    case 1:  // insert special bytes
        bytes.insert(contentsOf: interesting.randomElement(using: &generator)!, at: at)
    case 2 where at < bytes.count:  // delete a few bytes
        bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...4, using: &generator)))
    case 3:  // repeat a range somewhere else
        let start = Int.random(in: 0...bytes.count, using: &generator)
        let piece = bytes[start..<min(bytes.count, start + Int.random(in: 1...40, using: &generator))]
        bytes.insert(contentsOf: piece, at: at)
    case 4:  // truncate
        bytes.removeSubrange(at...)
    default:  // a blank line somewhere
        bytes.insert(contentsOf: Array("\n\n".utf8), at: at)
    }
    return bytes
}

/// Checks everything a returned table promises.
private func expectConsistent(_ table: CSVTable, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(table.path == "fuzz.csv", sourceLocation: sourceLocation)
    #expect(table.rowCount >= 1, sourceLocation: sourceLocation)
    #expect(!table.header.isEmpty && Set(table.header).count == table.header.count
            && table.header.allSatisfy { !$0.isEmpty }, "\(table.header)", sourceLocation: sourceLocation)
    #expect(table.columns.map(\.name) == table.header, sourceLocation: sourceLocation)
    for column in table.columns {
        #expect(column.count == table.rowCount, "\(column.name)", sourceLocation: sourceLocation)
        let missing = column.missingRows
        #expect(zip(missing, missing.dropFirst()).allSatisfy { $0 < $1 }, sourceLocation: sourceLocation)
        #expect(missing.allSatisfy { (0..<table.rowCount).contains($0) }, sourceLocation: sourceLocation)
        let isMissing = Set(missing)
        switch column.values {
        case .numeric(let values):
            #expect(values.indices.allSatisfy { values[$0].isNaN == isMissing.contains($0) },
                    "\(column.name)", sourceLocation: sourceLocation)
        case .text(let cells, let numericCells):
            #expect(missing.allSatisfy { cells[$0].isEmpty }, sourceLocation: sourceLocation)
            #expect((0...table.rowCount - missing.count).contains(numericCells), sourceLocation: sourceLocation)
        }
    }
    let lines = (0..<table.rowCount).map(table.line(ofRow:))
    #expect(lines.first.map { $0 >= 2 } ?? false, sourceLocation: sourceLocation)
    #expect(zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 }, sourceLocation: sourceLocation)
}

/// "3 rows × 2 columns" or the error, for messages.
private func brief(_ result: Result<CSVTable, any Error>) -> String {
    switch result {
    case .success(let table): "\(table.rowCount) rows × \(table.columns.count) columns"
    case .failure(let error): "\(error)"
    }
}

@Suite("CSV fuzzing")
struct CSVFuzzTests {
    @Test("3000 mutated files: a FormatError or a consistent table, the same in one piece or several")
    func mutations() {
        var generator = SeededGenerator(seed: 0xC5F_F022)
        var refused = 0
        for _ in 0..<3000 {
            var bytes = seedFiles.randomElement(using: &generator)!
            for _ in 0..<Int.random(in: 1...4, using: &generator) { bytes = mutate(bytes, using: &generator) }
            let markers = Int.random(in: 0..<5, using: &generator) == 0 ? ["-999", "?", ""] : CSV.defaultMissingMarkers
            let pieces = Int.random(in: 2...9, using: &generator)
            let whole = Result { try CSV.parse(bytes, path: "fuzz.csv", missingMarkers: markers, pieces: 1) }
            let split = Result { try CSV.parse(bytes, path: "fuzz.csv", missingMarkers: markers, pieces: pieces) }
            switch (whole, split) {
            case let (.success(table), .success(other)):
                expectConsistent(table)
                #expect(table == other, "\(pieces) pieces: \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            case let (.failure(error), .failure(other)):
                refused += 1
                let dataError = error as? FormatError
                #expect(dataError?.path == "fuzz.csv" && dataError?.problem.isEmpty == false, "\(error)")
                #expect(dataError == other as? FormatError, "\(pieces) pieces: \(error) vs \(other)")
            default:
                let text = String(decoding: bytes, as: UTF8.self).debugDescription
                Issue.record("one piece and \(pieces) pieces disagree on \(text): \(brief(whole)) vs \(brief(split))")
            }
        }
        #expect((300...2700).contains(refused), "\(refused) of 3000 refused: the mutations should mix both outcomes")
    }
}

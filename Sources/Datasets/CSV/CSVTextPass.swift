// The second pass, only for columns that hold some text: reads a piece's rows again (its
// structure is already known to be valid) and keeps those columns' cells as Strings,
// checking that each is valid UTF-8. Missing cells become "".

/// The text columns of one piece.
struct CSVTextPass {
    /// Per text column (in the order of `textColumns`), the piece's cells.
    var cells: [[String]]
    /// The first cell that is not valid UTF-8, lines counted from the piece's first line.
    var problem: CSVProblem?

    /// Reads the `chunk.rowCount` rows from `chunk.start`, keeping the columns whose index
    /// is in `textColumns` (ascending); `header` names columns in messages.
    static func read(_ bytes: CSVBytes, chunk: CSVChunk, textColumns: [Int], header: [String],
                     markers: MissingMarkers) -> CSVTextPass {
        let columns = header.count
        var slot = [Int](repeating: -1, count: columns)  // column → position in `cells`
        for (position, column) in textColumns.enumerated() { slot[column] = position }
        var cells = [[String]](repeating: [], count: textColumns.count)
        for position in cells.indices { cells[position].reserveCapacity(chunk.rowCount) }
        var i = chunk.start
        var line = 1
        for _ in 0..<chunk.rowCount {
            var lineBreaks = 0
            for column in 0..<columns {
                let field: CSVField  // pass 1 read these fields, so this scan succeeds like it did there
                do { field = try bytes.scanField(at: i) } catch {
                    return CSVTextPass(cells: cells, problem: error.problem(line: line + lineBreaks, in: bytes))
                }
                let position = slot[column]
                if position >= 0 {
                    if markers.contains(field, in: bytes) {
                        cells[position].append("")
                    } else if let text = bytes.text(field) {
                        cells[position].append(text)
                    } else {
                        let problem = CSVProblem.invalidUTF8(line: line + lineBreaks, field: column + 1, name: header[column])
                        return CSVTextPass(cells: cells, problem: problem)
                    }
                }
                lineBreaks += field.lineBreaks
                i = field.next
            }
            line += 1 + lineBreaks
        }
        return CSVTextPass(cells: cells, problem: nil)
    }
}

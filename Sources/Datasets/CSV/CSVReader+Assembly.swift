// Gathering the pieces of a parse into a `CSVTable`: each numeric column copied into one
// array (columns in parallel), missing rows and multi-line rows renumbered from the first
// data row, and the columns holding text read again (pieces in parallel) and joined.

import Support

extension CSVReader {
    /// The table made of `chunks`, consecutive pieces that together hold every data row.
    static func assemble(_ bytes: CSVBytes, path: String, header: [String], headerLines: Int,
                         chunks: [CSVChunk], markers: MissingMarkers) throws(CSVProblem) -> CSVTable {
        let columns = header.count
        var starts: [Int] = [], total = 0
        for chunk in chunks {
            starts.append(total)
            total += chunk.rowCount
        }
        let firstRows = starts, rowCount = total  // constants, for the parallel closures
        let textCells = (0..<columns).map { c in chunks.reduce(0) { $0 + $1.textCells[c] } }
        let textColumns = (0..<columns).filter { textCells[$0] > 0 }
        let numericColumns = (0..<columns).filter { textCells[$0] == 0 }

        let numbers = Parallel.map(count: numericColumns.count) { k in
            let c = numericColumns[k]
            return [Double](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                guard let out = buffer.baseAddress else { return }
                for (chunk, first) in zip(chunks, firstRows) {
                    let storage = chunk.numbers
                    (out + first).initialize(from: storage.values + c * storage.rowCapacity, count: chunk.rowCount)
                }
                initialized = rowCount
            }
        }
        let texts = textColumns.isEmpty ? [] : Parallel.map(count: chunks.count) { k in
            CSVTextPass.read(bytes, chunk: chunks[k], textColumns: textColumns, header: header, markers: markers)
        }
        var linesBefore = headerLines
        for (chunk, text) in zip(chunks, texts) {
            if let problem = text.problem { throw problem.shifted(by: linesBefore) }
            linesBefore += chunk.lineCount
        }

        var table: [CSVColumn] = []
        var nextNumeric = 0, nextText = 0
        for c in 0..<columns {
            var missingRows: [Int] = []
            for (chunk, first) in zip(chunks, firstRows) { missingRows += chunk.missingRows[c].map { $0 + first } }
            let values: CSVColumn.Values
            if textCells[c] > 0 {
                let cells = texts.flatMap { $0.cells[nextText] }
                values = .text(cells, numericCells: rowCount - missingRows.count - textCells[c])
                nextText += 1
            } else {
                values = .numeric(numbers[nextNumeric])
                nextNumeric += 1
            }
            table.append(CSVColumn(name: header[c], values: values, missingRows: missingRows))
        }
        var tallRows: [TallRow] = [], lineBreaks = 0
        for (chunk, first) in zip(chunks, firstRows) {
            for tall in chunk.tallRows {
                lineBreaks += tall.lineBreaks
                tallRows.append(TallRow(row: first + tall.row, lineBreaks: lineBreaks))
            }
        }
        return CSVTable(path: path, header: header, columns: table, rowCount: rowCount,
                        headerLines: headerLines, tallRows: tallRows)
    }
}

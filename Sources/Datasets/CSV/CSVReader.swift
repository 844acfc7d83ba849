// How a CSV file is read on all cores: the header first, then the data rows cut into pieces
// at line feeds and parsed in parallel on the guess that each cut falls between rows. A
// piece is kept only if the piece before it stopped exactly at its start; after a wrong
// guess (a quoted field holding a line break across a cut) the piece is parsed again from
// where the one before stopped. So the result, and the first problem reported, never
// depend on the cuts. Then the numbers are gathered per column, text columns read again.
import Foundation  // ProcessInfo
import Support  // CheckedSize, Parallel

/// The parse of a whole file, throwing the first problem in file order.
enum CSVReader {
    /// The table in `raw`; `pieces` overrides how many pieces the data rows are cut into.
    static func parse(_ raw: UnsafeRawBufferPointer, path: String, markers markerSet: Set<String>,
                      pieces: Int?) throws(CSVProblem) -> CSVTable {
        guard raw.count <= CSV.sizeLimit else { throw .tooLarge(bytes: raw.count, limit: CSV.sizeLimit) }
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count > 0 else { throw .empty }
        let hasBOM = raw.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF
        var end = raw.count
        while end > 0 && (base[end - 1] == UInt8(ascii: "\n") || base[end - 1] == UInt8(ascii: "\r")) { end -= 1 }
        let bytes = CSVBytes(p: base, start: hasBOM ? 3 : 0, end: max(end, hasBOM ? 3 : 0))
        guard bytes.start < bytes.end else { throw .empty }
        let (header, dataStart, headerLines) = try readHeader(bytes)
        guard dataStart < bytes.end else { throw .noDataRows }

        let markers = MissingMarkers(markerSet)
        let columns = header.count
        let cuts = cutPoints(bytes, from: dataStart, pieces: pieces ?? defaultPieces(bytes.end - dataStart))
        let lineFeeds = Parallel.map(count: cuts.count - 1) { k in countLineFeeds(bytes, cuts[k]..<cuts[k + 1]) }
        let totalLines = lineFeeds.reduce(1, +)
        guard CheckedSize.times(totalLines + cuts.count, columns, limit: CSV.cellLimit) != nil else {
            throw .tooManyCells(lines: totalLines, fields: columns, limit: CSV.cellLimit)
        }
        let guesses = Parallel.map(count: cuts.count - 1) { k in
            CSVChunk.parse(bytes, from: cuts[k], before: cuts[k + 1], columns: columns,
                           rowCapacity: lineFeeds[k] + 1, markers: markers)
        }
        var chunks: [CSVChunk] = []
        var position = dataStart, linesBefore = headerLines
        for (k, guess) in guesses.enumerated() where position < cuts[k + 1] {
            var chunk = guess
            if guess.start != position {  // the piece before ran into this one: parse it from there
                chunk = CSVChunk.parse(bytes, from: position, before: cuts[k + 1], columns: columns,
                                       rowCapacity: countLineFeeds(bytes, position..<cuts[k + 1]) + 1, markers: markers)
            }
            if let problem = chunk.problem { throw problem.shifted(by: linesBefore) }
            chunks.append(chunk)
            position = chunk.end
            linesBefore += chunk.lineCount
        }
        return try assemble(bytes, path: path, header: header, headerLines: headerLines, chunks: chunks, markers: markers)
    }

    /// The header's names, where the data rows start, and how many lines the header spans.
    static func readHeader(_ bytes: CSVBytes) throws(CSVProblem) -> (names: [String], dataStart: Int, lines: Int) {
        guard !bytes.isLineBreak(at: bytes.start) else { throw .emptyLine(line: 1) }
        var names: [String] = [], seen: [String: Int] = [:]
        var i = bytes.start, lineBreaks = 0
        while true {
            let field: CSVField
            do { field = try bytes.scanField(at: i) } catch { throw error.problem(line: 1 + lineBreaks, in: bytes) }
            guard let name = bytes.text(field) else { throw .invalidUTF8(line: 1 + lineBreaks, field: names.count + 1, name: nil) }
            guard !name.isEmpty else { throw .emptyHeaderName(field: names.count + 1) }
            if let first = seen[name] { throw .duplicateHeaderName(name, first: first, again: names.count + 1) }
            names.append(name)
            seen[name] = names.count
            lineBreaks += field.lineBreaks
            i = field.next
            if field.endsRow { return (names, i, 1 + lineBreaks) }
        }
    }

    /// Pieces of at least 1 MiB, up to four per core (so that unequal pieces even out).
    static func defaultPieces(_ byteCount: Int) -> Int {
        min(4 * ProcessInfo.processInfo.activeProcessorCount, max(1, byteCount >> 20))
    }

    /// `pieces + 1` ascending cut points (fewer if cuts coincide) from `start` to the end:
    /// each inner cut is just after the first line feed at or after an even split.
    static func cutPoints(_ bytes: CSVBytes, from start: Int, pieces: Int) -> [Int] {
        let length = bytes.end - start, pieces = min(max(1, pieces), max(1, length))  // at most one per byte
        var cuts = [start]
        for k in 1..<pieces {
            var i = max(cuts[cuts.count - 1], start + Int((Double(length) * Double(k) / Double(pieces)).rounded(.down)))
            while i < bytes.end && bytes.p[i] != UInt8(ascii: "\n") { i += 1 }
            guard i + 1 < bytes.end else { break }  // no line feed further on: the last piece runs to the end
            if i + 1 > cuts[cuts.count - 1] { cuts.append(i + 1) }
        }
        cuts.append(bytes.end)
        return cuts
    }

    /// The line feeds in `range`, eight bytes at a time.
    static func countLineFeeds(_ bytes: CSVBytes, _ range: Range<Int>) -> Int {
        var count = 0, i = range.lowerBound
        while range.upperBound &- i >= 8 {
            let word = UnsafeRawPointer(bytes.p + i).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let low7 = word & 0x7F7F_7F7F_7F7F_7F7F  // exact zero-byte test: no carry crosses bytes
            count &+= (~((low7 &+ 0x7F7F_7F7F_7F7F_7F7F) | word | 0x7F7F_7F7F_7F7F_7F7F)).nonzeroBitCount
            i &+= 8
        }
        while i < range.upperBound {
            if bytes.p[i] == UInt8(ascii: "\n") { count &+= 1 }
            i &+= 1
        }
        return count
    }
}

// The CSV grammar on raw bytes: where one field ends and what it holds (RFC 4180 quoting,
// CRLF or LF, blanks trimmed around unquoted fields), and the missing-value markers.
// Positions are indices into the whole file's bytes, so a piece parsed on its own reports
// the same positions as a parse from the start. Finding fields allocates nothing; only
// `text` makes Strings.

/// The bytes of a CSV file after the BOM and the trailing blank lines are cut off.
struct CSVBytes: @unchecked Sendable {  // read-only for the duration of a parse
    let p: UnsafePointer<UInt8>
    /// Where the text starts (after a UTF-8 byte-order mark).
    let start: Int
    /// One past the last byte that counts (trailing line breaks excluded).
    let end: Int
    /// The last line feed before `end` (or -1): a field that starts at or before it can be
    /// read without bound checks by loops that stop at a line feed.
    let lastLineFeed: Int

    init(p: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.p = p
        self.start = start
        self.end = end
        var last = end - 1
        while last >= start && p[last] != UInt8(ascii: "\n") { last -= 1 }
        lastLineFeed = last
    }

    /// Whether a row ends at `i`: a line feed, or a carriage return before one.
    @inline(__always)
    func isLineBreak(at i: Int) -> Bool {
        p[i] == UInt8(ascii: "\n") || (p[i] == UInt8(ascii: "\r") && i + 1 < end && p[i + 1] == UInt8(ascii: "\n"))
    }

    /// The index just past blanks (spaces and tabs) from `i`.
    @inline(__always)
    func skipBlanks(from i: Int) -> Int {
        var i = i
        while i < end && (p[i] == UInt8(ascii: " ") || p[i] == UInt8(ascii: "\t")) { i += 1 }
        return i
    }

    /// If a field can end at `i` (blanks, then a comma, a line break or the end of the text),
    /// the index where the next field starts and whether the row ends there.
    @inline(__always)
    func fieldEnd(at i: Int) -> (next: Int, endsRow: Bool)? {
        let i = skipBlanks(from: i)
        if i == end { return (end, true) }
        if p[i] == UInt8(ascii: ",") { return (i + 1, false) }
        if p[i] == UInt8(ascii: "\n") { return (i + 1, true) }
        if p[i] == UInt8(ascii: "\r") && i + 1 < end && p[i + 1] == UInt8(ascii: "\n") { return (i + 2, true) }
        return nil
    }
}

extension CSVBytes {
    /// If the field at `i` is an unquoted number directly followed by a comma, a line break
    /// or the end (the common case, read in one pass), its value, its text and where the
    /// next field starts; nil for anything else, which `scanField` then reads in full.
    @inline(__always)
    func numberField(at i: Int, powers: UnsafeBufferPointer<Double>)
        -> (value: Double, content: Range<Int>, next: Int, endsRow: Bool)? {
        // Before the last line feed no bound checks are needed: the parse stops at a line feed.
        i <= lastLineFeed ? numberField(at: i, bound: LineFeedAhead(), powers: powers)
            : numberField(at: i, bound: EndBound(end: end), powers: powers)
    }

    @inline(__always)
    private func numberField<Bound: ByteBound>(at i: Int, bound: Bound, powers: UnsafeBufferPointer<Double>)
        -> (value: Double, content: Range<Int>, next: Int, endsRow: Bool)? {
        // A blank or a quote at `i` is no number, so such fields go to `scanField` too.
        guard let (value, j) = NumberParser.parse(p, from: i, bound: bound, powers: powers) else { return nil }
        guard bound.allows(j) else { return (value, i..<j, j, true) }
        switch p[j] {
        case UInt8(ascii: ","): return (value, i..<j, j &+ 1, false)
        case UInt8(ascii: "\n"): return (value, i..<j, j &+ 1, true)
        case UInt8(ascii: "\r") where bound.allows(j &+ 1) && p[j &+ 1] == UInt8(ascii: "\n"): return (value, i..<j, j &+ 2, true)
        default: return nil
        }
    }
}

/// One field as found in the bytes.
struct CSVField {
    /// The field's text: inside the quotes, or the unquoted field without surrounding blanks.
    var content: Range<Int>
    /// Whether the content holds doubled quotes (`""`) that stand for one quote.
    var hasEscapedQuotes: Bool
    /// Where the next field starts.
    var next: Int
    /// Whether this was the row's last field.
    var endsRow: Bool
    /// Line breaks inside the quotes.
    var lineBreaks: Int
}

/// Why a field could not be read: where, and after how many line breaks inside the field.
struct CSVFieldFailure: Error {
    enum Kind { case unterminatedQuote, afterClosingQuote }
    var kind: Kind
    var position: Int
    var lineBreaksBefore: Int

    /// The problem, for a field that starts on line `line`.
    func problem(line: Int, in bytes: CSVBytes) -> CSVProblem {
        let line = line + lineBreaksBefore
        let column = CSVProblem.column(of: position, in: bytes.p, start: bytes.start)
        return kind == .unterminatedQuote ? .unterminatedQuote(line: line, column: column)
            : .afterClosingQuote(line: line, column: column)
    }
}

extension CSVBytes {
    /// The field that starts at `i` (a row start or just after a comma). A field whose first
    /// non-blank byte is `"` is quoted; elsewhere a quote is an ordinary character.
    func scanField(at i: Int) throws(CSVFieldFailure) -> CSVField {
        let first = skipBlanks(from: i)
        if first < end && p[first] == UInt8(ascii: "\"") { return try scanQuoted(at: first) }
        var j = first
        while j < end && p[j] != UInt8(ascii: ",") && !isLineBreak(at: j) { j += 1 }
        var last = j
        while last > first && (p[last - 1] == UInt8(ascii: " ") || p[last - 1] == UInt8(ascii: "\t")) { last -= 1 }
        let endsRow = j == end || p[j] != UInt8(ascii: ",")
        let next = j == end ? end : p[j] == UInt8(ascii: "\r") ? j + 2 : j + 1
        return CSVField(content: first..<last, hasEscapedQuotes: false, next: next, endsRow: endsRow, lineBreaks: 0)
    }

    /// The quoted field whose opening quote is at `open`.
    func scanQuoted(at open: Int) throws(CSVFieldFailure) -> CSVField {
        var j = open + 1
        var lineBreaks = 0
        var escaped = false
        while true {
            while j < end && p[j] != UInt8(ascii: "\"") {
                if p[j] == UInt8(ascii: "\n") { lineBreaks += 1 }
                j += 1
            }
            guard j < end else {
                throw CSVFieldFailure(kind: .unterminatedQuote, position: open, lineBreaksBefore: 0)
            }
            guard j + 1 < end && p[j + 1] == UInt8(ascii: "\"") else { break }
            escaped = true
            j += 2
        }
        guard let (next, endsRow) = fieldEnd(at: j + 1) else {
            throw CSVFieldFailure(kind: .afterClosingQuote, position: skipBlanks(from: j + 1), lineBreaksBefore: lineBreaks)
        }
        return CSVField(content: open + 1..<j, hasEscapedQuotes: escaped, next: next, endsRow: endsRow, lineBreaks: lineBreaks)
    }

    /// The field's text with `""` collapsed to `"`.
    func unescapedBytes(_ field: CSVField) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(field.content.count)
        var i = field.content.lowerBound
        while i < field.content.upperBound {
            bytes.append(p[i])
            i += field.hasEscapedQuotes && p[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return bytes
    }

    /// The field's text as a String, or nil if it is not valid UTF-8.
    func text(_ field: CSVField) -> String? {
        if field.hasEscapedQuotes { return Self.validString(unescapedBytes(field)) }
        return Self.validString(UnsafeBufferPointer(start: p + field.content.lowerBound, count: field.content.count))
    }

    /// `bytes` as a String if they are valid UTF-8 (decoding repairs invalid bytes, so a
    /// repaired string differs from its bytes).
    static func validString<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        let string = String(decoding: bytes, as: UTF8.self)
        return string.utf8.elementsEqual(bytes) ? string : nil
    }
}

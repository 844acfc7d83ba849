// The missing-value markers of a parse as bytes, grouped by length, so that a field is
// compared with the few markers of its length without making a String. Whether a marker
// is itself a number ("-999") decides whether numbers must be compared with them too.

/// The missing-value markers as bytes, grouped by length for quick comparison.
struct MissingMarkers: Sendable {
    private let byLength: [[[UInt8]]]
    /// Whether some marker is itself a number (e.g. "-999"), so numbers must be checked too.
    let includesNumbers: Bool

    init(_ markers: Set<String>) {
        var byLength: [[[UInt8]]] = []
        var includesNumbers = false
        for marker in markers.sorted() {
            let bytes = Array(marker.utf8)
            while byLength.count <= bytes.count { byLength.append([]) }
            byLength[bytes.count].append(bytes)
            includesNumbers = includesNumbers || bytes.withUnsafeBufferPointer { buffer in
                NumberParser.exactPowersOfTen.withUnsafeBufferPointer { powers in
                    guard let base = buffer.baseAddress else { return false }
                    return NumberParser.parse(base, from: 0, bound: EndBound(end: buffer.count), powers: powers)?.end == buffer.count
                }
            }
        }
        self.byLength = byLength
        self.includesNumbers = includesNumbers
    }

    /// Whether p[range] is one of the markers.
    @inline(__always)
    func contains(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count < byLength.count else { return false }
        for marker in byLength[range.count] where marker.withUnsafeBufferPointer({ m in
            (0..<m.count).allSatisfy { p[range.lowerBound + $0] == m[$0] }
        }) { return true }
        return false
    }

    /// Whether the field's text (quotes collapsed) is one of the markers.
    func contains(_ field: CSVField, in bytes: CSVBytes) -> Bool {
        guard field.hasEscapedQuotes else { return contains(bytes.p, field.content) }
        let unescaped = bytes.unescapedBytes(field)
        return unescaped.count < byLength.count && byLength[unescaped.count].contains(unescaped)
    }
}

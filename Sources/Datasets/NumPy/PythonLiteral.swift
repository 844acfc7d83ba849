// The Python literals an .npy header is written in (format.py writes `repr` of a dict and
// reads it back with `ast.literal_eval`): a strict parser for the small subset NumPy uses:
// a dict of str keys; str, int, True/False/None, tuple and list values. No escapes, no string
// prefixes or concatenation, no floats, no Python 2 `3L` integers. Nesting is capped so that a
// hostile header cannot exhaust the stack.

/// A value in an .npy header dict.
enum PythonLiteral: Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])

    /// The value as Python's `repr` would print it, for error messages.
    var repr: String {
        switch self {
        case .string(let text): "'\(text)'"
        case .integer(let value): String(value)
        case .boolean(let value): value ? "True" : "False"
        case .none: "None"
        case .tuple(let items): items.count == 1 ? "(\(items[0].repr),)" : "(\(items.map(\.repr).joined(separator: ", ")))"
        case .list(let items): "[\(items.map(\.repr).joined(separator: ", "))]"
        }
    }
}

/// A header that is not a dict literal of the accepted subset; `reason` says where and why.
struct PythonLiteralError: Error {
    var reason: String
}

/// Parses `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` followed by padding.
struct PythonDictParser {
    /// The deepest nesting of tuples and lists accepted inside the dict.
    static let maximumDepth = 16

    private let text: [UInt8]
    private var position = 0

    /// The dict's entries in file order (duplicates kept: the caller rejects them). Only spaces,
    /// tabs and newlines may follow the closing brace.
    static func parse(_ text: [UInt8]) throws(PythonLiteralError) -> [(key: String, value: PythonLiteral)] {
        var parser = PythonDictParser(text: text)
        parser.skipSpace()
        guard parser.peek == UInt8(ascii: "{") else {
            let start = parser.peek.map(describe) ?? "nothing but spaces"
            throw PythonLiteralError(reason: "the header is not a Python dict literal: it starts with \(start), not '{'")
        }
        parser.position += 1
        var entries: [(key: String, value: PythonLiteral)] = []
        while true {
            parser.skipSpace()
            if parser.peek == UInt8(ascii: "}") { parser.position += 1; break }
            guard case .string(let key) = try parser.value(depth: 0) else {
                throw parser.error("a dict key that is not a string")
            }
            parser.skipSpace()
            try parser.expect(":")
            parser.skipSpace()
            entries.append((key, try parser.value(depth: 0)))
            parser.skipSpace()
            if parser.peek == UInt8(ascii: ",") { parser.position += 1; continue }
            try parser.expect("}")
            break
        }
        parser.skipSpace()
        guard parser.peek == nil else { throw parser.error("text after the dict's closing '}'") }
        return entries
    }

    /// "'x'" for a printable ASCII byte, "byte 0x07" otherwise.
    private static func describe(_ byte: UInt8) -> String {
        (0x20..<0x7f).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }

    private var peek: UInt8? { position < text.count ? text[position] : nil }

    private func error(_ what: String) -> PythonLiteralError {
        PythonLiteralError(reason: "the header is not a valid dict literal: \(what) at byte \(position) of the header")
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0a { position += 1 }
    }

    private mutating func expect(_ character: Unicode.Scalar) throws(PythonLiteralError) {
        guard peek == UInt8(ascii: character) else {
            throw error(peek == nil ? "the end of the header where '\(character)' belongs" : "expected '\(character)'")
        }
        position += 1
    }

    private mutating func value(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        guard let byte = peek else { throw error("the end of the header where a value belongs") }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return try string(quote: byte)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try integer()
        case UInt8(ascii: "("), UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("tuples or lists nested more than \(Self.maximumDepth) deep") }
            return try sequence(depth: depth + 1)
        default:
            for (word, literal) in [("True", PythonLiteral.boolean(true)), ("False", .boolean(false)), ("None", .none)] {
                let end = position + word.utf8.count
                guard text[position...].starts(with: word.utf8), end == text.count || !Self.isNameByte(text[end]) else { continue }
                position = end
                return literal
            }
            if byte == UInt8(ascii: "{") { throw error("a nested dict") }
            throw error("\(Self.describe(byte)) where a value belongs")
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
    }

    private mutating func string(quote: UInt8) throws(PythonLiteralError) -> PythonLiteral {
        position += 1
        let start = position
        while let byte = peek, byte != quote {
            guard byte != UInt8(ascii: "\\") else { throw error("an escape sequence in a string (not supported)") }
            guard byte != 0x0a else { throw error("a newline inside a string") }
            position += 1
        }
        guard peek == quote else { throw error("a string that is never closed") }
        position += 1
        return .string(String(decoding: text[start..<position - 1], as: UTF8.self))
    }

    private mutating func integer() throws(PythonLiteralError) -> PythonLiteral {
        let negative = peek == UInt8(ascii: "-")
        if negative { position += 1 }
        let start = position
        var magnitude = 0
        while let byte = peek, (0x30...0x39).contains(byte) {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow1, !overflow2 else { throw error("an integer too large for 64 bits") }
            magnitude = sum
            position += 1
        }
        guard position > start else { throw error("'-' not followed by digits") }
        guard position - start == 1 || text[start] != UInt8(ascii: "0") else { throw error("an integer with a leading zero") }
        if let next = peek, next == UInt8(ascii: "L") || next == UInt8(ascii: "l") || next == UInt8(ascii: "_")
            || next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "x") {
            throw error("a number that is not a plain decimal integer")
        }
        return .integer(negative ? -magnitude : magnitude)
    }

    /// `(…)` or `[…]`. `(x)` without a comma is `x` itself, as in Python.
    private mutating func sequence(depth: Int) throws(PythonLiteralError) -> PythonLiteral {
        let isTuple = peek == UInt8(ascii: "(")
        let close: Unicode.Scalar = isTuple ? ")" : "]"
        position += 1
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            skipSpace()
            if peek == UInt8(ascii: close) { position += 1; break }
            items.append(try value(depth: depth))
            skipSpace()
            if peek == UInt8(ascii: ",") { position += 1; sawComma = true; continue }
            try expect(close)
            break
        }
        if isTuple && items.count == 1 && !sawComma { return items[0] }
        return isTuple ? .tuple(items) : .list(items)
    }
}

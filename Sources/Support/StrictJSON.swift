// JSON reading that refuses what two parsers could read differently. Foundation's decoder
// keeps one of a key's duplicates and snarkjs (JavaScript) keeps the last, so the same
// proof.json could mean two things to two verifiers: every ZKTrain reader refuses duplicate
// keys (compared after unescaping, so "a" and "\u0061" are the same key) and nesting deeper
// than `maximumDepth`, and text that is not valid UTF-8 (RFC 8259 §8.1; Foundation's decoder
// lets invalid bytes through inside a string it skips, so an edit of an ignored field would
// pass unnoticed). The scan is iterative and only looks for those things; parsing proper is
// Foundation's.
import Foundation

/// Strict JSON decoding for files a user hands to ZKTrain.
public enum StrictJSON {
    /// Deeper nesting is refused (ZKTrain's files nest a few levels).
    public static let maximumDepth = 64

    /// Decodes `T` from `data` after `check`; errors name `path` and the field.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        try check(data, path: path)
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw FormatError(path: path, problem: describe(error))
        }
    }

    /// Throws `FormatError` if `data` is not valid UTF-8, an object in it repeats a key or
    /// nesting exceeds `maximumDepth`. Malformed JSON passes here and is left to the parser.
    public static func check(_ data: Data, path: String) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            if let offset = firstInvalidUTF8(bytes) {
                throw FormatError(path: path, problem: "not valid UTF-8 text (byte \(offset))")
            }
            var keys: [Set<String>?] = []  // one entry per open container: nil for arrays
            var expectKey = false, i = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard keys.count < maximumDepth else {
                        throw FormatError(path: path, problem: "nested deeper than \(maximumDepth) levels")
                    }
                    keys.append(bytes[i] == UInt8(ascii: "{") ? [] : nil)
                    expectKey = bytes[i] == UInt8(ascii: "{")
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if !keys.isEmpty { keys.removeLast() }
                    expectKey = false
                    i += 1
                case UInt8(ascii: ","):
                    expectKey = keys.last.map { $0 != nil } ?? false
                    i += 1
                case UInt8(ascii: "\""):
                    guard expectKey, keys.last != nil else {
                        // A value: only its end matters (the keys' large files are arrays of numbers in strings).
                        i = stringEnd(bytes, from: i + 1)
                        expectKey = false
                        continue
                    }
                    let (string, end) = scanString(bytes, from: i + 1)
                    if let string {
                        guard keys[keys.count - 1]!.insert(string).inserted else {
                            throw FormatError(path: path, problem: "key \"\(string.prefix(60))\" appears twice in one object (ambiguous: readers disagree on which counts)")
                        }
                    }
                    expectKey = false
                    i = end
                default:
                    i += 1
                }
            }
        }
    }

    /// The index after the closing quote of the string starting after an opening quote at
    /// `start` (an escape's backslash and the byte after it never close it), or the end.
    private static func stringEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\""): return i + 1
            case UInt8(ascii: "\\"): i += 2
            default: i += 1
            }
        }
        return b.count
    }

    /// The unescaped string starting after an opening quote at `start`, and the index after
    /// its closing quote; nil string when an escape is invalid (the parser will refuse it).
    private static func scanString(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (String?, Int) {
        if let close = b[start...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }),
           b[close] == UInt8(ascii: "\"") {
            return (String(decoding: UnsafeBufferPointer(rebasing: b[start..<close]), as: UTF8.self), close + 1)
        }
        var units: [UInt16] = [], i = start, valid = true, raw: [UInt8] = []
        func flushRaw() {
            units.append(contentsOf: String(decoding: raw, as: UTF8.self).utf16)
            raw.removeAll(keepingCapacity: true)
        }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { flushRaw(); return (valid ? String(decoding: units, as: UTF16.self) : nil, i + 1) }
            if c != UInt8(ascii: "\\") { raw.append(c); i += 1; continue }
            flushRaw()
            guard i + 1 < b.count else { return (nil, b.count) }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "u"):
                guard i + 4 <= b.count, let v = UInt16(String(decoding: b[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                    valid = false
                    continue
                }
                units.append(v)
                i += 4
            case UInt8(ascii: "n"): units.append(10)
            case UInt8(ascii: "t"): units.append(9)
            case UInt8(ascii: "r"): units.append(13)
            case UInt8(ascii: "b"): units.append(8)
            case UInt8(ascii: "f"): units.append(12)
            default: units.append(UInt16(e))  // \" \\ \/ (anything else is invalid JSON)
            }
        }
        return (nil, b.count)
    }
}

/// A short description of a decoding error, naming the field (Foundation's are verbose).
public func describe(_ error: Error) -> String {
    func at(_ c: DecodingError.Context) -> String {
        let path = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "" : " at '\(path)'"
    }
    switch error {
    case DecodingError.keyNotFound(let key, let c): return "missing field '\(key.stringValue)'\(at(c))"
    case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
        return "wrong type or out-of-range value\(at(c))"
    case DecodingError.dataCorrupted(let c):
        return c.codingPath.isEmpty ? "not valid JSON" : "invalid value\(at(c)): \(c.debugDescription)"
    default: return "\(error)"
    }
}

/// The offset of the first byte that does not begin a valid UTF-8 sequence, or nil.
private func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    if String(validating: bytes, as: UTF8.self) != nil { return nil }
    var parser = Unicode.UTF8.ForwardParser(), iterator = bytes.makeIterator(), offset = 0
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let scalar): offset += scalar.count
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}

// A strict reader of the protobuf wire format (varint, 64-bit, length-delimited, 32-bit) over
// a byte buffer. Every read is bounds-checked and throws a `FormatError` naming the file and
// the field being read; it never traps. Deliberately not a general protobuf library: no
// groups (wire types 3 and 4 are errors), no reflection, no unknown-field preservation.
import Support

/// Protobuf wire types (groups are not supported).
enum WireType: UInt8 {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
}

/// Reads one message's fields from `bytes[start..<end]`.
struct ProtoReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int
    /// The file, for error messages.
    let path: String
    /// The message being read, e.g. `ModelProto.graph.node[3]`.
    let context: String
    /// Where tensors stored outside the file are read from (nil: such tensors are an error).
    var externalData: ONNXExternalData?

    init(_ bytes: [UInt8], path: String, context: String) {
        self.init(bytes, range: 0..<bytes.count, path: path, context: context)
    }

    init(_ bytes: [UInt8], range: Range<Int>, path: String, context: String) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.path = path
        self.context = context
    }

    /// An error at this message (and `field`, when given).
    func error(_ problem: String, field: String? = nil) -> FormatError {
        FormatError(path: path, problem: "\(context)\(field.map { "." + $0 } ?? ""): \(problem) (at byte \(offset))")
    }

    var isAtEnd: Bool { offset >= end }

    /// The next field's number and wire type, or nil at the end of the message.
    mutating func nextField() throws -> (number: Int, wire: WireType)? {
        guard offset < end else { return nil }
        let key = try varint(field: "field key")
        let number = key >> 3
        guard number >= 1, number <= (1 << 29) - 1 else { throw error("field number \(number) is out of range") }
        guard let wire = WireType(rawValue: UInt8(key & 7)) else {
            throw error("field \(number) has wire type \(key & 7), which this reader does not accept (groups or invalid)")
        }
        return (Int(number), wire)
    }

    /// A base-128 varint of at most 10 bytes.
    mutating func varint(field: String) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw error("truncated varint", field: field) }
            let b = bytes[offset]
            offset += 1
            guard shift < 64, !(shift == 63 && b > 1) else { throw error("varint longer than 64 bits", field: field) }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Checks that a field has the wire type its schema gives it.
    func expect(_ wire: WireType, _ expected: WireType, field: String) throws {
        guard wire == expected else { throw error("wire type \(wire.rawValue), expected \(expected.rawValue)", field: field) }
    }

    mutating func int64(_ wire: WireType, field: String) throws -> Int64 {
        try expect(wire, .varint, field: field)
        return Int64(bitPattern: try varint(field: field))
    }

    /// An int32 or enum field (negative values are sign-extended to 64 bits on the wire).
    mutating func int32(_ wire: WireType, field: String) throws -> Int32 {
        let v = try int64(wire, field: field)
        guard let r = Int32(exactly: v) else { throw error("value \(v) does not fit in 32 bits", field: field) }
        return r
    }

    mutating func fixed32(field: String) throws -> UInt32 {
        guard end - offset >= 4 else { throw error("truncated 32-bit value", field: field) }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }

    mutating func fixed64(field: String) throws -> UInt64 {
        guard end - offset >= 8 else { throw error("truncated 64-bit value", field: field) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }

    mutating func float(_ wire: WireType, field: String) throws -> Float {
        try expect(wire, .fixed32, field: field)
        return Float(bitPattern: try fixed32(field: field))
    }

    /// The byte range of a length-delimited field (bounds-checked against the message).
    mutating func lengthDelimited(_ wire: WireType, field: String) throws -> Range<Int> {
        try expect(wire, .lengthDelimited, field: field)
        let n = try varint(field: field)
        guard n <= UInt64(end - offset) else {
            throw error("length \(n) runs past the end of its message (\(end - offset) bytes left)", field: field)
        }
        let start = offset
        offset += Int(n)
        return start..<offset
    }

    mutating func bytes(_ wire: WireType, field: String) throws -> [UInt8] {
        Array(bytes[try lengthDelimited(wire, field: field)])
    }

    mutating func string(_ wire: WireType, field: String) throws -> String {
        let raw = try bytes(wire, field: field)
        guard let s = String(validating: raw, as: UTF8.self) else { throw error("not valid UTF-8", field: field) }
        return s
    }

    /// A reader for the embedded message in a length-delimited field.
    mutating func message(_ wire: WireType, field: String) throws -> ProtoReader {
        let range = try lengthDelimited(wire, field: field)
        var m = ProtoReader(bytes, range: range, path: path, context: context + "." + field)
        m.externalData = externalData
        return m
    }

    /// A repeated int64 field, packed (one length-delimited run) or not (one varint).
    mutating func appendInt64s(_ wire: WireType, to values: inout [Int64], field: String) throws {
        if wire == .varint { values.append(Int64(bitPattern: try varint(field: field))); return }
        let range = try lengthDelimited(wire, field: field)
        var inner = ProtoReader(bytes, range: range, path: path, context: context + "." + field)
        while !inner.isAtEnd { values.append(Int64(bitPattern: try inner.varint(field: "packed value"))) }
    }

    /// A repeated float field, packed or not.
    mutating func appendFloats(_ wire: WireType, to values: inout [Float], field: String) throws {
        if wire == .fixed32 { values.append(Float(bitPattern: try fixed32(field: field))); return }
        let range = try lengthDelimited(wire, field: field)
        guard range.count % 4 == 0 else { throw error("packed floats of \(range.count) bytes, not a multiple of 4", field: field) }
        var inner = ProtoReader(bytes, range: range, path: path, context: context + "." + field)
        values.reserveCapacity(values.count + range.count / 4)
        while !inner.isAtEnd { values.append(Float(bitPattern: try inner.fixed32(field: field))) }
    }

    /// A repeated double field, packed or not.
    mutating func appendDoubles(_ wire: WireType, to values: inout [Double], field: String) throws {
        if wire == .fixed64 { values.append(Double(bitPattern: try fixed64(field: field))); return }
        let range = try lengthDelimited(wire, field: field)
        guard range.count % 8 == 0 else { throw error("packed doubles of \(range.count) bytes, not a multiple of 8", field: field) }
        var inner = ProtoReader(bytes, range: range, path: path, context: context + "." + field)
        while !inner.isAtEnd { values.append(Double(bitPattern: try inner.fixed64(field: field))) }
    }

    /// Skips a field this reader does not use.
    mutating func skip(_ wire: WireType, number: Int) throws {
        let field = "field \(number)"
        switch wire {
        case .varint: _ = try varint(field: field)
        case .fixed64: _ = try fixed64(field: field)
        case .fixed32: _ = try fixed32(field: field)
        case .lengthDelimited: _ = try lengthDelimited(wire, field: field)
        }
    }
}

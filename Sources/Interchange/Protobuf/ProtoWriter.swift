// Writes the protobuf wire format: the fields ONNX files need (varints, floats, bytes,
// strings, embedded messages, packed repeated numbers). Fields are written in the order
// the caller gives; nothing is written for an empty repeated field.

/// Builds one message's bytes.
struct ProtoWriter {
    private(set) var bytes: [UInt8] = []

    private mutating func rawVarint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    private mutating func key(_ field: Int, _ wire: WireType) { rawVarint(UInt64(field) << 3 | UInt64(wire.rawValue)) }

    mutating func int64(_ field: Int, _ v: Int64) { key(field, .varint); rawVarint(UInt64(bitPattern: v)) }

    mutating func float(_ field: Int, _ v: Float) {
        key(field, .fixed32)
        let b = v.bitPattern
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: b >> (8 * UInt32(i)))) }
    }

    mutating func bytes(_ field: Int, _ v: [UInt8]) { key(field, .lengthDelimited); rawVarint(UInt64(v.count)); bytes += v }

    mutating func string(_ field: Int, _ s: String) { bytes(field, Array(s.utf8)) }

    mutating func message(_ field: Int, _ m: ProtoWriter) { bytes(field, m.bytes) }

    mutating func packedInt64s(_ field: Int, _ values: [Int64]) {
        guard !values.isEmpty else { return }
        var inner = ProtoWriter()
        for v in values { inner.rawVarint(UInt64(bitPattern: v)) }
        message(field, inner)
    }

    mutating func packedFloats(_ field: Int, _ values: [Float]) {
        guard !values.isEmpty else { return }
        bytes(field, littleEndianBytes(values))
    }
}

/// The IEEE binary32 bytes of `values`, little-endian (ONNX's raw_data layout).
func littleEndianBytes(_ values: [Float]) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(values.count * 4)
    for v in values {
        let b = v.bitPattern
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: b >> (8 * UInt32(i)))) }
    }
    return out
}

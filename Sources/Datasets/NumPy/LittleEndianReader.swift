// Bounds-checked little-endian reads of ZIP records from bytes in memory: every read past the
// end of the allowed range throws instead of trapping.

/// Reads little-endian integers and byte ranges from `bytes` within a range, moving forward.
struct LittleEndianReader {
    /// A read that would pass the end of the range.
    struct OutOfBounds: Error {}

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    /// A reader of the bytes from `start` up to `end`, clamped to the bytes that exist (a
    /// start past the end leaves nothing to read).
    init(_ bytes: [UInt8], from start: Int, to end: Int) {
        self.bytes = bytes
        self.end = min(max(end, 0), bytes.count)
        position = min(max(start, 0), self.end)
    }

    /// The unsigned integer at `offset` in `bytes`, nil if it does not fit.
    static func field<T: FixedWidthInteger & UnsignedInteger>(_: T.Type, in bytes: [UInt8], at offset: Int) -> T? {
        guard offset >= 0, offset < bytes.count else { return nil }
        var reader = LittleEndianReader(bytes, from: offset, to: bytes.count)
        return try? reader.read(T.self)
    }

    mutating func read<T: FixedWidthInteger & UnsignedInteger>(_: T.Type) throws(OutOfBounds) -> T {
        let size = MemoryLayout<T>.size
        guard end - position >= size else { throw OutOfBounds() }
        var value: T = 0
        for offset in (0..<size).reversed() {
            value = value << 8 | T(bytes[position + offset])
        }
        position += size
        return value
    }

    /// The range of the next `count` bytes, which the reader moves past.
    mutating func take(_ count: Int) throws(OutOfBounds) -> Range<Int> {
        guard count >= 0, end - position >= count else { throw OutOfBounds() }
        position += count
        return position - count..<position
    }

    mutating func skip(_ count: Int) throws(OutOfBounds) {
        _ = try take(count)
    }
}

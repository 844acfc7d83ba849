// The writing side of `KeyFileReader`: little-endian integers and points as `proving.key` and
// the weight-wire sums file store them (field elements as 32-byte little-endian canonical
// values, G1 = x‖y, G2 = x.c0‖x.c1‖y.c0‖y.c1, infinity = all zeros).

struct KeyFileWriter {
    private(set) var bytes: [UInt8]

    /// Starts the file with `magic` and `version`.
    init(magic: [UInt8], version: UInt32, reserving capacity: Int = 0) {
        bytes = magic
        bytes.reserveCapacity(capacity)
        u32(version)
    }

    mutating func raw(_ more: [UInt8]) { bytes += more }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }

    mutating func g1(_ point: G1Affine) {
        bytes += point.isInfinity ? [UInt8](repeating: 0, count: 64) : point.x.littleEndianBytes + point.y.littleEndianBytes
    }

    mutating func g2(_ point: G2Affine) {
        bytes += point.isInfinity ? [UInt8](repeating: 0, count: 128)
            : point.x.c0.littleEndianBytes + point.x.c1.littleEndianBytes + point.y.c0.littleEndianBytes + point.y.c1.littleEndianBytes
    }
}

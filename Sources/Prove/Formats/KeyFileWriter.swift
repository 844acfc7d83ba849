// The writing side of `KeyFileReader`: little-endian integers and points as `proving.key` and
// the weight-wire sums file store them (field elements as 32-byte little-endian canonical
// values, G1 = x‖y, G2 = x.c0‖x.c1‖y.c0‖y.c1, infinity = all zeros), or as a snarkjs `.zkey`
// does (the same with coordinates in Montgomery form).

struct KeyFileWriter {
    private(set) var bytes: [UInt8]
    /// `true` to write coordinates in Montgomery form (x·2^256 mod p) rather than canonical.
    var montgomeryCoordinates = false

    /// Starts the file with `magic` and `version`.
    init(magic: [UInt8], version: UInt32, reserving capacity: Int = 0) {
        bytes = magic
        bytes.reserveCapacity(capacity)
        u32(version)
    }

    /// Starts a later piece of a file written in pieces.
    init(reserving capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ more: [UInt8]) { bytes += more }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }

    /// A field element as the four limbs of its canonical value or of its Montgomery form
    /// (infinity's zero coordinates are zero in either form).
    mutating func fq(_ x: Fq) {
        let limbs = montgomeryCoordinates ? x.montgomeryLimbs : x.canonical
        u64(limbs.0)
        u64(limbs.1)
        u64(limbs.2)
        u64(limbs.3)
    }

    mutating func g1(_ point: G1Affine) {
        fq(point.x)
        fq(point.y)
    }

    mutating func g2(_ point: G2Affine) {
        fq(point.x.c0)
        fq(point.x.c1)
        fq(point.y.c0)
        fq(point.y.c1)
    }
}

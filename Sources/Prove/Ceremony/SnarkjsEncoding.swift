// How snarkjs feeds points to its hashes (wasmcurves' LEMtoU / LEMtoC): "uncompressed" is
// x ‖ y, each coordinate's canonical value big-endian, where an Fq2 coordinate c0 + c1·u is
// the 64-byte big-endian number c1‖c0 (the little-endian c0‖c1 reversed whole); "compressed"
// is x alone with bit 0x80 of the first byte set when y is "negative" (canonical value above
// (p − 1)/2; in Fq2 that of c1, or of c0 when c1 = 0). Infinity is all zeros uncompressed
// (the circuit hashes of real snarkjs keys, whose A and B lists hold many, say so:
// SnarkjsContributionTests) and zeros with 0x40 in the first byte compressed (wasmcurves'
// source; never hashed for a valid accumulator, whose points are all finite). Files store
// points differently (PtauFile: little-endian Montgomery form).
import Support

extension Fq {
    /// The canonical value as 32 big-endian bytes, appended to `out`.
    @inline(__always) func appendBigEndian(to out: inout [UInt8]) {
        let c = canonical
        for limb in [c.3, c.2, c.1, c.0] { for k in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(k))) } }
    }
}

extension G1Affine {
    /// snarkjs's uncompressed encoding (64 bytes).
    public var snarkjsUncompressed: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(64)
        appendUncompressed(to: &out)
        return out
    }

    func appendUncompressed(to out: inout [UInt8]) {
        if isInfinity { out += [UInt8](repeating: 0, count: 64); return }
        x.appendBigEndian(to: &out)
        y.appendBigEndian(to: &out)
    }

    func appendCompressed(to out: inout [UInt8]) {
        if isInfinity { out += [0x40] + [UInt8](repeating: 0, count: 31); return }
        let start = out.count
        x.appendBigEndian(to: &out)
        if y.snarkjsIsNegative { out[start] |= 0x80 }
    }
}

extension G2Affine {
    /// snarkjs's uncompressed encoding (128 bytes).
    public var snarkjsUncompressed: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(128)
        appendUncompressed(to: &out)
        return out
    }

    func appendUncompressed(to out: inout [UInt8]) {
        if isInfinity { out += [UInt8](repeating: 0, count: 128); return }
        for c in [x.c1, x.c0, y.c1, y.c0] { c.appendBigEndian(to: &out) }
    }

    func appendCompressed(to out: inout [UInt8]) {
        if isInfinity { out += [0x40] + [UInt8](repeating: 0, count: 63); return }
        let start = out.count
        x.c1.appendBigEndian(to: &out)
        x.c0.appendBigEndian(to: &out)
        if y.snarkjsIsNegative { out[start] |= 0x80 }
    }
}

/// A point snarkjs can hash (G1 or G2).
protocol SnarkjsHashable: Sendable {
    func appendUncompressed(to out: inout [UInt8])
    func appendCompressed(to out: inout [UInt8])
}
extension G1Affine: SnarkjsHashable {}
extension G2Affine: SnarkjsHashable {}

extension Blake2b {
    /// Absorbs `points` in snarkjs's uncompressed (or compressed) encoding; the encoding runs
    /// in parallel chunks, the hashing in order.
    mutating func update<P: SnarkjsHashable>(_ points: ArraySlice<P>, compressed: Bool = false) {
        let chunk = 1 << 14
        var start = points.startIndex
        while start < points.endIndex {
            let end = min(points.endIndex, start + 2 * chunk), first = start
            let halves = Parallel.map(count: end - start > chunk ? 2 : 1) { half -> [UInt8] in
                let lo = first + half * chunk, hi = min(end, lo + chunk)
                var bytes = [UInt8]()
                bytes.reserveCapacity((hi - lo) * 128)
                for i in lo..<hi {
                    if compressed { points[i].appendCompressed(to: &bytes) } else { points[i].appendUncompressed(to: &bytes) }
                }
                return bytes
            }
            for bytes in halves { update(bytes) }
            start = end
        }
    }

    /// Absorbs one point, uncompressed.
    mutating func update<P: SnarkjsHashable>(point: P) { update([point][...]) }

    /// A big-endian 32-bit integer (snarkjs's `hashU32` in the circuit hash).
    public mutating func update(bigEndian value: UInt32) {
        update([UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
    }
}

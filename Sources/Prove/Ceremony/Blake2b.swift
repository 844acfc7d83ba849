// BLAKE2b-512 (RFC 7693), unkeyed, incremental: every hash of a snarkjs ceremony (challenge
// and response hashes, phase-2 transcripts, the circuit hash). It can export and import its
// state in blake2b-wasm's 216-byte layout, which snarkjs stores in a .ptau contribution as
// `partialHash` (buffer[128] ‖ h[8] u64 ‖ bytes compressed u64 ‖ bytes buffered u64 ‖ 8 unused),
// and it compresses a block only when more input arrives, as blake2b-wasm does, so that an
// exported state matches snarkjs's byte for byte. Not constant-time; not a MAC.

/// An incremental unkeyed BLAKE2b with a 64-byte digest.
public struct Blake2b: Sendable {
    private var h: [UInt64]
    private var buffer = [UInt8](repeating: 0, count: 128)
    private var buffered = 0
    private var compressed: UInt64 = 0

    static let iv: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]
    static let sigma: [[Int]] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ]

    /// A fresh hash (digest length 64, no key, fanout 1, depth 1).
    public init() {
        h = Self.iv
        h[0] ^= 0x0101_0040
    }

    /// The hash of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = Blake2b()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Absorbs `bytes`.
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { update($0) } }

    /// Absorbs the bytes in `input`.
    public mutating func update(_ input: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < input.count {
            if buffered == 128 {  // a full block waits until more input shows it is not the last
                compressed &+= 128
                buffer.withUnsafeBufferPointer { compress($0.baseAddress!, last: false) }
                buffered = 0
            }
            if buffered == 0, input.count - offset > 128 {  // whole blocks straight from the input
                compressed &+= 128
                compress(input.baseAddress! + offset, last: false)
                offset += 128
                continue
            }
            let n = min(128 - buffered, input.count - offset)
            for k in 0..<n { buffer[buffered + k] = input[offset + k] }
            buffered += n
            offset += n
        }
    }

    /// The 64-byte digest of everything absorbed (the hash itself is left unchanged).
    public func finalize() -> [UInt8] {
        var copy = self
        copy.compressed &+= UInt64(copy.buffered)
        for k in copy.buffered..<128 { copy.buffer[k] = 0 }
        copy.buffer.withUnsafeBufferPointer { copy.compress($0.baseAddress!, last: true) }
        return copy.h.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) } }
    }

    /// The state as blake2b-wasm lays it out (snarkjs's `partialHash`, 216 bytes).
    public var partialState: [UInt8] {
        var out = buffer
        for word in h { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(k)))) } }
        for value in [compressed, UInt64(buffered), 0] { for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(k)))) } }
        return out
    }

    /// The hash whose state is `partialState` (216 bytes), or `nil` if it is malformed (more
    /// than 128 bytes buffered, or a count that is not a whole number of blocks).
    public init?(partialState bytes: [UInt8]) {
        guard bytes.count == 216 else { return nil }
        func word(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        h = (0..<8).map { word(128 + 8 * $0) }
        compressed = word(192)
        let pending = word(200)
        guard pending <= 128, compressed % 128 == 0 else { return nil }
        buffered = Int(pending)
        buffer = Array(bytes[0..<128])
    }

    private mutating func compress(_ block: UnsafePointer<UInt8>, last: Bool) {
        let counter = compressed
        h.withUnsafeMutableBufferPointer { h in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 32) { scratch in
                let m = scratch.baseAddress!, v = m + 16
                let raw = UnsafeRawPointer(block)
                for i in 0..<16 { m[i] = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) }
                for i in 0..<8 {
                    v[i] = h[i]
                    v[i + 8] = Self.iv[i]
                }
                v[12] ^= counter
                if last { v[14] = ~v[14] }
                @inline(__always) func mix(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
                    v[a] = v[a] &+ v[b] &+ x
                    v[d] = (v[d] ^ v[a]).rotatedRight(32)
                    v[c] = v[c] &+ v[d]
                    v[b] = (v[b] ^ v[c]).rotatedRight(24)
                    v[a] = v[a] &+ v[b] &+ y
                    v[d] = (v[d] ^ v[a]).rotatedRight(16)
                    v[c] = v[c] &+ v[d]
                    v[b] = (v[b] ^ v[c]).rotatedRight(63)
                }
                Self.sigmaFlat.withUnsafeBufferPointer { sigma in
                    for round in 0..<12 {
                        let s = sigma.baseAddress! + 16 * (round % 10)
                        mix(0, 4, 8, 12, m[Int(s[0])], m[Int(s[1])])
                        mix(1, 5, 9, 13, m[Int(s[2])], m[Int(s[3])])
                        mix(2, 6, 10, 14, m[Int(s[4])], m[Int(s[5])])
                        mix(3, 7, 11, 15, m[Int(s[6])], m[Int(s[7])])
                        mix(0, 5, 10, 15, m[Int(s[8])], m[Int(s[9])])
                        mix(1, 6, 11, 12, m[Int(s[10])], m[Int(s[11])])
                        mix(2, 7, 8, 13, m[Int(s[12])], m[Int(s[13])])
                        mix(3, 4, 9, 14, m[Int(s[14])], m[Int(s[15])])
                    }
                }
                for i in 0..<8 { h[i] ^= v[i] ^ v[i + 8] }
            }
        }
    }

    static let sigmaFlat: [UInt8] = sigma.flatMap { $0.map { UInt8($0) } }
}

extension UInt64 {
    @inline(__always) fileprivate func rotatedRight(_ n: UInt64) -> UInt64 { (self >> n) | (self << (64 - n)) }
}

/// Bytes as lowercase hexadecimal.
public func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}

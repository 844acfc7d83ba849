// The Grain LFSR of the Poseidon paper (Grassi et al., "Poseidon: A New Hash Function for
// Zero-Knowledge Proof Systems", eprint 2019/458, Appendix F; reference script
// generate_parameters_grain.sage): an 80-bit LFSR, self-shrinking, that draws round
// constants and MDS entries from the instance's parameters. Not a general-purpose RNG.

/// The self-shrinking 80-bit Grain LFSR, seeded with (field, S-box, n, t, R_F, R_P).
///
/// Raw bits follow b[k+80] = b[k+62] ⊕ b[k+51] ⊕ b[k+38] ⊕ b[k+23] ⊕ b[k+13] ⊕ b[k]; the
/// first 160 are discarded, then bits are read in pairs and the second bit of a pair is
/// output only when the first is 1. The register is clocked 16 bits at a time (every tap
/// of the next 16 bits is already in the window), which keeps generation cheap.
struct GrainLFSR {
    /// Register window: bit i of `low` is b[k+i] (i < 64); bit i of `high` is b[k+64+i] (i < 16).
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    /// Output bits not yet consumed, next one in bit 0.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    /// Seeds the register as the reference script does for a prime field (field = 1) with
    /// the x^α S-box (S-box = 0): 2 + 4 + 12 + 12 + 10 + 10 bits of parameters, most
    /// significant bit first, then 30 ones; then discards 160 raw bits.
    init(fieldBits n: Int, width t: Int, fullRounds: Int, partialRounds: Int) {
        var seed: [UInt64] = []
        func append(_ value: Int, bits: Int) {
            precondition(value >= 0 && value < 1 << bits, "GrainLFSR: parameter \(value) does not fit \(bits) bits")
            for i in stride(from: bits - 1, through: 0, by: -1) { seed.append(UInt64((value >> i) & 1)) }
        }
        append(1, bits: 2)  // field: GF(p)
        append(0, bits: 4)  // S-box: x^alpha
        append(n, bits: 12)
        append(t, bits: 12)
        append(fullRounds, bits: 10)
        append(partialRounds, bits: 10)
        seed += Array(repeating: 1, count: 30)
        for (i, bit) in seed.enumerated() {
            if i < 64 { low |= bit << UInt64(i) } else { high |= bit << UInt64(i - 64) }
        }
        for _ in 0..<10 { _ = clock16() }  // 160 discarded bits
    }

    /// The 16 window bits starting at position `shift` (0 ≤ shift ≤ 64).
    private func window16(at shift: Int) -> UInt64 {
        let bits = shift == 0 ? low : shift == 64 ? high : (low >> UInt64(shift)) | (high << UInt64(64 - shift))
        return bits & 0xFFFF
    }

    /// Advances the register by 16 steps and returns the 16 new raw bits (oldest in bit 0).
    private mutating func clock16() -> UInt64 {
        let new = window16(at: 62) ^ window16(at: 51) ^ window16(at: 38) ^ window16(at: 23)
            ^ window16(at: 13) ^ window16(at: 0)
        low = (low >> 16) | (high << 48)
        high = new
        return new
    }

    /// For each byte of raw bits (4 pairs, oldest in bit 0): the output bits it yields in
    /// the low nibble (oldest in bit 0) and their count in the high nibble.
    private static let shrinkTable: [UInt8] = (0..<256).map { byte in
        var bits = 0, count = 0
        for pair in 0..<4 where (byte >> (2 * pair)) & 1 == 1 {
            bits |= ((byte >> (2 * pair + 1)) & 1) << count
            count += 1
        }
        return UInt8(count << 4 | bits)
    }

    /// The next output bit (0 or 1).
    mutating func nextBit() -> UInt64 {
        if pendingCount == 0 { refill() }
        let bit = pending & 1
        pending >>= 1
        pendingCount -= 1
        return bit
    }

    /// Clocks the register until at least one output bit is pending (`pendingCount` ≤ 8).
    private mutating func refill() {
        let table = Self.shrinkTable
        while pendingCount == 0 {
            let raw = clock16()
            let older = UInt64(table[Int(raw & 0xFF)]), newer = UInt64(table[Int(raw >> 8)])
            pending |= (older & 0xF) << UInt64(pendingCount)
            pendingCount += Int(older >> 4)
            pending |= (newer & 0xF) << UInt64(pendingCount)
            pendingCount += Int(newer >> 4)
        }
    }

    /// The next `bitCount` output bits as an integer, first bit most significant
    /// (the script's `int("".join(bits), 2)`), as four little-endian limbs.
    mutating func nextInteger(bitCount: Int) -> [UInt64] {
        precondition(bitCount > 0 && bitCount <= 256)
        var limbs: [UInt64] = [0, 0, 0, 0]
        for position in stride(from: bitCount - 1, through: 0, by: -1) {
            limbs[position / 64] |= nextBit() << UInt64(position % 64)
        }
        return limbs
    }
}

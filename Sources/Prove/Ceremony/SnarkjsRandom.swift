// The deterministic randomness of snarkjs ceremonies (ffjavascript's `ChaCha`, `F.fromRng`,
// `G.fromRng`, snarkjs's `hashToG2`, `getRandomRng`, `rngFromBeaconParams`), reproduced bit for
// bit: a verifier derives each contribution's G2 point from its transcript hash this way, and
// a beacon's keys from the beacon value. ChaCha20 block function keyed by eight 32-bit words
// (read big-endian from a digest), 128-bit block counter, no nonce. A field element is drawn
// as four 64-bit words (high 32 bits first), masked to 254 bits, rejected if ≥ the modulus,
// and taken as *Montgomery* limbs. Not constant-time.
import Support

/// ffjavascript's ChaCha random generator.
public struct SnarkjsChaCha: Sendable {
    private var state: [UInt32]
    private var block = [UInt32](repeating: 0, count: 16)
    private var index = 16

    /// Keyed by eight 32-bit words.
    public init(seed: [UInt32]) {
        precondition(seed.count == 8, "ChaCha seed: 8 words")
        state = [0x6170_7865, 0x3320_646E, 0x7962_2D32, 0x6B20_6574] + seed + [0, 0, 0, 0]
    }

    /// Keyed by the first 32 bytes of `digest`, read as big-endian 32-bit words.
    public init(digest: [UInt8]) {
        self.init(seed: (0..<8).map { i in (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(digest[4 * i + $1]) } })
    }

    public mutating func nextU32() -> UInt32 {
        if index == 16 { refill() }
        defer { index += 1 }
        return block[index]
    }

    /// High word first.
    public mutating func nextU64() -> UInt64 { UInt64(nextU32()) << 32 | UInt64(nextU32()) }

    public mutating func nextBool() -> Bool { nextU32() & 1 == 1 }

    private mutating func refill() {
        var x = state
        @inline(__always) func quarter(_ a: Int, _ b: Int, _ c: Int, _ d: Int) {
            x[a] = x[a] &+ x[b]; x[d] ^= x[a]; x[d] = x[d] << 16 | x[d] >> 16
            x[c] = x[c] &+ x[d]; x[b] ^= x[c]; x[b] = x[b] << 12 | x[b] >> 20
            x[a] = x[a] &+ x[b]; x[d] ^= x[a]; x[d] = x[d] << 8 | x[d] >> 24
            x[c] = x[c] &+ x[d]; x[b] ^= x[c]; x[b] = x[b] << 7 | x[b] >> 25
        }
        for _ in 0..<10 {
            quarter(0, 4, 8, 12); quarter(1, 5, 9, 13); quarter(2, 6, 10, 14); quarter(3, 7, 11, 15)
            quarter(0, 5, 10, 15); quarter(1, 6, 11, 12); quarter(2, 7, 8, 13); quarter(3, 4, 9, 14)
        }
        for i in 0..<16 { block[i] = x[i] &+ state[i] }
        index = 0
        for i in 12..<16 {
            state[i] &+= 1
            if state[i] != 0 { break }
        }
    }

    /// snarkjs's `getRandomRng`: ChaCha keyed by BLAKE2b(64 bytes of system randomness ‖ UTF-8
    /// of `entropy`). The user's text is mixed in; the system CSPRNG alone already suffices.
    public static func fromEntropy(_ entropy: String) -> SnarkjsChaCha {
        var system = SystemRandomNumberGenerator()
        var hasher = Blake2b()
        hasher.update((0..<8).flatMap { _ in withUnsafeBytes(of: system.next()) { Array($0) } })
        hasher.update(Array(entropy.utf8))
        return SnarkjsChaCha(digest: hasher.finalize())
    }

    /// snarkjs's `rngFromBeaconParams`: SHA-256 applied 2^`iterationsExponent` times to
    /// `beacon`, then ChaCha keyed by the result. The exponent must be in 10...63 (snarkjs's range).
    public static func fromBeacon(_ beacon: [UInt8], iterationsExponent: Int) -> SnarkjsChaCha {
        precondition((1...63).contains(iterationsExponent))
        var value = beacon
        for _ in 0..<(UInt64(1) << UInt64(iterationsExponent)) { value = sha256(value) }
        return SnarkjsChaCha(digest: value)
    }
}

extension MontgomeryField {
    /// ffjavascript's `F.fromRng`: 4 × `nextU64` (low limb first), masked to the modulus'
    /// bit length, rejected while ≥ the modulus; the limbs are the Montgomery form.
    public static func snarkjsRandom(using rng: inout SnarkjsChaCha) -> Self {
        let mask = UInt64.max >> UInt64(modulus.3.leadingZeroBitCount)
        while true {
            let x: Limbs = (rng.nextU64(), rng.nextU64(), rng.nextU64(), rng.nextU64() & mask)
            if limbsLess(x, modulus) { return Self(montgomeryLimbs: x) }
        }
    }

    /// ffjavascript's sign: `true` if the canonical value exceeds (m − 1)/2.
    var snarkjsIsNegative: Bool {
        let c = canonical
        let half = limbsShiftRight1(Self.modulus)  // (m − 1)/2 for odd m
        return limbsLess(half, c)
    }
}

extension Fq2 {
    /// ffjavascript's F2 sign: that of c1, or of c0 when c1 = 0.
    var snarkjsIsNegative: Bool { c1.isZero ? c0.snarkjsIsNegative : c1.snarkjsIsNegative }
}

extension G1Affine {
    /// ffjavascript's `G1.fromRng`: x drawn until x³ + 3 is a square, then the root whose
    /// sign is the next random bit (the cofactor is 1).
    public static func snarkjsRandom(using rng: inout SnarkjsChaCha) -> G1Affine {
        while true {
            let x = Fq.snarkjsRandom(using: &rng)
            let greatest = rng.nextBool()
            guard var y = (x.squared() * x + b).squareRoot(), !y.isZero else { continue }
            if greatest != y.snarkjsIsNegative { y = -y }
            return G1Affine(uncheckedX: x, y: y)
        }
    }
}

extension G2Affine {
    /// The cofactor of the twist, 2p − r.
    static let cofactor: [UInt64] = [0x345f_2299_c0f9_fa8d, 0x06ce_ecda_572a_2489, 0xb850_45b6_8181_585e, 0x3064_4e72_e131_a029]

    /// ffjavascript's `G2.fromRng`: x ∈ Fq2 (c0 then c1) drawn until x³ + b' is a square, the
    /// root with the next random bit as sign, multiplied by the cofactor.
    public static func snarkjsRandom(using rng: inout SnarkjsChaCha) -> G2Affine {
        while true {
            let c0 = Fq.snarkjsRandom(using: &rng), c1 = Fq.snarkjsRandom(using: &rng)
            let x = Fq2(c0, c1)
            let greatest = rng.nextBool()
            guard var y = (x.squared() * x + b).squareRoot(), !y.isZero else { continue }
            if greatest != y.snarkjsIsNegative { y = -y }
            return G2Jacobian(G2Affine(uncheckedX: x, y: y)).multiplied(byInteger: cofactor).toAffine()
        }
    }

    /// snarkjs's `hashToG2`: `snarkjsRandom` with ChaCha keyed by the digest's first 32 bytes.
    public static func snarkjsHash(_ digest: [UInt8]) -> G2Affine {
        var rng = SnarkjsChaCha(digest: digest)
        return snarkjsRandom(using: &rng)
    }
}

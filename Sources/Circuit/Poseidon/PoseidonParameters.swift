// Poseidon parameters of circomlib's BN254 instances (x^5, R_F = 8, R_P per width), generated
// on first use as circomlib's were: the procedure of the Poseidon paper's reference script
// generate_parameters_grain.sage (eprint 2019/458, App. F) for `1 0 254 t 8 R_P r`; no table.
// Its MDS security checks (algorithms 1–3) are not re-run: the first Cauchy candidate is
// taken, and the vectors confirm it is circomlib's matrix for every width.
import Foundation
import Prove

/// Round constants and MDS matrix of one Poseidon width t (state size, t = inputs + 1).
struct PoseidonParameters: Sendable {
    /// Full rounds R_F, half before and half after the partial rounds.
    static let fullRounds = 8
    /// R_P for t = 2…17: circomlib's numbers (the paper's security bounds for x^5 at
    /// 128 bits, rounded up to a multiple of t, as in circomlibjs poseidon_reference.js).
    static let partialRoundsByWidth = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68]
    /// The widths circomlib defines.
    static let widths = 2...17
    /// Field size n in bits (r < 2^254).
    static let fieldBits = 254

    /// State size t.
    let width: Int
    /// R_P for this width.
    let partialRounds: Int
    /// Round constants, `roundConstants[round * width + i]` is added to state element i.
    let roundConstants: [Fr]
    /// MDS matrix, row-major: `mds[i * width + j]`; the linear layer is new[i] = Σ_j mds[i][j]·state[j].
    let mds: [Fr]

    var rounds: Int { Self.fullRounds + partialRounds }

    /// `true` if round `round` applies the S-box to every element (else only to element 0).
    func isFullRound(_ round: Int) -> Bool {
        round < Self.fullRounds / 2 || round >= Self.fullRounds / 2 + partialRounds
    }

    /// Generates the parameters for width `t` (about a millisecond per width in release builds).
    init(width t: Int) {
        precondition(Self.widths.contains(t), "Poseidon: width \(t) outside 2…17")
        width = t
        partialRounds = Self.partialRoundsByWidth[t - 2]
        var grain = GrainLFSR(fieldBits: Self.fieldBits, width: t, fullRounds: Self.fullRounds,
                              partialRounds: partialRounds)

        // Round constants: n-bit samples, rejected (and redrawn) if not below r.
        var constants: [Fr] = []
        let count = (Self.fullRounds + partialRounds) * t
        constants.reserveCapacity(count)
        while constants.count < count {
            if let c = Fr(canonicalLimbs: grain.nextInteger(bitCount: Self.fieldBits)) { constants.append(c) }
        }
        roundConstants = constants

        // MDS: Cauchy matrix 1/(x_i + y_j) from 2t further samples, reduced mod r (the
        // script's F(int)); redrawn if the samples repeat or some x_i + y_j is zero.
        while true {
            var samples = (0..<2 * t).map { _ in Self.reduced(grain.nextInteger(bitCount: Self.fieldBits)) }
            while Set(samples.map(\.canonicalLimbs)).count != 2 * t {
                samples = (0..<2 * t).map { _ in Self.reduced(grain.nextInteger(bitCount: Self.fieldBits)) }
            }
            var sums = [Fr]()
            sums.reserveCapacity(t * t)
            for i in 0..<t { for j in 0..<t { sums.append(samples[i] + samples[t + j]) } }
            if sums.contains(where: \.isZero) { continue }
            Fr.batchInvert(&sums)
            mds = sums
            return
        }
    }

    /// 2^253 in Fr.
    private static let twoTo253 = Fr(2).pow(253)

    /// An integer below 2^254 (< 2r) reduced mod r.
    private static func reduced(_ limbs: [UInt64]) -> Fr {
        let top = (limbs[3] >> 61) & 1  // bit 253
        let rest = Fr(canonicalLimbs: [limbs[0], limbs[1], limbs[2], limbs[3] & ~(1 << 61)])!  // < 2^253 < r
        return top == 1 ? rest + twoTo253 : rest
    }

    /// Applies the permutation to `state` (count = width). `sBoxInput` sees every S-box
    /// input in order (round by round, element by element), for witness generation.
    func permute(_ state: inout [Fr], sBoxInput: ((Fr) -> Void)? = nil) {
        precondition(state.count == width)
        let t = width
        var next = [Fr](repeating: .zero, count: t)
        for round in 0..<rounds {
            for i in 0..<t { state[i] += roundConstants[round * t + i] }
            for i in 0..<(isFullRound(round) ? t : 1) {
                let x = state[i]
                sBoxInput?(x)
                state[i] = x * x.squared().squared()
            }
            for i in 0..<t {
                var sum = Fr.zero
                for j in 0..<t { sum += mds[i * t + j] * state[j] }
                next[i] = sum
            }
            swap(&state, &next)
        }
    }

    /// The parameters of width `t`, generated on first use and cached (thread-safe).
    static func forWidth(_ t: Int) -> PoseidonParameters {
        cache.value(for: t) { PoseidonParameters(width: t) }
    }

    private static let cache = PerWidthCache<PoseidonParameters>()
}

/// A lock-protected table of values built on first request, one per Poseidon width.
final class PerWidthCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: Value] = [:]

    /// The cached value for `width`, building it with `make` (under the lock) if missing.
    func value(for width: Int, make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[width] { return value }
        let value = make()
        values[width] = value
        return value
    }
}

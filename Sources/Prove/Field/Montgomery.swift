// Montgomery arithmetic modulo a 254-bit prime on four 64-bit limbs: CIOS multiplication
// (Koç, Acar, Kaliski, "Analyzing and Comparing Montgomery Multiplication Algorithms",
// IEEE Micro 1996) with the spare-top-bit shortcut (gnark-crypto's "no-carry" variant),
// each round adding two whole-row products, a·bᵢ and q·m; modular add/sub/neg with one
// conditional (select or masked) correction. Not constant-time.
// `montgomeryMultiply` is the portable kernel, and the reference for the MULX/ADX one in
// Sources/CMontgomery, which Fr and Fq use where the build machine has it (Package.swift).

/// Per-modulus constants, derived at start-up from the modulus alone (see `init`).
/// The tests re-derive each one with GMP.
public struct MontgomeryConstants: Sendable {
    /// The modulus m (odd, top limb < 2^62 so sums of two reduced values fit in 256 bits).
    public let modulus: Limbs
    /// −m⁻¹ mod 2^64.
    public let inverseNegated: UInt64
    /// R mod m with R = 2^256 (the Montgomery form of 1).
    public let r: Limbs
    /// R² mod m (converts a canonical value into Montgomery form).
    public let r2: Limbs
    /// m − 2, the Fermat inversion exponent.
    let modulusMinusTwo: [UInt64]
    /// m − 1 = 2^twoAdicity · oddPart with oddPart odd.
    public let twoAdicity: Int
    let oddPart: [UInt64]
    /// (oddPart + 1) / 2, for Tonelli–Shanks.
    let oddPartPlusOneHalf: [UInt64]
    /// (m − 1) / 2, the Euler-criterion exponent.
    let halfModulusMinusOne: [UInt64]

    /// Derives all constants from the modulus: −m⁻¹ by Newton iteration mod 2^64, R and R²
    /// by doubling 1 modulo m 256 and 512 times.
    init(modulus m: Limbs) {
        precondition(m.0 & 1 == 1 && m.3 < 1 << 62, "modulus must be odd and below 2^254")
        modulus = m
        var inv: UInt64 = 1
        for _ in 0..<7 { inv = inv &* (2 &- m.0 &* inv) }
        inverseNegated = 0 &- inv
        var x: Limbs = (1, 0, 0, 0)
        for _ in 0..<256 { x = modularAdd(x, x, m) }
        r = x
        for _ in 0..<256 { x = modularAdd(x, x, m) }
        r2 = x
        modulusMinusTwo = limbsArray(limbsSub(m, (2, 0, 0, 0)).0)
        var odd = limbsSub(m, (1, 0, 0, 0)).0
        halfModulusMinusOne = limbsArray(limbsShiftRight1(odd))
        var s = 0
        while odd.0 & 1 == 0 { odd = limbsShiftRight1(odd); s += 1 }
        twoAdicity = s
        oddPart = limbsArray(odd)
        oddPartPlusOneHalf = limbsArray(limbsShiftRight1(limbsAdd(odd, (1, 0, 0, 0)).0))
    }
}

/// `a + b mod m` for reduced a, b.
@inline(__always)
func modularAdd(_ a: Limbs, _ b: Limbs, _ m: Limbs) -> Limbs {
    subtractModulusIfAbove(limbsAdd(a, b).0, m)
}

/// `t − m` if t ≥ m, else t, for t < 2m. Adds 2^256 − m and selects on the carry out: with a
/// constant m, LLVM turns a borrow chain into a long add/sign-extend sequence (35 vs 48
/// instructions in `modularAdd`, 185 vs 242 in `montgomeryMultiply`).
@inline(__always)
func subtractModulusIfAbove(_ t: Limbs, _ m: Limbs) -> Limbs {
    let (reduced, carry) = limbsAdd(t, (0 &- m.0, ~m.1, ~m.2, ~m.3))  // 2^256 − m, m odd
    return carry != 0 ? reduced : t
}

/// `a − b mod m` for reduced a, b. Adds m masked by the borrow instead of branching on it:
/// the borrow is a coin flip in curve formulas, and a mispredicted branch costs more.
@inline(__always)
func modularSub(_ a: Limbs, _ b: Limbs, _ m: Limbs) -> Limbs {
    let (difference, borrow) = limbsSub(a, b)
    let mask = 0 &- borrow
    return limbsAdd(difference, (m.0 & mask, m.1 & mask, m.2 & mask, m.3 & mask)).0
}

/// `−a mod m` for reduced a.
@inline(__always)
func modularNeg(_ a: Limbs, _ m: Limbs) -> Limbs {
    limbsIsZero(a) ? a : limbsSub(m, a).0
}

/// One outer iteration of CIOS: t ← (t + a·bi + q·m) / 2^64 with q chosen so the low
/// limb vanishes. The rows a·bi and q·m are each formed with one carry chain and then added
/// to t (fewer instructions than interleaved multiply-accumulates). Valid because m's top
/// limb leaves a spare bit: t < 2m, so t + a·bi + q·m < 2^320 needs no sixth limb.
@inline(__always)
func ciosRound(_ t: inout Limbs, _ a: Limbs, _ bi: UInt64, _ m: Limbs, _ inv: UInt64) {
    let (row, rowTop) = limbsTimesWord(a, bi)
    let (s, carry) = limbsAdd(t, row)
    let sTop = rowTop &+ carry
    let q = s.0 &* inv
    let (reduction, reductionTop) = limbsTimesWord(m, q)
    var c: UInt64
    (_, c) = addCarry(s.0, reduction.0, 0)
    (t.0, c) = addCarry(s.1, reduction.1, c)
    (t.1, c) = addCarry(s.2, reduction.2, c)
    (t.2, c) = addCarry(s.3, reduction.3, c)
    t.3 = sTop &+ reductionTop &+ c
}

/// Montgomery product a·b·R⁻¹ mod m (CIOS, four rounds, one final conditional subtraction).
@inline(__always)
func montgomeryMultiply(_ a: Limbs, _ b: Limbs, _ m: Limbs, _ inv: UInt64) -> Limbs {
    var t: Limbs = (0, 0, 0, 0)
    ciosRound(&t, a, b.0, m, inv)
    ciosRound(&t, a, b.1, m, inv)
    ciosRound(&t, a, b.2, m, inv)
    ciosRound(&t, a, b.3, m, inv)
    return subtractModulusIfAbove(t, m)
}

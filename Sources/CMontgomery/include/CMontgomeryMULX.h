// One Montgomery product modulo BN254's two primes with BMI2 (MULX) and ADX (ADCX/ADOX),
// ZK_MONTGOMERY_ASM where the target has the instructions (Package.swift enables them where the
// build machine does): CIOS (Koç, Acar, Kaliski, IEEE Micro 1996) with the spare-top-bit
// shortcut (gnark-crypto's "no-carry" variant, https://hackmd.io/@gnark/modular_multiplication),
// each round adding a·bᵢ and q·m with two interleaved carry chains (CF through ADCX, OF through
// ADOX; Intel, "New Instructions Supporting Large Integer Arithmetic", 2012). Without it Prove
// uses its portable Swift kernel (Field/Montgomery.swift), which the tests compare against.
// Not constant-time (the final subtraction branches).
#ifndef ZKTRAIN_CMONTGOMERY_MULX_H
#define ZKTRAIN_CMONTGOMERY_MULX_H

#include "CMontgomeryLimbs.h"

#if defined(__x86_64__) && defined(__BMI2__) && defined(__ADX__)
#define ZK_MONTGOMERY_ASM 1

/// BN254's scalar field modulus r and −r⁻¹ mod 2^64 (Prove's `Fr.modulus`; the tests compare the kernels).
static const uint64_t zk_fr_modulus[4] = {
    0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
static const uint64_t zk_fr_inverse = 0xc2e1f593efffffffULL;
/// BN254's base field modulus p and −p⁻¹ mod 2^64 (Prove's `Fq.modulus`).
static const uint64_t zk_fq_modulus[4] = {
    0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
static const uint64_t zk_fq_inverse = 0x87d20782e4866389ULL;

/// a·b·2^-256 mod m for a, b < m, m odd with m < 2^254 (so that t < 2m throughout and the
/// result needs one conditional subtraction); inverse = −m⁻¹ mod 2^64. Called with the
/// constant moduli above, which the kernel reads as memory operands.
static inline __attribute__((always_inline))
zk_limbs zk_montgomery_multiply(zk_limbs a, zk_limbs b, const uint64_t modulus[4], const uint64_t *inverse) {
    uint64_t t0, t1, t2, t3, top, lo, hi;
    __asm__(
        // Round 0: (t, top) = a·b₀ (one carry chain).
        "movq %[b0], %%rdx\n\t"
        "mulxq %[a0], %[t0], %[t1]\n\t"
        "mulxq %[a1], %[lo], %[t2]\n\t"
        "addq %[lo], %[t1]\n\t"
        "mulxq %[a2], %[lo], %[t3]\n\t"
        "adcq %[lo], %[t2]\n\t"
        "mulxq %[a3], %[lo], %[top]\n\t"
        "adcq %[lo], %[t3]\n\t"
        "adcq $0, %[top]\n\t"
// (t, top) ← (t + top·2^256 + q·m) / 2^64 with q = t₀·inverse mod 2^64: the low limb
// vanishes, lows of q·mⱼ join the OF chain, highs the CF chain.
#define ZK_REDUCE \
        "movq %[t0], %%rdx\n\t" \
        "imulq %[inverse], %%rdx\n\t" \
        "xorl %k[lo], %k[lo]\n\t" \
        "mulxq %[m0], %[lo], %[hi]\n\t" \
        "adcxq %[t0], %[lo]\n\t" \
        "movq %[hi], %[t0]\n\t" \
        "adcxq %[t1], %[t0]\n\t" \
        "mulxq %[m1], %[lo], %[t1]\n\t" \
        "adoxq %[lo], %[t0]\n\t" \
        "adcxq %[t2], %[t1]\n\t" \
        "mulxq %[m2], %[lo], %[t2]\n\t" \
        "adoxq %[lo], %[t1]\n\t" \
        "adcxq %[t3], %[t2]\n\t" \
        "mulxq %[m3], %[lo], %[t3]\n\t" \
        "adoxq %[lo], %[t2]\n\t" \
        "movl $0, %k[lo]\n\t" \
        "adcxq %[lo], %[t3]\n\t" \
        "adoxq %[top], %[t3]\n\t"
// (t, top) ← t + a·bᵢ: lows of a·bᵢ on the OF chain into t₀…t₃, highs on the CF chain into t₁…top.
#define ZK_ROUND(b) \
        "movq " b ", %%rdx\n\t" \
        "xorl %k[top], %k[top]\n\t" \
        "mulxq %[a0], %[lo], %[hi]\n\t" \
        "adoxq %[lo], %[t0]\n\t" \
        "adcxq %[hi], %[t1]\n\t" \
        "mulxq %[a1], %[lo], %[hi]\n\t" \
        "adoxq %[lo], %[t1]\n\t" \
        "adcxq %[hi], %[t2]\n\t" \
        "mulxq %[a2], %[lo], %[hi]\n\t" \
        "adoxq %[lo], %[t2]\n\t" \
        "adcxq %[hi], %[t3]\n\t" \
        "mulxq %[a3], %[lo], %[top]\n\t" \
        "adoxq %[lo], %[t3]\n\t" \
        "movl $0, %k[lo]\n\t" \
        "adcxq %[lo], %[top]\n\t" \
        "adoxq %[lo], %[top]\n\t"
        ZK_REDUCE
        ZK_ROUND("%[b1]") ZK_REDUCE
        ZK_ROUND("%[b2]") ZK_REDUCE
        ZK_ROUND("%[b3]") ZK_REDUCE
#undef ZK_ROUND
#undef ZK_REDUCE
        : [t0] "=&r"(t0), [t1] "=&r"(t1), [t2] "=&r"(t2), [t3] "=&r"(t3), [top] "=&r"(top),
          [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [a0] "r"(a.limb[0]), [a1] "r"(a.limb[1]), [a2] "r"(a.limb[2]), [a3] "r"(a.limb[3]),
          [b0] "rm"(b.limb[0]), [b1] "rm"(b.limb[1]), [b2] "rm"(b.limb[2]), [b3] "rm"(b.limb[3]),
          [m0] "m"(modulus[0]), [m1] "m"(modulus[1]), [m2] "m"(modulus[2]), [m3] "m"(modulus[3]),
          [inverse] "m"(*inverse)
        : "rdx", "cc");
    // t < 2m: subtract m once if t ≥ m.
    unsigned long long c0, c1, c2, c3;
    uint64_t r0 = __builtin_subcll(t0, modulus[0], 0, &c0);
    uint64_t r1 = __builtin_subcll(t1, modulus[1], c0, &c1);
    uint64_t r2 = __builtin_subcll(t2, modulus[2], c1, &c2);
    uint64_t r3 = __builtin_subcll(t3, modulus[3], c2, &c3);
    zk_limbs result;
    if (c3) {
        result.limb[0] = t0; result.limb[1] = t1; result.limb[2] = t2; result.limb[3] = t3;
    } else {
        result.limb[0] = r0; result.limb[1] = r1; result.limb[2] = r2; result.limb[3] = r3;
    }
    return result;
}

/// a·b·2^-256 mod r (Fr in Montgomery form).
static inline __attribute__((always_inline)) zk_limbs zk_fr_multiply(zk_limbs a, zk_limbs b) {
    return zk_montgomery_multiply(a, b, zk_fr_modulus, &zk_fr_inverse);
}

/// a·b·2^-256 mod p (Fq in Montgomery form).
static inline __attribute__((always_inline)) zk_limbs zk_fq_multiply(zk_limbs a, zk_limbs b) {
    return zk_montgomery_multiply(a, b, zk_fq_modulus, &zk_fq_inverse);
}
#else
#define ZK_MONTGOMERY_ASM 0
#endif

#endif

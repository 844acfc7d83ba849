// Eight Montgomery products at once with AVX-512 IFMA (vpmadd52luq/vpmadd52huq), and the
// 52-bit limb-vector helpers the fused kernels (CMontgomeryBatchAffine.h, CMontgomeryNTT.h)
// build on. Operands are transposed from eight 4×64-bit elements into five 52-bit limb
// vectors, multiplied by CIOS in radix 2^52 (Gueron & Krasnov, "Accelerating Big Integer
// Arithmetic Using Intel IFMA Extensions", ARITH 2016; Drucker & Gueron, "Fast modular
// squaring with AVX512IFMA", 2019), and transposed back. Radix-2^52 Montgomery divides by
// 2^260, not 2^256, so the first operand enters shifted left by 4 bits (16a < 2^258 needs no
// reduction: with a < 16m, b < m and m < 2^254 the CIOS result is still below 2m), which makes
// the product a·b·2^-256 like the MULX kernel's. Compiled in where the target has AVX512F and
// AVX512IFMA (ZK_MONTGOMERY_IFMA 1); empty otherwise. Not constant-time.
#ifndef ZKTRAIN_CMONTGOMERY_IFMA_H
#define ZKTRAIN_CMONTGOMERY_IFMA_H

#include "CMontgomeryLimbs.h"

#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512IFMA__)
#define ZK_MONTGOMERY_IFMA 1
#include <immintrin.h>

/// Five vectors of 52-bit limbs: lane k of limb[j] is limb j of element k.
typedef struct { __m512i limb[5]; } zk_vector52;

/// Eight elements (4×64-bit limbs each, below 2^254) given as four vectors of two (x0 holds
/// elements 0 and 1, …, x3 elements 6 and 7), shifted left by `shift` (0 or 4) bits, as 52-bit
/// limb vectors.
static inline __attribute__((always_inline))
zk_vector52 zk_transpose_in(__m512i x0, __m512i x1, __m512i x2, __m512i x3, int shift) {
    // Limbs 0 and 2 (t0, t2), 1 and 3 (t1, t3) of elements 0–3 and 4–7, then whole limb rows.
    const __m512i even = _mm512_set_epi64(14, 10, 6, 2, 12, 8, 4, 0), odd = _mm512_set_epi64(15, 11, 7, 3, 13, 9, 5, 1);
    __m512i t0 = _mm512_permutex2var_epi64(x0, even, x1), t1 = _mm512_permutex2var_epi64(x0, odd, x1);
    __m512i t2 = _mm512_permutex2var_epi64(x2, even, x3), t3 = _mm512_permutex2var_epi64(x2, odd, x3);
    __m512i l0 = _mm512_shuffle_i64x2(t0, t2, 0x44), l2 = _mm512_shuffle_i64x2(t0, t2, 0xEE);
    __m512i l1 = _mm512_shuffle_i64x2(t1, t3, 0x44), l3 = _mm512_shuffle_i64x2(t1, t3, 0xEE);
    const __m512i mask = _mm512_set1_epi64((1LL << 52) - 1);
    zk_vector52 v;
    if (shift) {  // bits 52k − 4 … 52k + 47 of the element (its top 4 bits land in limb 4)
        v.limb[0] = _mm512_and_si512(_mm512_slli_epi64(l0, 4), mask);
        v.limb[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l0, 48), _mm512_slli_epi64(l1, 16)), mask);
        v.limb[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l1, 36), _mm512_slli_epi64(l2, 28)), mask);
        v.limb[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l2, 24), _mm512_slli_epi64(l3, 40)), mask);
        v.limb[4] = _mm512_srli_epi64(l3, 12);
    } else {  // bits 52k … 52k + 51
        v.limb[0] = _mm512_and_si512(l0, mask);
        v.limb[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l0, 52), _mm512_slli_epi64(l1, 12)), mask);
        v.limb[2] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l1, 40), _mm512_slli_epi64(l2, 24)), mask);
        v.limb[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(l2, 28), _mm512_slli_epi64(l3, 36)), mask);
        v.limb[4] = _mm512_srli_epi64(l3, 16);
    }
    return v;
}

/// Elements p[0..7] shifted left by `shift` (0 or 4) bits, as 52-bit limb vectors.
static inline __attribute__((always_inline)) zk_vector52 zk_load8(const zk_limbs *p, int shift) {
    return zk_transpose_in(_mm512_loadu_si512((const void *)(p + 0)), _mm512_loadu_si512((const void *)(p + 2)),
                           _mm512_loadu_si512((const void *)(p + 4)), _mm512_loadu_si512((const void *)(p + 6)), shift);
}

/// Reduced 52-bit limb vectors as four vectors of two 4×64-bit elements each (the inverse of
/// `zk_transpose_in` without shift).
static inline __attribute__((always_inline)) void zk_transpose_out(zk_vector52 v, __m512i x[4]) {
    __m512i l0 = _mm512_or_si512(v.limb[0], _mm512_slli_epi64(v.limb[1], 52));
    __m512i l1 = _mm512_or_si512(_mm512_srli_epi64(v.limb[1], 12), _mm512_slli_epi64(v.limb[2], 40));
    __m512i l2 = _mm512_or_si512(_mm512_srli_epi64(v.limb[2], 24), _mm512_slli_epi64(v.limb[3], 28));
    __m512i l3 = _mm512_or_si512(_mm512_srli_epi64(v.limb[3], 36), _mm512_slli_epi64(v.limb[4], 16));
    __m512i t0 = _mm512_shuffle_i64x2(l0, l2, 0x44), t2 = _mm512_shuffle_i64x2(l0, l2, 0xEE);
    __m512i t1 = _mm512_shuffle_i64x2(l1, l3, 0x44), t3 = _mm512_shuffle_i64x2(l1, l3, 0xEE);
    const __m512i low = _mm512_set_epi64(13, 5, 9, 1, 12, 4, 8, 0), high = _mm512_set_epi64(15, 7, 11, 3, 14, 6, 10, 2);
    x[0] = _mm512_permutex2var_epi64(t0, low, t1);
    x[1] = _mm512_permutex2var_epi64(t0, high, t1);
    x[2] = _mm512_permutex2var_epi64(t2, low, t3);
    x[3] = _mm512_permutex2var_epi64(t2, high, t3);
}

/// Stores reduced 52-bit limb vectors as eight 4×64-bit elements.
static inline __attribute__((always_inline)) void zk_store8(zk_limbs *p, zk_vector52 v) {
    __m512i x[4];
    zk_transpose_out(v, x);
    ZK_UNROLL
    for (int i = 0; i < 4; i++) _mm512_storeu_si512((void *)(p + 2 * i), x[i]);
}

/// x·y·2^-260 mod m, reduced below m, lane by lane: CIOS in radix 2^52 on normalised limbs
/// (each below 2^52). Needs x·y < m·2^260 (then t < 2m before the final subtraction): the
/// callers pass x = 16a with a < 2m and y < 2m (m < 2^254), so that the result is a·y·2^-256,
/// the scalar kernel's Montgomery product. `m52` holds m's 52-bit limbs, `inverse52` = −m⁻¹ mod 2^52.
static inline __attribute__((always_inline))
zk_vector52 zk_montgomery52(zk_vector52 x, zk_vector52 y, const uint64_t m52[5], uint64_t inverse52) {
    const __m512i mask = _mm512_set1_epi64((1LL << 52) - 1), zero = _mm512_setzero_si512();
    const __m512i m0 = _mm512_set1_epi64((long long)m52[0]), m1 = _mm512_set1_epi64((long long)m52[1]);
    const __m512i m2 = _mm512_set1_epi64((long long)m52[2]), m3 = _mm512_set1_epi64((long long)m52[3]);
    const __m512i m4 = _mm512_set1_epi64((long long)m52[4]), inv = _mm512_set1_epi64((long long)inverse52);
    __m512i t0 = zero, t1 = zero, t2 = zero, t3 = zero, t4 = zero, t5 = zero;
    ZK_UNROLL
    for (int i = 0; i < 5; i++) {
        // t += x·yᵢ (52-bit halves: lows into limb j, highs into limb j+1)
        __m512i yi = y.limb[i];
        t0 = _mm512_madd52lo_epu64(t0, x.limb[0], yi); t1 = _mm512_madd52hi_epu64(t1, x.limb[0], yi);
        t1 = _mm512_madd52lo_epu64(t1, x.limb[1], yi); t2 = _mm512_madd52hi_epu64(t2, x.limb[1], yi);
        t2 = _mm512_madd52lo_epu64(t2, x.limb[2], yi); t3 = _mm512_madd52hi_epu64(t3, x.limb[2], yi);
        t3 = _mm512_madd52lo_epu64(t3, x.limb[3], yi); t4 = _mm512_madd52hi_epu64(t4, x.limb[3], yi);
        t4 = _mm512_madd52lo_epu64(t4, x.limb[4], yi); t5 = _mm512_madd52hi_epu64(t5, x.limb[4], yi);
        // t += q·m with q = t₀·inverse mod 2^52 (IFMA reads t₀'s low 52 bits), so t₀ ≡ 0 mod 2^52
        __m512i q = _mm512_madd52lo_epu64(zero, t0, inv);
        t0 = _mm512_madd52lo_epu64(t0, q, m0); t1 = _mm512_madd52hi_epu64(t1, q, m0);
        t1 = _mm512_madd52lo_epu64(t1, q, m1); t2 = _mm512_madd52hi_epu64(t2, q, m1);
        t2 = _mm512_madd52lo_epu64(t2, q, m2); t3 = _mm512_madd52hi_epu64(t3, q, m2);
        t3 = _mm512_madd52lo_epu64(t3, q, m3); t4 = _mm512_madd52hi_epu64(t4, q, m3);
        t4 = _mm512_madd52lo_epu64(t4, q, m4); t5 = _mm512_madd52hi_epu64(t5, q, m4);
        // t /= 2^52
        t0 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52));
        t1 = t2; t2 = t3; t3 = t4; t4 = t5; t5 = zero;
    }
    // Carries into 52-bit limbs (t < 2m < 2^255), then subtract m unless that borrows.
    t1 = _mm512_add_epi64(t1, _mm512_srli_epi64(t0, 52)); t0 = _mm512_and_si512(t0, mask);
    t2 = _mm512_add_epi64(t2, _mm512_srli_epi64(t1, 52)); t1 = _mm512_and_si512(t1, mask);
    t3 = _mm512_add_epi64(t3, _mm512_srli_epi64(t2, 52)); t2 = _mm512_and_si512(t2, mask);
    t4 = _mm512_add_epi64(t4, _mm512_srli_epi64(t3, 52)); t3 = _mm512_and_si512(t3, mask);
    __m512i s0 = _mm512_sub_epi64(t0, m0), borrow = _mm512_srai_epi64(s0, 63);
    s0 = _mm512_and_si512(s0, mask);
    __m512i s1 = _mm512_add_epi64(_mm512_sub_epi64(t1, m1), borrow); borrow = _mm512_srai_epi64(s1, 63);
    s1 = _mm512_and_si512(s1, mask);
    __m512i s2 = _mm512_add_epi64(_mm512_sub_epi64(t2, m2), borrow); borrow = _mm512_srai_epi64(s2, 63);
    s2 = _mm512_and_si512(s2, mask);
    __m512i s3 = _mm512_add_epi64(_mm512_sub_epi64(t3, m3), borrow); borrow = _mm512_srai_epi64(s3, 63);
    s3 = _mm512_and_si512(s3, mask);
    __m512i s4 = _mm512_add_epi64(_mm512_sub_epi64(t4, m4), borrow);
    __mmask8 below = _mm512_cmplt_epi64_mask(s4, zero);  // t < m: keep t
    zk_vector52 result;
    result.limb[0] = _mm512_mask_blend_epi64(below, s0, t0);
    result.limb[1] = _mm512_mask_blend_epi64(below, s1, t1);
    result.limb[2] = _mm512_mask_blend_epi64(below, s2, t2);
    result.limb[3] = _mm512_mask_blend_epi64(below, s3, t3);
    result.limb[4] = _mm512_mask_blend_epi64(below, s4, t4);
    return result;
}

/// out[k] = a[k]·b[k]·2^-256 mod m for k < 8 (a[k], b[k] < m; out may alias a or b).
static inline __attribute__((always_inline))
void zk_montgomery_multiply8(zk_limbs *out, const zk_limbs *a, const zk_limbs *b, const uint64_t m52[5], uint64_t inverse52) {
    zk_store8(out, zk_montgomery52(zk_load8(a, 4), zk_load8(b, 0), m52, inverse52));
}

/// r and p in 52-bit limbs, and −m⁻¹ mod 2^52 for each.
static const uint64_t zk_fr_modulus52[5] = {
    0x1f593f0000001ULL, 0x4879b9709143eULL, 0x181585d2833e8ULL, 0xa029b85045b68ULL, 0x30644e72e131ULL};
static const uint64_t zk_fr_inverse52 = 0x1f593efffffffULL;
static const uint64_t zk_fq_modulus52[5] = {
    0x8c16d87cfd47ULL, 0x916871ca8d3c2ULL, 0x181585d97816aULL, 0xa029b85045b68ULL, 0x30644e72e131ULL};
static const uint64_t zk_fq_inverse52 = 0x20782e4866389ULL;

/// Eight products in Fr (Montgomery form), out[k] = a[k]·b[k].
static inline __attribute__((always_inline)) void zk_fr_multiply8(zk_limbs *out, const zk_limbs *a, const zk_limbs *b) {
    zk_montgomery_multiply8(out, a, b, zk_fr_modulus52, zk_fr_inverse52);
}

/// Eight products in Fq (Montgomery form), out[k] = a[k]·b[k].
static inline __attribute__((always_inline)) void zk_fq_multiply8(zk_limbs *out, const zk_limbs *a, const zk_limbs *b) {
    zk_montgomery_multiply8(out, a, b, zk_fq_modulus52, zk_fq_inverse52);
}

// Limb-vector arithmetic on whole values: shifts, carries, blends, modular addition and
// subtraction, and loads and stores of elements scattered in memory.

/// 16·a for a < 2^255 in normalised 52-bit limbs (exact: 16a < 2^259 fits five limbs).
static inline __attribute__((always_inline)) zk_vector52 zk_times16(zk_vector52 a) {
    const __m512i mask = _mm512_set1_epi64((1LL << 52) - 1);
    zk_vector52 r;
    r.limb[0] = _mm512_and_si512(_mm512_slli_epi64(a.limb[0], 4), mask);
    ZK_UNROLL
    for (int j = 1; j < 4; j++)
        r.limb[j] = _mm512_and_si512(_mm512_or_si512(_mm512_slli_epi64(a.limb[j], 4), _mm512_srli_epi64(a.limb[j - 1], 48)), mask);
    r.limb[4] = _mm512_or_si512(_mm512_slli_epi64(a.limb[4], 4), _mm512_srli_epi64(a.limb[3], 48));
    return r;
}

/// Limbs of any sign (|limb| < 2^62) with their carries propagated: limbs 0…3 in [0, 2^52), the
/// value's sign and the rest in limb 4 (arithmetic shifts carry borrows as −1).
static inline __attribute__((always_inline)) zk_vector52 zk_propagate52(zk_vector52 v) {
    const __m512i mask = _mm512_set1_epi64((1LL << 52) - 1);
    ZK_UNROLL
    for (int j = 0; j < 4; j++) {
        v.limb[j + 1] = _mm512_add_epi64(v.limb[j + 1], _mm512_srai_epi64(v.limb[j], 52));
        v.limb[j] = _mm512_and_si512(v.limb[j], mask);
    }
    return v;
}

/// a + sign·b limb by limb (sign 1 or −1), carries not propagated.
static inline __attribute__((always_inline)) zk_vector52 zk_limbwise52(zk_vector52 a, zk_vector52 b, int sign) {
    ZK_UNROLL
    for (int j = 0; j < 5; j++) a.limb[j] = sign > 0 ? _mm512_add_epi64(a.limb[j], b.limb[j]) : _mm512_sub_epi64(a.limb[j], b.limb[j]);
    return a;
}

/// m's 52-bit limbs in every lane.
static inline __attribute__((always_inline)) zk_vector52 zk_broadcast52(const uint64_t m52[5]) {
    zk_vector52 m;
    ZK_UNROLL
    for (int j = 0; j < 5; j++) m.limb[j] = _mm512_set1_epi64((long long)m52[j]);
    return m;
}

/// In the lanes of `mask`, `yes`; elsewhere `no`.
static inline __attribute__((always_inline)) zk_vector52 zk_blend52(__mmask8 mask, zk_vector52 no, zk_vector52 yes) {
    ZK_UNROLL
    for (int j = 0; j < 5; j++) no.limb[j] = _mm512_mask_blend_epi64(mask, no.limb[j], yes.limb[j]);
    return no;
}

/// a − b mod m for a, b < m, reduced: the difference with its limbs renormalised by signed
/// carries, then m added in the lanes where a < b.
static inline __attribute__((always_inline)) zk_vector52 zk_subtract52(zk_vector52 a, zk_vector52 b, const uint64_t m52[5]) {
    zk_vector52 d = zk_propagate52(zk_limbwise52(a, b, -1));
    __mmask8 negative = _mm512_cmplt_epi64_mask(d.limb[4], _mm512_setzero_si512());
    return zk_blend52(negative, d, zk_propagate52(zk_limbwise52(d, zk_broadcast52(m52), 1)));
}

/// Eight Fq elements, element k at byte address[k], as 52-bit limb vectors.
static inline __attribute__((always_inline)) zk_vector52 zk_load8_at(const uint8_t *const address[8]) {
    __m512i x[4];
    ZK_UNROLL
    for (int i = 0; i < 4; i++) {
        __m256i low = _mm256_loadu_si256((const void *)address[2 * i]);
        __m256i high = _mm256_loadu_si256((const void *)address[2 * i + 1]);
        x[i] = _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
    }
    return zk_transpose_in(x[0], x[1], x[2], x[3], 0);
}

/// Writes reduced `v` as eight Fq elements, element k at byte address[k].
static inline __attribute__((always_inline)) void zk_store8_at(uint8_t *const address[8], zk_vector52 v) {
    __m512i x[4];
    zk_transpose_out(v, x);
    ZK_UNROLL
    for (int i = 0; i < 4; i++) {
        _mm256_storeu_si256((void *)address[2 * i], _mm512_castsi512_si256(x[i]));
        _mm256_storeu_si256((void *)address[2 * i + 1], _mm512_extracti64x4_epi64(x[i], 1));
    }
}

/// a + b mod m for a, b < m, reduced: the sum with carries normalised, then m subtracted in
/// the lanes where that does not borrow.
static inline __attribute__((always_inline)) zk_vector52 zk_add52(zk_vector52 a, zk_vector52 b, const uint64_t m52[5]) {
    zk_vector52 sum = zk_propagate52(zk_limbwise52(a, b, 1));
    zk_vector52 reduced = zk_propagate52(zk_limbwise52(sum, zk_broadcast52(m52), -1));
    __mmask8 below = _mm512_cmplt_epi64_mask(reduced.limb[4], _mm512_setzero_si512());  // sum < m: keep it
    return zk_blend52(below, reduced, sum);
}
#else
#define ZK_MONTGOMERY_IFMA 0
#endif

#endif

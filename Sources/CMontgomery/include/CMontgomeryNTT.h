// Radix-2 butterflies of the NTT over Fr (Prove's Polynomial/NTTDomain.swift), eight at a time
// with AVX-512 IFMA: each group of eight loads its lower elements, upper elements and twiddles
// into 52-bit limb vectors, multiplies upper·twiddle (zk_montgomery52), and stores
// lower + t and lower − t, reduced, without leaving the vector registers. The generic Swift
// path multiplies eight at a time (`zk_fr_multiply8`, which transposes back after the product)
// and then adds and subtracts with scalar code. Cooley–Tukey butterfly as in any radix-2 NTT
// (e.g. Cormen et al., "Introduction to Algorithms", §30.3). Built on CMontgomeryIFMA.h (the
// 52-bit modular addition and subtraction); empty unless ZK_MONTGOMERY_IFMA is 1.
#ifndef ZKTRAIN_CMONTGOMERY_NTT_H
#define ZKTRAIN_CMONTGOMERY_NTT_H

#include "CMontgomeryIFMA.h"

#if ZK_MONTGOMERY_IFMA

/// For k < count (a multiple of 8): t = upper[k]·twiddles[k], then lower[k] ← lower[k] + t and
/// upper[k] ← lower[k] − t, in Fr (Montgomery form, every input reduced; so is every output).
/// lower and upper must not overlap.
static inline void zk_fr_butterflies(zk_limbs *lower, zk_limbs *upper, const zk_limbs *twiddles, size_t count) {
    for (size_t k = 0; k < count; k += 8) {
        zk_vector52 u = zk_load8(lower + k, 0);
        zk_vector52 t = zk_montgomery52(zk_load8(upper + k, 4), zk_load8(twiddles + k, 0), zk_fr_modulus52, zk_fr_inverse52);
        zk_store8(lower + k, zk_add52(u, t, zk_fr_modulus52));
        zk_store8(upper + k, zk_subtract52(u, t, zk_fr_modulus52));
    }
}

/// The first three passes (half = 1, 2, 4) of a decimation-in-time NTT over Fr, on `count`
/// elements (a multiple of 64) after the bit-reversal permutation: every run of eight
/// consecutive elements gets its own size-8 transform. Eight runs at a time, lane g holding
/// run g, so that each butterfly is one vector operation. `w` holds the per-pass twiddles of
/// NTTDomain's `blockTwiddles`: w[3] = ω₄, w[5..7] = ω₈^1..3 (ω₈ of the transform's direction).
static inline void zk_fr_first_passes(zk_limbs *a, size_t count, const zk_limbs *w) {
    zk_vector52 twiddle[4];  // ω₄, ω₈, ω₈², ω₈³ in every lane
    const int entries[4] = {3, 5, 6, 7};
    ZK_UNROLL
    for (int t = 0; t < 4; t++) {
        zk_limbs copies[8];
        ZK_UNROLL
        for (int k = 0; k < 8; k++) copies[k] = w[entries[t]];
        twiddle[t] = zk_load8(copies, 0);
    }
    for (size_t base = 0; base < count; base += 64) {
        uint8_t *address[8];
        zk_vector52 v[8];
        ZK_UNROLL
        for (int i = 0; i < 8; i++) {
            ZK_UNROLL
            for (int g = 0; g < 8; g++) address[g] = (uint8_t *)(a + base + 8 * g + i);
            v[i] = zk_load8_at((const uint8_t *const *)address);
        }
        // (u, v) ← (u + v·ω, u − v·ω); ω index −1 means ω = 1.
#define ZK_BUTTERFLY(i, j, t) { \
            zk_vector52 product = t < 0 ? v[j] : zk_montgomery52(zk_times16(v[j]), twiddle[t < 0 ? 0 : t], zk_fr_modulus52, zk_fr_inverse52); \
            zk_vector52 sum = zk_add52(v[i], product, zk_fr_modulus52); \
            v[j] = zk_subtract52(v[i], product, zk_fr_modulus52); \
            v[i] = sum; }
        ZK_BUTTERFLY(0, 1, -1) ZK_BUTTERFLY(2, 3, -1) ZK_BUTTERFLY(4, 5, -1) ZK_BUTTERFLY(6, 7, -1)
        ZK_BUTTERFLY(0, 2, -1) ZK_BUTTERFLY(1, 3, 0) ZK_BUTTERFLY(4, 6, -1) ZK_BUTTERFLY(5, 7, 0)
        ZK_BUTTERFLY(0, 4, -1) ZK_BUTTERFLY(1, 5, 1) ZK_BUTTERFLY(2, 6, 2) ZK_BUTTERFLY(3, 7, 3)
#undef ZK_BUTTERFLY
        ZK_UNROLL
        for (int i = 0; i < 8; i++) {
            ZK_UNROLL
            for (int g = 0; g < 8; g++) address[g] = (uint8_t *)(a + base + 8 * g + i);
            zk_store8_at(address, v[i]);
        }
    }
}

#endif
#endif

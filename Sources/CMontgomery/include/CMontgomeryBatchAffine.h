// The batch-affine bucket additions of Pippenger's method on G1 (Prove's MSM+BatchAffine.swift;
// ePrint 2022/1396 §5.3, gnark-crypto's batch-affine MSM), fused into two IFMA passes over
// eight-lane groups: Montgomery's trick for the shared inversion (prefix products in eight
// interleaved chains), then, backwards, each entry's inverse and its affine addition. Values
// stay in 52-bit limb vectors between the steps: eight additions cost six vector products and
// seven transposes (denominators, point x and y, the buckets' gather and scatter), where the
// generic Swift path transposes every product's operands and result (`zk_fq_multiply8`) and
// subtracts with scalar code. Formulas as in MSM+BatchAffine.swift; operand bounds at
// `zk_montgomery52`. Built on CMontgomeryIFMA.h; empty unless ZK_MONTGOMERY_IFMA is 1.
#ifndef ZKTRAIN_CMONTGOMERY_BATCH_AFFINE_H
#define ZKTRAIN_CMONTGOMERY_BATCH_AFFINE_H

#include "CMontgomeryIFMA.h"

#if ZK_MONTGOMERY_IFMA

/// The bytes of one prefix group or one denominator group: five vectors of 52-bit limbs.
#define ZK_GROUP52_BYTES (5 * 64)

/// The Fq Montgomery product of a and b (a, b < 2p): zk_montgomery52 on (16a, b).
static inline __attribute__((always_inline)) zk_vector52 zk_fq_product52(zk_vector52 a, zk_vector52 b) {
    return zk_montgomery52(zk_times16(a), b, zk_fq_modulus52, zk_fq_inverse52);
}

static inline __attribute__((always_inline)) void zk_store52(uint8_t *p, zk_vector52 v) {
    ZK_UNROLL
    for (int j = 0; j < 5; j++) _mm512_store_si512((void *)(p + 64 * j), v.limb[j]);
}

static inline __attribute__((always_inline)) zk_vector52 zk_load52(const uint8_t *p) {
    zk_vector52 v;
    ZK_UNROLL
    for (int j = 0; j < 5; j++) v.limb[j] = _mm512_load_si512((const void *)(p + 64 * j));
    return v;
}


/// Eight elements of Fq (degree 1) or Fq2 = Fq[u]/(u² + 1) (degree 2, c[0] + c[1]·u) as 52-bit
/// limb vectors. In memory an element is its `degree` Fq components, 32 bytes each, in order.
typedef struct { zk_vector52 c[2]; } zk_element52;

/// The product of reduced a and b, reduced: one Fq product, or Fq2 by Karatsuba (three Fq
/// products; the sums a₀ + a₁ and b₀ + b₁ are below 2p, within zk_montgomery52's bounds).
static inline __attribute__((always_inline)) zk_element52 zk_element_product(zk_element52 a, zk_element52 b, int degree) {
    zk_element52 r;
    if (degree == 1) {
        r.c[0] = zk_fq_product52(a.c[0], b.c[0]);
        return r;
    }
    const __m512i mask = _mm512_set1_epi64((1LL << 52) - 1);
    zk_vector52 sums[2];  // a₀ + a₁, b₀ + b₁ with normalised limbs
    ZK_UNROLL
    for (int s = 0; s < 2; s++) {
        const zk_element52 *e = s == 0 ? &a : &b;
        __m512i carry = _mm512_setzero_si512();
        ZK_UNROLL
        for (int j = 0; j < 5; j++) {
            __m512i limb = _mm512_add_epi64(_mm512_add_epi64(e->c[0].limb[j], e->c[1].limb[j]), carry);
            carry = _mm512_srli_epi64(limb, 52);
            sums[s].limb[j] = j < 4 ? _mm512_and_si512(limb, mask) : limb;
        }
    }
    zk_vector52 v0 = zk_fq_product52(a.c[0], b.c[0]), v1 = zk_fq_product52(a.c[1], b.c[1]);
    zk_vector52 v2 = zk_fq_product52(sums[0], sums[1]);
    r.c[0] = zk_subtract52(v0, v1, zk_fq_modulus52);
    r.c[1] = zk_subtract52(zk_subtract52(v2, v0, zk_fq_modulus52), v1, zk_fq_modulus52);
    return r;
}

/// a − b mod p, reduced, component by component.
static inline __attribute__((always_inline)) zk_element52 zk_element_subtract(zk_element52 a, zk_element52 b, int degree) {
    ZK_UNROLL
    for (int j = 0; j < degree; j++) a.c[j] = zk_subtract52(a.c[j], b.c[j], zk_fq_modulus52);
    return a;
}

/// The coordinate at byte `offset` of the buckets numbered index[0..7], `stride` bytes apart
/// (scatter: writes reduced `e` there).
static inline __attribute__((always_inline))
zk_element52 zk_element_gather8(const uint8_t *buckets, size_t stride, size_t offset, const int64_t *index, int degree) {
    zk_element52 e;
    ZK_UNROLL
    for (int j = 0; j < degree; j++) {
        const uint8_t *address[8];
        ZK_UNROLL
        for (int k = 0; k < 8; k++) address[k] = buckets + stride * (size_t)index[k] + offset + 32 * (size_t)j;
        e.c[j] = zk_load8_at(address);
    }
    return e;
}

static inline __attribute__((always_inline))
void zk_element_scatter8(uint8_t *buckets, size_t stride, size_t offset, const int64_t *index, zk_element52 e, int degree) {
    ZK_UNROLL
    for (int j = 0; j < degree; j++) {
        uint8_t *address[8];
        ZK_UNROLL
        for (int k = 0; k < 8; k++) address[k] = buckets + stride * (size_t)index[k] + offset + 32 * (size_t)j;
        zk_store8_at(address, e.c[j]);
    }
}

/// Indices 0…7: eight consecutive elements, for zk_element_gather8 and zk_element_scatter8.
static const int64_t zk_first_eight[8] = {0, 1, 2, 3, 4, 5, 6, 7};

/// Elements 0…7 of a contiguous array (element k at base + k·32·degree).
static inline __attribute__((always_inline)) zk_element52 zk_element_load8(const uint8_t *base, int degree) {
    return zk_element_gather8(base, 32 * (size_t)degree, 0, zk_first_eight, degree);
}

static inline __attribute__((always_inline)) void zk_element_store52(uint8_t *p, zk_element52 e, int degree) {
    ZK_UNROLL
    for (int j = 0; j < degree; j++) zk_store52(p + ZK_GROUP52_BYTES * j, e.c[j]);
}

static inline __attribute__((always_inline)) zk_element52 zk_element_load52(const uint8_t *p, int degree) {
    zk_element52 e;
    ZK_UNROLL
    for (int j = 0; j < degree; j++) e.c[j] = zk_load52(p + ZK_GROUP52_BYTES * j);
    return e;
}

/// Pass 1 of a batch of 8·groups additions over Fq (degree 1, G1) or Fq2 (degree 2, G2): for
/// every group g, prefix[g] = Π_{h<g} den[8h..8h+7] and den52[g] = den[8g..8g+7] (each
/// degree·ZK_GROUP52_BYTES, 64-byte aligned), lane by lane; `lanes` receives the eight lane
/// products Π_g den[8g + k] (elements as in memory). den holds nonzero reduced elements
/// (Montgomery form); `one` is Fq's Montgomery one.
static inline __attribute__((always_inline))
void zk_batch_affine_prefix(size_t groups, const uint8_t *den, const zk_limbs *one, uint8_t *prefix, uint8_t *den52,
                            uint8_t *lanes, int degree) {
    zk_limbs ones[8];
    ZK_UNROLL
    for (int k = 0; k < 8; k++) ones[k] = *one;
    zk_element52 product;
    product.c[0] = zk_load8(ones, 0);
    ZK_UNROLL
    for (int j = 0; j < 5; j++) product.c[1].limb[j] = _mm512_setzero_si512();  // one in Fq2: 1 + 0·u
    const size_t group_bytes = (size_t)degree * ZK_GROUP52_BYTES, element_bytes = 32 * (size_t)degree;
    for (size_t g = 0; g < groups; g++) {
        zk_element52 d = zk_element_load8(den + 8 * element_bytes * g, degree);
        zk_element_store52(prefix + group_bytes * g, product, degree);
        zk_element_store52(den52 + group_bytes * g, d, degree);
        product = zk_element_product(product, d, degree);
    }
    zk_element_scatter8(lanes, element_bytes, 0, zk_first_eight, product, degree);
}

/// Pass 2: with inverses[k] = 1/lanes[k] from pass 1, for g from the last group down and every
/// lane k, entry e = 8g + k adds the point (px[e], py[e]) to bucket index[e] (x at byte
/// `x_offset` of the bucket, y at `y_offset`, buckets `stride` bytes apart), where
/// den[e] = px[e] − x_bucket: λ = (py − y_B)/den, x₃ = λ² − x_B − px, y₃ = λ(x_B − x₃) − y_B.
/// The buckets of one batch are distinct except for padding entries, which may share one
/// scratch bucket (their results are garbage).
static inline __attribute__((always_inline))
void zk_batch_affine_apply(size_t groups, const uint8_t *prefix, const uint8_t *den52, const uint8_t *inverses,
                           const uint8_t *px, const uint8_t *py, uint8_t *buckets, size_t stride, size_t x_offset,
                           size_t y_offset, const int64_t *index, int degree) {
    const size_t group_bytes = (size_t)degree * ZK_GROUP52_BYTES, element_bytes = 32 * (size_t)degree;
    zk_element52 inverse = zk_element_load8(inverses, degree);  // 1/Π_{h≤g} den[h], lane by lane
    for (size_t g = groups; g-- > 0;) {
        zk_element52 reciprocal = zk_element_product(inverse, zk_element_load52(prefix + group_bytes * g, degree), degree);
        inverse = zk_element_product(inverse, zk_element_load52(den52 + group_bytes * g, degree), degree);
        const int64_t *bucket = index + 8 * g;
        zk_element52 bx = zk_element_gather8(buckets, stride, x_offset, bucket, degree);
        zk_element52 by = zk_element_gather8(buckets, stride, y_offset, bucket, degree);
        zk_element52 x = zk_element_load8(px + 8 * element_bytes * g, degree);
        zk_element52 y = zk_element_load8(py + 8 * element_bytes * g, degree);
        zk_element52 lambda = zk_element_product(zk_element_subtract(y, by, degree), reciprocal, degree);
        zk_element52 x3 = zk_element_subtract(zk_element_subtract(zk_element_product(lambda, lambda, degree), bx, degree), x, degree);
        zk_element52 y3 = zk_element_subtract(zk_element_product(lambda, zk_element_subtract(bx, x3, degree), degree), by, degree);
        zk_element_scatter8(buckets, stride, x_offset, bucket, x3, degree);
        zk_element_scatter8(buckets, stride, y_offset, bucket, y3, degree);
    }
}

/// The two passes on G1 (Fq coordinates) and on G2 (Fq2 coordinates), with the arguments of
/// zk_batch_affine_prefix and zk_batch_affine_apply.
static inline void zk_fq_batch_affine_prefix(size_t groups, const uint8_t *den, const zk_limbs *one, uint8_t *prefix,
                                             uint8_t *den52, uint8_t *lanes) {
    zk_batch_affine_prefix(groups, den, one, prefix, den52, lanes, 1);
}
static inline void zk_fq2_batch_affine_prefix(size_t groups, const uint8_t *den, const zk_limbs *one, uint8_t *prefix,
                                              uint8_t *den52, uint8_t *lanes) {
    zk_batch_affine_prefix(groups, den, one, prefix, den52, lanes, 2);
}
static inline void zk_fq_batch_affine_apply(size_t groups, const uint8_t *prefix, const uint8_t *den52, const uint8_t *inverses,
                                            const uint8_t *px, const uint8_t *py, uint8_t *buckets, size_t stride,
                                            size_t x_offset, size_t y_offset, const int64_t *index) {
    zk_batch_affine_apply(groups, prefix, den52, inverses, px, py, buckets, stride, x_offset, y_offset, index, 1);
}
static inline void zk_fq2_batch_affine_apply(size_t groups, const uint8_t *prefix, const uint8_t *den52, const uint8_t *inverses,
                                             const uint8_t *px, const uint8_t *py, uint8_t *buckets, size_t stride,
                                             size_t x_offset, size_t y_offset, const int64_t *index) {
    zk_batch_affine_apply(groups, prefix, den52, inverses, px, py, buckets, stride, x_offset, y_offset, index, 2);
}

#endif
#endif

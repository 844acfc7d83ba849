// The batch-affine bucket additions of Pippenger's method on G1 (Prove's MSM+BatchAffine.swift;
// ePrint 2022/1396 §5.3, gnark-crypto's batch-affine MSM), fused into two IFMA passes over
// eight-lane groups: Montgomery's trick for the shared inversion (prefix products in eight
// interleaved chains), then, backwards, each entry's inverse and its affine addition. Values
// stay in 52-bit limb vectors between the steps: eight additions cost six vector products and
// seven transposes (denominators, point x and y, the buckets' gather and scatter), where the
// generic Swift path transposes every product's operands and result (`zk_fq_multiply8`) and
// subtracts with scalar code. Formulas as in MSM+BatchAffine.swift; operand bounds at
// `zk_montgomery52`. Included by CMontgomery.h where ZK_MONTGOMERY_IFMA is 1.
#ifndef ZKTRAIN_CMONTGOMERY_BATCH_AFFINE_H
#define ZKTRAIN_CMONTGOMERY_BATCH_AFFINE_H

/// The bytes of one prefix group or one denominator group: five vectors of 52-bit limbs.
#define ZK_GROUP52_BYTES (5 * 64)

/// 16·a for a < 2^255 in normalised 52-bit limbs (exact: 16a < 2^259 fits five limbs).
static inline __attribute__((always_inline)) zk_vector52 zk_times16(zk_vector52 a) {
    const __m512i mask = _mm512_set1_epi64((1LL << 52) - 1);
    zk_vector52 r;
    r.limb[0] = _mm512_and_si512(_mm512_slli_epi64(a.limb[0], 4), mask);
    for (int j = 1; j < 4; j++)
        r.limb[j] = _mm512_and_si512(_mm512_or_si512(_mm512_slli_epi64(a.limb[j], 4), _mm512_srli_epi64(a.limb[j - 1], 48)), mask);
    r.limb[4] = _mm512_or_si512(_mm512_slli_epi64(a.limb[4], 4), _mm512_srli_epi64(a.limb[3], 48));
    return r;
}

/// a − b for a, b < m, with the limbs renormalised by signed carries: with `lazy`, a − b + m
/// (in (0, 2m): a valid product operand, not reduced); otherwise a − b mod m, reduced (m is
/// added in the lanes where a < b).
static inline __attribute__((always_inline))
zk_vector52 zk_subtract52(zk_vector52 a, zk_vector52 b, const uint64_t m52[5], int lazy) {
    const __m512i mask = _mm512_set1_epi64((1LL << 52) - 1), zero = _mm512_setzero_si512();
    zk_vector52 d;
    __m512i carry = zero;
    for (int j = 0; j < 5; j++) {
        __m512i limb = _mm512_add_epi64(_mm512_sub_epi64(a.limb[j], b.limb[j]), carry);
        if (lazy) limb = _mm512_add_epi64(limb, _mm512_set1_epi64((long long)m52[j]));
        carry = _mm512_srai_epi64(limb, 52);
        d.limb[j] = j < 4 ? _mm512_and_si512(limb, mask) : limb;
    }
    if (lazy) return d;
    __mmask8 negative = _mm512_cmplt_epi64_mask(d.limb[4], zero);  // a < b: add m in those lanes
    carry = zero;
    for (int j = 0; j < 5; j++) {
        __m512i limb = _mm512_add_epi64(_mm512_add_epi64(d.limb[j], _mm512_set1_epi64((long long)m52[j])), carry);
        carry = _mm512_srai_epi64(limb, 52);
        d.limb[j] = _mm512_mask_blend_epi64(negative, d.limb[j], j < 4 ? _mm512_and_si512(limb, mask) : limb);
    }
    return d;
}

/// The Fq Montgomery product of a and b (a, b < 2p): zk_montgomery52 on (16a, b).
static inline __attribute__((always_inline)) zk_vector52 zk_fq_product52(zk_vector52 a, zk_vector52 b) {
    return zk_montgomery52(zk_times16(a), b, zk_fq_modulus52, zk_fq_inverse52);
}

static inline __attribute__((always_inline)) void zk_store52(uint8_t *p, zk_vector52 v) {
    for (int j = 0; j < 5; j++) _mm512_store_si512((void *)(p + 64 * j), v.limb[j]);
}

static inline __attribute__((always_inline)) zk_vector52 zk_load52(const uint8_t *p) {
    zk_vector52 v;
    for (int j = 0; j < 5; j++) v.limb[j] = _mm512_load_si512((const void *)(p + 64 * j));
    return v;
}

/// The coordinate at byte `offset` of the buckets numbered index[0..7] (`stride` bytes apart),
/// as 52-bit limb vectors.
static inline __attribute__((always_inline))
zk_vector52 zk_gather8(const uint8_t *buckets, size_t stride, size_t offset, const int64_t *index) {
    __m512i x[4];
    for (int i = 0; i < 4; i++) {
        __m256i low = _mm256_loadu_si256((const void *)(buckets + stride * (size_t)index[2 * i] + offset));
        __m256i high = _mm256_loadu_si256((const void *)(buckets + stride * (size_t)index[2 * i + 1] + offset));
        x[i] = _mm512_inserti64x4(_mm512_castsi256_si512(low), high, 1);
    }
    return zk_transpose_in(x[0], x[1], x[2], x[3], 0);
}

/// Writes reduced `v` as the coordinate at byte `offset` of the buckets numbered index[0..7].
static inline __attribute__((always_inline))
void zk_scatter8(uint8_t *buckets, size_t stride, size_t offset, const int64_t *index, zk_vector52 v) {
    __m512i x[4];
    zk_transpose_out(v, x);
    for (int i = 0; i < 4; i++) {
        _mm256_storeu_si256((void *)(buckets + stride * (size_t)index[2 * i] + offset), _mm512_castsi512_si256(x[i]));
        _mm256_storeu_si256((void *)(buckets + stride * (size_t)index[2 * i + 1] + offset), _mm512_extracti64x4_epi64(x[i], 1));
    }
}

/// Pass 1 of a batch of 8·groups additions: for every group g, prefix[g] = Π_{h<g} den[8h..8h+7]
/// and den52[g] = den[8g..8g+7] (each ZK_GROUP52_BYTES, 64-byte aligned), lane by lane; `lanes`
/// receives the eight lane products Π_g den[8g + k]. den holds nonzero Fq elements (Montgomery
/// form, reduced); `one` is Fq's Montgomery one.
static inline void zk_fq_batch_affine_prefix(size_t groups, const zk_limbs *den, const zk_limbs *one,
                                             uint8_t *prefix, uint8_t *den52, zk_limbs *lanes) {
    zk_limbs ones[8];
    for (int k = 0; k < 8; k++) ones[k] = *one;
    zk_vector52 product = zk_load8(ones, 0);
    for (size_t g = 0; g < groups; g++) {
        zk_vector52 d = zk_load8(den + 8 * g, 0);
        zk_store52(prefix + ZK_GROUP52_BYTES * g, product);
        zk_store52(den52 + ZK_GROUP52_BYTES * g, d);
        product = zk_fq_product52(product, d);
    }
    zk_store8(lanes, product);
}

/// Pass 2: with inverses[k] = 1/lanes[k] from pass 1, for g from the last group down and every
/// lane k, entry e = 8g + k adds the point (px[e], py[e]) to bucket index[e] (x at byte
/// `x_offset` of the bucket, y at `y_offset`, buckets `stride` bytes apart), where
/// den[e] = px[e] − x_bucket: λ = (py − y_B)/den, x₃ = λ² − x_B − px, y₃ = λ(x_B − x₃) − y_B.
/// The buckets of one batch are distinct except for padding entries, which may share one
/// scratch bucket (their results are garbage).
static inline void zk_fq_batch_affine_apply(size_t groups, const uint8_t *prefix, const uint8_t *den52,
                                            const zk_limbs *inverses, const zk_limbs *px, const zk_limbs *py,
                                            uint8_t *buckets, size_t stride, size_t x_offset, size_t y_offset,
                                            const int64_t *index) {
    zk_vector52 inverse = zk_load8(inverses, 0);  // 1/Π_{h≤g} den[h], lane by lane
    for (size_t g = groups; g-- > 0;) {
        zk_vector52 reciprocal = zk_fq_product52(inverse, zk_load52(prefix + ZK_GROUP52_BYTES * g));  // 1/den[g]
        inverse = zk_fq_product52(inverse, zk_load52(den52 + ZK_GROUP52_BYTES * g));
        const int64_t *bucket = index + 8 * g;
        zk_vector52 bx = zk_gather8(buckets, stride, x_offset, bucket), by = zk_gather8(buckets, stride, y_offset, bucket);
        zk_vector52 x = zk_load8(px + 8 * g, 0), y = zk_load8(py + 8 * g, 0);
        zk_vector52 lambda = zk_fq_product52(zk_subtract52(y, by, zk_fq_modulus52, 1), reciprocal);
        zk_vector52 x3 = zk_subtract52(zk_subtract52(zk_fq_product52(lambda, lambda), bx, zk_fq_modulus52, 0), x,
                                       zk_fq_modulus52, 0);
        zk_vector52 y3 = zk_subtract52(zk_fq_product52(lambda, zk_subtract52(bx, x3, zk_fq_modulus52, 1)), by,
                                       zk_fq_modulus52, 0);
        zk_scatter8(buckets, stride, x_offset, bucket, x3);
        zk_scatter8(buckets, stride, y_offset, bucket, y3);
    }
}

#endif

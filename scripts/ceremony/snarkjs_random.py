"""check_transcript.py's re-implementation of snarkjs's randomness: ffjavascript's ChaCha
and its field elements, a random G1 point (fromRng), hashToG2 (cofactor included), and the
beacon's iterated SHA-256. Needs scripts/bn254 on sys.path (check_transcript.py adds it)."""
import hashlib

from bn254_common import fq2_sqrt, fq_sqrt
from py_ecc.optimized_bn128 import FQ, FQ2, b2, multiply
from py_ecc.optimized_bn128 import field_modulus as Q

from snarkjs_format import neg_fq

COFACTOR2 = 0x30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d


class ChaCha:
    def __init__(self, digest):
        seed = [int.from_bytes(digest[4 * i:4 * i + 4], "big") for i in range(8)]
        self.state = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574] + seed + [0, 0, 0, 0]
        self.buf, self.i = [], 16

    def u32(self):
        if self.i == 16:
            x = list(self.state)

            def q(a, b, c, d):
                M = 0xFFFFFFFF
                x[a] = (x[a] + x[b]) & M; x[d] ^= x[a]; x[d] = ((x[d] << 16) | (x[d] >> 16)) & M
                x[c] = (x[c] + x[d]) & M; x[b] ^= x[c]; x[b] = ((x[b] << 12) | (x[b] >> 20)) & M
                x[a] = (x[a] + x[b]) & M; x[d] ^= x[a]; x[d] = ((x[d] << 8) | (x[d] >> 24)) & M
                x[c] = (x[c] + x[d]) & M; x[b] ^= x[c]; x[b] = ((x[b] << 7) | (x[b] >> 25)) & M
            for _ in range(10):
                q(0, 4, 8, 12); q(1, 5, 9, 13); q(2, 6, 10, 14); q(3, 7, 11, 15)
                q(0, 5, 10, 15); q(1, 6, 11, 12); q(2, 7, 8, 13); q(3, 4, 9, 14)
            self.buf = [(x[k] + self.state[k]) & 0xFFFFFFFF for k in range(16)]
            self.i = 0
            for k in range(12, 16):
                self.state[k] = (self.state[k] + 1) & 0xFFFFFFFF
                if self.state[k]:
                    break
        self.i += 1
        return self.buf[self.i - 1]

    def u64(self):
        return (self.u32() << 32) | self.u32()

    def field(self, modulus):
        while True:
            v = sum(self.u64() << (64 * i) for i in range(4)) & ((1 << 254) - 1)
            if v < modulus:
                return v * pow(2 ** 256, -1, modulus) % modulus


def random_g1(rng):
    while True:
        x = rng.field(Q)
        greatest = rng.u32() & 1
        y = fq_sqrt(x ** 3 + 3)
        if y is None or y == 0:
            continue
        if greatest != neg_fq(y):
            y = Q - y
        return (FQ(x), FQ(y), FQ(1))


def hash_to_g2(digest):
    rng = ChaCha(digest)
    while True:
        x = FQ2([rng.field(Q), rng.field(Q)])
        greatest = rng.u32() & 1
        rhs = x ** 3 + b2
        root = fq2_sqrt(int(rhs.coeffs[0]), int(rhs.coeffs[1]))
        if root is None or root == (0, 0):
            continue
        y0, y1 = root
        if greatest != (neg_fq(y1) if y1 != 0 else neg_fq(y0)):
            y0, y1 = (Q - y0) % Q, (Q - y1) % Q
        return multiply((x, FQ2([y0, y1]), FQ2([1, 0])), COFACTOR2)


def beacon_rng(value, exponent):
    for _ in range(2 ** exponent):
        value = hashlib.sha256(value).digest()
    return ChaCha(value)

"""check_transcript.py's reading of snarkjs files: BLAKE2b hashing, snarkjs's point
encodings (uncompressed and compressed, little- and big-endian), and the .ptau/.zkey
parser (Montgomery field elements, points, sections, the .ptau header and beacon)."""
import hashlib
import struct

from py_ecc.optimized_bn128 import FQ, FQ2, b2, is_on_curve, normalize
from py_ecc.optimized_bn128 import field_modulus as Q

RINV = pow(2 ** 256, -1, Q)


def blake(*parts):
    h = hashlib.blake2b(digest_size=64)
    for p in parts:
        h.update(p)
    return h.digest()


# ---------------------------------------------------------------- encodings

def be(x):
    return int(x).to_bytes(32, "big")


def u1(p):
    if p is None:
        return bytes(64)  # snarkjs hashes infinity as zeros
    x, y = normalize(p)
    return be(x.n) + be(y.n)


def u2(p):
    if p is None:
        return bytes(128)
    x, y = normalize(p)
    return be(x.coeffs[1]) + be(x.coeffs[0]) + be(y.coeffs[1]) + be(y.coeffs[0])


def neg_fq(v):
    return v > (Q - 1) // 2


def c1(p):
    x, y = normalize(p)
    b = bytearray(be(x.n))
    if neg_fq(y.n):
        b[0] |= 0x80
    return bytes(b)


def c2(p):
    x, y = normalize(p)
    b = bytearray(be(x.coeffs[1]) + be(x.coeffs[0]))
    y0, y1 = int(y.coeffs[0]), int(y.coeffs[1])
    if neg_fq(y1) if y1 != 0 else neg_fq(y0):
        b[0] |= 0x80
    return bytes(b)


# ---------------------------------------------------------------- file parsing

def mont(b, at):
    return int.from_bytes(b[at:at + 32], "little") * RINV % Q


def g1(b, at):
    x, y = mont(b, at), mont(b, at + 32)
    if x == 0 and y == 0:
        return None
    p = (FQ(x), FQ(y), FQ(1))
    assert is_on_curve(p, FQ(3)), "G1 point off the curve"
    return p


def g2(b, at):
    x = FQ2([mont(b, at), mont(b, at + 32)])
    y = FQ2([mont(b, at + 64), mont(b, at + 96)])
    if x == FQ2([0, 0]) and y == FQ2([0, 0]):
        return None
    p = (x, y, FQ2([1, 0]))
    assert is_on_curve(p, b2), "G2 point off the twist"
    return p


def sections(data, magic):
    assert data[:4] == magic, "wrong magic"
    n = struct.unpack_from("<I", data, 8)[0]
    at, out = 12, {}
    for _ in range(n):
        t, size = struct.unpack_from("<IQ", data, at)
        out[t] = (at + 12, size)
        at += 12 + size
    return out


def params(raw):
    name, exp, value, at = None, None, None, 0
    while at < len(raw):
        t = raw[at]
        if t == 1:
            name = raw[at + 2:at + 2 + raw[at + 1]].decode()
            at += 2 + raw[at + 1]
        elif t == 2:
            exp = raw[at + 1]
            at += 2
        else:
            value = raw[at + 2:at + 2 + raw[at + 1]]
            at += 2 + raw[at + 1]
    return name, (value, exp) if value is not None else None

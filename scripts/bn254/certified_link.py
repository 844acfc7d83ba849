"""The link of certified weights (verify_certified.py's docstring): G1 multi-scalar
multiplication, the Fiat-Shamir transcript and challenge, and combining an equation's
terms over distinct bases. py_ecc + hashlib only."""
import hashlib

from py_ecc.optimized_bn128 import FQ, add, double, is_inf, normalize

from verify_groth16 import P, R

DOMAIN = b"zktrain.weight-link.v2"
G1_ZERO = (FQ(1), FQ(1), FQ(0))


def msm(points, scalars, window=4):
    """sum_i scalars[i] * points[i] in G1 (py_ecc projective tuples), scalars taken mod r.

    Straus / interleaved windowed method: one table [P, 2P, .., (2^w - 1)P] per point
    with a non-zero scalar, and one shared chain of 256 doublings. Zero scalars and
    points at infinity are skipped.
    """
    assert len(points) == len(scalars)
    terms = []
    for pt, k in zip(points, scalars):
        k %= R
        if k == 0 or is_inf(pt):
            continue
        table = [None, pt]
        for _ in range(2, 1 << window):
            table.append(add(table[-1], pt))
        terms.append((table, k))
    if not terms:
        return G1_ZERO
    bits = max(k.bit_length() for _, k in terms)
    top = (bits + window - 1) // window
    mask = (1 << window) - 1
    acc = None
    for j in range(top - 1, -1, -1):
        if acc is not None:
            for _ in range(window):
                acc = double(acc)
        shift = j * window
        for table, k in terms:
            digit = (k >> shift) & mask
            if digit:
                acc = table[digit] if acc is None else add(acc, table[digit])
    return G1_ZERO if acc is None else acc


def encode_point(pt):
    """enc(point): affine x || y, 32-byte big-endian each; infinity -> 64 zero bytes."""
    if is_inf(pt):
        return bytes(64)
    x, y = normalize(pt)
    return (int(x) % P).to_bytes(32, "big") + (int(y) % P).to_bytes(32, "big")


def _u64(v):
    return int(v).to_bytes(8, "big")


def transcript(equations, n_secrets, targets, commitments):
    """The Fiat-Shamir transcript (verify_certified.py's docstring). equations: list of term lists
    [(secret index, G1 base)]; targets, commitments: one G1 point per equation.

    Linear time: each distinct base object is encoded (one field inversion) once."""
    if not (len(equations) == len(targets) == len(commitments)):
        raise ValueError("equations, targets and commitments must have the same length")
    cache = {}
    parts = [DOMAIN, _u64(len(equations)), _u64(n_secrets)]
    for terms in equations:
        parts.append(_u64(len(terms)))
        for i, base in terms:
            if not 0 <= i < n_secrets:
                raise ValueError(f"secret index {i} out of range [0, {n_secrets})")
            key = id(base)
            hit = cache.get(key)
            if hit is None or hit[0] is not base:
                hit = cache[key] = (base, encode_point(base))
            parts.append(_u64(i))
            parts.append(hit[1])
    parts += [encode_point(p) for p in targets]
    parts += [encode_point(p) for p in commitments]
    return b"".join(parts)


def challenge(equations, n_secrets, targets, commitments):
    """Fiat-Shamir challenge c in [0, r) (see verify_certified.py's docstring)."""
    tr = transcript(equations, n_secrets, targets, commitments)
    h0 = hashlib.sha256(tr + b"\x00").digest()
    h1 = hashlib.sha256(tr + b"\x01").digest()
    return int.from_bytes(h0 + h1, "big") % R


def combine(terms, scalars):
    """sum over terms (i, B) of scalars[i] B as an msm over the distinct bases."""
    acc = {}
    for i, base in terms:
        slot = acc.get(id(base))
        if slot is None:
            acc[id(base)] = [base, scalars[i]]
        else:
            slot[1] += scalars[i]
    return [v[0] for v in acc.values()], [v[1] % R for v in acc.values()]

"""BN254 for the campaign: the two field moduli, and points in affine form (what the
wrong-accept checks compare: the same point in other Jacobian coordinates is the same)."""
import re

# BN254: base field p (proof/key coordinates) and scalar field r (public inputs, witness).
P = 21888242871839275222246405745257275088696311157297823662689037894645226208583
R = 21888242871839275222246405745257275088548364400416034343698204186575808495617


def fq2_mul(a, b):
    return ((a[0] * b[0] - a[1] * b[1]) % P, (a[0] * b[1] + a[1] * b[0]) % P)


def fq2_inv(a):
    d = pow((a[0] * a[0] + a[1] * a[1]) % P, -1, P)
    return (a[0] * d % P, -a[1] * d % P)


def dec(v):
    if isinstance(v, str) and re.fullmatch(r"[0-9]{1,80}", v):
        return int(v)
    raise ValueError(f"not a decimal string: {v!r}")


def g1_affine(c):
    if not isinstance(c, list) or len(c) != 3:
        raise ValueError("bad G1")
    x, y, z = (dec(v) % P for v in c)
    if z == 0:
        return ("inf",)
    zi = pow(z, -1, P)
    return (x * zi * zi % P, y * zi * zi * zi % P)


def g2_affine(c):
    if not isinstance(c, list) or len(c) != 3 or not all(isinstance(e, list) and len(e) == 2 for e in c):
        raise ValueError("bad G2")
    x, y, z = ((dec(e[0]) % P, dec(e[1]) % P) for e in c)
    if z == (0, 0):
        return ("inf",)
    zi = fq2_inv(z)
    zi2 = fq2_mul(zi, zi)
    return (fq2_mul(x, zi2), fq2_mul(y, fq2_mul(zi2, zi)))

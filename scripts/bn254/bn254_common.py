"""Shared helpers for the BN254 cross-check scripts (make_vectors.py, toy_groth16.py).

Only py_ecc (see requirements.txt) is used for the curve and pairing arithmetic.

Conventions (the same ones bn254.json documents):

* Fq2 = Fq[u]/(u^2 + 1). An Fq2 element is written [c0, c1] meaning c0 + c1*u.
  py_ecc's FQ2 uses the same basis: FQ2([c0, c1]).coeffs == (c0, c1).

* Fq12, tower-independent "w-basis": an Fq12 element is 6 Fq2 coefficients
  c0..c5 of w^0..w^5, where w^6 = xi = 9 + u.

  py_ecc's FQ12 is Fq[w]/(w^12 - 18*w^6 + 82): 12 Fq coefficients d0..d11 of
  w^0..w^11. It is the same w: with u := w^6 - 9 one gets
  u^2 = w^12 - 18 w^6 + 81 = (18 w^6 - 82) - 18 w^6 + 81 = -1, and w^6 = 9 + u = xi.
  Writing c_i = a_i + b_i*u and substituting u = w^6 - 9:

      sum_i (a_i + b_i*u) w^i = sum_i (a_i - 9*b_i) w^i + b_i w^(i+6)

  so   py_ecc -> w-basis:  b_i = d_(i+6),  a_i = d_i + 9*d_(i+6)      (i = 0..5)
       w-basis -> py_ecc:  d_i = a_i - 9*b_i,  d_(i+6) = b_i

* The common towered layout (snarkjs/ffjavascript, arkworks, gnark):
  Fq6 = Fq2[v]/(v^3 - xi), Fq12 = Fq6[w]/(w^2 - v), element = C0 + C1*w with
  Ck = ck0 + ck1*v + ck2*v^2. Since v = w^2:
      C0 + C1 w = c00 + c10 w + c01 w^2 + c11 w^3 + c02 w^4 + c12 w^5
  i.e. w-basis [c00, c10, c01, c11, c02, c12]. snarkjs writes such an element
  (vk_alphabeta_12) as [[c00, c01, c02], [c10, c11, c12]], each an Fq2 [re, im].

* Pairing value. py_ecc's pairing is the optimal ate pairing with the canonical
  final exponent (p^12 - 1)/r. snarkjs (ffjavascript) uses the Fuentes-Castaneda
  et al. hard part, whose result is the canonical value raised to
  SNARKJS_PAIRING_EXPONENT = 2x(6x^2 + 3x + 1), x = 4965661367192848881 (the BN
  parameter). This was checked against a real snarkjs verification_key.json
  (vk_alphabeta_12 for the Hermez powers-of-tau alpha/beta): it equals
  e(alpha, beta)^SNARKJS_PAIRING_EXPONENT, not e(alpha, beta).
"""

from py_ecc.optimized_bn128 import (
    FQ,
    FQ2,
    FQ12,
    G1,
    G2,
    b2 as TWIST_B,
    curve_order,
    field_modulus,
    final_exponentiate,
    is_inf,
    is_on_curve,
    multiply,
    normalize,
    pairing,
)

__all__ = [  # re-exported py_ecc names plus the helpers below
    "FQ", "FQ2", "FQ12", "G1", "G2", "TWIST_B", "final_exponentiate", "is_inf", "is_on_curve",
    "multiply", "normalize", "pairing", "P", "R", "BN_X", "SNARKJS_PAIRING_EXPONENT",
    "fq12_to_w", "w_to_fq12", "w_to_tower", "tower_to_w", "fq2_s", "fq12_s", "g1_affine",
    "g1_s", "g2_s", "fq_sqrt", "fq2_sqrt",
]

P = field_modulus
R = curve_order
BN_X = 4965661367192848881
SNARKJS_PAIRING_EXPONENT = 2 * BN_X * (6 * BN_X * BN_X + 3 * BN_X + 1)

assert (P - 1) % 4 == 2  # p = 3 mod 4, used by fq_sqrt


# ---------------------------------------------------------------- Fq12 bases


def fq12_to_w(f):
    """py_ecc FQ12 -> w-basis: list of 6 (a_i, b_i) int pairs (a_i + b_i*u)."""
    d = [int(c) % P for c in f.coeffs]
    return [((d[i] + 9 * d[i + 6]) % P, d[i + 6]) for i in range(6)]


def w_to_fq12(ws):
    """w-basis (6 pairs) -> py_ecc FQ12."""
    d = [0] * 12
    for i, (a, b) in enumerate(ws):
        d[i] = (int(a) - 9 * int(b)) % P
        d[i + 6] = int(b) % P
    return FQ12(d)


def w_to_tower(ws):
    """w-basis -> snarkjs layout [[c00, c01, c02], [c10, c11, c12]]."""
    return [[ws[0], ws[2], ws[4]], [ws[1], ws[3], ws[5]]]


def tower_to_w(t):
    return [t[0][0], t[1][0], t[0][1], t[1][1], t[0][2], t[1][2]]


# ---------------------------------------------------------------- encoders (decimal strings)


def fq2_s(x):
    """FQ2 or (c0, c1) -> ["c0", "c1"]."""
    c = x.coeffs if hasattr(x, "coeffs") else x
    return [str(int(c[0]) % P), str(int(c[1]) % P)]


def fq12_s(f):
    return [[str(a), str(b)] for a, b in fq12_to_w(f)]


def g1_affine(pt):
    """py_ecc projective G1 point -> (x, y) ints, or None for infinity."""
    if is_inf(pt):
        return None
    x, y = normalize(pt)
    return (int(x) % P, int(y) % P)


def g1_s(pt):
    a = g1_affine(pt)
    return None if a is None else [str(a[0]), str(a[1])]


def g2_s(pt):
    if is_inf(pt):
        return None
    x, y = normalize(pt)
    return [fq2_s(x), fq2_s(y)]


# ---------------------------------------------------------------- square roots


def fq_sqrt(a):
    """Square root in Fq (p = 3 mod 4) or None."""
    a %= P
    y = pow(a, (P + 1) // 4, P)
    return y if y * y % P == a else None


def fq2_sqrt(a0, a1):
    """Square root of a0 + a1*u in Fq2 (u^2 = -1), returned as (x0, x1), or None.

    (x0 + x1 u)^2 = x0^2 - x1^2 + 2 x0 x1 u; with n = sqrt(a0^2 + a1^2) (the norm
    is a square whenever a is), x0^2 = (a0 +- n)/2 and x1 = a1 / (2 x0).
    """
    a0 %= P
    a1 %= P
    if a1 == 0:
        t = fq_sqrt(a0)
        if t is not None:
            return (t, 0)
        t = fq_sqrt(-a0)  # sqrt(a0) = sqrt(-a0) * u
        return None if t is None else (0, t)
    n = fq_sqrt(a0 * a0 + a1 * a1)
    if n is None:
        return None
    inv2 = pow(2, P - 2, P)
    for cand in ((a0 + n) * inv2, (a0 - n) * inv2):
        x0 = fq_sqrt(cand)
        if x0 is not None and x0 != 0:
            x1 = a1 * pow(2 * x0, P - 2, P) % P
            if ((x0 * x0 - x1 * x1) % P, 2 * x0 * x1 % P) == (a0, a1):
                return (x0, x1)
    return None


def run_tests(namespace, names=(), suffix=lambda: ""):
    """Runs the test_* functions of `namespace` (only `names`, if given), printing "ok"/"FAIL"
    per test and "P passed, F failed" plus suffix(); returns the exit code (2 for an unknown name)."""
    import traceback
    tests = [(n, f) for n, f in namespace.items() if n.startswith("test_") and callable(f)]
    if names:
        unknown = set(names) - {n for n, _ in tests}
        if unknown:
            print(f"unknown tests: {sorted(unknown)}")
            return 2
        tests = [(n, f) for n, f in tests if n in names]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
            passed += 1
            print(f"ok    {name}")
        except Exception:  # noqa: BLE001
            failed += 1
            print(f"FAIL  {name}")
            traceback.print_exc()
    print(f"{passed} passed, {failed} failed{suffix()}")
    return 0 if failed == 0 else 1

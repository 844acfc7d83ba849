#!/usr/bin/env python3
"""Generate Tests/ProveTests/Vectors/bn254.json: BN254 (alt_bn128) test vectors
computed independently with py_ecc (pure Python), for the Swift `Prove` module.

Usage (from the repository root):
    python3 -m pip install -r scripts/bn254/requirements.txt
    python3 scripts/bn254/make_vectors.py [--out PATH]

Deterministic: all random values come from random.Random(SEED). Re-running with the
same py_ecc version reproduces the file byte for byte.

Every number in the output is a decimal string. Conventions (also in the file's
"conventions" field; details and the py_ecc <-> w-basis derivation are in
bn254_common.py):
  - Fq2 element: [c0, c1] = c0 + c1*u, u^2 = -1.
  - Fq12 element: 6 Fq2 coefficients [c0..c5] of w^0..w^5, w^6 = xi = 9 + u.
    py_ecc's FQ12 (Fq[w]/(w^12 - 18 w^6 + 82), u = w^6 - 9) maps to it by
    a_i = d_i + 9*d_(i+6), b_i = d_(i+6)  (c_i = a_i + b_i*u, d = py_ecc coeffs).
  - G1 point: [x, y] affine; G2 point: [[x0, x1], [y0, y1]] affine over Fq2;
    the point at infinity is null.
  - Pairing e(P, Q), P in G1, Q in G2: optimal ate, canonical final exponent
    (p^12-1)/r ("e"); "e_snarkjs" = e^(2x(6x^2+3x+1)) is what snarkjs/ffjavascript
    computes (e.g. vk_alphabeta_12), also given in snarkjs's tower layout.
"""

import argparse
import importlib.metadata
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bn254_common import (  # noqa: E402
    FQ, FQ2, FQ12, G1, G2, P, R, SNARKJS_PAIRING_EXPONENT, TWIST_B,
    final_exponentiate, fq2_s, fq2_sqrt, fq12_s, g1_s, g2_s,
    is_inf, is_on_curve, multiply, pairing, w_to_fq12, w_to_tower,
)
from py_ecc.optimized_bn128 import b as G1_B, neg  # noqa: E402
from vectors_fields import fq2_cases, fq12_cases, prime_field_cases  # noqa: E402

SEED = 0x5A4B_2026_BA54
REPO_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_OUT = os.path.join(REPO_ROOT, "Tests", "ProveTests", "Vectors", "bn254.json")
PY_ECC_VERSION = importlib.metadata.version("py_ecc")


# ---------------------------------------------------------------- groups


def g1_cases(rng):
    ks = [0, 1, 2, 3, R - 1, R - 2, (R - 1) // 2, 2**64 - 1] + [rng.randrange(1, R) for _ in range(5)]
    out = []
    for k in ks:
        pt = multiply(G1, k)
        assert is_on_curve(pt, G1_B)
        assert is_inf(pt) == (k == 0)
        out.append({"k": str(k), "point": g1_s(pt)})
    assert out[4]["point"] == ["1", str(P - 2)]  # (r-1)G = -G = (1, -2)
    return out


def g2_cases(rng):
    ks = [0, 1, 2, R - 1, 2**64 - 1] + [rng.randrange(1, R) for _ in range(3)]
    out = []
    for k in ks:
        pt = multiply(G2, k)
        assert is_on_curve(pt, TWIST_B)
        assert is_inf(pt) == (k == 0)
        assert is_inf(multiply(pt, R))
        out.append({"k": str(k), "point": g2_s(pt)})
    return out


def g2_not_in_subgroup():
    """Smallest t >= 1 such that x = t + u gives a point on the twist; check r*P != O."""
    t = 1
    while True:
        x = FQ2([t, 1])
        rhs = x * x * x + TWIST_B
        y = fq2_sqrt(*(int(c) for c in rhs.coeffs))
        if y is not None:
            break
        t += 1
    pt = (x, FQ2([y[0], y[1]]), FQ2.one())
    assert is_on_curve(pt, TWIST_B)
    assert not is_inf(multiply(pt, R)), "unexpectedly in the subgroup"
    cofactor = 2 * P - R  # #E'(Fq2) = r * (2p - r)
    cleared = multiply(pt, cofactor)
    assert not is_inf(cleared) and is_inf(multiply(cleared, R))
    return {
        "note": "on the twist y^2 = x^3 + 3/(9+u) but r*P != O; x = t + u for the smallest t >= 1 "
        "with x^3 + b' a square in Fq2. cleared = cofactor*P is in the order-r subgroup.",
        "twist_b": fq2_s(TWIST_B),
        "t": str(t),
        "point": g2_s(pt),
        "cofactor": str(cofactor),
        "cleared": g2_s(cleared),
    }


# ---------------------------------------------------------------- pairing


def pairing_section(rng):
    e_gen = pairing(G2, G1)
    assert e_gen != FQ12.one() and e_gen**R == FQ12.one()
    ab_list = [(1, 1), (2, 3), (R - 1, 1), (0, 5), (rng.randrange(1, R), rng.randrange(1, R))]
    cases = []
    for a, b in ab_list:
        p1, q2 = multiply(G1, a), multiply(G2, b)
        e = pairing(q2, p1)
        ab = a * b % R
        assert e == e_gen**ab  # bilinearity
        assert e**R == FQ12.one()
        e_sj = e**SNARKJS_PAIRING_EXPONENT
        cases.append(
            {
                "a": str(a),
                "b": str(b),
                "p": g1_s(p1),
                "q": g2_s(q2),
                "ab_mod_r": str(ab),
                "e": fq12_s(e),
                "e_snarkjs": fq12_s(e_sj),
                "e_snarkjs_tower": w_to_tower(fq12_s(e_sj)),
            }
        )
    # (r-1, 1) is e(-G1, G2) = e(G1, G2)^-1 = conjugate (unitary) of e_gen
    assert w_to_fq12([tuple(map(int, c)) for c in cases[2]["e"]]) * e_gen == FQ12.one()
    assert cases[3]["e"] == fq12_s(FQ12.one())

    def ml(p1, q2):
        return pairing(q2, p1, final_exponentiate=False)

    products = []
    a, b = rng.randrange(1, R), rng.randrange(1, R)
    for extra, expect in ((0, True), (1, False)):
        pa, qb = multiply(G1, a), multiply(G2, b)
        pn = neg(multiply(G1, (a * b + extra) % R))
        f = final_exponentiate(ml(pa, qb) * ml(pn, G2))
        assert (f == FQ12.one()) == expect
        products.append(
            {
                "pairs": [{"p": g1_s(pa), "q": g2_s(qb)}, {"p": g1_s(pn), "q": g2_s(G2)}],
                "is_one": expect,
            }
        )
    # three pairs incl. an infinity: e(aG1, G2) * e(O, bG2) * e(-aG1, G2) = 1
    pa = multiply(G1, a)
    f = final_exponentiate(ml(pa, G2) * ml(multiply(G1, 0), multiply(G2, b)) * ml(neg(pa), G2))
    assert f == FQ12.one()
    products.append(
        {
            "pairs": [
                {"p": g1_s(pa), "q": g2_s(G2)},
                {"p": None, "q": g2_s(multiply(G2, b))},
                {"p": g1_s(neg(pa)), "q": g2_s(G2)},
            ],
            "is_one": True,
        }
    )
    return {
        "e_generators": fq12_s(e_gen),
        "e_generators_snarkjs": fq12_s(e_gen**SNARKJS_PAIRING_EXPONENT),
        "snarkjs_exponent": str(SNARKJS_PAIRING_EXPONENT),
        "relations": [
            "e = e_generators^(ab_mod_r)",
            "e^r = 1; e_generators != 1",
            "e_snarkjs = e^snarkjs_exponent",
            "e(P, O) = e(O, Q) = 1",
        ],
        "cases": cases,
        "product_checks": products,
    }


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    t0 = time.time()
    rng = random.Random(SEED)

    fq = prime_field_cases(P, rng, 6)
    fr = prime_field_cases(R, rng, 6)
    fq2 = fq2_cases(rng)
    fq12 = fq12_cases(rng)
    g1 = g1_cases(rng)
    g2 = g2_cases(rng)
    bad_g2 = g2_not_in_subgroup()
    pair = pairing_section(rng)

    g2_off = multiply(G2, 1)
    g2_off = (g2_off[0], g2_off[1] + FQ2.one(), g2_off[2])
    assert not is_on_curve(g2_off, TWIST_B)
    assert not is_on_curve((FQ(1), FQ(3), FQ(1)), G1_B)

    doc = {
        "header": f"generated by scripts/bn254/make_vectors.py with py_ecc {PY_ECC_VERSION} — do not edit",
        "seed": str(SEED),
        "conventions": {
            "numbers": "decimal strings, canonical (0 <= n < modulus)",
            "fq2": "[c0, c1] = c0 + c1*u, u^2 = -1",
            "fq12": "[c0..c5], each an fq2, coefficients of w^0..w^5 with w^6 = 9 + u",
            "fq12_tower": "snarkjs layout [[c00,c01,c02],[c10,c11,c12]] of (C0 + C1 w), Ck = ck0 + ck1 v + ck2 v^2, "
            "v = w^2, v^3 = 9 + u; w-basis = [c00, c10, c01, c11, c02, c12]",
            "g1": "[x, y] affine on y^2 = x^3 + 3; null = point at infinity",
            "g2": "[[x0, x1], [y0, y1]] affine on y^2 = x^3 + 3/(9+u); null = point at infinity",
            "pairing": "e(p, q), p in G1, q in G2, optimal ate, final exponent (p^12-1)/r",
        },
        "p": str(P),
        "r": str(R),
        "fq": fq,
        "fr": fr,
        "fq2": fq2,
        "fq12": fq12,
        "g1": {"generator": g1_s(G1), "b": "3", "cases": g1},
        "g2": {"generator": g2_s(G2), "b": fq2_s(TWIST_B), "cases": g2},
        "pairing": pair,
        "invalid": {
            "g2_not_in_subgroup": bad_g2,
            "g1_not_on_curve": ["1", "3"],
            "g2_not_on_curve": g2_s(g2_off),
        },
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    dt = time.time() - t0
    print(
        f"wrote {os.path.relpath(args.out)}: {len(fq)} fq, {len(fr)} fr, {len(fq2)} fq2, {len(fq12)} fq12, "
        f"{len(g1)} g1, {len(g2)} g2, {len(pair['cases'])} pairings, {len(pair['product_checks'])} products "
        f"in {dt:.1f} s (py_ecc {PY_ECC_VERSION})"
    )


if __name__ == "__main__":
    main()

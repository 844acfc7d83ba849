#!/usr/bin/env python3
"""A toy Groth16 setup + proof in pure py_ecc, written in snarkjs's JSON layout.

Purpose: exercise verify_groth16.py without the Swift prover. NOT a secure setup:
the toxic waste (tau, alpha, beta, gamma, delta) comes from a seeded PRNG and is
known, and the proof is computed from it directly (a real prover only sees the
proving key; the verifier cannot tell the difference).

Circuit (2 constraints, public z, private x and y), wires [1, z, x, y]:
    x * x = y
    y * x = z          (so z = x^3)

Usage:
    python3 scripts/bn254/toy_groth16.py OUTDIR [--x 3] [--seed 1]
writes OUTDIR/verification_key.json, OUTDIR/proof.json, OUTDIR/public.json.
The same --seed gives the same verification key for any --x.
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bn254_common import (  # noqa: E402
    G1, G2, R, SNARKJS_PAIRING_EXPONENT, fq2_s, fq12_s, is_inf, multiply,
    normalize, pairing, w_to_tower,
)

# ---------------------------------------------------------------- R1CS

N_PUBLIC = 1  # z
N_WIRES = 4  # [1, z, x, y]
ONE, Z, X, Y = range(N_WIRES)
# each constraint: (A, B, C) as {wire: coefficient}; <A,w> * <B,w> = <C,w>
CONSTRAINTS = [
    ({X: 1}, {X: 1}, {Y: 1}),
    ({Y: 1}, {X: 1}, {Z: 1}),
]


def witness(x):
    y = x * x % R
    return [1, x * y % R, x % R, y]


# ---------------------------------------------------------------- polynomials over Fr


def inv(a):
    return pow(a % R, R - 2, R)


def padd(a, b):
    n = max(len(a), len(b))
    return [((a[i] if i < len(a) else 0) + (b[i] if i < len(b) else 0)) % R for i in range(n)]


def pscale(a, k):
    return [c * k % R for c in a]


def pmul(a, b):
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] = (out[i + j] + x * y) % R
    return out


def peval(a, x):
    acc = 0
    for c in reversed(a):
        acc = (acc * x + c) % R
    return acc


def pdivmod(a, b):
    a = list(a)
    q = [0] * max(len(a) - len(b) + 1, 1)
    lead = inv(b[-1])
    for i in range(len(a) - len(b), -1, -1):
        k = a[i + len(b) - 1] * lead % R
        q[i] = k
        for j, c in enumerate(b):
            a[i + j] = (a[i + j] - k * c) % R
    return q, a[: len(b) - 1]


def lagrange_basis(n):
    """The Lagrange polynomials over the domain {1, ..., n} and the vanishing polynomial t."""
    dom = list(range(1, n + 1))
    lag = []
    for j, xj in enumerate(dom):
        num, den = [1], 1
        for k, xk in enumerate(dom):
            if k != j:
                num = pmul(num, [-xk % R, 1])
                den = den * (xj - xk) % R
        lag.append(pscale(num, inv(den)))
    t = [1]
    for xj in dom:
        t = pmul(t, [-xj % R, 1])
    return lag, t


def qap():
    """Lagrange interpolation over the domain {1, ..., n}: u_i, v_i, w_i and t."""
    lag, t = lagrange_basis(len(CONSTRAINTS))
    polys = []
    for m in range(3):
        per_wire = []
        for i in range(N_WIRES):
            p = [0]
            for j, cons in enumerate(CONSTRAINTS):
                p = padd(p, pscale(lag[j], cons[m].get(i, 0)))
            per_wire.append(p)
        polys.append(per_wire)
    return polys[0], polys[1], polys[2], t


# ---------------------------------------------------------------- snarkjs JSON encoding


def g1_json(pt):
    if is_inf(pt):
        return ["0", "1", "0"]
    x, y = normalize(pt)
    return [str(int(x)), str(int(y)), "1"]


def g2_json(pt):
    if is_inf(pt):
        return [["0", "0"], ["1", "0"], ["0", "0"]]
    x, y = normalize(pt)
    return [fq2_s(x), fq2_s(y), ["1", "0"]]


# ---------------------------------------------------------------- setup and proof


def make(outdir, x=3, seed=1):
    rng = random.Random(f"zktrain-toy-groth16-{seed}")
    tau, alpha, beta, gamma, delta = (rng.randrange(1, R) for _ in range(5))
    u, v, w, t = qap()
    ut = [peval(p, tau) for p in u]
    vt = [peval(p, tau) for p in v]
    wt = [peval(p, tau) for p in w]
    k = [(beta * ut[i] + alpha * vt[i] + wt[i]) % R for i in range(N_WIRES)]  # beta*u + alpha*v + w

    ic = [k[i] * inv(gamma) % R for i in range(N_PUBLIC + 1)]
    vk = {
        "protocol": "groth16",
        "curve": "bn128",
        "nPublic": N_PUBLIC,
        "vk_alpha_1": g1_json(multiply(G1, alpha)),
        "vk_beta_2": g2_json(multiply(G2, beta)),
        "vk_gamma_2": g2_json(multiply(G2, gamma)),
        "vk_delta_2": g2_json(multiply(G2, delta)),
        # snarkjs's value: its pairing is py_ecc's raised to SNARKJS_PAIRING_EXPONENT
        "vk_alphabeta_12": w_to_tower(
            fq12_s(pairing(multiply(G2, beta), multiply(G1, alpha)) ** SNARKJS_PAIRING_EXPONENT)
        ),
        "IC": [g1_json(multiply(G1, s)) for s in ic],
    }

    a = witness(x)
    for ca, cb, cc in CONSTRAINTS:  # the witness satisfies the R1CS
        dot = [sum(coef * a[i] for i, coef in m.items()) % R for m in (ca, cb, cc)]
        assert dot[0] * dot[1] % R == dot[2]
    A = B = C = [0]
    for i in range(N_WIRES):
        A = padd(A, pscale(u[i], a[i]))
        B = padd(B, pscale(v[i], a[i]))
        C = padd(C, pscale(w[i], a[i]))
    h, rem = pdivmod(padd(pmul(A, B), pscale(C, R - 1)), t)
    assert all(c == 0 for c in rem), "A*B - C not divisible by t"

    prng = random.Random(f"zktrain-toy-groth16-proof-{seed}-{x}")
    r, s = prng.randrange(1, R), prng.randrange(1, R)
    a_s = (alpha + peval(A, tau) + r * delta) % R
    b_s = (beta + peval(B, tau) + s * delta) % R
    priv = sum(a[i] * k[i] for i in range(N_PUBLIC + 1, N_WIRES))
    c_s = ((priv + peval(h, tau) * peval(t, tau)) * inv(delta) + s * a_s + r * b_s - r * s * delta) % R
    # the Groth16 equation in the exponent
    lin = sum(a[i] * ic[i] for i in range(N_PUBLIC + 1)) % R
    assert a_s * b_s % R == (alpha * beta + lin * gamma + c_s * delta) % R

    proof = {
        "pi_a": g1_json(multiply(G1, a_s)),
        "pi_b": g2_json(multiply(G2, b_s)),
        "pi_c": g1_json(multiply(G1, c_s)),
        "protocol": "groth16",
        "curve": "bn128",
    }
    public = [str(a[i]) for i in range(1, N_PUBLIC + 1)]

    os.makedirs(outdir, exist_ok=True)
    paths = {}
    for name, obj in (("verification_key", vk), ("proof", proof), ("public", public)):
        paths[name] = os.path.join(outdir, f"{name}.json")
        with open(paths[name], "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=1)
            fh.write("\n")
    return paths


def main():
    ap = argparse.ArgumentParser(description="toy Groth16 (x*x=y, y*x=z, public z) in snarkjs JSON")
    ap.add_argument("outdir")
    ap.add_argument("--x", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    paths = make(args.outdir, args.x, args.seed)
    for p in paths.values():
        print(p)


if __name__ == "__main__":
    main()

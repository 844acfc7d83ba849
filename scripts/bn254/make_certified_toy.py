#!/usr/bin/env python3
"""Toy "certified weights" artifacts (see verify_certified.py), pure py_ecc, seeded.

NOT secure: like toy_groth16.py, both Groth16 setups use toxic waste from a seeded
PRNG and the proofs are computed from it directly (in the exponent, the same values a
real prover computes from the proving key).

Inference circuit, wires [1, y | w0, w1, w2, nu | x, x2, t0, t1]:
    public signal y (P = 1); committed wires w0, w1, w2 (n = 3 parameters) and the
    blinder nu (m = 4), laid out as Groth16 public inputs 2..5; private input x.
        x  * x  = x2
        w0 * x2 = t0
        w1 * x  = t1
        (t0 + t1 + w2) * 1 = y          so y = w0 x^2 + w1 x + w2
    nu appears in no constraint.
Certificate circuit, wires [1 | w0, w1, w2, nu' | b00, b01, b10, b11, b20, b21]:
    public inputs w0, w1, w2, nu' (nPublic = m = 4); each weight is 2 bits:
        bi0 * bi0 = bi0,  bi1 * bi1 = bi1,  (bi0 + 2 bi1) * 1 = wi      (i = 0, 1, 2)
    nu' appears in no constraint.
Both QAPs get snarkjs's input-consistency rows (one row per wire 0..nPublic with
A = that wire, B = C = 0), so every public input, the unused blinders included, has a
non-zero IC point.

Usage:
    python3 scripts/bn254/make_certified_toy.py OUTDIR [--weights 2,1,3] [--x 5] [--seed 1]
writes OUTDIR/verification_key.json, proof.json, public.json, weights.certificate.json,
certificate_verification_key.json. The same --seed gives the same two keys for any
--weights / --x.
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bn254_common import G1, G2, R, multiply  # noqa: E402
from py_ecc.optimized_bn128 import FQ, eq  # noqa: E402
from toy_groth16 import g1_json, g2_json, inv, padd, pdivmod, peval, pmul, pscale  # noqa: E402
from verify_certified import FORMAT, VERSION, challenge, msm  # noqa: E402

N_PARAMS = 3
M = N_PARAMS + 1  # committed wires: parameters then the blinder


class Circuit:
    """An R1CS: constraints are (A, B, C) dicts {wire: coeff}; wires 1..n_public are public."""

    def __init__(self, name, n_wires, n_public, constraints):
        self.name, self.n_wires, self.n_public = name, n_wires, n_public
        self.constraints = list(constraints)

    def satisfied(self, a):
        for ca, cb, cc in self.constraints:
            da, db, dc = (sum(coef * a[i] for i, coef in mat.items()) % R for mat in (ca, cb, cc))
            if da * db % R != dc:
                return False
        return True

    def qap_rows(self):
        # snarkjs appends, after the constraints, one row per wire 0..nPublic: A = wire, B = C = 0
        return self.constraints + [({i: 1}, {}, {}) for i in range(self.n_public + 1)]


def inference_circuit():
    ONE, Y, W0, W1, W2, NU, X, X2, T0, T1 = range(10)
    cons = [
        ({X: 1}, {X: 1}, {X2: 1}),
        ({W0: 1}, {X2: 1}, {T0: 1}),
        ({W1: 1}, {X: 1}, {T1: 1}),
        ({T0: 1, T1: 1, W2: 1}, {ONE: 1}, {Y: 1}),
    ]
    return Circuit("inference", 10, 1 + M, cons)


def inference_witness(weights, nu, x):
    w0, w1, w2 = (v % R for v in weights)
    x %= R
    x2 = x * x % R
    t0, t1 = w0 * x2 % R, w1 * x % R
    y = (t0 + t1 + w2) % R
    return [1, y, w0, w1, w2, nu % R, x, x2, t0, t1]


def certificate_circuit():
    cons = []
    for i in range(N_PARAMS):
        b0, b1 = 1 + M + 2 * i, 2 + M + 2 * i
        cons.append(({b0: 1}, {b0: 1}, {b0: 1}))
        cons.append(({b1: 1}, {b1: 1}, {b1: 1}))
        cons.append(({b0: 1, b1: 2}, {0: 1}, {1 + i: 1}))
    return Circuit("certificate", 1 + M + 2 * N_PARAMS, M, cons)


def certificate_witness(weights, nu_prime):
    """Honest witness; raises ValueError when a weight is not a 2-bit value."""
    a = [1] + [w % R for w in weights] + [nu_prime % R]
    for w in weights:
        if not (isinstance(w, int) and 0 <= w < 4):
            raise ValueError(f"weight {w} is not in [0, 4): no 2-bit decomposition exists")
        a += [w & 1, w >> 1]
    return a


# ---------------------------------------------------------------- Groth16 with known toxic waste


def lagrange_basis(n):
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


def qap(circuit):
    rows = circuit.qap_rows()
    lag, t = lagrange_basis(len(rows))
    polys = []
    for k in range(3):
        per_wire = []
        for i in range(circuit.n_wires):
            p = [0]
            for j, row in enumerate(rows):
                coef = row[k].get(i, 0)
                if coef:
                    p = padd(p, pscale(lag[j], coef))
            per_wire.append(p)
        polys.append(per_wire)
    return polys[0], polys[1], polys[2], t


def setup(circuit, seed):
    rng = random.Random(f"zktrain-certified-toy-{circuit.name}-{seed}")
    tau, alpha, beta, gamma, delta = (rng.randrange(1, R) for _ in range(5))
    u, v, w, t = qap(circuit)
    ut, vt, wt = ([peval(p, tau) for p in ps] for ps in (u, v, w))
    k = [(beta * ut[i] + alpha * vt[i] + wt[i]) % R for i in range(circuit.n_wires)]
    ic = [k[i] * inv(gamma) % R for i in range(circuit.n_public + 1)]
    tw = {"tau": tau, "alpha": alpha, "beta": beta, "gamma": gamma, "delta": delta,
          "u": u, "v": v, "w": w, "t": t, "k": k, "ic": ic}
    vk = {
        "protocol": "groth16",
        "curve": "bn128",
        "nPublic": circuit.n_public,
        "vk_alpha_1": g1_json(multiply(G1, alpha)),
        "vk_beta_2": g2_json(multiply(G2, beta)),
        "vk_gamma_2": g2_json(multiply(G2, gamma)),
        "vk_delta_2": g2_json(multiply(G2, delta)),
        "IC": [g1_json(multiply(G1, s)) for s in ic],
    }
    return vk, tw


def prove(circuit, tw, a, rng):
    """Groth16 proof for the full assignment a (asserts that it satisfies the circuit)."""
    assert len(a) == circuit.n_wires and a[0] == 1
    assert circuit.satisfied(a), f"{circuit.name}: witness does not satisfy the R1CS"
    u, v, w, t, tau = tw["u"], tw["v"], tw["w"], tw["t"], tw["tau"]
    A = B = C = [0]
    for i in range(circuit.n_wires):
        A = padd(A, pscale(u[i], a[i]))
        B = padd(B, pscale(v[i], a[i]))
        C = padd(C, pscale(w[i], a[i]))
    h, rem = pdivmod(padd(pmul(A, B), pscale(C, R - 1)), t)
    assert all(c == 0 for c in rem), "A*B - C not divisible by t"
    alpha, beta, delta, k = tw["alpha"], tw["beta"], tw["delta"], tw["k"]
    r, s = rng.randrange(1, R), rng.randrange(1, R)
    a_s = (alpha + peval(A, tau) + r * delta) % R
    b_s = (beta + peval(B, tau) + s * delta) % R
    priv = sum(a[i] * k[i] for i in range(circuit.n_public + 1, circuit.n_wires))
    c_s = ((priv + peval(h, tau) * peval(t, tau)) * inv(delta) + s * a_s + r * b_s - r * s * delta) % R
    lin = sum(a[i] * tw["ic"][i] for i in range(circuit.n_public + 1)) % R
    assert a_s * b_s % R == (alpha * beta + lin * tw["gamma"] + c_s * delta) % R
    return {
        "pi_a": g1_json(multiply(G1, a_s)),
        "pi_b": g2_json(multiply(G2, b_s)),
        "pi_c": g1_json(multiply(G1, c_s)),
        "protocol": "groth16",
        "curve": "bn128",
    }


# ---------------------------------------------------------------- commitments and the link


def bases(vk, first, count):
    """IC[first : first + count] as py_ecc points (toy keys never contain infinity)."""
    return [(FQ(int(p[0])), FQ(int(p[1])), FQ(1)) for p in vk["IC"][first: first + count]]


def commit(K, weights, blinder):
    return msm(K, list(weights) + [blinder])


def prove_link(K, Kp, weights, nu, nu_prime, D, Dp, rng):
    """Honest Sigma-protocol prover (see verify_certified.py) -> the "link" JSON object."""
    n = len(weights)
    rw = [rng.randrange(R) for _ in range(n)]
    r_nu, r_nup = rng.randrange(R), rng.randrange(R)
    T = msm(K, rw + [r_nu])
    Tp = msm(Kp, rw + [r_nup])
    c = challenge(K, Kp, D, Dp, T, Tp)
    z = [(ri + c * wi) % R for ri, wi in zip(rw, weights)]
    z += [(r_nu + c * nu) % R, (r_nup + c * nu_prime) % R]
    return {"t": g1_json(T), "tPrime": g1_json(Tp), "responses": [str(v) for v in z]}


def build(seed=1, weights=(2, 1, 3), x=5):
    """Everything in memory: the five JSON objects plus the secrets (for tests)."""
    weights = list(weights)
    assert len(weights) == N_PARAMS
    inf_c, cert_c = inference_circuit(), certificate_circuit()
    vk, tw = setup(inf_c, seed)
    cvk, ctw = setup(cert_c, seed)
    rng = random.Random(f"zktrain-certified-toy-prover-{seed}-{weights}-{x}")
    nu, nu_prime = rng.randrange(1, R), rng.randrange(1, R)

    a = inference_witness(weights, nu, x)
    proof = prove(inf_c, tw, a, rng)
    public = [str(a[1])]
    ca = certificate_witness(weights, nu_prime)
    range_proof = prove(cert_c, ctw, ca, rng)

    K = bases(vk, 1 + len(public), M)
    Kp = bases(cvk, 1, M)
    D = commit(K, weights, nu)
    Dp = commit(Kp, weights, nu_prime)
    # the commitments are exactly the public-input parts of L, L'
    assert eq(D, msm(bases(vk, 2, M), a[2: 2 + M])) and eq(Dp, msm(Kp, ca[1: 1 + M]))
    cert = {
        "format": FORMAT,
        "version": VERSION,
        "commitment": g1_json(D),
        "certificateCommitment": g1_json(Dp),
        "rangeProof": range_proof,
        "link": prove_link(K, Kp, weights, nu, nu_prime, D, Dp, rng),
    }
    files = {"verification_key": vk, "proof": proof, "public": public,
             "weights.certificate": cert, "certificate_verification_key": cvk}
    secrets = {"weights": weights, "nu": nu, "nu_prime": nu_prime, "x": x, "y": a[1],
               "inference_assignment": a, "certificate_assignment": ca,
               "full_public": [str(v) for v in a[1: 2 + M]],
               "full_certificate_public": [str(v) for v in ca[1: 1 + M]],
               "K": K, "Kp": Kp, "D": D, "Dp": Dp}
    return files, secrets


def write(outdir, files):
    os.makedirs(outdir, exist_ok=True)
    paths = {}
    for name, obj in files.items():
        paths[name] = os.path.join(outdir, f"{name}.json")
        with open(paths[name], "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=1)
            fh.write("\n")
    return paths


def make(outdir, seed=1, weights=(2, 1, 3), x=5):
    files, secrets = build(seed, weights, x)
    return write(outdir, files), secrets


def main():
    ap = argparse.ArgumentParser(description="toy certified-weights artifacts (insecure, seeded)")
    ap.add_argument("outdir")
    ap.add_argument("--weights", default="2,1,3", help=f"{N_PARAMS} comma-separated values in [0, 4)")
    ap.add_argument("--x", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    weights = [int(v) for v in args.weights.split(",")]
    if len(weights) != N_PARAMS:
        ap.error(f"--weights needs {N_PARAMS} values")
    paths, _ = make(args.outdir, args.seed, weights, args.x)
    for p in paths.values():
        print(p)


if __name__ == "__main__":
    main()

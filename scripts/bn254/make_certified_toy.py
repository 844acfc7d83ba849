#!/usr/bin/env python3
"""Toy "certified weights" artifacts, version 2 (see verify_certified.py), pure py_ecc, seeded.

NOT secure: like toy_groth16.py, both Groth16 setups use toxic waste from a seeded
PRNG and the proofs are computed from it directly (in the exponent, the same values a
real prover computes from the proving key).

Model (all parameters in [0, 4), drawn from the seeded PRNG unless given):
  variant "dense" (default): public input x (4 values); input layer 0 = dense 4 -> 2
      (8 weights, 2 biases), y = x W + b; then z = y_0 * y_{M-1}; layer 1 = "dense" 1 -> 1
      (weight w, bias c): out = w z + c.
  variant "conv": public input x of shape 2x2x2 (NHWC, 8 values); input layer 0 = conv2d
      2 -> 2 channels, kernel 2, stride 1, padding 1 (3x3x2 = 18 outputs, 16 weights,
      2 biases); then as above (z = y_0 * y_17, out = w z + c).
  variant "none" (--no-input-layer): no input layer; public x (2 values); layer 0 =
      dense 2 -> 1 computed in the circuit (a = v0 x0 + v1 x1 + d), layer 1: out = w a^2 + c.
public.json = [out, x...] (P = 1 + N, pixels at offset 1) or [out, x0, x1] ("none").
Inference circuit wires: [1 | public signals | m committed wires | private]; the committed
wires follow verify_certified.py's layout (y_0..y_{M-1}, beta, w, c, nu; or v0, v1, d, w,
c, nu). beta = sum_j x_j rho_j and nu appear in no constraint; neither do the y's that the
circuit does not read, nor the pixels: the key binds them anyway via the
input-consistency rows (one row per wire 0..nPublic with A = that wire, B = C = 0, as
snarkjs does), so every public input and committed wire has a non-zero IC point.
Certificate circuit: public inputs = the n parameters (certificate order) then nu'
(nPublic = n + 1); each parameter is 2 bits: b0*b0 = b0, b1*b1 = b1, (b0 + 2 b1)*1 = p.

The input layer's y and E_j are computed here independently of the verifier's index
arithmetic: the conv pads the input with zeros and reads nested [y][x][c] arrays, and
E_j's coefficients are the layer's response to the unit input e_j minus the bias; the
build asserts that they agree with verify_certified.build_equations (the link prover
uses those equations, as a real prover must, for the transcript).

Usage:
    python3 scripts/bn254/make_certified_toy.py OUTDIR [--variant dense|conv|none]
        [--no-input-layer] [--seed 1] [--params-seed 1] [--x 1,2,3,0]
writes OUTDIR/circuit.json, verification_key.json, proof.json, public.json,
weights.certificate.json, certificate_verification_key.json. The same --seed and
variant give the same two keys for any parameters / x.
"""

import argparse
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bn254_common import R  # noqa: E402
from py_ecc.optimized_bn128 import FQ, add, eq  # noqa: E402
from toy_groth16 import g1_json  # noqa: E402
import verify_certified as vc  # noqa: E402
from certified_toy_circuits import (  # noqa: E402
    VARIANTS, certificate_circuit, certificate_witness, inference_circuit, input_layer, model, prove, setup,
)


# ---------------------------------------------------------------- commitments and the link


def bases(vk, first, count):
    """IC[first : first + count] as py_ecc points (toy keys never contain infinity)."""
    return [(FQ(int(p[0])), FQ(int(p[1])), FQ(1)) for p in vk["IC"][first: first + count]]


def evaluate(equations, secrets):
    """The targets an honest prover's secrets give: sum over terms (i, B) of s_i B."""
    return [vc.msm(*vc.combine(terms, secrets)) for terms in equations]


def prove_link(equations, targets, secrets, rng):
    """Honest Maurer prover (whatever the targets are) -> the "link" JSON object and T."""
    rs = [rng.randrange(R) for _ in secrets]
    T = evaluate(equations, rs)
    c = vc.challenge(equations, len(secrets), targets, T)
    z = [(ri + c * si) % R for ri, si in zip(rs, secrets)]
    return {"commitments": [g1_json(t) for t in T], "responses": [str(v) for v in z]}, T


def draw_params(md, params_seed):
    rng = random.Random(f"zktrain-certified-toy-params-{md['variant']}-{params_seed}")
    return [rng.randrange(4) for _ in range(md["n"])]


def build(variant="dense", seed=1, params=None, x=None, params_seed=1):
    """Everything in memory: the six JSON objects plus the secrets (for tests)."""
    md = model(variant)
    n, m, N, M, nw, nb = md["n"], md["m"], md["N"], md["M"], md["nw"], md["nb"]
    params = list(params) if params is not None else draw_params(md, params_seed)
    assert len(params) == n
    if x is None:
        x = [(3 * j + 1) % 4 for j in range(N if N else 2)]
    x = list(x)
    inf_c, cert_c = inference_circuit(md), certificate_circuit(n)
    vk, tw = setup(inf_c, seed)
    cvk, ctw = setup(cert_c, seed)
    rng = random.Random(f"zktrain-certified-toy-prover-{variant}-{seed}-{params}-{x}")
    nu, nu_prime = rng.randrange(1, R), rng.randrange(1, R)
    rho = [rng.randrange(1, R) for _ in range(N)]
    w_, c_ = params[-2], params[-1]

    # the witness, from the model's own arithmetic
    Pn = md["P"]
    if variant == "none":
        v0, v1, d = params[:3]
        t0, t1 = v0 * x[0], v1 * x[1]
        sq = (t0 + t1 + d) ** 2
        t2 = w_ * sq
        out = t2 + c_
        committed = params[:3] + [w_, c_, nu]
        private = [t0, t1, sq, t2]
        ys = []
    else:
        W, bias = params[:nw], params[nw: nw + nb]
        ys = input_layer(md["certified"]["inputLayer"], x, W, bias)
        z = ys[0] * ys[-1]
        t = w_ * z
        out = t + c_
        beta = sum(xj * rj for xj, rj in zip(x, rho)) % R
        committed = ys + [beta, w_, c_, nu]
        private = [z, t]
    public_vals = [out] + x
    a = [1] + [v % R for v in public_vals + committed + private]
    assert len(a) == inf_c.n_wires and len(committed) == m and len(public_vals) == Pn
    proof = prove(inf_c, tw, a, rng)
    public = [str(v % R) for v in public_vals]

    ca = certificate_witness(params, nu_prime)
    range_proof = prove(cert_c, ctw, ca, rng)

    K = bases(vk, 1 + Pn, m)
    Kp = bases(cvk, 1, n + 1)
    # commitments from the model directly (not from the verifier's equations)
    if variant == "none":
        D = vc.msm(K, params + [nu])
        E = []
    else:
        D = vc.msm(K[:M] + K[M + 1:], bias_of_outputs(variant, bias, M) + [w_, c_, nu])
        E = []
        for j in range(N):
            unit = [1 if i == j else 0 for i in range(N)]
            col = [yk - bk for yk, bk in zip(input_layer(md["certified"]["inputLayer"], unit, W, bias),
                                               bias_of_outputs(variant, bias, M))]
            E.append(vc.msm(K[:M] + [K[M]], col + [rho[j]]))
        # D + sum x_j E_j is exactly the committed wires' part of L
        lhs = add(D, vc.msm(E, x)) if E else D
        assert eq(lhs, vc.msm(K, [v % R for v in committed]))
    Dp = vc.msm(Kp, params + [nu_prime])
    assert eq(Dp, vc.msm(Kp, ca[1: 2 + n]))

    lay = vc.parse_certified({"certified": md["certified"]}, "toy circuit.json", Pn)
    equations, targets = vc.build_equations(lay, K, Kp, D, Dp, E)
    secrets = params + [nu, nu_prime] + rho
    for got, want in zip(evaluate(equations, secrets), targets):
        assert eq(got, want), "the verifier's equations disagree with the toy model"
    link, T = prove_link(equations, targets, secrets, rng)
    cert = {
        "format": vc.FORMAT,
        "version": vc.VERSION,
        "commitment": g1_json(D),
        "inputEvaluations": [g1_json(e) for e in E],
        "certificateCommitment": g1_json(Dp),
        "rangeProof": range_proof,
        "link": link,
    }
    circuit = {"format": "zktrain.toy-circuit", "note": "toy: only 'certified' is meaningful",
               "certified": md["certified"]}
    files = {"circuit": circuit, "verification_key": vk, "proof": proof, "public": public,
             "weights.certificate": cert, "certificate_verification_key": cvk}
    info = {"model": md, "params": params, "x": x, "nu": nu, "nu_prime": nu_prime, "rho": rho,
            "y": ys, "out": out, "secrets": secrets, "inference_assignment": a,
            "certificate_assignment": ca,
            "full_public": [str(v) for v in a[1: 1 + Pn + m]],
            "full_certificate_public": [str(v) for v in ca[1: 2 + n]],
            "K": K, "Kp": Kp, "D": D, "Dp": Dp, "E": E, "T": T,
            "equations": equations, "targets": targets}
    return files, info


def bias_of_outputs(variant, bias, M):
    co = len(bias)
    return [bias[k % co] for k in range(M)]


def write(outdir, files):
    os.makedirs(outdir, exist_ok=True)
    paths = {}
    for name, obj in files.items():
        paths[name] = os.path.join(outdir, f"{name}.json")
        with open(paths[name], "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=1)
            fh.write("\n")
    return paths


def make(outdir, variant="dense", seed=1, params=None, x=None, params_seed=1):
    files, info = build(variant, seed, params, x, params_seed)
    return write(outdir, files), info


ORDER = ("circuit", "verification_key", "proof", "public", "weights.certificate",
         "certificate_verification_key")


def main():
    ap = argparse.ArgumentParser(description="toy certified-weights artifacts, v2 (insecure, seeded)")
    ap.add_argument("outdir")
    ap.add_argument("--variant", choices=VARIANTS, default="dense")
    ap.add_argument("--no-input-layer", action="store_true", help="same as --variant none")
    ap.add_argument("--seed", type=int, default=1, help="setup seed (keys)")
    ap.add_argument("--params-seed", type=int, default=1, help="seed for the parameters")
    ap.add_argument("--params", help="comma-separated parameters in [0, 4), certificate order")
    ap.add_argument("--x", help="comma-separated public inputs")
    args = ap.parse_args()
    variant = "none" if args.no_input_layer else args.variant
    md = model(variant)
    params = [int(v) for v in args.params.split(",")] if args.params else None
    if params is not None and len(params) != md["n"]:
        ap.error(f"--params needs {md['n']} values for variant {variant}")
    x = [int(v) for v in args.x.split(",")] if args.x else None
    if x is not None and len(x) != (md["N"] or 2):
        ap.error(f"--x needs {md['N'] or 2} values for variant {variant}")
    paths, _ = make(args.outdir, variant, args.seed, params, x, args.params_seed)
    for name in ORDER:
        print(paths[name])


if __name__ == "__main__":
    main()

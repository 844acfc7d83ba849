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

from bn254_common import G1, G2, R, multiply  # noqa: E402
from py_ecc.optimized_bn128 import FQ, add, eq  # noqa: E402
from toy_groth16 import g1_json, g2_json, inv, lagrange_basis, padd, pdivmod, peval, pmul, pscale  # noqa: E402
import verify_certified as vc  # noqa: E402

VARIANTS = ("dense", "conv", "none")
CONV = {"height": 2, "width": 2, "inChannels": 2, "outChannels": 2, "kernel": 2, "stride": 1, "padding": 1}


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


# ---------------------------------------------------------------- the model


def model(variant):
    """Static description: circuit.json's "certified" object and shapes."""
    if variant == "dense":
        il = {"layer": 0, "kind": "dense", "inCount": 4, "outCount": 2}
        N, M, nw, nb = 4, 2, 8, 2
    elif variant == "conv":
        il = dict(layer=0, kind="conv2d", **CONV)
        g = CONV
        oh = (g["height"] + 2 * g["padding"] - g["kernel"]) // g["stride"] + 1
        ow = (g["width"] + 2 * g["padding"] - g["kernel"]) // g["stride"] + 1
        N = g["height"] * g["width"] * g["inChannels"]
        M = oh * ow * g["outChannels"]
        nw, nb = g["kernel"] ** 2 * g["inChannels"] * g["outChannels"], g["outChannels"]
    elif variant == "none":
        il, N, M, nw, nb = None, 0, 0, 2, 1
    else:
        raise ValueError(variant)
    params = [{"layer": 0, "weights": nw, "biases": nb}, {"layer": 1, "weights": 1, "biases": 1}]
    n = nw + nb + 2
    m = (M + 1 + 2 + 1) if il else n + 1
    n_public_signals = 1 + (N if il else 2)
    cert = {"wires": m, "certificateR1CSSHA256": "0" * 64, "parameters": params, "inputLayer": il,
            "pixels": {"offset": 1, "count": N} if il else None}
    return {"variant": variant, "certified": cert, "N": N, "M": M, "nw": nw, "nb": nb, "n": n, "m": m,
            "P": n_public_signals}


def input_layer(shape, x, W, bias):
    """The input layer's outputs (list, in the verifier's output order), computed from nested
    arrays. shape: circuit.json's inputLayer object (dense or conv2d)."""
    if shape["kind"] == "dense":
        a, b = shape["inCount"], shape["outCount"]
        Wn = [[W[j * b + k] for k in range(b)] for j in range(a)]
        return [sum(x[j] * Wn[j][k] for j in range(a)) + bias[k] for k in range(b)]
    h, w, ci, co, k, s, p = (shape[n] for n in ("height", "width", "inChannels", "outChannels",
                                                "kernel", "stride", "padding"))
    xin = [[[x[(iy * w + ix) * ci + c] for c in range(ci)] for ix in range(w)] for iy in range(h)]
    xpad = [[[0] * ci for _ in range(w + 2 * p)] for _ in range(h + 2 * p)]
    for iy in range(h):
        for ix in range(w):
            xpad[iy + p][ix + p] = xin[iy][ix]
    Wn = [[[[W[((ky * k + kx) * ci + c) * co + o] for o in range(co)] for c in range(ci)]
           for kx in range(k)] for ky in range(k)]  # HWIO
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    out = [[[bias[o] + sum(xpad[oy * s + ky][ox * s + kx][c] * Wn[ky][kx][c][o]
                           for ky in range(k) for kx in range(k) for c in range(ci))
             for o in range(co)] for ox in range(ow)] for oy in range(oh)]
    return [out[oy][ox][o] for oy in range(oh) for ox in range(ow) for o in range(co)]


def inference_circuit(md):
    """Wires: [1 | out, x.. | committed (m) | private]."""
    Pn, m = md["P"], md["m"]
    com = 1 + Pn  # first committed wire
    nu = com + m - 1
    w_, c_ = nu - 2, nu - 1  # the other layer's weight and bias
    priv = 1 + Pn + m
    if md["variant"] == "none":
        v0, v1, d = com, com + 1, com + 2
        x0, x1 = 2, 3
        t0, t1, sq, t2 = priv, priv + 1, priv + 2, priv + 3
        cons = [
            ({v0: 1}, {x0: 1}, {t0: 1}),
            ({v1: 1}, {x1: 1}, {t1: 1}),
            ({t0: 1, t1: 1, d: 1}, {t0: 1, t1: 1, d: 1}, {sq: 1}),
            ({w_: 1}, {sq: 1}, {t2: 1}),
            ({t2: 1, c_: 1}, {0: 1}, {1: 1}),
        ]
        n_priv = 4
    else:
        y0, ylast = com, com + md["M"] - 1
        z, t = priv, priv + 1
        cons = [
            ({y0: 1}, {ylast: 1}, {z: 1}),
            ({w_: 1}, {z: 1}, {t: 1}),
            ({t: 1, c_: 1}, {0: 1}, {1: 1}),
        ]
        n_priv = 2
    return Circuit(f"inference-{md['variant']}", priv + n_priv, Pn + m, cons)


def certificate_circuit(n):
    m = n + 1
    cons = []
    for i in range(n):
        b0, b1 = 1 + m + 2 * i, 2 + m + 2 * i
        cons.append(({b0: 1}, {b0: 1}, {b0: 1}))
        cons.append(({b1: 1}, {b1: 1}, {b1: 1}))
        cons.append(({b0: 1, b1: 2}, {0: 1}, {1 + i: 1}))
    return Circuit(f"certificate-{n}", 1 + m + 2 * n, m, cons)


def certificate_witness(params, nu_prime):
    """Honest witness; raises ValueError when a parameter is not a 2-bit value."""
    a = [1] + [v % R for v in params] + [nu_prime % R]
    for v in params:
        if not (isinstance(v, int) and 0 <= v < 4):
            raise ValueError(f"parameter {v} is not in [0, 4): no 2-bit decomposition exists")
        a += [v & 1, v >> 1]
    return a


# ---------------------------------------------------------------- Groth16 with known toxic waste


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


_SETUP_CACHE = {}


def setup(circuit, seed):
    ck = (circuit.name, seed)
    if ck in _SETUP_CACHE:
        return _SETUP_CACHE[ck]
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
    _SETUP_CACHE[ck] = (vk, tw)
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

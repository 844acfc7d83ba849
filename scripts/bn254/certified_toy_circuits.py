"""The toy certified-weights model (make_certified_toy.py's docstring): its variants, its
input layer evaluated from nested arrays, its inference and certificate circuits (R1CS) and
their honest witnesses, and Groth16 over them with known toxic waste (seeded, insecure)."""
import random

from bn254_common import G1, G2, R, multiply
from toy_groth16 import g1_json, g2_json, inv, lagrange_basis, padd, pdivmod, peval, pmul, pscale

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

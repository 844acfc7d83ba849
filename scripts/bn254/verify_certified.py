#!/usr/bin/env python3
"""Independent verifier (py_ecc + hashlib only) for ZKTrain's "certified weights" proofs, version 2.

Usage:
    python3 scripts/bn254/verify_certified.py CIRCUIT.json VK.json PROOF.json PUBLIC.json \\
        CERTIFICATE.json CERTIFICATE_VK.json

Prints "valid" and exits 0; prints "invalid: REASON" and exits 1 (the reason is also
on stderr); exits 2 with "malformed: REASON" on stderr when a file is unreadable, not
JSON, has missing fields or wrong shapes, numbers that are not decimal strings, an
unknown certificate format/version, or counts that do not fit together (see below).

Construction (LegoGroth16-style committed wires; LegoSNARK, eprint 2019/142)
----------------------------------------------------------------------------
A model's parameters (weights and biases) are "committed wires": in the inference
circuit's Groth16 key they are laid out as public inputs, but their values are never
published. The owner publishes once a G1 commitment D to them and a certificate.
Version 2 adds the "input layer": when the model input is public and the first weighted
layer (dense or conv2d) acts directly on it, that layer costs no constraints. Its
outputs y_k are committed wires, and the verifier adds their value x-dependently from
per-pixel commitments E_j (published once, in the certificate):
    sum_k y_k K_{y_k} = sum_k b_k K_{y_k} + sum_j x_j E_j - (sum_j x_j rho_j) K_beta,
    E_j = sum_k W[j -> k] K_{y_k} + rho_j K_beta,
the last term being absorbed by the evaluation blinding wire beta = sum_j x_j rho_j.

Files
  CIRCUIT.json (`zktrain compile --weights certified`): only its "certified" object is read:
    {"wires": m, "certificateR1CSSHA256": ignored,
     "parameters": [{"layer": i, "weights": nw, "biases": nb}, ...]  (every weighted layer,
                    model order; layer indices strictly increasing),
     "inputLayer": null | {"layer": i, "kind": "dense", "inCount": a, "outCount": b}
                 | {"layer": i, "kind": "conv2d", "height": h, "width": w, "inChannels": ci,
                    "outChannels": co, "kernel": k, "stride": s, "padding": p},
     "pixels": null | {"offset": o, "count": N}}   (non-null iff inputLayer is)
  VK (inference key, snarkjs): nPublic = P + m, P = len(PUBLIC.json); K_i = IC[1+P+i], i < m.
  CERTIFICATE_VK (snarkjs): nPublic = n + 1, n = sum of weights + biases over "parameters";
    K'_i = IC[1+i], i <= n (the n parameters in certificate order, then its blinder nu').
  CERTIFICATE: {"format": "zktrain.weight-certificate", "version": 2, "commitment": D,
    "inputEvaluations": [E_0 .. E_{N-1}] ([] without input layer),
    "certificateCommitment": D', "rangeProof": {pi_a, pi_b, pi_c, ...},
    "link": {"commitments": [T_e per equation], "responses": [z_i per secret, decimal]}}
  Points use snarkjs's JSON spelling (G1 ["x","y","1"], infinity ["0","1","0"]; G2
  [["x0","x1"],["y0","y1"],["1","0"]]), parsed by verify_groth16.py's parse_g1/parse_g2
  (same rules, same malformed/invalid split).

Certificate order of the n parameters: for each "parameters" entry in order, its weights
0..nw-1 then its biases 0..nb-1; offset(L) = number of parameters of earlier entries.
Weight layouts of the input layer:
  dense: weight (input j, output k) has index j*b + k; output k's bias index k; a must be N.
  conv2d (NHWC, zero padding): oh = (h + 2p - k) // s + 1 (ow likewise); output index
    (oy*ow + ox)*co + o; tap (ky, kx, c) of that output reads input (iy, ix) =
    (oy*s - p + ky, ox*s - p + kx) when inside [0,h) x [0,w) (else nothing), input index
    (iy*w + ix)*ci + c, weight index ((ky*k + kx)*ci + c)*co + o; its bias is bias[o];
    h*w*ci must be N.  nw and nb must match the shape (a*b and b; k*k*ci*co and co).
Layout of the m committed wires:
  with an input layer of M outputs: y_0..y_{M-1}, beta, the parameters of every other
  weighted layer (certificate order), nu;   m = M + 1 + (n - nw_in - nb_in) + 1.
  without: all n parameters (certificate order), nu;   m = n + 1.
Secrets s (the link's witness; len(s) = n + 2 + N): the n parameters (certificate
order), nu (index n), nu' (n+1), rho_0..rho_{N-1} (n+2+j).

Equations e (target_e = sum over its terms (i, B) of s_i B; terms may repeat an i):
  e0, target D: (bias index of output k, K_{y_k}) for k = 0..M-1 (input layer only);
      then (i, K of its wire) for each parameter i of a non-input layer, in certificate
      order; then (n, K_{m-1}).
  e1, target D': (i, K'_i) for i < n, then (n+1, K'_n).
  e_{2+j}, target E_j, j < N (input layer only): for outputs k ascending, for each tap of
      k that reads input j (conv: ky, kx, c order; dense: the one tap) with weight
      index t: (offset(input layer) + t, K_{y_k}); then (n+2+j, K_beta), K_beta = K_M.

Checks (all must hold for "valid"; all are evaluated and every failing one is named):
 1. Range proof: e(A,B) = e(alpha',beta') e(L',gamma') e(C,delta') under CERTIFICATE_VK
    with L' = IC'[0] + D'.
 2. Link (Maurer's Sigma protocol for a linear map, Fiat-Shamir): with c the challenge
    below, for every equation e:  sum over its terms (i, B) of z_i B == T_e + c target_e.
 3. Inference proof under VK with
    L = IC[0] + sum_{i<P} pub_i IC[1+i] + D + sum_{j<N} pub_{o+j} E_j.
 Points must be on their curves, G2 points in the order-r subgroup, coordinates < p,
 public values and responses < r (a value >= r is "invalid").

Challenge (Fiat-Shamir, SHA-256); u64 = 8-byte big-endian; enc(point) = affine x as
32-byte big-endian || y as 32-byte big-endian, the point at infinity = 64 zero bytes:
  transcript = b"zktrain.weight-link.v2" || u64(#equations) || u64(len(s))
               || for each equation in order: u64(#terms) || for each term: u64(i) || enc(B)
               || enc(target_e) for each e in order || enc(T_e) for each e in order
  c = int.from_bytes(SHA256(transcript || b"\\x00") || SHA256(transcript || b"\\x01"), "big") mod r
Building it is linear in the number of terms (each base is encoded once and reused).

What is assumed
  * Groth16 knowledge soundness in the algebraic group model (AGM) for both keys, with
    honestly generated keys (the toxic waste of either key breaks everything; the toy
    generator make_certified_toy.py knows it on purpose).
  * The link is a Fiat-Shamir Sigma protocol for the linear map s -> (targets): special
    soundness gives one secret vector s with D, D' and every E_j its image, in the ROM
    with SHA-256 as the oracle, the statement (every term's index and base) being in the
    transcript. So D' and D hold the same parameters, and each E_j is the input layer's
    column j with those same weights (plus rho_j K_beta). Shifts of D or E_j by bases
    outside the K's (a public input's IC point) rest on the AGM: the prover cannot
    express them in the K's without discrete logs. The evaluation x -> sum x_j E_j is
    bound to the published x because the verifier computes it from public.json.
  * Zero-knowledge/hiding is not checked (it depends on nu, nu', rho being random and
    K_beta, K_nu, K'_n != O; a warning is printed when a committed base is infinity).
  * Per model, checks 1 and 2 need to run once and can be cached by (D, E, D');
    this script checks everything on every run.
  * vk_alphabeta_12 is not used or compared here (verify_groth16.py does that).
  * py_ecc is slow: meant for small test models (tens to a few hundred secrets).
"""

import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from py_ecc.optimized_bn128 import (  # noqa: E402
    FQ,
    FQ12,
    add,
    double,
    eq,
    final_exponentiate,
    is_inf,
    neg,
    normalize,
)

from verify_groth16 import (  # noqa: E402
    P,
    R,
    Invalid,
    Malformed,
    check_header,
    dec,
    field,
    load_json,
    miller,
    parse_g1,
    parse_g2,
    run_cli,
)

FORMAT = "zktrain.weight-certificate"
VERSION = 2
DOMAIN = b"zktrain.weight-link.v2"
G1_ZERO = (FQ(1), FQ(1), FQ(0))

__all__ = [
    "Malformed", "Invalid", "FORMAT", "VERSION", "DOMAIN", "encode_point", "transcript",
    "challenge", "msm", "parse_certified", "conv_taps", "build_equations", "load_bundle",
    "check_range", "check_link", "check_inference", "check_certificate", "verify", "main",
]


# ---------------------------------------------------------------- group helpers


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
    """The Fiat-Shamir transcript (module docstring). equations: list of term lists
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
    """Fiat-Shamir challenge c in [0, r) (see the module docstring)."""
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


# ---------------------------------------------------------------- circuit.json "certified"


def _int(v, what, lo=0):
    if not isinstance(v, int) or isinstance(v, bool) or v < lo:
        raise Malformed(f"{what}: expected an integer >= {lo}, got {v!r}")
    return v


def _obj(v, what):
    if not isinstance(v, dict):
        raise Malformed(f"{what}: not a JSON object")
    return v


def conv_taps(h, w, ci, co, k, s, p):
    """Yield (output index, input index, weight index) of a conv2d, outputs ascending,
    taps of an output in (ky, kx, c) order (see the module docstring)."""
    oh, ow = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    for oy in range(oh):
        for ox in range(ow):
            for o in range(co):
                out = (oy * ow + ox) * co + o
                for ky in range(k):
                    iy = oy * s - p + ky
                    if not 0 <= iy < h:
                        continue
                    for kx in range(k):
                        ix = ox * s - p + kx
                        if not 0 <= ix < w:
                            continue
                        for c in range(ci):
                            yield out, (iy * w + ix) * ci + c, ((ky * k + kx) * ci + c) * co + o


def parse_certified(circuit, what, n_public_signals):
    """circuit.json object -> layout dict (raises Malformed). See the module docstring."""
    _obj(circuit, what)
    cert = _obj(field(circuit, "certified", what), f"{what}: certified")
    w = f"{what}: certified"
    m = _int(field(cert, "wires", w), f"{w}.wires", 1)
    params = field(cert, "parameters", w)
    if not isinstance(params, list):
        raise Malformed(f"{w}.parameters: expected a list")
    layers, offset, prev = [], 0, None
    for idx, e in enumerate(params):
        ew = f"{w}.parameters[{idx}]"
        _obj(e, ew)
        layer = _int(field(e, "layer", ew), f"{ew}.layer")
        nw = _int(field(e, "weights", ew), f"{ew}.weights")
        nb = _int(field(e, "biases", ew), f"{ew}.biases")
        if prev is not None and layer <= prev:
            raise Malformed(f"{ew}.layer: {layer} after layer {prev}; layers must be strictly increasing")
        prev = layer
        layers.append({"layer": layer, "weights": nw, "biases": nb, "offset": offset})
        offset += nw + nb
    n = offset
    lay = {"m": m, "n": n, "layers": layers, "input": None, "pixels": None, "N": 0, "M": 0}

    il = field(cert, "inputLayer", w)
    px = field(cert, "pixels", w)
    if (il is None) != (px is None):
        raise Malformed(f"{w}: pixels must be present exactly when inputLayer is")
    if il is None:
        if m != n + 1:
            raise Malformed(f"{w}.wires = {m}, expected n + 1 = {n + 1} without an input layer")
        return lay

    iw = f"{w}.inputLayer"
    _obj(il, iw)
    layer = _int(field(il, "layer", iw), f"{iw}.layer")
    entry = next((e for e in layers if e["layer"] == layer), None)
    if entry is None:
        raise Malformed(f"{iw}.layer: {layer} is not one of the parameters' layers")
    kind = field(il, "kind", iw)
    if kind == "dense":
        a = _int(field(il, "inCount", iw), f"{iw}.inCount", 1)
        b = _int(field(il, "outCount", iw), f"{iw}.outCount", 1)
        shape = {"kind": kind, "inCount": a, "outCount": b}
        N, M, want_w, want_b = a, b, a * b, b
    elif kind == "conv2d":
        names = ("height", "width", "inChannels", "outChannels", "kernel", "stride", "padding")
        h, wd, ci, co, k, s, p = (_int(field(il, nm, iw), f"{iw}.{nm}", 0 if nm == "padding" else 1)
                                  for nm in names)
        if h + 2 * p < k or wd + 2 * p < k:
            raise Malformed(f"{iw}: kernel {k} larger than the padded input {h + 2 * p}x{wd + 2 * p}")
        oh, ow = (h + 2 * p - k) // s + 1, (wd + 2 * p - k) // s + 1
        shape = dict(zip(names, (h, wd, ci, co, k, s, p)), kind=kind, outHeight=oh, outWidth=ow)
        N, M, want_w, want_b = h * wd * ci, oh * ow * co, k * k * ci * co, co
    else:
        raise Malformed(f"{iw}.kind: {kind!r}, expected 'dense' or 'conv2d'")
    if entry["weights"] != want_w or entry["biases"] != want_b:
        raise Malformed(f"{iw}: layer {layer} has {entry['weights']} weights and {entry['biases']} "
                        f"biases in parameters, its shape needs {want_w} and {want_b}")
    pw = f"{w}.pixels"
    _obj(px, pw)
    po = _int(field(px, "offset", pw), f"{pw}.offset")
    pc = _int(field(px, "count", pw), f"{pw}.count")
    if pc != N:
        raise Malformed(f"{pw}.count = {pc}, but the input layer reads {N} inputs")
    if po + pc > n_public_signals:
        raise Malformed(f"{pw}: offset {po} + count {pc} exceeds the {n_public_signals} public signals")
    n_in = want_w + want_b
    if m != M + 1 + (n - n_in) + 1:
        raise Malformed(f"{w}.wires = {m}, expected M + 1 + (n - {n_in}) + 1 = {M + 1 + n - n_in + 1} "
                        f"(M = {M} input-layer outputs, n = {n} parameters)")
    shape["layer"] = layer
    shape["offset"] = entry["offset"]
    lay.update(input=shape, pixels=(po, pc), N=N, M=M)
    return lay


def build_equations(lay, K, Kp, D, Dp, E):
    """-> (equations, targets): the statement of the link (module docstring)."""
    n, m, M, N, inp = lay["n"], lay["m"], lay["M"], lay["N"], lay["input"]
    assert len(K) == m and len(Kp) == n + 1 and len(E) == N
    e0 = []
    wire = 0
    if inp is not None:
        base = inp["offset"]
        co = inp["outCount"] if inp["kind"] == "dense" else inp["outChannels"]
        nw = next(e["weights"] for e in lay["layers"] if e["layer"] == inp["layer"])
        e0 += [(base + nw + k % co, K[k]) for k in range(M)]
        wire = M + 1
    for e in lay["layers"]:
        if inp is not None and e["layer"] == inp["layer"]:
            continue
        for t in range(e["weights"] + e["biases"]):
            e0.append((e["offset"] + t, K[wire]))
            wire += 1
    assert wire == m - 1
    e0.append((n, K[m - 1]))
    e1 = [(i, Kp[i]) for i in range(n)] + [(n + 1, Kp[n])]
    equations, targets = [e0, e1], [D, Dp]
    if inp is not None:
        cols = [[] for _ in range(N)]
        base = inp["offset"]
        if inp["kind"] == "dense":
            a, b = inp["inCount"], inp["outCount"]
            for k in range(b):
                for j in range(a):
                    cols[j].append((base + j * b + k, K[k]))
        else:
            g = inp
            for k, j, t in conv_taps(g["height"], g["width"], g["inChannels"], g["outChannels"],
                                     g["kernel"], g["stride"], g["padding"]):
                cols[j].append((base + t, K[k]))
        for j in range(N):
            cols[j].append((n + 2 + j, K[M]))
        equations += cols
        targets += list(E)
    return equations, targets


# ---------------------------------------------------------------- parsing


def _parse_key(vk, path, errors):
    """snarkjs Groth16 verification key -> dict (shape errors raise Malformed)."""
    _obj(vk, path)
    check_header(vk, path, required=True)
    n_public = field(vk, "nPublic", path)
    if not isinstance(n_public, int) or isinstance(n_public, bool) or n_public < 0:
        raise Malformed(f"{path}: nPublic must be a non-negative integer")
    ic = field(vk, "IC", path)
    if not isinstance(ic, list) or len(ic) != n_public + 1:
        raise Malformed(f"{path}: IC must have nPublic + 1 = {n_public + 1} points")
    key = {"nPublic": n_public}
    for name, parser in (("vk_alpha_1", parse_g1), ("vk_beta_2", parse_g2),
                         ("vk_gamma_2", parse_g2), ("vk_delta_2", parse_g2)):
        key[name] = _guarded(errors, parser, field(vk, name, path), f"{path}: {name}")
    key["IC"] = [_guarded(errors, parse_g1, p, f"{path}: IC[{i}]") for i, p in enumerate(ic)]
    return key


def _parse_proof(proof, what, errors):
    _obj(proof, what)
    check_header(proof, what, required=False)
    return {
        "pi_a": _guarded(errors, parse_g1, field(proof, "pi_a", what), f"{what}: pi_a"),
        "pi_b": _guarded(errors, parse_g2, field(proof, "pi_b", what), f"{what}: pi_b"),
        "pi_c": _guarded(errors, parse_g1, field(proof, "pi_c", what), f"{what}: pi_c"),
    }


def _guarded(errors, fn, *a):
    try:
        return fn(*a)
    except Invalid as e:
        errors.append(str(e))
        return None


def _points(v, count, what, errors):
    if not isinstance(v, list) or len(v) != count:
        got = len(v) if isinstance(v, list) else type(v).__name__
        raise Malformed(f"{what}: expected a list of exactly {count} G1 points, got {got}")
    return [_guarded(errors, parse_g1, p, f"{what}[{i}]") for i, p in enumerate(v)]


def load_bundle(circuit_path, vk_path, proof_path, public_path, cert_path, cvk_path):
    """Read and parse the six files.

    Raises Malformed for shape problems (checked first, across all files) and Invalid
    for values that parse but are not acceptable (off-curve, coordinate >= p, G2 not
    in the subgroup, public value or response >= r). Returns a dict with the layout,
    parsed keys, proofs, public values, D, E, D', T, z, the bases K, K', and the link's
    equations and targets.
    """
    circuit = load_json(circuit_path)
    vk = load_json(vk_path)
    proof = load_json(proof_path)
    pub = load_json(public_path)
    cert = load_json(cert_path)
    cvk = load_json(cvk_path)
    errors = []

    if not isinstance(pub, list):
        raise Malformed(f"{public_path}: expected a JSON list of public signals")
    n_pub = len(pub)
    lay = parse_certified(circuit, circuit_path, n_pub)
    m, n, N = lay["m"], lay["n"], lay["N"]
    key = _parse_key(vk, vk_path, errors)
    ckey = _parse_key(cvk, cvk_path, errors)
    inf_proof = _parse_proof(proof, proof_path, errors)
    if key["nPublic"] != n_pub + m:
        raise Malformed(f"{vk_path}: nPublic = {key['nPublic']}, expected P + m = {n_pub} + {m} "
                        f"({n_pub} public signals, {m} committed wires in {circuit_path})")
    if ckey["nPublic"] != n + 1:
        raise Malformed(f"{cvk_path}: nPublic = {ckey['nPublic']}, expected n + 1 = {n + 1} "
                        f"({n} parameters in {circuit_path})")
    inputs = [dec(v, f"{public_path}[{i}]") for i, v in enumerate(pub)]

    _obj(cert, cert_path)
    fmt = field(cert, "format", cert_path)
    if fmt != FORMAT:
        raise Malformed(f"{cert_path}: format is {fmt!r}, expected {FORMAT!r}")
    ver = field(cert, "version", cert_path)
    if not isinstance(ver, int) or isinstance(ver, bool) or ver != VERSION:
        raise Malformed(f"{cert_path}: version is {ver!r}, expected {VERSION}")
    D = _guarded(errors, parse_g1, field(cert, "commitment", cert_path), f"{cert_path}: commitment")
    E = _points(field(cert, "inputEvaluations", cert_path), N, f"{cert_path}: inputEvaluations", errors)
    Dp = _guarded(errors, parse_g1, field(cert, "certificateCommitment", cert_path),
                  f"{cert_path}: certificateCommitment")
    range_proof = _parse_proof(field(cert, "rangeProof", cert_path), f"{cert_path}: rangeProof", errors)
    link = _obj(field(cert, "link", cert_path), f"{cert_path}: link")
    n_eq = 2 + N
    T = _points(field(link, "commitments", f"{cert_path}: link"), n_eq,
                f"{cert_path}: link.commitments", errors)
    resp = field(link, "responses", f"{cert_path}: link")
    n_sec = n + 2 + N
    if not isinstance(resp, list) or len(resp) != n_sec:
        got = len(resp) if isinstance(resp, list) else type(resp).__name__
        raise Malformed(f"{cert_path}: link.responses must be a list of exactly n + 2 + N = {n_sec} "
                        f"decimal strings, got {got}")
    z = [dec(v, f"{cert_path}: link.responses[{i}]") for i, v in enumerate(resp)]

    for i, v in enumerate(inputs):
        if v >= R:
            errors.append(f"{public_path}: public signal {i} = {v} is not < r")
    for i, v in enumerate(z):
        if v >= R:
            errors.append(f"{cert_path}: link.responses[{i}] = {v} is not < r")
    if errors:
        raise Invalid("; ".join(errors))

    K = key["IC"][1 + n_pub: 1 + n_pub + m]
    Kp = ckey["IC"][1: 2 + n]
    for name, bases in (("K", K), ("K'", Kp)):
        for i, pt in enumerate(bases):
            if is_inf(pt):
                print(f"warning: committed-wire base {name}[{i}] is the point at infinity "
                      f"(that wire is unconstrained/unhidden by the key)", file=sys.stderr)
    equations, targets = build_equations(lay, K, Kp, D, Dp, E)
    return {
        "P": n_pub, "m": m, "n": n, "N": N, "layout": lay, "key": key, "ckey": ckey,
        "proof": inf_proof, "public": inputs, "D": D, "E": E, "Dp": Dp, "rangeProof": range_proof,
        "T": T, "z": z, "K": K, "Kp": Kp, "equations": equations, "targets": targets,
    }


# ---------------------------------------------------------------- checks


def groth16_holds(key, proof, L):
    """e(A,B) == e(alpha,beta) e(L,gamma) e(C,delta), as one product of 4 Miller loops."""
    f = (miller(neg(proof["pi_a"]), proof["pi_b"]) * miller(key["vk_alpha_1"], key["vk_beta_2"])
         * miller(L, key["vk_gamma_2"]) * miller(proof["pi_c"], key["vk_delta_2"]))
    return final_exponentiate(f) == FQ12.one()


def equation_name(e):
    return "e0 (D)" if e == 0 else "e1 (D')" if e == 1 else f"e{e} (E_{e - 2})"


def check_range(b):
    """Check 1: the range proof under CVK with L' = CVK.IC[0] + D'."""
    L = add(b["ckey"]["IC"][0], b["Dp"])
    if not groth16_holds(b["ckey"], b["rangeProof"], L):
        raise Invalid("range proof: Groth16 equation under the certificate key with "
                      "L' = IC'[0] + D' does not hold")


def check_link(b):
    """Check 2: sum_terms z_i B == T_e + c target_e for every equation e."""
    eqs, targets, T, z = b["equations"], b["targets"], b["T"], b["z"]
    c = challenge(eqs, len(z), targets, T)
    minus_c = (-c) % R
    bad = []
    for e, (terms, target) in enumerate(zip(eqs, targets)):
        pts, ks = combine(terms, z)
        if not eq(msm(pts + [target], ks + [minus_c]), T[e]):
            bad.append(equation_name(e))
    if bad:
        raise Invalid("link: sum z_i B != T_e + c target_e for " + ", ".join(bad))


def check_inference(b):
    """Check 3: the inference proof under VK with
    L = IC[0] + sum pub_i IC[1+i] + D + sum_j pub_(offset+j) E_j."""
    ic = b["key"]["IC"]
    pts, ks = list(ic[: 1 + b["P"]]), [1] + b["public"]
    if b["layout"]["pixels"] is not None:
        off, cnt = b["layout"]["pixels"]
        pts += b["E"]
        ks += b["public"][off: off + cnt]
    L = add(msm(pts, ks), b["D"])
    if not groth16_holds(b["key"], b["proof"], L):
        raise Invalid("inference proof: Groth16 equation under the inference key with "
                      "L = IC[0] + sum pub_i IC[1+i] + D + sum pub_(o+j) E_j does not hold")


def check_certificate(b):
    """Checks 1 and 2 (the once-per-model part). Raises Invalid naming every failure."""
    _run_checks(b, (check_range, check_link))


def _run_checks(b, checks):
    reasons = []
    for chk in checks:
        try:
            chk(b)
        except Invalid as e:
            reasons.append(str(e))
    if reasons:
        raise Invalid("; ".join(reasons))


def verify(circuit_path, vk_path, proof_path, public_path, cert_path, cvk_path):
    """Raises Malformed or Invalid; returns the parsed bundle when valid."""
    b = load_bundle(circuit_path, vk_path, proof_path, public_path, cert_path, cvk_path)
    _run_checks(b, (check_range, check_link, check_inference))
    return b


def main(argv):
    return run_cli(verify, argv, 6, __doc__.strip().split("\n\n")[1], reason_on_stdout=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

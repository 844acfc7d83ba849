#!/usr/bin/env python3
"""Independent verifier (py_ecc + hashlib only) for ZKTrain's "certified weights" proofs.

Usage:
    python3 scripts/bn254/verify_certified.py VK.json PROOF.json PUBLIC.json CERTIFICATE.json CERTIFICATE_VK.json

Prints "valid" and exits 0; prints "invalid: REASON" and exits 1 (the reason is also
on stderr); exits 2 with "malformed: REASON" on stderr when a file is unreadable, not
JSON, has missing fields or wrong shapes, numbers that are not decimal strings, an
unknown certificate format/version, or counts that do not fit together (see below).

Construction (LegoGroth16-style committed wires; LegoSNARK, eprint 2019/142)
----------------------------------------------------------------------------
A model's weights are "committed wires": in the inference circuit's Groth16 key they
are laid out as public inputs, but their values are never published. The owner
publishes once a G1 commitment to them and a certificate for it.

* VK (inference key, snarkjs verification_key.json): nPublic = P + m, where
  P = len(PUBLIC.json) are the real public signals and m >= 2 are the committed wires:
  n = m - 1 model parameters, then 1 blinder (last). K = VK.IC[1+P : 1+P+m].
* CVK (certificate key, snarkjs json): nPublic must equal m (the same n parameters in
  the same order, then its own blinder last); no other public inputs.
  K' = CVK.IC[1 : 1+m].
* Certificate JSON: {"format": "zktrain.weight-certificate", "version": 1,
    "commitment": D, "certificateCommitment": D', "rangeProof": {pi_a, pi_b, pi_c, ...},
    "link": {"t": T, "tPrime": T', "responses": [exactly m + 1 decimal strings]}}
  D  = sum_{i<n} w_i K_i  + nu  K_n   (w = weights, nu  = inference blinder)
  D' = sum_{i<n} w_i K'_i + nu' K'_n  (nu' = certificate blinder)
  Points use snarkjs's JSON spelling (G1 ["x","y","1"], infinity ["0","1","0"]; G2
  [["x0","x1"],["y0","y1"],["1","0"]], infinity [["0","0"],["1","0"],["0","0"]]), parsed
  by verify_groth16.py's parse_g1/parse_g2 (same rules, same malformed/invalid split).

Checks (all must hold for "valid"):
 1. Range proof: e(A,B) = e(alpha',beta') e(L',gamma') e(C,delta') under CVK with
    L' = CVK.IC[0] + D' (the certificate circuit has no revealed public inputs).
 2. Link (Sigma-protocol proof of equal representation of D and D', with the shared
    responses z_0..z_{n-1} for the weights), z = responses, c = challenge below:
        sum_{i<n} z_i K_i  + z_n     K_n  == T  + c D
        sum_{i<n} z_i K'_i + z_{n+1} K'_n == T' + c D'
 3. Inference proof: e(A,B) = e(alpha,beta) e(L,gamma) e(C,delta) under VK with
    L = IC[0] + sum_{j<P} pub_j IC[1+j] + D.
 Points must be on their curves, G2 points in the order-r subgroup, coordinates < p,
 public values and responses < r (a response >= r is "invalid", like a public input
 >= r in verify_groth16.py). All three checks are always evaluated and every failing
 one is named in the reason.

Challenge (Fiat-Shamir, SHA-256):
  transcript = b"zktrain.weight-link.v1" || m as 8-byte big-endian
               || enc(K_0) .. enc(K_{m-1}) || enc(K'_0) .. enc(K'_{m-1})
               || enc(D) || enc(D') || enc(T) || enc(T')
  enc(point) = affine x as 32-byte big-endian || y as 32-byte big-endian; the point at
  infinity is 64 zero bytes.
  c = int.from_bytes(SHA256(transcript || b"\\x00") || SHA256(transcript || b"\\x01"), "big") mod r

What is assumed
  * Groth16 knowledge soundness in the algebraic group model (AGM) for both keys, with
    honestly generated keys (the toxic waste of either key breaks everything; the toy
    generator make_certified_toy.py knows it on purpose).
  * The link is a Fiat-Shamir Sigma protocol: sound in the random-oracle model (ROM)
    with SHA-256 as the oracle. With the bases K, K' in the transcript, extraction
    gives one weight vector w that opens both D (with some nu) and D'(with some nu').
    That D cannot be shifted by a public-input base (e.g. D + IC[1], which would let a
    proof for output y+1 pass as output y) rests on the AGM: the prover cannot express
    IC[1] in the bases K without knowing discrete logs.
  * Zero-knowledge/hiding is not checked here (it depends on nu, nu' being random and
    K_n, K'_n != O; a warning is printed when a base is the point at infinity).
  * Per model, the certificate (checks 1 and 2) needs to be checked only once and can
    then be cached by D; this script nevertheless checks everything on every run.
  * vk_alphabeta_12 is not used or compared here (verify_groth16.py does that).
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
)

FORMAT = "zktrain.weight-certificate"
VERSION = 1
DOMAIN = b"zktrain.weight-link.v1"
G1_ZERO = (FQ(1), FQ(1), FQ(0))

__all__ = [
    "Malformed", "Invalid", "FORMAT", "VERSION", "DOMAIN", "encode_point", "transcript",
    "challenge", "msm", "load_bundle", "check_range", "check_link", "check_inference",
    "check_certificate", "verify", "main",
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


def transcript(K, Kp, D, Dp, T, Tp):
    if len(K) != len(Kp):
        raise ValueError("K and K' must have the same length m")
    parts = [DOMAIN, len(K).to_bytes(8, "big")]
    parts += [encode_point(k) for k in K]
    parts += [encode_point(k) for k in Kp]
    parts += [encode_point(p) for p in (D, Dp, T, Tp)]
    return b"".join(parts)


def challenge(K, Kp, D, Dp, T, Tp):
    """Fiat-Shamir challenge c in [0, r) (see the module docstring)."""
    tr = transcript(K, Kp, D, Dp, T, Tp)
    h0 = hashlib.sha256(tr + b"\x00").digest()
    h1 = hashlib.sha256(tr + b"\x01").digest()
    return int.from_bytes(h0 + h1, "big") % R


# ---------------------------------------------------------------- parsing


def _obj(v, what):
    if not isinstance(v, dict):
        raise Malformed(f"{what}: not a JSON object")
    return v


def _count(v, what):
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise Malformed(f"{what}: nPublic must be a non-negative integer")
    return v


def _parse_key(vk, path, errors):
    """snarkjs Groth16 verification key -> dict (shape errors raise Malformed)."""
    _obj(vk, path)
    check_header(vk, path, required=True)
    n_public = _count(field(vk, "nPublic", path), path)
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


def load_bundle(vk_path, proof_path, public_path, cert_path, cvk_path):
    """Read and parse the five files.

    Raises Malformed for shape problems (checked first, across all files) and Invalid
    for values that parse but are not acceptable (off-curve, coordinate >= p, G2 not
    in the subgroup, public value or response >= r). Returns a dict with the parsed
    keys, proofs, public values, D, D', T, T', z, and the bases K, K'.
    """
    vk = load_json(vk_path)
    proof = load_json(proof_path)
    pub = load_json(public_path)
    cert = load_json(cert_path)
    cvk = load_json(cvk_path)
    errors = []

    key = _parse_key(vk, vk_path, errors)
    ckey = _parse_key(cvk, cvk_path, errors)
    inf_proof = _parse_proof(proof, proof_path, errors)

    if not isinstance(pub, list):
        raise Malformed(f"{public_path}: expected a JSON list of public signals")
    n_pub = len(pub)
    m = key["nPublic"] - n_pub
    if m < 2:
        raise Malformed(
            f"{vk_path}: nPublic = {key['nPublic']} leaves m = {m} committed wires for "
            f"{n_pub} public signals; need m >= 2 (at least one parameter and the blinder)")
    if ckey["nPublic"] != m:
        raise Malformed(f"{cvk_path}: nPublic = {ckey['nPublic']}, expected m = {m} "
                        f"(nPublic {key['nPublic']} of {vk_path} minus {n_pub} public signals)")
    inputs = [dec(v, f"{public_path}[{i}]") for i, v in enumerate(pub)]

    _obj(cert, cert_path)
    fmt = field(cert, "format", cert_path)
    if fmt != FORMAT:
        raise Malformed(f"{cert_path}: format is {fmt!r}, expected {FORMAT!r}")
    ver = field(cert, "version", cert_path)
    if not isinstance(ver, int) or isinstance(ver, bool) or ver != VERSION:
        raise Malformed(f"{cert_path}: version is {ver!r}, expected {VERSION}")
    D = _guarded(errors, parse_g1, field(cert, "commitment", cert_path), f"{cert_path}: commitment")
    Dp = _guarded(errors, parse_g1, field(cert, "certificateCommitment", cert_path),
                  f"{cert_path}: certificateCommitment")
    range_proof = _parse_proof(field(cert, "rangeProof", cert_path), f"{cert_path}: rangeProof", errors)
    link = _obj(field(cert, "link", cert_path), f"{cert_path}: link")
    T = _guarded(errors, parse_g1, field(link, "t", f"{cert_path}: link"), f"{cert_path}: link.t")
    Tp = _guarded(errors, parse_g1, field(link, "tPrime", f"{cert_path}: link"), f"{cert_path}: link.tPrime")
    resp = field(link, "responses", f"{cert_path}: link")
    if not isinstance(resp, list) or len(resp) != m + 1:
        got = len(resp) if isinstance(resp, list) else type(resp).__name__
        raise Malformed(f"{cert_path}: link.responses must be a list of exactly m + 1 = {m + 1} "
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
    Kp = ckey["IC"][1: 1 + m]
    for name, bases in (("K", K), ("K'", Kp)):
        for i, pt in enumerate(bases):
            if is_inf(pt):
                print(f"warning: committed-wire base {name}[{i}] is the point at infinity "
                      f"(that wire is unconstrained/unhidden by the key)", file=sys.stderr)
    return {
        "P": n_pub, "m": m, "n": m - 1, "key": key, "ckey": ckey, "proof": inf_proof,
        "public": inputs, "D": D, "Dp": Dp, "rangeProof": range_proof, "T": T, "Tp": Tp,
        "z": z, "K": K, "Kp": Kp,
    }


# ---------------------------------------------------------------- checks


def groth16_holds(key, proof, L):
    """e(A,B) == e(alpha,beta) e(L,gamma) e(C,delta), as one product of 4 Miller loops."""
    f = (miller(neg(proof["pi_a"]), proof["pi_b"]) * miller(key["vk_alpha_1"], key["vk_beta_2"])
         * miller(L, key["vk_gamma_2"]) * miller(proof["pi_c"], key["vk_delta_2"]))
    return final_exponentiate(f) == FQ12.one()


def check_range(b):
    """Check 1: the range proof under CVK with L' = CVK.IC[0] + D'."""
    L = add(b["ckey"]["IC"][0], b["Dp"])
    if not groth16_holds(b["ckey"], b["rangeProof"], L):
        raise Invalid("range proof: Groth16 equation under the certificate key with "
                      "L' = IC'[0] + D' does not hold")


def check_link(b):
    """Check 2: both equal-representation equations with the Fiat-Shamir challenge."""
    n, z, K, Kp = b["n"], b["z"], b["K"], b["Kp"]
    c = challenge(K, Kp, b["D"], b["Dp"], b["T"], b["Tp"])
    minus_c = (-c) % R
    bad = []
    # sum z_i K_i + z_n K_n - c D == T
    lhs = msm(list(K) + [b["D"]], z[:n] + [z[n], minus_c])
    if not eq(lhs, b["T"]):
        bad.append("sum z_i K_i + z_n K_n != T + c D")
    lhs = msm(list(Kp) + [b["Dp"]], z[:n] + [z[n + 1], minus_c])
    if not eq(lhs, b["Tp"]):
        bad.append("sum z_i K'_i + z_(n+1) K'_n != T' + c D'")
    if bad:
        raise Invalid("link: " + " and ".join(bad))


def check_inference(b):
    """Check 3: the inference proof under VK with L = IC[0] + sum pub_j IC[1+j] + D."""
    ic = b["key"]["IC"]
    L = add(msm(ic[: 1 + b["P"]], [1] + b["public"]), b["D"])
    if not groth16_holds(b["key"], b["proof"], L):
        raise Invalid("inference proof: Groth16 equation under the inference key with "
                      "L = IC[0] + sum pub_j IC[1+j] + D does not hold")


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


def verify(vk_path, proof_path, public_path, cert_path, cvk_path):
    """Raises Malformed or Invalid; returns the parsed bundle when valid."""
    b = load_bundle(vk_path, proof_path, public_path, cert_path, cvk_path)
    _run_checks(b, (check_range, check_link, check_inference))
    return b


def main(argv):
    if len(argv) != 6:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        verify(*argv[1:6])
    except Malformed as e:
        print(f"malformed: {e}", file=sys.stderr)
        return 2
    except Invalid as e:
        print(f"invalid: {e}")
        print(f"reason: {e}", file=sys.stderr)
        return 1
    print("valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

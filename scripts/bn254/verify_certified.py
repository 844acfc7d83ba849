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

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from py_ecc.optimized_bn128 import (  # noqa: E402
    FQ12,
    add,
    eq,
    final_exponentiate,
    neg,
)

from verify_groth16 import (  # noqa: E402
    R,
    Invalid,
    Malformed,
    miller,
    run_cli,
)

from certified_link import DOMAIN, challenge, combine, encode_point, msm, transcript  # noqa: E402
from certified_layout import build_equations, conv_taps, parse_certified  # noqa: E402
from certified_bundle import FORMAT, VERSION, load_bundle  # noqa: E402

__all__ = [
    "Malformed", "Invalid", "FORMAT", "VERSION", "DOMAIN", "encode_point", "transcript",
    "challenge", "msm", "parse_certified", "conv_taps", "build_equations", "load_bundle",
    "check_range", "check_link", "check_inference", "check_certificate", "verify", "main",
]


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

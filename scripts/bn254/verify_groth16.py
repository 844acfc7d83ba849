#!/usr/bin/env python3
"""Independent Groth16 verifier (BN254) for snarkjs's JSON files, built on py_ecc only.

Usage:
    python3 scripts/bn254/verify_groth16.py VERIFICATION_KEY.json PROOF.json PUBLIC.json

Prints "valid" and exits 0, prints "invalid" (with the reason on stderr) and exits 1,
or exits 2 (reason on stderr) when a file is malformed: unreadable or not JSON,
missing fields, wrong shapes, numbers that are not decimal strings, protocol other
than "groth16", curve other than "bn128", or a public-input count that disagrees
with nPublic / len(IC) - 1.

"invalid" covers: a public input >= r, a coordinate >= p, a point not on its curve,
a G2 point outside the order-r subgroup, or a failing pairing equation.

File layout (snarkjs, protocol "groth16", curve "bn128"):
  verification_key.json: {"protocol", "curve", "nPublic", "vk_alpha_1": G1,
      "vk_beta_2": G2, "vk_gamma_2": G2, "vk_delta_2": G2, "IC": [G1, ...],
      "vk_alphabeta_12": optional, not needed for verification}
  proof.json: {"pi_a": G1, "pi_b": G2, "pi_c": G1, "protocol", "curve"}
  public.json: ["decimal", ...]
  G1 = ["x", "y", "1"]; G2 = [["x0", "x1"], ["y0", "y1"], ["1", "0"]], where an
  Fq2 element [c0, c1] means c0 + c1*u (u^2 = -1). Points are affine with z = 1; the
  point at infinity is ["0", "1", "0"] / [["0","0"], ["1","0"], ["0","0"]].

Source for the layout: snarkjs writes points via ffjavascript's
curve.G1/G2.toObject(toAffine(P)) (z = 1) and F2 elements as [c0, c1]; its Solidity
template (verifier_groth16.sol.ejs) swaps each pair to [c1, c0] because the EIP-197
precompile wants the imaginary part first. Confirmed numerically: a real snarkjs
verification_key.json made from the Hermez powers of tau has vk_gamma_2 equal to the
standard BN254 G2 generator (x = 1085704699...781 + 1155973203...634*u) in exactly
this [c0, c1] order, and its vk_beta_2 is on the twist only when read as [c0, c1]
(see test_verifier.py, test_real_snarkjs_vk_layout).

Check: e(A, B) = e(alpha, beta) * e(L, gamma) * e(C, delta) with
L = IC[0] + sum_i pub_i * IC[i+1], evaluated as the product of four Miller loops
  ML(-A, B) * ML(alpha, beta) * ML(L, gamma) * ML(C, delta)
followed by one final exponentiation, compared to 1.

If vk_alphabeta_12 is present, it is also compared (warning on stderr only, the
verdict does not depend on it) with e(alpha, beta)^(2x(6x^2+3x+1)), which is the value
snarkjs writes there (its final exponentiation computes that power of the canonical
pairing), in snarkjs's tower layout [[c00,c01,c02],[c10,c11,c12]] with
Fq6 = Fq2[v]/(v^3 - (9+u)), Fq12 = Fq6[w]/(w^2 - v).
"""

import json
import re
import sys

from py_ecc.optimized_bn128 import (
    FQ,
    FQ2,
    FQ12,
    add,
    b as B1,
    b2 as B2,
    curve_order as R,
    field_modulus as P,
    final_exponentiate,
    is_inf,
    is_on_curve,
    multiply,
    neg,
    pairing,
)

BN_X = 4965661367192848881
SNARKJS_PAIRING_EXPONENT = 2 * BN_X * (6 * BN_X * BN_X + 3 * BN_X + 1)
DEC = re.compile(r"^[0-9]+$")


class Malformed(Exception):
    pass


class Invalid(Exception):
    pass


def dec(v, what):
    if not isinstance(v, str) or not DEC.match(v):
        raise Malformed(f"{what}: expected a decimal string, got {v!r}")
    return int(v)


def coord(v, what):
    n = dec(v, what)
    if n >= P:
        raise Invalid(f"{what}: coordinate {n} >= p")
    return n


def parse_g1(v, what):
    if not (isinstance(v, list) and len(v) == 3):
        raise Malformed(f"{what}: G1 point must be [x, y, z]")
    x, y, z = (coord(c, f"{what}[{i}]") for i, c in enumerate(v))
    if z == 0:
        if (x, y) != (0, 1):
            raise Malformed(f"{what}: infinity must be written [\"0\", \"1\", \"0\"]")
        pt = (FQ(1), FQ(1), FQ(0))
    elif z == 1:
        pt = (FQ(x), FQ(y), FQ(1))
    else:
        raise Malformed(f"{what}: z must be \"1\" (affine) or \"0\" (infinity), got {z}")
    if not is_on_curve(pt, B1):
        raise Invalid(f"{what}: not on the curve y^2 = x^3 + 3")
    return pt  # G1 has cofactor 1: on the curve means in the group


def parse_fq2(v, what):
    if not (isinstance(v, list) and len(v) == 2):
        raise Malformed(f"{what}: Fq2 element must be [c0, c1]")
    return (coord(v[0], f"{what}[0]"), coord(v[1], f"{what}[1]"))


def parse_g2(v, what):
    if not (isinstance(v, list) and len(v) == 3):
        raise Malformed(f"{what}: G2 point must be [[x0,x1],[y0,y1],[z0,z1]]")
    x, y, z = (parse_fq2(c, f"{what}[{i}]") for i, c in enumerate(v))
    if z == (0, 0):
        if (x, y) != ((0, 0), (1, 0)):
            raise Malformed(f"{what}: infinity must be written [[\"0\",\"0\"],[\"1\",\"0\"],[\"0\",\"0\"]]")
        return (FQ2.one(), FQ2.one(), FQ2.zero())
    if z != (1, 0):
        raise Malformed(f"{what}: z must be [\"1\",\"0\"] (affine) or [\"0\",\"0\"] (infinity)")
    pt = (FQ2(list(x)), FQ2(list(y)), FQ2.one())
    if not is_on_curve(pt, B2):
        raise Invalid(f"{what}: not on the twist y^2 = x^3 + 3/(9+u)")
    if not is_inf(multiply(pt, R)):
        raise Invalid(f"{what}: not in the order-r subgroup of the twist")
    return pt


def load_json(path):
    try:
        with open(path, "r", encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Malformed(f"{path}: {e}")


def field(obj, key, what):
    if not isinstance(obj, dict) or key not in obj:
        raise Malformed(f"{what}: missing field {key!r}")
    return obj[key]


def check_header(obj, what, required):
    for key, want in (("protocol", "groth16"), ("curve", "bn128")):
        if key in obj or required:
            got = field(obj, key, what)
            if got != want:
                raise Malformed(f"{what}: {key} is {got!r}, expected {want!r}")


def fq12_from_tower(t, what):
    """snarkjs [[c00,c01,c02],[c10,c11,c12]] -> py_ecc FQ12 (Fq[w]/(w^12-18w^6+82))."""
    if not (isinstance(t, list) and len(t) == 2 and all(isinstance(h, list) and len(h) == 3 for h in t)):
        raise Malformed(f"{what}: expected [[3 x Fq2], [3 x Fq2]]")
    # element = sum_i (a_i + b_i u) w^i with w-basis order [c00, c10, c01, c11, c02, c12]
    ws = [t[0][0], t[1][0], t[0][1], t[1][1], t[0][2], t[1][2]]
    d = [0] * 12
    for i, c in enumerate(ws):
        a, b = parse_fq2(c, what)
        d[i] = (a - 9 * b) % P  # u = w^6 - 9
        d[i + 6] = b
    return FQ12(d)


def miller(p1, q2):
    # py_ecc's pairing(Q, P) with P in G1 and Q in G2; returns 1 if either is infinity
    return pairing(q2, p1, final_exponentiate=False)



def public_count_and_ic(vk, path):
    """A verification key's nPublic and its IC list of nPublic + 1 (unparsed) points."""
    n_public = field(vk, "nPublic", path)
    if not isinstance(n_public, int) or isinstance(n_public, bool) or n_public < 0:
        raise Malformed(f"{path}: nPublic must be a non-negative integer")
    ic = field(vk, "IC", path)
    if not isinstance(ic, list) or len(ic) != n_public + 1:
        raise Malformed(f"{path}: IC must have nPublic + 1 = {n_public + 1} points")
    return n_public, ic

def verify(vk_path, proof_path, public_path):
    vk = load_json(vk_path)
    proof = load_json(proof_path)
    pub = load_json(public_path)
    if not isinstance(vk, dict):
        raise Malformed(f"{vk_path}: not a JSON object")
    if not isinstance(proof, dict):
        raise Malformed(f"{proof_path}: not a JSON object")
    check_header(vk, vk_path, required=True)
    check_header(proof, proof_path, required=False)

    n_public, ic = public_count_and_ic(vk, vk_path)
    if not isinstance(pub, list) or len(pub) != n_public:
        raise Malformed(f"{public_path}: expected a list of {n_public} public inputs")
    for name in ("vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2"):
        field(vk, name, vk_path)
    for name in ("pi_a", "pi_b", "pi_c"):
        field(proof, name, proof_path)

    # Parse everything (shape errors -> Malformed) before judging values.
    inputs = [dec(v, f"{public_path}[{i}]") for i, v in enumerate(pub)]
    errors = []

    def guarded(fn, *a):
        try:
            return fn(*a)
        except Invalid as e:
            errors.append(str(e))
            return None

    alpha = guarded(parse_g1, vk["vk_alpha_1"], "vk_alpha_1")
    beta = guarded(parse_g2, vk["vk_beta_2"], "vk_beta_2")
    gamma = guarded(parse_g2, vk["vk_gamma_2"], "vk_gamma_2")
    delta = guarded(parse_g2, vk["vk_delta_2"], "vk_delta_2")
    ics = [guarded(parse_g1, p, f"IC[{i}]") for i, p in enumerate(ic)]
    a = guarded(parse_g1, proof["pi_a"], "pi_a")
    b = guarded(parse_g2, proof["pi_b"], "pi_b")
    c = guarded(parse_g1, proof["pi_c"], "pi_c")
    alphabeta = vk.get("vk_alphabeta_12")
    if alphabeta is not None:
        try:
            alphabeta = fq12_from_tower(alphabeta, "vk_alphabeta_12")
        except (Malformed, Invalid) as e:
            print(f"warning: ignoring vk_alphabeta_12: {e}", file=sys.stderr)
            alphabeta = None
    for i, v in enumerate(inputs):
        if v >= R:
            errors.append(f"public input {i} = {v} is not < r")
    if errors:
        raise Invalid("; ".join(errors))

    acc = ics[0]
    for v, pt in zip(inputs, ics[1:]):
        acc = add(acc, multiply(pt, v))

    f = miller(neg(a), b) * miller(alpha, beta) * miller(acc, gamma) * miller(c, delta)
    ok = final_exponentiate(f) == FQ12.one()

    if alphabeta is not None:
        expect = final_exponentiate(miller(alpha, beta)) ** SNARKJS_PAIRING_EXPONENT
        if expect != alphabeta:
            print(
                "warning: vk_alphabeta_12 is not e(vk_alpha_1, vk_beta_2) as snarkjs writes it "
                "(ignored for the verdict)",
                file=sys.stderr,
            )
    if not ok:
        raise Invalid("pairing equation e(A,B) = e(alpha,beta) e(L,gamma) e(C,delta) does not hold")


def run_cli(verify_fn, argv, arg_count, usage, reason_on_stdout=False):
    """Runs verify_fn(*argv[1:]) as a verifier command: prints "valid" (exit 0), "invalid"
    (exit 1; with reason_on_stdout also the reason after a colon; always the reason on
    stderr) or the usage / "malformed: ..." on stderr (exit 2)."""
    if len(argv) != arg_count + 1:
        print(usage, file=sys.stderr)
        return 2
    try:
        verify_fn(*argv[1:])
    except Malformed as e:
        print(f"malformed: {e}", file=sys.stderr)
        return 2
    except Invalid as e:
        print(f"invalid: {e}" if reason_on_stdout else "invalid")
        print(f"reason: {e}", file=sys.stderr)
        return 1
    print("valid")
    return 0


def main(argv):
    return run_cli(verify, argv, 3, __doc__.strip().split("\n\n")[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv))

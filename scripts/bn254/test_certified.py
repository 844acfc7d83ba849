#!/usr/bin/env python3
"""Tests for verify_certified.py (certified weights), plain asserts.

Usage:  python3 scripts/bn254/test_certified.py
Ends with "N passed, M failed"; exit status 0 only when nothing failed.

Uses make_certified_toy.py (seeded, known toxic waste) for genuine artifacts: an
inference proof with P = 1 public output and n = 3 committed parameters + blinder, and
a certificate (range proof that each parameter is 2 bits + the equal-representation
link). Checks that the honest set is accepted and tampered variants are rejected.
"""

import contextlib
import copy
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_certified_toy as toy  # noqa: E402
import verify_certified as vc  # noqa: E402
import verify_groth16  # noqa: E402
from bn254_common import FQ, G1, P, R  # noqa: E402
from py_ecc.optimized_bn128 import add, eq, multiply, neg, normalize  # noqa: E402

VERIFIER = os.path.join(HERE, "verify_certified.py")
TMP = tempfile.mkdtemp(prefix="bn254-certified-test-")
ORDER = ("verification_key", "proof", "public", "weights.certificate", "certificate_verification_key")

WEIGHTS, OTHER_WEIGHTS = [2, 1, 3], [1, 3, 0]
BASE, SECRETS = toy.make(os.path.join(TMP, "toy"), seed=1, weights=WEIGHTS, x=5)
OTHER, OTHER_SECRETS = toy.make(os.path.join(TMP, "toy_other"), seed=1, weights=OTHER_WEIGHTS, x=5)
SEED2, _ = toy.make(os.path.join(TMP, "toy_seed2"), seed=2, weights=WEIGHTS, x=5)


def load(name, src=None):
    with open((src or BASE)[name], encoding="utf-8") as fh:
        return json.load(fh)


_counter = [0]


def write(obj, raw=None):
    _counter[0] += 1
    path = os.path.join(TMP, f"mod{_counter[0]}.json")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(raw if raw is not None else json.dumps(obj))
    return path


def paths(**over):
    """The five paths, each replaced by over[name] (a path string or a JSON object)."""
    out = []
    for name in ORDER:
        key = name.replace(".", "_")
        v = over.get(key)
        out.append(BASE[name] if v is None else (v if isinstance(v, str) else write(v)))
    return out


def run(**over):
    """Run the verifier in-process -> (code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = vc.main(["verify_certified.py"] + paths(**over))
    return code, out.getvalue().strip(), err.getvalue()


def bundle(**over):
    return vc.load_bundle(*paths(**over))


def pt(j):
    if j[2] == "0":
        return (FQ(1), FQ(1), FQ(0))
    return (FQ(int(j[0])), FQ(int(j[1])), FQ(1))


def js(p):
    return toy.g1_json(p)


def raises(exc, fn, *a):
    try:
        fn(*a)
    except exc as e:
        return str(e)
    raise AssertionError(f"{fn.__name__} did not raise {exc.__name__}")


# ---------------------------------------------------------------- accept

def test_honest_valid():
    assert run() == (0, "valid", ""), run()


def test_cli_exit_codes():
    ok = subprocess.run([sys.executable, VERIFIER] + paths(), capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip() == "valid", ok
    bad = subprocess.run([sys.executable, VERIFIER] + paths(public=[str(SECRETS["y"] + 1)]),
                         capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout.startswith("invalid: inference proof"), bad
    usage = subprocess.run([sys.executable, VERIFIER] + paths()[:4], capture_output=True, text=True)
    assert usage.returncode == 2 and usage.stdout == "", usage


def test_other_weights_valid_same_keys():
    for name in ("verification_key", "certificate_verification_key"):
        assert load(name) == load(name, OTHER), "same seed must give the same keys"
    assert run(proof=OTHER["proof"], public=OTHER["public"],
               weights_certificate=OTHER["weights.certificate"])[:2] == (0, "valid")
    assert load("public") == ["58"] and load("public", OTHER) == ["40"]


def test_toy_keys_are_plain_groth16_keys():
    # Revealing the committed wires turns both proofs into ordinary snarkjs Groth16
    # proofs: the independent verify_groth16.py must accept them (and reject a change).
    verify_groth16.verify(BASE["verification_key"], BASE["proof"], write(SECRETS["full_public"]))
    verify_groth16.verify(BASE["certificate_verification_key"], write(load("weights.certificate")["rangeProof"]),
                          write(SECRETS["full_certificate_public"]))
    wrong = list(SECRETS["full_public"])
    wrong[2] = str(int(wrong[2]) + 1)
    raises(verify_groth16.Invalid, verify_groth16.verify, BASE["verification_key"], BASE["proof"], write(wrong))
    # and every committed-wire base is a proper point (input-consistency rows present)
    b = bundle()
    assert b["P"] == 1 and b["m"] == 4 and b["n"] == 3
    assert all(not vc.is_inf(k) for k in b["K"] + b["Kp"])


def test_check_functions_individually():
    b = bundle()
    vc.check_range(b)
    vc.check_link(b)
    vc.check_inference(b)
    vc.check_certificate(b)


# ---------------------------------------------------------------- reject: invalid (exit 1)

def cert_with(fn):
    c = load("weights.certificate")
    fn(c)
    return c


def test_tampered_response():
    for i in range(4 + 1):
        c = cert_with(lambda c: c["link"]["responses"].__setitem__(
            i, str((int(c["link"]["responses"][i]) + 1) % R)))
        code, out, _ = run(weights_certificate=c)
        assert code == 1 and out.startswith("invalid: link:"), (i, out)
        assert "range proof" not in out and "inference" not in out, out


def test_tampered_response_side():
    # z[n] only enters the inference-side equation, z[n+1] only the certificate side
    c = cert_with(lambda c: c["link"]["responses"].__setitem__(3, "1"))
    _, out, _ = run(weights_certificate=c)
    assert "T + c D" in out and "T' + c D'" not in out, out
    c = cert_with(lambda c: c["link"]["responses"].__setitem__(4, "1"))
    _, out, _ = run(weights_certificate=c)
    assert "T' + c D'" in out and "!= T + c D" not in out, out


def test_swapped_blinder_responses():
    def swap(c):
        z = c["link"]["responses"]
        z[3], z[4] = z[4], z[3]
    assert run(weights_certificate=cert_with(swap))[0] == 1


def test_tampered_T():
    c = cert_with(lambda c: c["link"].__setitem__("t", js(add(pt(c["link"]["t"]), G1))))
    code, out, _ = run(weights_certificate=c)
    # T is in the transcript: c changes, so both equations fail
    assert code == 1 and "T + c D" in out and "T' + c D'" in out, out


def test_tampered_T_prime():
    c = cert_with(lambda c: c["link"].__setitem__("tPrime", js(multiply(pt(c["link"]["tPrime"]), 2))))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and out.startswith("invalid: link:"), out


def test_T_off_curve():
    c = cert_with(lambda c: c["link"]["t"].__setitem__(1, str((int(c["link"]["t"][1]) + 1) % P)))
    code, out, err = run(weights_certificate=c)
    assert code == 1 and "not on the curve" in out, out


def test_swapped_D_other_weights():
    # D of another weight vector (a genuine commitment under the same key) with the
    # original proof, D', link: the link fails, and so does the inference proof.
    c = cert_with(lambda c: c.__setitem__("commitment", load("weights.certificate", OTHER)["commitment"]))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and "link:" in out and "inference proof" in out and "range proof" not in out, out


def test_D_prime_from_other_weights():
    # D' and its (valid) range proof from weights OTHER_WEIGHTS, D and everything else original
    other = load("weights.certificate", OTHER)

    def mix(c):
        c["certificateCommitment"] = other["certificateCommitment"]
        c["rangeProof"] = other["rangeProof"]
    c = cert_with(mix)
    b = bundle(weights_certificate=c)
    vc.check_range(b)  # the range proof itself is fine
    vc.check_inference(b)  # and the inference proof is about D
    msg = raises(vc.Invalid, vc.check_link, b)
    assert "link" in msg
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and out.startswith("invalid: link:") and "range proof" not in out, out
    # also with a link re-proved by someone who knows w (for D) and w' (for D'):
    # the honest prover's responses are one vector, so at most one side can hold
    rng = random.Random(7)
    link = toy.prove_link(SECRETS["K"], SECRETS["Kp"], WEIGHTS, SECRETS["nu"], OTHER_SECRETS["nu_prime"],
                          SECRETS["D"], OTHER_SECRETS["Dp"], rng)
    c["link"] = link
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and "T' + c D'" in out and "!= T + c D" not in out, out


def test_tampered_range_proof():
    c = cert_with(lambda c: c["rangeProof"].__setitem__("pi_a", js(add(pt(c["rangeProof"]["pi_a"]), G1))))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and out.startswith("invalid: range proof:") and "link" not in out, out
    c = cert_with(lambda c: c["rangeProof"].__setitem__("pi_c", c["rangeProof"]["pi_a"]))
    assert run(weights_certificate=c)[0] == 1


def test_certificate_against_other_cvk():
    code, out, _ = run(certificate_verification_key=SEED2["certificate_verification_key"])
    # other K' -> other challenge and other bases: both the range proof and the link fail
    assert code == 1 and "range proof" in out and "link" in out, out


def test_inference_range_proof_swap():
    # the inference proof used as the range proof (and vice versa) fails
    c = cert_with(lambda c: c.__setitem__("rangeProof", load("proof")))
    assert run(weights_certificate=c)[0] == 1
    assert run(proof=load("weights.certificate")["rangeProof"])[0] == 1


def test_forged_public_output():
    code, out, _ = run(public=[str(SECRETS["y"] + 1)])
    assert code == 1 and out.startswith("invalid: inference proof"), out
    assert "link" not in out and "range proof" not in out, out


def test_range_violation_cannot_be_proved_honestly():
    # A weight of 4 has no 2-bit decomposition: no honest witness, and any assignment
    # that claims one violates the certificate circuit, so the toy prover refuses.
    raises(ValueError, toy.certificate_witness, [2, 1, 4], 5)
    circ = toy.certificate_circuit()
    tw = toy.setup(circ, 1)[1]
    for bits in ([0, 2], [4, 0], [2, 1]):  # b0 + 2 b1 = 4 but not boolean
        a = [1, 2, 1, 4, 5, 0, 1, 1, 0] + bits
        assert not circ.satisfied(a)
        raises(AssertionError, toy.prove, circ, tw, a, random.Random(1))
    a = [1, 2, 1, 3, 5, 0, 1, 1, 0, 1, 1]  # the honest one for [2, 1, 3]
    assert circ.satisfied(a)


def test_D_shift_by_public_base():
    """D* = D + IC[1] with public y - 1: the Groth16 equation alone would accept.

    L = IC[0] + (y-1) IC[1] + D + IC[1] = IC[0] + y IC[1] + D, exactly the L of the
    honest proof (for public value (y-1)+1 = y). Only the link (knowledge of a
    representation of D in the bases K) stops the forged output y - 1.
    """
    y = SECRETS["y"]
    ic1 = pt(load("verification_key")["IC"][1])
    forged_public = [str(y - 1)]
    # without the shift the forged output is rejected by the inference proof itself
    assert "inference proof" in run(public=forged_public)[1]
    c = cert_with(lambda c: c.__setitem__("commitment", js(add(SECRETS["D"], ic1))))
    b = bundle(weights_certificate=c, public=forged_public)
    vc.check_inference(b)  # the main Groth16 equation holds for the shifted D
    vc.check_range(b)      # and the range proof does not involve D
    assert "link" in raises(vc.Invalid, vc.check_link, b)
    code, out, _ = run(weights_certificate=c, public=forged_public)
    assert code == 1 and out.startswith("invalid: link:") and "inference" not in out, out
    # re-running the honest link prover with the new D* but the old opening fails too
    link = toy.prove_link(SECRETS["K"], SECRETS["Kp"], WEIGHTS, SECRETS["nu"], SECRETS["nu_prime"],
                          add(SECRETS["D"], ic1), SECRETS["Dp"], random.Random(3))
    c["link"] = link
    code, out, _ = run(weights_certificate=c, public=forged_public)
    assert code == 1 and "T + c D" in out, out


def test_response_not_below_r():
    # z_0 + r is the same residue: only the range check catches it -> invalid (exit 1)
    c = cert_with(lambda c: c["link"]["responses"].__setitem__(0, str(int(c["link"]["responses"][0]) + R)))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and "responses[0]" in out and "not < r" in out, out
    # and the verifier's algebra really does accept the reduced value (so the check matters)
    b = bundle()
    b["z"][0] += R
    vc.check_link(b)


def test_public_not_below_r():
    code, out, _ = run(public=[str(SECRETS["y"] + R)])
    assert code == 1 and "not < r" in out, out


def test_commitment_infinity_spelling():
    c = cert_with(lambda c: c.__setitem__("commitment", ["0", "1", "0"]))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and "link" in out, out  # parses, fails
    c = cert_with(lambda c: c.__setitem__("commitment", ["0", "0", "0"]))
    assert run(weights_certificate=c)[0] == 2


# ---------------------------------------------------------------- reject: malformed (exit 2)

def test_wrong_response_count():
    for resp in (lambda z: z[:-1], lambda z: z + ["1"], lambda z: [], lambda z: "12"):
        c = cert_with(lambda c: c["link"].__setitem__("responses", resp(c["link"]["responses"])))
        code, out, err = run(weights_certificate=c)
        assert code == 2 and out == "" and "m + 1 = 5" in err, (code, out, err)


def test_bad_format_and_version():
    for key, val in (("format", "zktrain.weight-certificate.v2"), ("format", None),
                     ("version", 2), ("version", "1"), ("version", True)):
        c = cert_with(lambda c: c.__setitem__(key, val))
        code, _, err = run(weights_certificate=c)
        assert code == 2 and key in err, (key, val, code, err)
    c = cert_with(lambda c: c.pop("format"))
    assert run(weights_certificate=c)[0] == 2


def test_malformed_files():
    for drop in ("commitment", "certificateCommitment", "rangeProof", "link"):
        c = cert_with(lambda c: c.pop(drop))
        assert run(weights_certificate=c)[0] == 2, drop
    for drop in ("t", "tPrime", "responses"):
        c = cert_with(lambda c: c["link"].pop(drop))
        assert run(weights_certificate=c)[0] == 2, drop
    c = cert_with(lambda c: c["link"]["responses"].__setitem__(2, 5))
    assert run(weights_certificate=c)[0] == 2  # not a string
    c = cert_with(lambda c: c["link"]["responses"].__setitem__(2, "0x5"))
    assert run(weights_certificate=c)[0] == 2
    c = cert_with(lambda c: c["rangeProof"].__setitem__("protocol", "plonk"))
    assert run(weights_certificate=c)[0] == 2
    assert run(weights_certificate=write(None, raw="{not json"))[0] == 2
    assert run(weights_certificate=[])[0] == 2
    assert run(proof=os.path.join(TMP, "does-not-exist.json"))[0] == 2


def test_key_count_mismatch():
    # CVK nPublic must equal m = nPublic(VK) - len(public)
    cvk = load("certificate_verification_key")
    cvk["nPublic"] = 3
    cvk["IC"] = cvk["IC"][:4]
    code, _, err = run(certificate_verification_key=cvk)
    assert code == 2 and "expected m = 4" in err, err
    # an extra public signal shrinks m to 3 -> the CVK no longer fits
    code, _, err = run(public=["58", "1"])
    assert code == 2 and "expected m = 3" in err, err
    # all inputs claimed as public signals: m = 0
    assert run(public=["58", "2", "1", "3", "4"])[0] == 2
    # the inference key used as the CVK (nPublic 5 != 4)
    assert run(certificate_verification_key=BASE["verification_key"])[0] == 2


# ---------------------------------------------------------------- challenge / transcript

def test_challenge_known_answer():
    # recompute the transcript by hand from the JSON decimals
    b = bundle()
    cert = load("weights.certificate")
    vk, cvk = load("verification_key"), load("certificate_verification_key")

    def enc(j):
        return int(j[0]).to_bytes(32, "big") + int(j[1]).to_bytes(32, "big")
    tr = b"zktrain.weight-link.v1" + (4).to_bytes(8, "big")
    tr += b"".join(enc(p) for p in vk["IC"][2:6]) + b"".join(enc(p) for p in cvk["IC"][1:5])
    tr += b"".join(enc(cert[k]) for k in ("commitment", "certificateCommitment"))
    tr += enc(cert["link"]["t"]) + enc(cert["link"]["tPrime"])
    want = int.from_bytes(hashlib.sha256(tr + b"\0").digest() + hashlib.sha256(tr + b"\1").digest(), "big") % R
    assert vc.transcript(b["K"], b["Kp"], b["D"], b["Dp"], b["T"], b["Tp"]) == tr
    assert vc.challenge(b["K"], b["Kp"], b["D"], b["Dp"], b["T"], b["Tp"]) == want
    # infinity is 64 zero bytes; a non-normalised (homogeneous projective, as py_ecc's
    # optimized_bn128 uses) point encodes as its affine form
    O = (FQ(1), FQ(1), FQ(0))
    assert vc.encode_point(O) == bytes(64)
    x, y = normalize(G1)
    assert vc.encode_point((x * 7, y * 7, FQ(7))) == vc.encode_point(G1) == (
        int(x).to_bytes(32, "big") + int(y).to_bytes(32, "big"))


def test_challenge_determinism_and_sensitivity():
    b = bundle()
    args = [list(b["K"]), list(b["Kp"]), b["D"], b["Dp"], b["T"], b["Tp"]]
    c0 = vc.challenge(*args)
    assert c0 == vc.challenge(*copy.deepcopy(args)) == vc.challenge(*args)
    assert 0 <= c0 < R
    seen = {c0}
    O = (FQ(1), FQ(1), FQ(0))
    variants = []
    for which in (0, 1):  # every base of K and K'
        for i in range(len(args[which])):
            for new in (add(args[which][i], G1), O):
                a = copy.copy(args)
                a[which] = list(args[which])
                a[which][i] = new
                variants.append(a)
    for pos in (2, 3, 4, 5):  # D, D', T, T'
        for new in (add(args[pos], G1), neg(args[pos]), O):
            a = list(args)
            a[pos] = new
            variants.append(a)
    # swapping K and K', and the pair (D, D') <-> (T, T')
    variants.append([args[1], args[0]] + args[2:])
    variants.append(args[:2] + [args[4], args[5], args[2], args[3]])
    # m changes: drop the last base of both lists
    variants.append([args[0][:-1], args[1][:-1]] + args[2:])
    for a in variants:
        c = vc.challenge(*a)
        assert c not in seen, "transcript change did not change the challenge"
        seen.add(c)
    assert len(seen) == len(variants) + 1
    try:
        vc.challenge(args[0], args[1][:-1], *args[2:])
    except ValueError:
        pass
    else:
        raise AssertionError("K and K' of different lengths accepted")


# ---------------------------------------------------------------- msm

def test_msm_matches_naive():
    rng = random.Random(11)
    pts = [multiply(G1, rng.randrange(1, R)) for _ in range(7)] + [(FQ(1), FQ(1), FQ(0))]
    cases = [
        [rng.randrange(R) for _ in pts],
        [0, 1, R - 1, 2, 0, 15, 16, 5],
        [R + 3, 0, 0, 0, 0, 0, 0, 9],  # reduced mod r; the infinity point is skipped
        [0] * 8,
    ]
    for ks in cases:
        want = (FQ(1), FQ(1), FQ(0))
        for p, k in zip(pts, ks):
            want = add(want, multiply(p, k % R))
        for window in (1, 3, 4, 5):
            assert eq(vc.msm(pts, ks, window), want), (ks, window)


def test_link_timing_m300():
    # Not a correctness test of keys: an honest link over 300 random bases, timed
    rng = random.Random(5)
    m = 300
    K = [multiply(G1, rng.randrange(1, R)) for _ in range(m)]
    Kp = [multiply(G1, rng.randrange(1, R)) for _ in range(m)]
    w = [rng.randrange(16) for _ in range(m - 1)]
    nu, nup = rng.randrange(R), rng.randrange(R)
    D, Dp = toy.commit(K, w, nu), toy.commit(Kp, w, nup)
    link = toy.prove_link(K, Kp, w, nu, nup, D, Dp, rng)
    b = {"n": m - 1, "K": K, "Kp": Kp, "D": D, "Dp": Dp, "T": pt(link["t"]), "Tp": pt(link["tPrime"]),
         "z": [int(v) for v in link["responses"]]}
    t0 = time.time()
    vc.check_link(b)
    took = time.time() - t0
    print(f"      (check_link with m = 300: {took:.1f} s)")
    b["z"][100] = (b["z"][100] + 1) % R
    raises(vc.Invalid, vc.check_link, b)


def main():
    t0 = time.time()
    tests = [(n, f) for n, f in globals().items() if n.startswith("test_") and callable(f)]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
            passed += 1
            print(f"ok    {name}")
        except Exception:  # noqa: BLE001
            failed += 1
            print(f"FAIL  {name}")
            traceback.print_exc()
    print(f"{passed} passed, {failed} failed ({time.time() - t0:.0f} s after setup)")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

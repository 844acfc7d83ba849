#!/usr/bin/env python3
"""Tests for verify_certified.py (certified weights, version 2), plain asserts.

Usage:  python3 scripts/bn254/test_certified.py [TEST_NAME ...]   (default: all tests)
Ends with "N passed, M failed"; exit status 0 only when nothing failed.

Uses make_certified_toy.py (seeded, known toxic waste) for genuine artifacts in three
variants: a dense 4 -> 2 input layer, a conv2d input layer (2x2x2 input, kernel 2,
stride 1, padding 1, 2 channels: 18 outputs), and no input layer. Checks that the
honest sets are accepted and tampered variants are rejected, the transcript's exact
bytes, and the conv/dense index arithmetic against the toy's independent evaluation.
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

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_certified_toy as toy  # noqa: E402
import verify_certified as vc  # noqa: E402
import verify_groth16  # noqa: E402
from bn254_common import FQ, G1, P, R, run_tests  # noqa: E402
from py_ecc.optimized_bn128 import add, eq, multiply, neg, normalize  # noqa: E402

VERIFIER = os.path.join(HERE, "verify_certified.py")
TMP = tempfile.mkdtemp(prefix="bn254-certified-test-")
ORDER = toy.ORDER
O = (FQ(1), FQ(1), FQ(0))

SETS = {}
for _v in toy.VARIANTS:
    SETS[_v] = toy.make(os.path.join(TMP, _v), variant=_v, seed=1, params_seed=1)
OTHER, OTHER_INFO = toy.make(os.path.join(TMP, "dense_other"), variant="dense", seed=1, params_seed=2)
SEED2, _ = toy.make(os.path.join(TMP, "dense_seed2"), variant="dense", seed=2, params_seed=1)
BASE, INFO = SETS["dense"]


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


def paths(src=None, **over):
    """The six paths of src (default: the dense set), each replaced by over[name]."""
    src = src or BASE
    out = []
    for name in ORDER:
        v = over.get(name.replace(".", "_"))
        out.append(src[name] if v is None else (v if isinstance(v, str) else write(v)))
    return out


def run(src=None, **over):
    """Run the verifier in-process -> (code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = vc.main(["verify_certified.py"] + paths(src, **over))
    return code, out.getvalue().strip(), err.getvalue()


def bundle(src=None, **over):
    return vc.load_bundle(*paths(src, **over))


def pt(j):
    if j[2] == "0":
        return O
    return (FQ(int(j[0])), FQ(int(j[1])), FQ(1))


def js(p):
    return toy.g1_json(p)


def raises(exc, fn, *a):
    try:
        fn(*a)
    except exc as e:
        return str(e)
    raise AssertionError(f"{fn.__name__} did not raise {exc.__name__}")


def cert_with(fn, src=None):
    c = load("weights.certificate", src)
    fn(c)
    return c


def circuit_with(fn, src=None):
    c = load("circuit", src)
    fn(c["certified"])
    return c


def failing_equations(out):
    """The equation names listed in an "invalid: link: ..." message."""
    assert "link:" in out, out
    part = out.split("link:")[1].split(";")[0]
    return set(s.strip() for s in part.split(" for ")[1].split(","))


# ---------------------------------------------------------------- accept

def test_honest_valid_all_variants():
    for v, (src, info) in SETS.items():
        assert run(src) == (0, "valid", ""), (v, run(src))
    assert INFO["model"]["M"] == 2 and SETS["conv"][1]["model"]["M"] == 18
    assert load("circuit", SETS["none"][0])["certified"]["inputLayer"] is None
    assert load("weights.certificate", SETS["none"][0])["inputEvaluations"] == []


def test_cli_exit_codes():
    ok = subprocess.run([sys.executable, VERIFIER] + paths(SETS["conv"][0]), capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip() == "valid", ok
    pub = load("public")
    pub[0] = str(int(pub[0]) + 1)
    bad = subprocess.run([sys.executable, VERIFIER] + paths(public=pub), capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout.startswith("invalid: inference proof"), bad
    usage = subprocess.run([sys.executable, VERIFIER] + paths()[:5], capture_output=True, text=True)
    assert usage.returncode == 2 and usage.stdout == "", usage


def test_toy_cli_no_input_layer_flag():
    d = os.path.join(TMP, "cli_none")
    r = subprocess.run([sys.executable, os.path.join(HERE, "make_certified_toy.py"), d, "--no-input-layer"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r
    assert load("circuit", {"circuit": os.path.join(d, "circuit.json")}) == load("circuit", SETS["none"][0])
    ok = subprocess.run([sys.executable, VERIFIER] + [os.path.join(d, f"{n}.json") for n in ORDER],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip() == "valid", ok


def test_other_params_valid_same_keys():
    for name in ("verification_key", "certificate_verification_key", "circuit"):
        assert load(name) == load(name, OTHER), "same seed must give the same keys"
    assert INFO["params"] != OTHER_INFO["params"]
    assert run(OTHER)[:2] == (0, "valid")


def test_toy_keys_are_plain_groth16_keys():
    # Revealing the committed wires turns both proofs into ordinary snarkjs Groth16
    # proofs: the independent verify_groth16.py must accept them (and reject a change).
    for v, (src, info) in SETS.items():
        verify_groth16.verify(src["verification_key"], src["proof"], write(info["full_public"]))
        verify_groth16.verify(src["certificate_verification_key"],
                              write(load("weights.certificate", src)["rangeProof"]),
                              write(info["full_certificate_public"]))
    wrong = list(INFO["full_public"])
    wrong[5] = str(int(wrong[5]) + 1)  # y_0
    raises(verify_groth16.Invalid, verify_groth16.verify, BASE["verification_key"], BASE["proof"], write(wrong))
    b = bundle()
    assert (b["P"], b["m"], b["n"], b["N"]) == (5, 6, 12, 4)
    assert all(not vc.is_inf(k) for k in b["K"] + b["Kp"])


def test_check_functions_individually():
    for src, _ in SETS.values():
        b = bundle(src)
        vc.check_range(b)
        vc.check_link(b)
        vc.check_inference(b)
        vc.check_certificate(b)


# ---------------------------------------------------------------- reject: E_j

def test_tampered_E_shift_by_base():
    b = bundle()
    assert INFO["x"] == [1, 0, 3, 2]
    for j, delta in ((0, b["K"][0]), (3, b["K"][2]), (2, G1), (1, G1)):  # by K_{y_0}, K_beta, G
        c = cert_with(lambda c: c["inputEvaluations"].__setitem__(
            j, js(add(pt(c["inputEvaluations"][j]), delta))))
        code, out, _ = run(weights_certificate=c)
        assert code == 1 and "link:" in out and "range proof" not in out, out
        # pixel 1 is 0: E_1 does not enter this L, only the link catches its change
        assert ("inference proof" in out) == (j != 1), (j, out)


def test_E_of_other_weights_relinked():
    """E_j of other weights (a genuine column under the same key) with a link re-proved by
    the honest prover on the original secrets: the E equations whose column changed fail,
    and the inference proof (made with the original y) fails too."""
    other_E = load("weights.certificate", OTHER)["inputEvaluations"]
    mine = load("weights.certificate")["inputEvaluations"]
    changed = {j for j in range(4) if other_E[j] != mine[j]}
    assert changed
    b = bundle()
    E = [pt(p) for p in other_E]
    eqs, targets = vc.build_equations(b["layout"], b["K"], b["Kp"], b["D"], b["Dp"], E)
    link, _ = toy.prove_link(eqs, targets, INFO["secrets"], random.Random(9))

    def mix(c):
        c["inputEvaluations"] = other_E
        c["link"] = link
    code, out, _ = run(weights_certificate=cert_with(mix))
    assert code == 1 and "inference proof" in out, out
    assert failing_equations(out) == {f"e{2 + j} (E_{j})" for j in changed}, out
    # the same with OTHER's secrets for the weights (D and D' then disagree instead)
    sec = OTHER_INFO["params"][:10] + INFO["params"][10:] + INFO["secrets"][12:]
    link, _ = toy.prove_link(eqs, targets, sec, random.Random(9))
    code, out, _ = run(weights_certificate=cert_with(mix))
    assert code == 1
    # and the honest OTHER proof with OTHER's E but this D, D' and its link
    code, out, _ = run(OTHER, weights_certificate=cert_with(mix))
    assert code == 1


def test_swapped_E_order():
    def swap(c):
        e = c["inputEvaluations"]
        e[0], e[1] = e[1], e[0]
    code, out, _ = run(weights_certificate=cert_with(swap))
    assert code == 1 and "link:" in out and "inference proof" in out, out


def test_pixel_changed_in_public():
    for j in range(4):
        pub = load("public")
        pub[1 + j] = str(int(pub[1 + j]) + 1)
        code, out, _ = run(public=pub)
        assert code == 1 and out.startswith("invalid: inference proof") and "link" not in out, (j, out)


def test_pixel_shift_compensated_in_D():
    """Change pixel x_0 by -1 and add IC[2] + E_0 to D: L is unchanged, so the Groth16
    equation holds; only the link stops it."""
    b = bundle()
    pub = load("public")
    pub[1] = str(int(pub[1]) - 1)
    ic2 = b["key"]["IC"][2]
    c = cert_with(lambda c: c.__setitem__("commitment", js(add(INFO["D"], add(ic2, b["E"][0])))))
    bb = bundle(weights_certificate=c, public=pub)
    vc.check_inference(bb)
    code, out, _ = run(weights_certificate=c, public=pub)
    assert code == 1 and out.startswith("invalid: link:") and "inference" not in out, out


def test_D_shift_by_public_base():
    """D* = D + IC[1] with public out - 1: the Groth16 equation alone would accept."""
    for v in ("dense", "none"):
        src, info = SETS[v]
        ic1 = pt(load("verification_key", src)["IC"][1])
        pub = load("public", src)
        pub[0] = str(int(pub[0]) - 1)
        assert "inference proof" in run(src, public=pub)[1]
        c = cert_with(lambda c: c.__setitem__("commitment", js(add(info["D"], ic1))), src)
        b = bundle(src, weights_certificate=c, public=pub)
        vc.check_inference(b)
        vc.check_range(b)
        assert "link" in raises(vc.Invalid, vc.check_link, b)
        code, out, _ = run(src, weights_certificate=c, public=pub)
        assert code == 1 and out.startswith("invalid: link:") and "inference" not in out, out
        # re-running the honest link prover with the new D* but the old opening fails e0 only
        eqs, targets = vc.build_equations(b["layout"], b["K"], b["Kp"], b["D"], b["Dp"], b["E"])
        c["link"], _ = toy.prove_link(eqs, targets, info["secrets"], random.Random(3))
        code, out, _ = run(src, weights_certificate=c, public=pub)
        assert code == 1 and failing_equations(out) == {"e0 (D)"}, out


# ---------------------------------------------------------------- reject: link

def test_tampered_response_hits_exactly_its_equations():
    for v in ("dense", "conv"):
        src, info = SETS[v]
        b = bundle(src)
        uses = [set() for _ in b["z"]]
        for e, terms in enumerate(b["equations"]):
            for i, _ in terms:
                uses[i].add(vc.equation_name(e))
        idx = range(len(b["z"])) if v == "dense" else (0, 5, 16, 17, 18, 20, 21, 22, 29)
        for i in idx:
            c = cert_with(lambda c: c["link"]["responses"].__setitem__(
                i, str((int(c["link"]["responses"][i]) + 1) % R)), src)
            code, out, _ = run(src, weights_certificate=c)
            assert code == 1 and "range proof" not in out and "inference" not in out, (v, i, out)
            assert failing_equations(out) == uses[i], (v, i, out, uses[i])


def test_tampered_T():
    n_eq = 2 + 4
    for e in range(n_eq):
        c = cert_with(lambda c: c["link"]["commitments"].__setitem__(
            e, js(add(pt(c["link"]["commitments"][e]), G1))))
        code, out, _ = run(weights_certificate=c)
        # T is in the transcript: c changes, so every equation fails
        assert code == 1 and len(failing_equations(out)) == n_eq, (e, out)
    c = cert_with(lambda c: c["link"]["commitments"].reverse())
    assert run(weights_certificate=c)[0] == 1


def test_T_off_curve():
    c = cert_with(lambda c: c["link"]["commitments"][2].__setitem__(
        1, str((int(c["link"]["commitments"][2][1]) + 1) % P)))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and "not on the curve" in out and "commitments[2]" in out, out


def test_swapped_D_other_weights():
    c = cert_with(lambda c: c.__setitem__("commitment", load("weights.certificate", OTHER)["commitment"]))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and "link:" in out and "inference proof" in out and "range proof" not in out, out


def test_D_prime_from_other_weights():
    other = load("weights.certificate", OTHER)

    def mix(c):
        c["certificateCommitment"] = other["certificateCommitment"]
        c["rangeProof"] = other["rangeProof"]
    c = cert_with(mix)
    b = bundle(weights_certificate=c)
    vc.check_range(b)
    vc.check_inference(b)
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and out.startswith("invalid: link:") and "range proof" not in out, out
    c["link"], _ = toy.prove_link(b["equations"], b["targets"], INFO["secrets"], random.Random(7))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and failing_equations(out) == {"e1 (D')"}, out


def test_tampered_range_proof_and_other_cvk():
    c = cert_with(lambda c: c["rangeProof"].__setitem__("pi_a", js(add(pt(c["rangeProof"]["pi_a"]), G1))))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and out.startswith("invalid: range proof:") and "link" not in out, out
    code, out, _ = run(certificate_verification_key=SEED2["certificate_verification_key"])
    assert code == 1 and "range proof" in out and "link" in out, out
    code, out, _ = run(verification_key=SEED2["verification_key"])
    assert code == 1 and "link" in out and "inference" in out, out


def test_forged_public_output():
    for src, _ in SETS.values():
        pub = load("public", src)
        pub[0] = str(int(pub[0]) + 1)
        code, out, _ = run(src, public=pub)
        assert code == 1 and out.startswith("invalid: inference proof") and "link" not in out, out


def test_response_and_public_not_below_r():
    c = cert_with(lambda c: c["link"]["responses"].__setitem__(0, str(int(c["link"]["responses"][0]) + R)))
    code, out, _ = run(weights_certificate=c)
    assert code == 1 and "responses[0]" in out and "not < r" in out, out
    b = bundle()
    b["z"][0] += R
    vc.check_link(b)  # the algebra alone accepts the unreduced value: the range check matters
    pub = load("public")
    pub[2] = str(int(pub[2]) + R)
    code, out, _ = run(public=pub)
    assert code == 1 and "not < r" in out, out


def test_range_violation_cannot_be_proved_honestly():
    raises(ValueError, toy.certificate_witness, [2, 1, 4], 5)
    circ = toy.certificate_circuit(3)
    tw = toy.setup(circ, 1)[1]
    for bits in ([0, 2], [4, 0], [2, 1]):
        a = [1, 2, 1, 4, 5, 0, 1, 1, 0] + bits
        assert not circ.satisfied(a)
        raises(AssertionError, toy.prove, circ, tw, a, random.Random(1))
    assert circ.satisfied([1, 2, 1, 3, 5, 0, 1, 1, 0, 1, 1])


# ---------------------------------------------------------------- malformed (exit 2)

def expect_malformed(src=None, needle=None, **over):
    code, out, err = run(src, **over)
    assert code == 2 and out == "", (code, out, err)
    assert needle is None or needle in err, (needle, err)


def test_wrong_counts_certificate():
    for f in (lambda l: l[:-1], lambda l: l + [l[0]], lambda l: []):
        expect_malformed(weights_certificate=cert_with(
            lambda c: c.__setitem__("inputEvaluations", f(c["inputEvaluations"]))), needle="inputEvaluations")
        expect_malformed(weights_certificate=cert_with(
            lambda c: c["link"].__setitem__("commitments", f(c["link"]["commitments"]))), needle="commitments")
        expect_malformed(weights_certificate=cert_with(
            lambda c: c["link"].__setitem__("responses", f(c["link"]["responses"]))), needle="n + 2 + N = 18")
    none = SETS["none"][0]
    expect_malformed(none, "inputEvaluations", weights_certificate=cert_with(
        lambda c: c.__setitem__("inputEvaluations", [c["commitment"]]), none))
    expect_malformed(none, "inputEvaluations", weights_certificate=cert_with(lambda c: c.pop("inputEvaluations"), none))
    # the dense certificate under the no-input-layer set and vice versa
    expect_malformed(none, weights_certificate=BASE["weights.certificate"])
    expect_malformed(weights_certificate=none["weights.certificate"])


def test_wrong_counts_keys_and_circuit():
    expect_malformed(public=load("public") + ["1"], needle="expected P + m")
    expect_malformed(certificate_verification_key=BASE["verification_key"], needle="expected n + 1 = 13")
    expect_malformed(verification_key=SETS["conv"][0]["verification_key"], needle="expected P + m")
    expect_malformed(circuit=circuit_with(lambda c: c.__setitem__("wires", 7)), needle="wires")
    expect_malformed(circuit=circuit_with(lambda c: c["parameters"][1].__setitem__("biases", 2)))
    expect_malformed(circuit=circuit_with(lambda c: c["parameters"][0].__setitem__("weights", 9)),
                     needle="its shape needs 8 and 2")
    expect_malformed(circuit=circuit_with(lambda c: c["pixels"].__setitem__("count", 3)), needle="pixels.count")
    expect_malformed(circuit=circuit_with(lambda c: c["pixels"].__setitem__("offset", 2)), needle="exceeds")
    expect_malformed(circuit=circuit_with(lambda c: c.__setitem__("pixels", None)), needle="exactly when")
    expect_malformed(circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("kind", "conv1d")))
    expect_malformed(circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("layer", 5)))
    expect_malformed(circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("inCount", True)))
    expect_malformed(circuit=circuit_with(lambda c: c["parameters"][1].__setitem__("layer", 0)),
                     needle="strictly increasing")
    expect_malformed(circuit=circuit_with(lambda c: c.pop("inputLayer")))
    expect_malformed(circuit={"layers": []}, needle="certified")
    conv = SETS["conv"][0]
    expect_malformed(conv, circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("kernel", 5), conv),
                     needle="larger than")
    expect_malformed(conv, circuit=circuit_with(lambda c: c["inputLayer"].__setitem__("stride", 2), conv),
                     needle="wires")  # 2x2x2 outputs: m changes
    expect_malformed(SETS["none"][0], circuit=BASE["circuit"])


def test_bad_format_version_and_files():
    for key, val in (("format", "zktrain.weight-certificate.v2"), ("version", 1), ("version", 3),
                     ("version", "2"), ("version", True)):
        expect_malformed(weights_certificate=cert_with(lambda c: c.__setitem__(key, val)), needle=key)
    for drop in ("commitment", "certificateCommitment", "rangeProof", "link", "format"):
        expect_malformed(weights_certificate=cert_with(lambda c: c.pop(drop)))
    for drop in ("commitments", "responses"):
        expect_malformed(weights_certificate=cert_with(lambda c: c["link"].pop(drop)))
    expect_malformed(weights_certificate=cert_with(lambda c: c["link"]["responses"].__setitem__(2, 5)))
    expect_malformed(weights_certificate=cert_with(lambda c: c["link"]["responses"].__setitem__(2, "0x5")))
    expect_malformed(weights_certificate=cert_with(lambda c: c["inputEvaluations"].__setitem__(0, ["1", "2"])))
    expect_malformed(weights_certificate=write(None, raw="{not json"))
    expect_malformed(circuit=write(None, raw="[1,"))
    expect_malformed(proof=os.path.join(TMP, "does-not-exist.json"))


# ---------------------------------------------------------------- equations: index arithmetic

def test_equations_known_answer_dense():
    """The dense statement written out by hand from the spec (n = 12, m = 6, N = 4)."""
    b = bundle()
    K, Kp = b["K"], b["Kp"]
    e0 = [(8, K[0]), (9, K[1]), (10, K[3]), (11, K[4]), (12, K[5])]
    e1 = [(i, Kp[i]) for i in range(12)] + [(13, Kp[12])]
    cols = [[(j * 2 + 0, K[0]), (j * 2 + 1, K[1]), (14 + j, K[2])] for j in range(4)]
    assert b["equations"] == [e0, e1] + cols
    assert b["targets"][0] is b["D"] and b["targets"][1] is b["Dp"] and b["targets"][2:] == b["E"]


def test_equations_known_answer_conv():
    """Conv 2x2x2 -> 3x3x2 (kernel 2, stride 1, padding 1), n = 20: a few columns by hand."""
    b = bundle(SETS["conv"][0])
    K = b["K"]
    # input (0, 0, c=0) is read by outputs (0,0) tap (1,1), (0,1) tap (1,0), (1,0) tap (0,1),
    # (1,1) tap (0,0); weight ((ky*2+kx)*2 + c)*2 + o, output (oy*3+ox)*2 + o
    col0 = [(12, K[0]), (13, K[1]), (8, K[2]), (9, K[3]), (4, K[6]), (5, K[7]), (0, K[8]), (1, K[9]),
            (22, K[18])]
    assert b["equations"][2] == col0
    # input (1, 1, c=1) = index 7: outputs (1,1) tap (1,1), (1,2) tap (1,0), (2,1) tap (0,1), (2,2) tap (0,0)
    col7 = [(14, K[8]), (15, K[9]), (10, K[10]), (11, K[11]), (6, K[14]), (7, K[15]), (2, K[16]),
            (3, K[17]), (29, K[18])]
    assert b["equations"][2 + 7] == col7
    e0 = [(16 + k % 2, K[k]) for k in range(18)] + [(18, K[19]), (19, K[20]), (20, K[21])]
    assert b["equations"][0] == e0
    assert len(b["equations"]) == 10 and b["n"] == 20 and len(b["z"]) == 30


def test_conv_and_dense_layouts_match_independent_evaluation():
    """For assorted shapes: the E-columns of build_equations, with random weights, equal the
    toy's padded nested-array layer evaluated at unit inputs minus the bias; e0's bias
    terms equal the layer at input 0."""
    rng = random.Random(4)
    shapes = [{"kind": "dense", "inCount": 3, "outCount": 5}]
    for (h, w, ci, co, k, s, p) in ((2, 2, 2, 2, 2, 1, 1), (3, 4, 1, 2, 2, 2, 0), (4, 3, 2, 1, 3, 2, 1),
                                    (5, 5, 1, 1, 3, 3, 2), (1, 1, 3, 2, 1, 1, 0), (3, 3, 1, 1, 3, 1, 0)):
        shapes.append(dict(kind="conv2d", height=h, width=w, inChannels=ci, outChannels=co, kernel=k,
                           stride=s, padding=p))
    for shape in shapes:
        if shape["kind"] == "dense":
            N, nw, nb = shape["inCount"], shape["inCount"] * shape["outCount"], shape["outCount"]
        else:
            N = shape["height"] * shape["width"] * shape["inChannels"]
            nw, nb = shape["kernel"] ** 2 * shape["inChannels"] * shape["outChannels"], shape["outChannels"]
        cert = {"wires": 0, "parameters": [{"layer": 0, "weights": nw, "biases": nb},
                                           {"layer": 3, "weights": 2, "biases": 0}],
                "inputLayer": dict(layer=0, **shape), "pixels": {"offset": 0, "count": N}}
        zero_out = toy.input_layer(shape, [0] * N, [0] * nw, list(range(nb)))
        M = len(zero_out)
        cert["wires"] = M + 1 + 2 + 1
        lay = vc.parse_certified({"certified": cert}, "synthetic", N)
        assert lay["M"] == M and lay["N"] == N and lay["n"] == nw + nb + 2
        K = [object() for _ in range(lay["m"])]
        Kp = [object() for _ in range(lay["n"] + 1)]
        which = {id(kk): i for i, kk in enumerate(K)}
        eqs, _ = vc.build_equations(lay, K, Kp, "D", "D'", ["E"] * N)
        W = [rng.randrange(-5, 6) for _ in range(nw)]
        bias = [rng.randrange(-5, 6) for _ in range(nb)]
        sec = W + bias + [7, 8] + [0, 0, 0] + [0] * N
        at0 = toy.input_layer(shape, [0] * N, W, bias)
        got = [0] * M
        for i, base in eqs[0][:M]:
            got[which[id(base)]] += sec[i]
        assert got == at0, (shape, got, at0)
        for j in range(N):
            unit = [1 if t == j else 0 for t in range(N)]
            want = [a - c for a, c in zip(toy.input_layer(shape, unit, W, bias), at0)]
            got = [0] * M
            for i, base in eqs[2 + j][:-1]:
                got[which[id(base)]] += sec[i]
            assert got == want, (shape, j)
            assert eqs[2 + j][-1] == (lay["n"] + 2 + j, K[M])
            ks = [which[id(base)] for _, base in eqs[2 + j][:-1]]
            assert ks == sorted(ks), "outputs must be ascending within a column"
        # other layer's parameters sit on the wires after beta, nu last
        assert eqs[0][M:] == [(nw + nb, K[M + 1]), (nw + nb + 1, K[M + 2]), (nw + nb + 2, K[M + 3])]


# ---------------------------------------------------------------- challenge / transcript

def test_challenge_known_answer():
    """Transcript rebuilt by hand from the JSON decimals (dense set)."""
    b = bundle()
    cert = load("weights.certificate")
    vk, cvk = load("verification_key"), load("certificate_verification_key")

    def enc(j):
        return int(j[0]).to_bytes(32, "big") + int(j[1]).to_bytes(32, "big")

    def u(v):
        return v.to_bytes(8, "big")
    K = vk["IC"][6:12]  # P = 5, m = 6
    Kp = cvk["IC"][1:14]
    eqs = [[(8, K[0]), (9, K[1]), (10, K[3]), (11, K[4]), (12, K[5])],
           [(i, Kp[i]) for i in range(12)] + [(13, Kp[12])]]
    eqs += [[(2 * j, K[0]), (2 * j + 1, K[1]), (14 + j, K[2])] for j in range(4)]
    tr = b"zktrain.weight-link.v2" + u(6) + u(18)
    for terms in eqs:
        tr += u(len(terms)) + b"".join(u(i) + enc(p) for i, p in terms)
    tr += enc(cert["commitment"]) + enc(cert["certificateCommitment"])
    tr += b"".join(enc(e) for e in cert["inputEvaluations"])
    tr += b"".join(enc(t) for t in cert["link"]["commitments"])
    want = int.from_bytes(hashlib.sha256(tr + b"\0").digest() + hashlib.sha256(tr + b"\1").digest(), "big") % R
    assert vc.transcript(b["equations"], 18, b["targets"], b["T"]) == tr
    assert vc.challenge(b["equations"], 18, b["targets"], b["T"]) == want
    assert vc.encode_point(O) == bytes(64)
    x, y = normalize(G1)
    assert vc.encode_point((x * 7, y * 7, FQ(7))) == vc.encode_point(G1) == (
        int(x).to_bytes(32, "big") + int(y).to_bytes(32, "big"))


def test_challenge_determinism_and_sensitivity():
    b = bundle()
    eqs, n_s, tg, T = b["equations"], len(b["z"]), list(b["targets"]), list(b["T"])
    c0 = vc.challenge(eqs, n_s, tg, T)
    assert c0 == vc.challenge(copy.deepcopy(eqs), n_s, copy.deepcopy(tg), copy.deepcopy(T))
    assert 0 <= c0 < R
    seen = {c0}
    variants = []

    def with_eq(e, terms):
        new = list(eqs)
        new[e] = terms
        return (new, n_s, tg, T)
    for e in range(len(eqs)):
        terms = eqs[e]
        variants.append(with_eq(e, terms[1:] + terms[:1]))                      # term order
        variants.append(with_eq(e, [(terms[0][0], terms[0][1])] + terms))        # term repeated
        variants.append(with_eq(e, terms[:-1]))                                  # term dropped
        i0, b0 = terms[0]
        variants.append(with_eq(e, [((i0 + 1) % n_s, b0)] + terms[1:]))          # secret index
        variants.append(with_eq(e, [(i0, add(b0, G1))] + terms[1:]))             # base
        variants.append(with_eq(e, [(i0, O)] + terms[1:]))                       # base -> infinity
    for e in range(len(eqs)):
        for lst, pos in ((tg, 2), (T, 3)):
            for new in (add(lst[e], G1), neg(lst[e]), O):
                v = [eqs, n_s, tg, T]
                v[pos] = list(lst)
                v[pos][e] = new
                variants.append(tuple(v))
    variants.append((eqs[1:] + eqs[:1], n_s, tg[1:] + tg[:1], T[1:] + T[:1]))   # equation order
    variants.append((eqs, n_s + 1, tg, T))                                      # len(s)
    variants.append((eqs[:-1], n_s, tg[:-1], T[:-1]))                          # #equations
    variants.append((eqs, n_s, T, tg))                                          # targets <-> T
    # moving a term across the boundary of two equations (same flat term sequence)
    variants.append(([eqs[0][:-1], [eqs[0][-1]] + eqs[1]] + eqs[2:], n_s, tg, T))
    for v in variants:
        c = vc.challenge(*v)
        assert c not in seen, "transcript change did not change the challenge"
        seen.add(c)
    assert len(seen) == len(variants) + 1
    raises(ValueError, vc.challenge, eqs, n_s, tg[:-1], T)
    raises(ValueError, vc.challenge, [[(n_s, G1)]], n_s, [G1], [G1])


def test_transcript_linear_time():
    """784 columns of 144 terms over 145 bases (a 28x28 conv with k = 3, co = 16 scale)."""
    bases = [multiply(G1, i + 2) for i in range(145)]
    eqs = [[(i, bases[i % 145]) for i in range(144)] + [(1000 + j, bases[144])] for j in range(784)]
    t0 = time.time()
    tr = vc.transcript(eqs, 2000, [G1] * 784, [G1] * 784)
    took = time.time() - t0
    assert len(tr) == 22 + 16 + 784 * (8 + 145 * 72) + 2 * 784 * 64
    print(f"      (transcript of {784 * 145} terms: {took:.2f} s)")
    assert took < 10, took


# ---------------------------------------------------------------- msm

def test_msm_matches_naive():
    rng = random.Random(11)
    pts = [multiply(G1, rng.randrange(1, R)) for _ in range(7)] + [O]
    cases = [[rng.randrange(R) for _ in pts], [0, 1, R - 1, 2, 0, 15, 16, 5], [R + 3, 0, 0, 0, 0, 0, 0, 9],
             [0] * 8]
    for ks in cases:
        want = O
        for p, k in zip(pts, ks):
            want = add(want, multiply(p, k % R))
        for window in (1, 3, 4, 5):
            assert eq(vc.msm(pts, ks, window), want), (ks, window)
    # combine: repeated bases are summed
    terms = [(0, pts[0]), (1, pts[1]), (2, pts[0])]
    p2, k2 = vc.combine(terms, [5, 6, R - 2])
    assert len(p2) == 2 and eq(vc.msm(p2, k2), add(multiply(pts[0], 3), multiply(pts[1], 6)))


def test_link_timing_synthetic():
    """A dense 16 -> 8 input layer + 40 other parameters: 220 secrets, 18 equations."""
    rng = random.Random(5)
    cert = {"wires": 8 + 1 + 40 + 1, "parameters": [{"layer": 0, "weights": 128, "biases": 8},
                                                    {"layer": 1, "weights": 32, "biases": 8}],
            "inputLayer": {"layer": 0, "kind": "dense", "inCount": 16, "outCount": 8},
            "pixels": {"offset": 1, "count": 16}}
    lay = vc.parse_certified({"certified": cert}, "synthetic", 17)
    K = [multiply(G1, rng.randrange(1, R)) for _ in range(lay["m"])]
    Kp = [multiply(G1, rng.randrange(1, R)) for _ in range(lay["n"] + 1)]
    sec = [rng.randrange(16) for _ in range(lay["n"])] + [rng.randrange(R) for _ in range(2 + 16)]
    eqs, _ = vc.build_equations(lay, K, Kp, O, O, [O] * 16)
    targets = toy.evaluate(eqs, sec)
    eqs, targets = vc.build_equations(lay, K, Kp, targets[0], targets[1], targets[2:])
    link, T = toy.prove_link(eqs, targets, sec, rng)
    b = {"equations": eqs, "targets": targets, "T": T, "z": [int(v) for v in link["responses"]]}
    t0 = time.time()
    vc.check_link(b)
    print(f"      (check_link with {len(sec)} secrets, {len(eqs)} equations: {time.time() - t0:.1f} s)")
    b["z"][100] = (b["z"][100] + 1) % R
    raises(vc.Invalid, vc.check_link, b)


def main():
    t0 = time.time()
    return run_tests(globals(), sys.argv[1:], suffix=lambda: f" ({time.time() - t0:.0f} s after setup)")


if __name__ == "__main__":
    sys.exit(main())

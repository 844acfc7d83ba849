"""test_certified.py's tests that tampered certified-weights sets are rejected: the input
layer's E_j, the pixels, D, and the link (responses, T, D', the range proof, the output)."""
import random

import make_certified_toy as toy
import verify_certified as vc
from bn254_common import G1, P, R
from certified_fixtures import (INFO, OTHER, OTHER_INFO, SEED2, SETS, bundle, cert_with, failing_equations, js, load, pt,
                                raises, run)
from py_ecc.optimized_bn128 import add


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

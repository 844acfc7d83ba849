#!/usr/bin/env python3
"""Tests for verify_certified.py (certified weights, version 2), plain asserts.

Usage:  python3 scripts/bn254/test_certified.py [TEST_NAME ...]   (default: all tests)
Ends with "N passed, M failed"; exit status 0 only when nothing failed.

Uses make_certified_toy.py (seeded, known toxic waste) for genuine artifacts in three
variants: a dense 4 -> 2 input layer, a conv2d input layer (2x2x2 input, kernel 2,
stride 1, padding 1, 2 channels: 18 outputs), and no input layer. Checks that the
honest sets are accepted and tampered variants are rejected, the transcript's exact
bytes, and the conv/dense index arithmetic against the toy's independent evaluation.

The accept tests are here; the others are in certified_reject_tests.py,
certified_parse_tests.py and certified_transcript_tests.py, the fixtures in
certified_fixtures.py.
"""

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import verify_certified as vc  # noqa: E402
import verify_groth16  # noqa: E402
from bn254_common import run_tests  # noqa: E402
from py_ecc.optimized_bn128 import is_inf  # noqa: E402
from certified_fixtures import (  # noqa: E402
    BASE, INFO, OTHER, OTHER_INFO, ORDER, SETS, TMP, bundle, load, paths, raises, run, write,
)
import certified_parse_tests  # noqa: E402
import certified_reject_tests  # noqa: E402
import certified_transcript_tests  # noqa: E402

VERIFIER = os.path.join(HERE, "verify_certified.py")


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
    assert all(not is_inf(k) for k in b["K"] + b["Kp"])


def test_check_functions_individually():
    for src, _ in SETS.values():
        b = bundle(src)
        vc.check_range(b)
        vc.check_link(b)
        vc.check_inference(b)
        vc.check_certificate(b)


def main():
    t0 = time.time()
    tests = dict(globals())
    for module in (certified_reject_tests, certified_parse_tests, certified_transcript_tests):
        tests.update(vars(module))
    return run_tests(tests, sys.argv[1:], suffix=lambda: f" ({time.time() - t0:.0f} s after setup)")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Tests for verify_groth16.py (and the snarkjs conventions it assumes), plain asserts.

Usage:  python3 scripts/bn254/test_verifier.py
Ends with "N passed, M failed"; exit status 0 only when nothing failed.

Uses toy_groth16.py to make a genuine Groth16 proof in snarkjs's JSON layout, checks
that the verifier accepts it and rejects tampered variants, and checks the layout
assumptions against constants from a real snarkjs verification key.
"""

import atexit
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import toy_groth16  # noqa: E402
import verify_groth16  # noqa: E402
from bn254_common import (  # noqa: E402
    FQ, FQ2, G1, G2, P, R, SNARKJS_PAIRING_EXPONENT, TWIST_B, is_on_curve,
    pairing, run_tests, tower_to_w, w_to_fq12,
)
from py_ecc.optimized_bn128 import add, b as G1_B, multiply, normalize  # noqa: E402

VERIFIER = os.path.join(HERE, "verify_groth16.py")
VECTORS = os.path.abspath(os.path.join(HERE, "..", "..", "Tests", "ProveTests", "Vectors", "bn254.json"))

TMP = tempfile.mkdtemp(prefix="bn254-verifier-test-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
TOY = toy_groth16.make(os.path.join(TMP, "toy"), x=3, seed=1)


def load(name):
    with open(TOY[name], encoding="utf-8") as fh:
        return json.load(fh)


def write(obj, name, raw=None):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(raw if raw is not None else json.dumps(obj))
    return path


def run(vk=None, proof=None, public=None):
    """Run the verifier in-process on (possibly modified) toy files -> (code, stdout, stderr)."""
    paths = [
        vk if isinstance(vk, str) else (TOY["verification_key"] if vk is None else write(vk, "vk.json")),
        proof if isinstance(proof, str) else (TOY["proof"] if proof is None else write(proof, "proof.json")),
        public if isinstance(public, str) else (TOY["public"] if public is None else write(public, "public.json")),
    ]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = verify_groth16.main(["verify_groth16.py"] + paths)
    return code, out.getvalue().strip(), err.getvalue()


def g1_pt(j):
    return (FQ(int(j[0])), FQ(int(j[1])), FQ(int(j[2])))


def g1_js(pt):
    x, y = normalize(pt)
    return [str(int(x)), str(int(y)), "1"]


# ---------------------------------------------------------------- accept

def test_valid_proof_accepted():
    assert run() == (0, "valid", ""), run()


def test_cli_exit_codes():
    ok = subprocess.run([sys.executable, VERIFIER, TOY["verification_key"], TOY["proof"], TOY["public"]],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.strip() == "valid", ok
    bad_pub = write(["28"], "cli_public.json")
    bad = subprocess.run([sys.executable, VERIFIER, TOY["verification_key"], TOY["proof"], bad_pub],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout.strip() == "invalid", bad
    usage = subprocess.run([sys.executable, VERIFIER, TOY["proof"]], capture_output=True, text=True)
    assert usage.returncode == 2, usage


def test_second_proof_same_vk():
    other = toy_groth16.make(os.path.join(TMP, "toy5"), x=5, seed=1)
    with open(other["verification_key"]) as a, open(TOY["verification_key"]) as b:
        assert a.read() == b.read(), "same seed must give the same verification key"
    assert load("public") == ["27"]
    code, out, _ = run(proof=other["proof"], public=other["public"])
    assert (code, out) == (0, "valid")
    # proof for x=5 against public 27
    assert run(proof=other["proof"])[0] == 1


def test_toy_alphabeta_matches_snarkjs_convention():
    code, _, err = run()
    assert code == 0 and "warning" not in err
    vk = load("verification_key")
    vk["vk_alphabeta_12"][0][0][0] = str((int(vk["vk_alphabeta_12"][0][0][0]) + 1) % P)
    code, out, err = run(vk=vk)
    assert code == 0 and out == "valid" and "vk_alphabeta_12" in err


def test_infinity_encodings_parse():
    # IC[1] = O makes L independent of the input; proof no longer matches -> invalid, not malformed
    vk = load("verification_key")
    vk["IC"][1] = ["0", "1", "0"]
    assert run(vk=vk)[0] == 1
    proof = load("proof")
    proof["pi_b"] = [["0", "0"], ["1", "0"], ["0", "0"]]
    assert run(proof=proof)[0] == 1


# ---------------------------------------------------------------- reject: invalid (exit 1)

def test_tampered_public_input():
    assert run(public=["28"])[:2] == (1, "invalid")


def test_public_input_not_below_r():
    # 27 + r is 27 mod r: only the range check catches it
    code, out, err = run(public=[str(27 + R)])
    assert (code, out) == (1, "invalid") and "not < r" in err


def test_tampered_pi_a():
    proof = load("proof")
    proof["pi_a"] = g1_js(add(g1_pt(proof["pi_a"]), G1))  # still on the curve
    code, out, err = run(proof=proof)
    assert (code, out) == (1, "invalid") and "pairing" in err


def test_tampered_pi_c():
    proof = load("proof")
    proof["pi_c"] = g1_js(multiply(g1_pt(proof["pi_c"]), 2))
    assert run(proof=proof)[0] == 1


def test_swapped_a_and_c():
    proof = load("proof")
    proof["pi_a"], proof["pi_c"] = proof["pi_c"], proof["pi_a"]
    assert run(proof=proof)[0] == 1


def test_pi_a_off_curve():
    proof = load("proof")
    proof["pi_a"][1] = str((int(proof["pi_a"][1]) + 1) % P)
    code, _, err = run(proof=proof)
    assert code == 1 and "not on the curve" in err


def test_coordinate_not_reduced():
    proof = load("proof")
    proof["pi_a"][0] = str(int(proof["pi_a"][0]) + P)
    code, _, err = run(proof=proof)
    assert code == 1 and ">= p" in err


def test_pi_b_swapped_fq2_order():
    proof = load("proof")
    proof["pi_b"] = [list(reversed(proof["pi_b"][0])), list(reversed(proof["pi_b"][1])), ["1", "0"]]
    assert run(proof=proof)[0] == 1


def test_pi_b_not_in_subgroup():
    with open(VECTORS, encoding="utf-8") as fh:
        bad = json.load(fh)["invalid"]["g2_not_in_subgroup"]["point"]
    proof = load("proof")
    proof["pi_b"] = bad + [["1", "0"]]
    code, _, err = run(proof=proof)
    assert code == 1 and "subgroup" in err, err


def test_proof_from_other_setup():
    other = toy_groth16.make(os.path.join(TMP, "toy_seed2"), x=3, seed=2)
    assert run(proof=other["proof"])[0] == 1
    assert run(vk=other["verification_key"], proof=other["proof"])[0] == 0


# ---------------------------------------------------------------- reject: malformed (exit 2)

def test_malformed_files():
    assert run(proof=write(None, "broken.json", raw="{not json"))[0] == 2
    proof = load("proof")
    del proof["pi_c"]
    assert run(proof=proof)[0] == 2
    assert run(public=["27", "1"])[0] == 2  # count != nPublic
    assert run(public=["0x1b"])[0] == 2  # not decimal
    assert run(public=[27])[0] == 2  # not a string
    vk = load("verification_key")
    vk["protocol"] = "plonk"
    assert run(vk=vk)[0] == 2
    vk = load("verification_key")
    vk["IC"] = vk["IC"][:1]
    assert run(vk=vk)[0] == 2
    proof = load("proof")
    proof["pi_a"][2] = "2"  # non-affine z
    assert run(proof=proof)[0] == 2
    assert run(vk=os.path.join(TMP, "does-not-exist.json"))[0] == 2


# ---------------------------------------------------------------- conventions vs real snarkjs output

# Constants from a verification_key.json exported by snarkjs ("zkey export verificationkey")
# on the Hermez powers-of-tau: vk_alpha_1 / vk_beta_2 / vk_alphabeta_12 come from that
# ceremony, so every such snarkjs key has these same values. vk_gamma_2 is the generator.
REAL_ALPHA_1 = ["20491192805390485299153009773594534940189261866228447918068658471970481763042",
                "9383485363053290200918347156157836566562967994039712273449902621266178545958", "1"]
REAL_BETA_2 = [["6375614351688725206403948262868962793625744043794305715222011528459656738731",
                "4252822878758300859123897981450591353533073413197771768651442665752259397132"],
               ["10505242626370262277552901082094356697409835680220590971873171140371331206856",
                "21847035105528745403288232691147584728191162732299865338377159692350059136679"],
               ["1", "0"]]
REAL_GAMMA_2 = [["10857046999023057135944570762232829481370756359578518086990519993285655852781",
                 "11559732032986387107991004021392285783925812861821192530917403151452391805634"],
                ["8495653923123431417604973247489272438418190587263600148770280649306958101930",
                 "4082367875863433681332203403145435568316851327593401208105741076214120093531"],
                ["1", "0"]]
REAL_ALPHABETA_12 = [
    [["2029413683389138792403550203267699914886160938906632433982220835551125967885",
      "21072700047562757817161031222997517981543347628379360635925549008442030252106"],
     ["5940354580057074848093997050200682056184807770593307860589430076672439820312",
      "12156638873931618554171829126792193045421052652279363021382169897324752428276"],
     ["7898200236362823042373859371574133993780991612861777490112507062703164551277",
      "7074218545237549455313236346927434013100842096812539264420499035217050630853"]],
    [["7077479683546002997211712695946002074877511277312570035766170199895071832130",
      "10093483419865920389913245021038182291233451549023025229112148274109565435465"],
     ["4595479056700221319381530156280926371456704509942304414423590385166031118820",
      "19831328484489333784475432780421641293929726139240675179672856274388269393268"],
     ["11934129596455521040620786944827826205713621633706285934057045369193958244500",
      "8037395052364110730298837004334506829870972346962140206007064471173334027475"]]]


def test_real_snarkjs_vk_layout():
    # Fq2 as [c0, c1]: gamma_2 is exactly py_ecc's G2 generator in that order
    gx, gy = normalize(G2)
    assert REAL_GAMMA_2[0] == [str(int(c)) for c in gx.coeffs]
    assert REAL_GAMMA_2[1] == [str(int(c)) for c in gy.coeffs]
    # beta_2 is on the twist as [c0, c1] and not when read swapped
    bx, by = (FQ2([int(c) for c in REAL_BETA_2[i]]) for i in (0, 1))
    assert is_on_curve((bx, by, FQ2.one()), TWIST_B)
    sx, sy = (FQ2([int(c) for c in reversed(REAL_BETA_2[i])]) for i in (0, 1))
    assert not is_on_curve((sx, sy, FQ2.one()), TWIST_B)
    alpha = g1_pt(REAL_ALPHA_1)
    assert is_on_curve(alpha, G1_B)
    # vk_alphabeta_12 (tower layout) = canonical e(alpha, beta) ^ (2x(6x^2+3x+1))
    e = pairing((bx, by, FQ2.one()), alpha)
    ab = w_to_fq12([tuple(int(v) for v in c) for c in tower_to_w(REAL_ALPHABETA_12)])
    assert ab == e ** SNARKJS_PAIRING_EXPONENT
    assert ab != e
    # and the verifier's own tower parser agrees
    assert verify_groth16.fq12_from_tower(REAL_ALPHABETA_12, "real") == ab


def test_vectors_file_up_to_date():
    out = os.path.join(TMP, "bn254.json")
    res = subprocess.run([sys.executable, os.path.join(HERE, "make_vectors.py"), "--out", out],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    with open(out, "rb") as a, open(VECTORS, "rb") as b:
        assert a.read() == b.read(), "Tests/ProveTests/Vectors/bn254.json is stale: re-run make_vectors.py"


def main():
    return run_tests(globals())


if __name__ == "__main__":
    sys.exit(main())

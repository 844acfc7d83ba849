"""test_certified.py's tests of the Fiat-Shamir challenge and transcript (exact bytes,
sensitivity, linear time) and of the multi-scalar multiplication and the link's timing."""
import copy
import hashlib
import random
import time

import make_certified_toy as toy
import verify_certified as vc
from bn254_common import FQ, G1, R
from certified_fixtures import O, bundle, load, raises
from py_ecc.optimized_bn128 import add, eq, multiply, neg, normalize


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

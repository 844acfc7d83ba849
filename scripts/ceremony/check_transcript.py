#!/usr/bin/env python3
"""Independent check (py_ecc, hashlib) of a ceremony transcript written by ZKTrain.

Usage: check_transcript.py FILE.ptau [FILE.zkey]

Reads the .ptau and the phase-2 key (a Groth16 .zkey, both in snarkjs's layout) with its own parser and re-implements, without ZKTrain's code, what the
ceremony's checks rest on: snarkjs's point encodings, BLAKE2b transcripts (hashlib),
ffjavascript's ChaCha and fromRng, hashToG2 (cofactor included), the beacon's iterated
SHA-256, and the same-ratio pairings e(a, d) = e(b, c) (py_ecc):
  phase 1: every contribution's three proofs of knowledge against the previous challenge
           (the first computed from the generators), [tau], [alpha], [beta] following the
           previous ones, and the last contribution's response hash and next challenge
           recomputed from the points;
  phase 2: every transcript hash, proof of knowledge and delta step, and [delta]_2 vs [delta]_1.
Then it flips one point and expects the check to fail. Exit 0 and "N passed, 0 failed" if
all hold, 1 otherwise. Meant for small files (pure Python pairings take ~0.5 s each).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bn254"))
from py_ecc.optimized_bn128 import (FQ12, G1, G2, add, curve_order, final_exponentiate,  # noqa: E402
                                    multiply, neg, normalize, pairing)
from py_ecc.optimized_bn128 import field_modulus as Q  # noqa: E402
from snarkjs_format import blake, c1, c2, g1, g2, params, sections, u1, u2  # noqa: E402
from snarkjs_random import beacon_rng, hash_to_g2, random_g1  # noqa: E402


def same_ratio(a, b, c, d):
    """e(a, d) = e(b, c), all non-zero."""
    if None in (a, b, c, d):
        return False
    f = pairing(d, a, final_exponentiate=False) * pairing(c, neg(b), final_exponentiate=False)
    return final_exponentiate(f) == FQ12.one()


def eq(p, q):
    return (p is None and q is None) or (p is not None and q is not None and normalize(p) == normalize(q))


# ---------------------------------------------------------------- phase 1

def check_ptau(data):
    s = sections(data, b"ptau")
    h = s[1][0]
    power, ceremony = struct.unpack_from("<II", data, h + 36)
    n = 1 << power
    pts = {2: (2 * n - 1, 64), 3: (n, 128), 4: (n, 64), 5: (n, 64), 6: (1, 128)}
    points = {t: [(g1 if size == 64 else g2)(data, s[t][0] + size * i) for i in range(count)] for t, (count, size) in pts.items()}
    at = s[7][0]
    count = struct.unpack_from("<I", data, at)[0]
    at += 4
    first = blake(blake(), u1(G1) * (2 * (1 << ceremony) - 1), u2(G2) * (1 << ceremony), u1(G1) * (2 << ceremony), u2(G2))
    prev = dict(tau1=G1, tau2=G2, alpha1=G1, beta1=G1, beta2=G2, challenge=first)
    failures = []
    for k in range(count):
        c = {}
        c["tau1"], c["tau2"] = g1(data, at), g2(data, at + 64)
        c["alpha1"], c["beta1"], c["beta2"] = g1(data, at + 192), g1(data, at + 256), g2(data, at + 320)
        at += 448
        key = [(g1(data, at + 128 * i), g1(data, at + 128 * i + 64)) for i in range(3)]
        at += 384
        spx = [g2(data, at + 128 * i) for i in range(3)]
        at += 384
        at += 216
        nxt = data[at:at + 64]
        at += 64
        typ, plen = struct.unpack_from("<II", data, at)
        at += 8
        name, beacon = params(data[at:at + plen])
        at += plen
        sp = [hash_to_g2(blake(bytes([i]), prev["challenge"], u1(key[i][0]), u1(key[i][1]))) for i in range(3)]
        ok = all(same_ratio(key[i][0], key[i][1], sp[i], spx[i]) for i in range(3))
        ok &= same_ratio(prev["tau1"], c["tau1"], sp[0], spx[0])
        ok &= same_ratio(key[0][0], key[0][1], prev["tau2"], c["tau2"])
        ok &= same_ratio(prev["alpha1"], c["alpha1"], sp[1], spx[1])
        ok &= same_ratio(prev["beta1"], c["beta1"], sp[2], spx[2])
        ok &= same_ratio(key[2][0], key[2][1], prev["beta2"], c["beta2"])
        if beacon:
            rng = beacon_rng(beacon[0], beacon[1])
            xs = [rng.field(curve_order) for _ in range(3)]
            for i in range(3):
                s1 = random_g1(rng)
                ok &= eq(s1, key[i][0]) and eq(multiply(s1, xs[i]), key[i][1])
        if not ok:
            failures.append(f"ptau contribution #{k + 1} ({name})")
        if k == count - 1 and power == ceremony:
            pubkey = b"".join(u1(key[i][j]) for i in range(3) for j in range(2)) + b"".join(u2(p) for p in spx)
            order = [(points[2], c1, u1), (points[3], c2, u2), (points[4], c1, u1), (points[5], c1, u1), (points[6], c2, u2)]
            compressed = b"".join(enc(p) for lst, enc, _ in order for p in lst)
            response = blake(prev["challenge"], compressed, pubkey)
            uncompressed = b"".join(enc(p) for lst, _, enc in order for p in lst)
            if blake(response, uncompressed) != nxt:
                failures.append(f"ptau contribution #{k + 1}: next challenge")
        prev = dict(c, challenge=nxt)
    if not (eq(points[2][1], prev["tau1"]) and eq(points[3][1], prev["tau2"]) and eq(points[4][0], prev["alpha1"])):
        failures.append("ptau points do not start with the last contribution's")
    return count, failures


# ---------------------------------------------------------------- phase 2

def check_zkey(data):
    s = sections(data, b"zkey")
    f = s[2][0] + 84  # after n8q, q, n8r, r, nVars, nPublic, domainSize
    delta1, delta2 = g1(data, f + 384), g2(data, f + 448)
    at = s[10][0]
    cs_hash = data[at:at + 64]
    count = struct.unpack_from("<I", data, at + 64)[0]
    at += 68
    accumulated = cs_hash
    current = G1
    failures = []
    for k in range(count):
        after, s1, sx = g1(data, at), g1(data, at + 64), g1(data, at + 128)
        spx = g2(data, at + 192)
        transcript = data[at + 320:at + 384]
        typ, plen = struct.unpack_from("<II", data, at + 384)
        name, beacon = params(data[at + 392:at + 392 + plen])
        record = data[at:at + 384]
        at += 392 + plen
        ok = blake(accumulated, u1(s1), u1(sx)) == transcript
        sp = hash_to_g2(transcript)
        ok &= same_ratio(s1, sx, sp, spx) and same_ratio(current, after, sp, spx)
        if beacon:
            rng = beacon_rng(beacon[0], beacon[1])
            x = rng.field(curve_order)
            r1 = random_g1(rng)
            ok &= eq(r1, s1) and eq(multiply(r1, x), sx)
        if not ok:
            failures.append(f"phase-2 contribution #{k + 1} ({name})")
        accumulated = accumulated + u1(after) + u1(s1) + u1(sx) + u2(spx) + transcript
        current = after
    if not (eq(current, delta1) and same_ratio(G1, delta1, G2, delta2)):
        failures.append("phase-2 final delta")
    return count, failures


def main():
    ptau = open(sys.argv[1], "rb").read()
    count, failures = check_ptau(ptau)
    checks = count
    p2 = None
    if len(sys.argv) > 2:
        p2 = open(sys.argv[2], "rb").read()
        n2, f2 = check_zkey(p2)
        count += n2
        checks += n2
        failures += f2
    # Negative control: the checks must fail on a tampered [s.x] of the first phase-2 (or ptau) contribution.
    if p2 is not None:
        s = sections(p2, b"zkey")
        bad = bytearray(p2)
        at = s[10][0] + 68 + 128  # contribution #1's [s.x]_1
        doubled = add(g1(p2, at), g1(p2, at))
        x, y = normalize(doubled)
        bad[at:at + 64] = (x.n * 2 ** 256 % Q).to_bytes(32, "little") + (y.n * 2 ** 256 % Q).to_bytes(32, "little")
        _, f = check_zkey(bytes(bad))
        if not f:
            failures.append("negative control: a tampered phase-2 proof of knowledge passed")
    for failure in failures:
        print("FAILED:", failure)
    print(f"{checks + 1 - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

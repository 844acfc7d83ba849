#!/usr/bin/env python3
"""circomlib-compatible Poseidon over BN254: reference for the Swift `Circuit` module.

Writes Tests/CircuitTests/Vectors/poseidon.json: inputs and outputs of circomlib's
Poseidon(n) for n = 1..16 inputs (width t = n + 1), a few seeded inputs per width.

Usage (from the repository root):
    python3 -m pip install -r scripts/poseidon/requirements.txt
    python3 scripts/poseidon/reference.py [--out PATH] [--check-only]

Two implementations, and how independent each is:
  * light-poseidon (PyPI `light-poseidon`, Python bindings of the Rust crate
    light-poseidon by Mike Rostecki, arkworks field arithmetic, its own embedded
    circom constants). Written by other people in another language: this is the
    independent reference. It supports 1..12 inputs only.
  * `own_hash` below: a minimal Python implementation written for ZKTrain that derives
    the parameters the way the Poseidon paper's reference script
    generate_parameters_grain.sage does (Grain LFSR round constants with rejection
    sampling, Cauchy MDS from Grain-sampled x, y). It was written by the same team as the
    Swift code, from the same reading of the script, so it is independent in language
    only. It is checked here against light-poseidon for 1..12 inputs and against
    circomlibjs's known answers, and is the only source for 13..16 inputs.
Every vector records which implementation produced it ("source"). No PyPI package with
circomlib-compatible Poseidon for 13..16 inputs was found (poseidon-hash-lib-from-circom
fails the [1, 2] known answer; poseidon-py is StarkWare's Poseidon; light-poseidon-python
supports 2 inputs only).

Deterministic: inputs come from random.Random(SEED); the file is reproduced byte for byte.
"""

import argparse
import json
import os
import random
import sys

# BN254 scalar field modulus r.
P = 21888242871839275222246405745257275088548364400416034343698204186575808495617
N_BITS = 254  # field size n in the Grain initialisation
R_F = 8
# R_P for t = 2..17, as circomlib (Poseidon paper Table 2/8 numbers rounded up).
R_P = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68]
SEED = 20240254

# Known answers from circomlibjs test/poseidon.js ("poseidonperm_x5_254_3" and "_5").
KNOWN = [
    ([1, 2], 0x115CC0F5E7D690413DF64C6B9662E9CF2A3617F2743245519E19607A4417189A),
    ([1, 2, 3, 4], 0x299C867DB6C1FDD79DCEFA40E4510B9837E60EBB1CE0663DBAA525DF65250465),
]


def grain_bits(t, r_f, r_p):
    """The self-shrinking Grain LFSR output bits of generate_parameters_grain.sage."""
    init = "01" + "0000" + format(N_BITS, "012b") + format(t, "012b")
    init += format(r_f, "010b") + format(r_p, "010b") + "1" * 30
    state = [int(c) for c in init]
    assert len(state) == 80

    def step():
        bit = state[62] ^ state[51] ^ state[38] ^ state[23] ^ state[13] ^ state[0]
        state.pop(0)
        state.append(bit)
        return bit

    for _ in range(160):
        step()
    while True:
        if step() == 1:
            yield step()
        else:
            step()


def field_elements(bits, count, reject):
    """`count` n-bit integers, most significant bit first; `reject` = rejection sampling
    (round constants), otherwise reduced mod p (the script's F(...) for the MDS)."""
    out = []
    while len(out) < count:
        value = 0
        for _ in range(N_BITS):
            value = (value << 1) | next(bits)
        if reject and value >= P:
            continue
        out.append(value % P)
    return out


def parameters(t):
    """(round constants [rounds][t], MDS matrix [t][t]) for width t."""
    r_p = R_P[t - 2]
    bits = grain_bits(t, R_F, r_p)
    flat = field_elements(bits, (R_F + r_p) * t, reject=True)
    constants = [flat[i * t:(i + 1) * t] for i in range(R_F + r_p)]
    while True:
        xy = field_elements(bits, 2 * t, reject=False)
        while len(set(xy)) != 2 * t:
            xy = field_elements(bits, 2 * t, reject=False)
        xs, ys = xy[:t], xy[t:]
        if all((x + y) % P != 0 for x in xs for y in ys):
            break
    mds = [[pow(x + y, P - 2, P) for y in ys] for x in xs]
    return constants, mds


_CACHE = {}


def own_hash(inputs):
    """circomlib Poseidon(len(inputs)): state [0, inputs...], output state[0]."""
    t = len(inputs) + 1
    if t not in _CACHE:
        _CACHE[t] = parameters(t)
    constants, mds = _CACHE[t]
    r_p = R_P[t - 2]
    state = [0] + [x % P for x in inputs]
    for r in range(R_F + r_p):
        state = [(s + c) % P for s, c in zip(state, constants[r])]
        if r < R_F // 2 or r >= R_F // 2 + r_p:
            state = [pow(s, 5, P) for s in state]
        else:
            state[0] = pow(state[0], 5, P)
        state = [sum(m * s for m, s in zip(row, state)) % P for row in mds]
    return state[0]


def light_hash(inputs):
    """light-poseidon's circom-compatible hash, or None if it is missing or can't do n."""
    try:
        import light_poseidon_python as light
    except ImportError:
        return None
    if not 1 <= len(inputs) <= 12:
        return None
    # The bytes entry point takes full field elements (32 bytes, big-endian) as they are;
    # the integer one accepts only 64-bit integers.
    return int(light.poseidon_hash_bytes([x.to_bytes(32, "big") for x in inputs]), 16)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--out", default=os.path.join(root, "Tests/CircuitTests/Vectors/poseidon.json"))
    parser.add_argument("--check-only", action="store_true", help="check, do not write the file")
    args = parser.parse_args()

    have_light = light_hash([1, 2]) is not None
    if not have_light:
        sys.exit("light-poseidon is not installed: python3 -m pip install -r scripts/poseidon/requirements.txt")

    for inputs, expected in KNOWN:
        assert own_hash(inputs) == expected, f"own implementation fails known answer {inputs}"
        assert light_hash(inputs) == expected, f"light-poseidon fails known answer {inputs}"

    rng = random.Random(SEED)
    vectors = []
    for n in range(1, 17):
        cases = [list(range(1, n + 1)), [P - 1] * n]
        cases += [[rng.randrange(P) for _ in range(n)] for _ in range(3)]
        for inputs in cases:
            own = own_hash(inputs)
            light = light_hash(inputs)
            if light is not None and light != own:
                sys.exit(f"mismatch for {inputs}: light-poseidon {light}, own {own}")
            vectors.append({
                "inputs": [str(x) for x in inputs],
                "output": str(own if light is None else light),
                "source": "light-poseidon" if light is not None else "own",
            })
    print(f"{len(vectors)} vectors; own implementation agrees with light-poseidon for 1..12 inputs")
    if args.check_only:
        return
    document = {
        "description": "circomlib Poseidon(n) over BN254 (x^5, R_F = 8, R_P by width as circomlib); "
                       "generated by scripts/poseidon/reference.py, do not edit",
        "seed": SEED,
        "known_answers_from": "iden3/circomlibjs test/poseidon.js",
        "vectors": vectors,
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the circuit of `zktrain bench prove --log-size N` as iden3 files, for measuring
the command-line prover (`zktrain groth16 setup` / `groth16 prove`) at full size.

    python3 scripts/synthetic_r1cs.py 20 /tmp/s20     # /tmp/s20.r1cs, /tmp/s20.wtns

The circuit: one public output `out` (wire 1) and 2^N - 3 products a_i * b_i = c_i of random
16-bit values (wires 2 + 3i, 3 + 3i, 4 + 3i), then (sum of c_i) * 1 = out, so that constraints
+ public inputs + 1 = 2^N. Written with the standard library only, independently of ZKTrain's
own writers (R1CSFile.swift, WitnessFile.swift): .r1cs version 1 with header, constraints and
wire-map sections; .wtns version 2; field elements as 32-byte little-endian canonical values.
"""
import random
import struct
import sys

R = 21888242871839275222246405745257275088548364400416034343698204186575808495617


def section(kind, body):
    return struct.pack("<IQ", kind, len(body)) + body


def single(wire):
    """A linear combination with one term, coefficient 1."""
    return struct.pack("<II", 1, wire) + (1).to_bytes(32, "little")


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or not 2 <= int(sys.argv[1]) <= 24:
        sys.exit("usage: synthetic_r1cs.py N OUT_PREFIX   (2 <= N <= 24)")
    log_size, prefix = int(sys.argv[1]), sys.argv[2]
    products = (1 << log_size) - 3
    wires = 2 + 3 * products
    prime = R.to_bytes(32, "little")

    header = struct.pack("<I", 32) + prime + struct.pack("<IIIIQI", wires, 1, 0, 0, wires, products + 1)
    rows = [single(2 + 3 * i) + single(3 + 3 * i) + single(4 + 3 * i) for i in range(products)]
    total = struct.pack("<I", products) + b"".join(
        struct.pack("<I", 4 + 3 * i) + (1).to_bytes(32, "little") for i in range(products))
    rows.append(total + single(0) + single(1))
    wire_map = b"".join(struct.pack("<Q", w) for w in range(wires))
    with open(prefix + ".r1cs", "wb") as f:
        f.write(b"r1cs" + struct.pack("<II", 1, 3) + section(1, header) + section(2, b"".join(rows))
                + section(3, wire_map))

    rng = random.Random(log_size)
    values = [1, 0]
    for _ in range(products):
        x, y = rng.randrange(1 << 16), rng.randrange(1 << 16)
        values += [x, y, x * y]
    values[1] = sum(values[4::3]) % R
    body = b"".join(v.to_bytes(32, "little") for v in values)
    with open(prefix + ".wtns", "wb") as f:
        f.write(b"wtns" + struct.pack("<II", 2, 2)
                + section(1, struct.pack("<I", 32) + prime + struct.pack("<I", len(values))) + section(2, body))
    print(f"{prefix}.r1cs, {prefix}.wtns: {products + 1} constraints, {wires} wires, domain 2^{log_size}")


if __name__ == "__main__":
    main()

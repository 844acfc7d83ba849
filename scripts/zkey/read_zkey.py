#!/usr/bin/env python3
"""Independent reader of snarkjs Groth16 .zkey files (BN254), Python 3 standard library only.

Written for ZKTrain from the format description (snarkjs src/zkey_utils.js, src/zkey_new.js),
without looking at ZKTrain's Swift reader; the Swift tests use it to cross-check ZKTrain's
.zkey writer (Tests/ProveTests/ZkeyTests.swift).

Usage:
    python3 scripts/zkey/read_zkey.py KEY.zkey                # JSON dump of every value on stdout
    python3 scripts/zkey/read_zkey.py KEY.zkey --summary      # one line: counts, sections, contributions
    python3 scripts/zkey/read_zkey.py KEY.zkey --vk OUT.json  # also write snarkjs's verification_key.json
                                                              # (without vk_alphabeta_12)

Exit status: 0 read, 2 malformed (the reason on stderr).

Layout: "zkey", u32 version 1, u32 section count, then sections (u32 type, u64 size, payload):
  1 u32 protocol (1 = Groth16)
  2 u32 n8q, q, u32 n8r, r, u32 nVars, u32 nPublic, u32 domainSize, alpha1, beta1, beta2,
    gamma2, delta1, delta2
  3 IC[nPublic + 1]       4 u32 nCoef, nCoef x (u32 matrix, u32 row, u32 wire, value * 2^512 mod r)
  5 A[nVars]  6 B1[nVars]  7 B2[nVars] (G2)  8 C[nVars - nPublic - 1]  9 H[domainSize]
  10 64-byte circuit hash, u32 n, n x contribution (deltaAfter, g1_s, g1_sx (G1), g2_spx (G2),
     64-byte transcript, u32 type, u32 parameter length, parameters (u8 type, value))
G1 = x, y; G2 = x.c0, x.c1, y.c0, y.c1; each coordinate 32 bytes little-endian in Montgomery
form (x * 2^256 mod p); (0, 0) is the point at infinity. Every point is checked to be on its
curve (G1: y^2 = x^3 + 3; G2: the twist y^2 = x^3 + 3/(9 + u)); subgroup membership of G2
points is not checked here.

The JSON dump: {"nVars", "nPublic", "domainSize", "sectionOrder", "alpha1", "beta1", "beta2",
"gamma2", "delta1", "delta2", "IC", "A", "B1", "B2", "C", "H", "coefficients": [[matrix, row,
wire, "value"], ...], "circuitHash": hex, "contributions": [{"deltaAfter", "g1_s", "g1_sx",
"g2_spx", "transcript": hex, "type", "name"?, "numIterationsExp"?, "beaconHash"?: hex}]}, with
G1 points as ["x", "y"] and G2 points as [["x0", "x1"], ["y0", "y1"]] (canonical decimals;
infinity is null).
"""

import json
import struct
import sys

P = 21888242871839275222246405745257275088696311157297823662689037894645226208583
R = 21888242871839275222246405745257275088548364400416034343698204186575808495617
P_MONT_INV = pow(2 ** 256, -1, P)
R_2_512_INV = pow(2 ** 512, -1, R)
NAMES = {1: "header", 2: "Groth16 header", 3: "IC", 4: "coefficients", 5: "A", 6: "B1", 7: "B2",
         8: "C", 9: "H", 10: "contributions"}


class Malformed(Exception):
    pass


def fq2_mul(a, b):
    return ((a[0] * b[0] - a[1] * b[1]) % P, (a[0] * b[1] + a[1] * b[0]) % P)


# The twist's constant 3 / (9 + u) in Fq2.
_NINE_U_INV = (9 * pow(82, -1, P) % P, (-1) * pow(82, -1, P) % P)  # (9 - u) / (81 + 1)
TWIST_B = fq2_mul((3, 0), _NINE_U_INV)


class Reader:
    def __init__(self, data, start, end, where):
        self.data, self.pos, self.end, self.where = data, start, end, where

    def need(self, n):
        if self.end - self.pos < n:
            raise Malformed("%s: truncated (needs %d bytes at %d, %d remain)" % (self.where, n, self.pos, self.end - self.pos))

    def u8(self):
        self.need(1)
        self.pos += 1
        return self.data[self.pos - 1]

    def u32(self):
        self.need(4)
        (v,) = struct.unpack_from("<I", self.data, self.pos)
        self.pos += 4
        return v

    def raw(self, n):
        self.need(n)
        self.pos += n
        return self.data[self.pos - n:self.pos]

    def integer(self, n=32):
        return int.from_bytes(self.raw(n), "little")

    def fq(self, what):
        m = self.integer()
        if m >= P:
            raise Malformed("%s: %s has a coordinate >= p" % (self.where, what))
        return m * P_MONT_INV % P

    def g1(self, what):
        x, y = self.fq(what), self.fq(what)
        if x == 0 and y == 0:
            return None
        if (y * y - x * x * x - 3) % P != 0:
            raise Malformed("%s: %s is not on the curve" % (self.where, what))
        return (x, y)

    def g2(self, what):
        x = (self.fq(what), self.fq(what))
        y = (self.fq(what), self.fq(what))
        if x == (0, 0) and y == (0, 0):
            return None
        lhs = fq2_mul(y, y)
        rhs = fq2_mul(fq2_mul(x, x), x)
        if (lhs[0] - rhs[0] - TWIST_B[0]) % P or (lhs[1] - rhs[1] - TWIST_B[1]) % P:
            raise Malformed("%s: %s is not on the twist" % (self.where, what))
        return (x, y)

    def done(self):
        if self.pos != self.end:
            raise Malformed("%s: %d bytes left over" % (self.where, self.end - self.pos))


def read(data):
    if len(data) < 12 or data[:4] != b"zkey":
        raise Malformed("not a .zkey file (magic)")
    version, count = struct.unpack_from("<II", data, 4)
    if version != 1:
        raise Malformed("version %d, expected 1" % version)
    pos, sections, order = 12, {}, []
    for _ in range(count):
        if len(data) - pos < 12:
            raise Malformed("section table truncated")
        kind, size = struct.unpack_from("<IQ", data, pos)
        pos += 12
        if size > len(data) - pos:
            raise Malformed("section %d runs past the end of the file" % kind)
        if kind not in NAMES:
            raise Malformed("unknown section type %d" % kind)
        if kind in sections:
            raise Malformed("section %d appears twice" % kind)
        sections[kind] = (pos, pos + size)
        order.append(kind)
        pos += size
    if pos != len(data):
        raise Malformed("%d bytes after the last section" % (len(data) - pos))
    missing = sorted(set(NAMES) - set(sections))
    if missing:
        raise Malformed("sections missing: %s" % missing)

    def section(kind):
        return Reader(data, sections[kind][0], sections[kind][1], "section %d (%s)" % (kind, NAMES[kind]))

    out = {"sectionOrder": order}
    s = section(1)
    if s.u32() != 1:
        raise Malformed("protocol is not Groth16 (1)")
    s.done()
    s = section(2)
    for name, prime in (("q", P), ("r", R)):
        if s.u32() != 32 or s.integer() != prime:
            raise Malformed("%s is not BN254's" % name)
    n_vars, n_public, domain = s.u32(), s.u32(), s.u32()
    if n_vars < n_public + 1 or domain < 2 or domain & (domain - 1):
        raise Malformed("inconsistent header counts: nVars %d, nPublic %d, domainSize %d" % (n_vars, n_public, domain))
    out.update(nVars=n_vars, nPublic=n_public, domainSize=domain)
    out["alpha1"], out["beta1"] = s.g1("alpha1"), s.g1("beta1")
    out["beta2"], out["gamma2"] = s.g2("beta2"), s.g2("gamma2")
    out["delta1"], out["delta2"] = s.g1("delta1"), s.g2("delta2")
    s.done()

    def points(kind, n, g2=False):
        s = section(kind)
        if s.end - s.pos != n * (128 if g2 else 64):
            raise Malformed("section %d: %d bytes for %d points" % (kind, s.end - s.pos, n))
        pts = [(s.g2 if g2 else s.g1)("point %d" % i) for i in range(n)]
        s.done()
        return pts

    out["IC"] = points(3, n_public + 1)
    out["A"], out["B1"] = points(5, n_vars), points(6, n_vars)
    out["B2"] = points(7, n_vars, g2=True)
    out["C"], out["H"] = points(8, n_vars - n_public - 1), points(9, domain)
    s = section(4)
    coefficients = []
    for i in range(s.u32()):
        matrix, row, wire, stored = s.u32(), s.u32(), s.u32(), s.integer()
        if matrix > 1 or row >= domain or wire >= n_vars or stored >= R:
            raise Malformed("coefficient %d out of range" % i)
        coefficients.append([matrix, row, wire, str(stored * R_2_512_INV % R)])
    s.done()
    out["coefficients"] = coefficients
    s = section(10)
    out["circuitHash"] = s.raw(64).hex()
    contributions = []
    for i in range(s.u32()):
        c = {"deltaAfter": s.g1("deltaAfter"), "g1_s": s.g1("g1_s"), "g1_sx": s.g1("g1_sx"), "g2_spx": s.g2("g2_spx"),
             "transcript": s.raw(64).hex(), "type": s.u32()}
        length = s.u32()
        params = Reader(data, s.pos, s.pos + length, "contribution %d parameters" % i)
        s.raw(length)
        last = 0
        while params.pos < params.end:
            kind = params.u8()
            if kind <= last:
                raise Malformed("contribution %d: parameters not sorted" % i)
            last = kind
            if kind == 1:
                c["name"] = params.raw(params.u8()).decode("utf-8")
            elif kind == 2:
                c["numIterationsExp"] = params.u8()
            elif kind == 3:
                c["beaconHash"] = params.raw(params.u8()).hex()
            else:
                raise Malformed("contribution %d: unknown parameter %d" % (i, kind))
        params.done()
        contributions.append(c)
    s.done()
    out["contributions"] = contributions
    return out


def as_json(value):
    """Points (tuples) with their coordinates as decimal strings, recursively."""
    if isinstance(value, tuple):
        return [str(v) if isinstance(v, int) else as_json(v) for v in value]
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


def g1_json(p):
    return ["0", "1", "0"] if p is None else [str(p[0]), str(p[1]), "1"]


def g2_json(p):
    if p is None:
        return [["0", "0"], ["1", "0"], ["0", "0"]]
    return [[str(p[0][0]), str(p[0][1])], [str(p[1][0]), str(p[1][1])], ["1", "0"]]


def main(argv):
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path = argv[1]
    try:
        with open(path, "rb") as f:
            key = read(f.read())
    except (OSError, Malformed, UnicodeDecodeError) as e:
        print("MALFORMED %s: %s" % (path, e), file=sys.stderr)
        return 2
    if "--vk" in argv:
        vk = {"protocol": "groth16", "curve": "bn128", "nPublic": key["nPublic"],
              "vk_alpha_1": g1_json(key["alpha1"]), "vk_beta_2": g2_json(key["beta2"]),
              "vk_gamma_2": g2_json(key["gamma2"]), "vk_delta_2": g2_json(key["delta2"]),
              "IC": [g1_json(p) for p in key["IC"]]}
        with open(argv[argv.index("--vk") + 1], "w") as f:
            json.dump(vk, f, indent=1)
    if "--summary" in argv:
        print("nVars=%d nPublic=%d domainSize=%d nCoef=%d sections=%s contributions=%d" % (
            key["nVars"], key["nPublic"], key["domainSize"], len(key["coefficients"]),
            key["sectionOrder"], len(key["contributions"])))
    else:
        json.dump(as_json(key), sys.stdout)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Mutations of the proving system's binary files: iden3 .r1cs/.wtns/.zkey (sections and
header fields), ZKTrain's proving.key (ZKTPK) and weight-wire-sums.bin (ZKTFW)."""
import struct

from curve import P, R
from mutators import weighted


# --- iden3 .r1cs / .wtns -------------------------------------------------------------


def iden3_sections(b):
    secs = []
    off = 12
    while off + 12 <= len(b):
        t, size = struct.unpack_from("<IQ", b, off)
        secs.append({"type": t, "hdr": off, "body": off + 12, "size": size})
        if off + 12 + size > len(b):
            break
        off += 12 + size
    return secs


R1CS_FIELDS = [("n8", 0, "I"), ("prime", 4, "32"), ("nWires", 36, "I"), ("nPubOut", 40, "I"), ("nPubIn", 44, "I"),
               ("nPrvIn", 48, "I"), ("nLabels", 52, "Q"), ("nConstraints", 60, "I")]
WTNS_FIELDS = [("n8", 0, "I"), ("prime", 4, "32"), ("nWitness", 36, "I")]
# A snarkjs .zkey's Groth16 header (section 2; section 1 holds only the protocol).
ZKEY_FIELDS = [("n8", 0, "I"), ("prime", 4, "32"), ("n8", 36, "I"), ("prime", 40, "32"), ("nVars", 72, "I"),
               ("nPublic", 76, "I"), ("domainSize", 80, "I")]


def u32_extremes(orig):
    return [0, 1, 2, 3, max(orig - 1, 0), orig + 1, 2 ** 16, 2 ** 28 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]


def u64_extremes(orig):
    return [0, 1, max(orig - 1, 0), orig + 1, 2 ** 32, 2 ** 32 - 1, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1]


def iden3_mutate(data, rng, kind):
    if len(data) < 12:
        return None
    b = bytearray(data)
    secs = iden3_sections(b)
    header = next((s for s in secs if s["type"] == (2 if kind == "zkey" else 1)), None)
    fields = {"r1cs": R1CS_FIELDS, "wtns": WTNS_FIELDS, "zkey": ZKEY_FIELDS}[kind]
    ops = [("version", 5), ("nsec", 6), ("sec-type", 8), ("sec-size", 14), ("header", 30), ("prime", 5),
           ("drop", 10), ("dup", 5), ("swap", 4), ("value", 10)]
    if kind == "r1cs":
        ops += [("nomap-big", 12)]
    op = weighted(rng, ops)
    if op == "version":
        v = rng.choice([0, 2, 3, 2 ** 31, 2 ** 32 - 1])
        struct.pack_into("<I", b, 4, v)
        return bytes(b), f"{kind}:version={v}", ["version"]
    if op == "nsec":
        v = rng.choice([0, 1, 2, 4, 255, 2 ** 31, 2 ** 32 - 1])
        struct.pack_into("<I", b, 8, v)
        return bytes(b), f"{kind}:nSections={v}", ["section"]
    if not secs:
        return None
    s = rng.choice(secs)
    if op == "sec-type":
        v = rng.choice([0, 1, 2, 3, 4, 5, 99, 2 ** 32 - 1])
        struct.pack_into("<I", b, s["hdr"], v)
        return bytes(b), f"{kind}:section@{s['hdr']} type {s['type']}->{v}", ["section"]
    if op == "sec-size":
        v = rng.choice([0, 1, max(s["size"] - 1, 0), s["size"] + 1, s["size"] + 32, 2 ** 32, 2 ** 63 - 1, 2 ** 63,
                        2 ** 64 - 1, len(b)])
        struct.pack_into("<Q", b, s["hdr"] + 4, v)
        return bytes(b), f"{kind}:section type {s['type']} size {s['size']}->{v}", ["section"]
    if op in ("header", "prime") and header:
        name, off, fmt = rng.choice([f for f in fields if (f[0] == "prime") == (op == "prime")])
        at = header["body"] + off
        if fmt == "32":
            v = rng.choice([P, 0, 2 ** 256 - 1, R + 1, R - 1])
            if at + 32 <= len(b):
                b[at:at + 32] = v.to_bytes(32, "little")
            return bytes(b), f"{kind}:prime={'p' if v == P else hex(v)[:12]}", ["prime", "field"]
        size = 4 if fmt == "I" else 8
        if at + size > len(b):
            return None
        (orig,) = struct.unpack_from("<" + fmt, b, at)
        v = rng.choice(u32_extremes(orig) if fmt == "I" else u64_extremes(orig))
        if name == "n8":
            v = rng.choice([0, 1, 8, 16, 31, 33, 64, 2 ** 31, 2 ** 32 - 1])
        struct.pack_into("<" + fmt, b, at, v)
        return bytes(b), f"{kind}:header {name} {orig}->{v}", [name]
    if op == "drop":
        victim = next((x for x in secs if x["type"] == 3), s) if kind == "r1cs" and rng.random() < 0.5 else s
        end = victim["body"] + victim["size"]
        b2 = b[:victim["hdr"]] + b[end:]
        fix = rng.random() < 0.7
        if fix:
            (nsec,) = struct.unpack_from("<I", b2, 8)
            struct.pack_into("<I", b2, 8, max(nsec - 1, 0))
        return bytes(b2), f"{kind}:drop section type {victim['type']}{' (nSections fixed)' if fix else ''}", ["section"]
    if op == "dup":
        chunk = b[s["hdr"]:s["body"] + s["size"]]
        b2 = b + chunk
        (nsec,) = struct.unpack_from("<I", b2, 8)
        struct.pack_into("<I", b2, 8, nsec + 1)
        return bytes(b2), f"{kind}:duplicate section type {s['type']}", ["section"]
    if op == "swap" and len(secs) >= 2:
        chunks = [b[x["hdr"]:x["body"] + x["size"]] for x in secs]
        rng.shuffle(chunks)
        return bytes(b[:12] + b"".join(chunks)), f"{kind}:sections reordered", ["section"]
    if op == "nomap-big" and header:
        mapsec = next((x for x in secs if x["type"] == 3), None)
        v = rng.choice([2 ** 32 - 1, 2 ** 31, 2 ** 30, 2 ** 28 + 1, 2 ** 24])
        struct.pack_into("<I", b, header["body"] + 36, v)
        if rng.random() < 0.5:
            struct.pack_into("<Q", b, header["body"] + 52, v)
        if mapsec:
            b = b[:mapsec["hdr"]] + b[mapsec["body"] + mapsec["size"]:]
            (nsec,) = struct.unpack_from("<I", b, 8)
            struct.pack_into("<I", b, 8, nsec - 1)
        return bytes(b), f"r1cs:nWires={v} without the wire map", ["nWires"]
    if op == "value":
        data_sec = next((x for x in secs if x["type"] == 2), None)
        if not data_sec or data_sec["body"] + 40 > len(b):
            return None
        at = data_sec["body"]
        if kind == "r1cs":
            which = rng.choice(["nTerms", "wire", "coef"])
            if which == "nTerms":
                v = rng.choice([0, 2 ** 16, 2 ** 31, 2 ** 32 - 1])
                struct.pack_into("<I", b, at, v)
            elif which == "wire":
                nw = struct.unpack_from("<I", b, header["body"] + 36)[0] if header else 0
                v = rng.choice([nw, nw + 1, 2 ** 31, 2 ** 32 - 1])
                struct.pack_into("<I", b, at + 4, v)
            else:
                v = rng.choice([R, 2 ** 256 - 1, R + 5])
                b[at + 8:at + 40] = v.to_bytes(32, "little")
            return bytes(b), f"r1cs:first constraint {which}={v if v < 2 ** 64 else hex(v)[:12]}", [which]
        k = rng.randrange(max(1, min(data_sec["size"] // 32, 64)))
        v = rng.choice([R, 2 ** 256 - 1, R + 1, 0, 1])
        b[at + 32 * k:at + 32 * k + 32] = v.to_bytes(32, "little")
        return bytes(b), f"{kind}:value {k}={hex(v)[:12]}", ["witness value" if kind == "wtns" else "section"]
    return None


# --- proving.key (ZKTPK) and weight-wire-sums.bin (ZKTFW) -----------------------------


def pkey_mutate(data, rng):
    if len(data) < 13 or data[:5] != b"ZKTPK":
        return None
    b = bytearray(data)
    (nl,) = struct.unpack_from("<I", b, 9)
    counts = 13 + nl
    if counts + 40 > len(b):
        return None
    names = ["variableCount", "publicCount", "constraintCount", "domainLogSize", "digest"]
    op = weighted(rng, [("version", 5), ("notice", 10), ("count", 45), ("point", 30), ("swap", 10)])
    if op == "version":
        v = rng.choice([0, 1, 2, 4, 2 ** 32 - 1])
        struct.pack_into("<I", b, 5, v)
        return bytes(b), f"pkey:version={v}", ["version"]
    if op == "notice":
        v = rng.choice([0, max(nl - 1, 0), nl + 1, 2 ** 31, 2 ** 32 - 1, len(b)])
        struct.pack_into("<I", b, 9, v)
        return bytes(b), f"pkey:notice length {nl}->{v}", ["notice"]
    if op == "count":
        i = rng.randrange(5)
        (orig,) = struct.unpack_from("<Q", b, counts + 8 * i)
        if names[i] == "domainLogSize":
            v = rng.choice([0, 1, orig - 1, orig + 1, 27, 28, 29, 63, 64, 255, 2 ** 64 - 1])
        elif names[i] == "digest":
            v = orig ^ (1 << rng.randrange(64))
        else:
            v = rng.choice([0, 1, 2, max(orig - 1, 0), orig + 1, 2 ** 28, 2 ** 28 + 1, 2 ** 30, 2 ** 30 + 1, 2 ** 31,
                            2 ** 32 - 1, 2 ** 63, 2 ** 64 - 1])
        struct.pack_into("<Q", b, counts + 8 * i, v % 2 ** 64)
        return bytes(b), f"pkey:{names[i]} {orig}->{v % 2 ** 64}", [names[i]]
    pts = counts + 40
    slots = (len(b) - pts) // 32
    if slots < 2:
        return None
    if op == "point":
        k = rng.randrange(min(slots, 24)) if rng.random() < 0.5 else rng.randrange(slots)
        v = rng.choice([P, P - 1, 2 ** 256 - 1, 0, R])
        b[pts + 32 * k:pts + 32 * k + 32] = v.to_bytes(32, "little")
        return bytes(b), f"pkey:coordinate {k}={hex(v)[:12]}", ["point"]
    i, j = rng.sample(range(min(slots, 4096)), 2)
    b[pts + 32 * i:pts + 32 * i + 32], b[pts + 32 * j:pts + 32 * j + 32] = \
        b[pts + 32 * j:pts + 32 * j + 32], b[pts + 32 * i:pts + 32 * i + 32]
    return bytes(b), f"pkey:swap coordinates {i}<->{j}", ["point"]


def sums_mutate(data, rng):
    if len(data) < 41 or data[:5] != b"ZKTFW":
        return None
    b = bytearray(data)
    names = ["first wire", "end wire", "valuesDigest", "keyFingerprint"]
    op = weighted(rng, [("version", 10), ("field", 45), ("point", 30), ("swap", 15)])
    if op == "version":
        v = rng.choice([0, 2, 2 ** 32 - 1])
        struct.pack_into("<I", b, 5, v)
        return bytes(b), f"sums:version={v}", ["version"]
    if op == "field":
        i = rng.randrange(4)
        (orig,) = struct.unpack_from("<Q", b, 9 + 8 * i)
        if i < 2:
            (other,) = struct.unpack_from("<Q", b, 9 + 8 * (1 - i))
            v = rng.choice([0, 1, max(orig - 1, 0), orig + 1, other, 2 ** 31, 2 ** 32 - 1, 2 ** 63, 2 ** 64 - 1])
        else:
            v = orig ^ (1 << rng.randrange(64))
        struct.pack_into("<Q", b, 9 + 8 * i, v)
        return bytes(b), f"sums:{names[i]} {orig}->{v}", [names[i]]
    slots = (len(b) - 41) // 32
    if op == "point":
        k = rng.randrange(slots)
        v = rng.choice([P, P - 1, 2 ** 256 - 1, 0])
        b[41 + 32 * k:41 + 32 * k + 32] = v.to_bytes(32, "little")
        return bytes(b), f"sums:coordinate {k}={hex(v)[:12]}", ["point"]
    i, j = rng.sample(range(slots), 2)
    b[41 + 32 * i:41 + 32 * i + 32], b[41 + 32 * j:41 + 32 * j + 32] = \
        b[41 + 32 * j:41 + 32 * j + 32], b[41 + 32 * i:41 + 32 * i + 32]
    return bytes(b), f"sums:swap coordinates {i}<->{j}", ["point"]

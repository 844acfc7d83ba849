"""Mutations of model and data files: CSV tables, safetensors (header, shapes, offsets,
dtypes, payload), IDX files raw or gzipped (header, payload, and the gzip container)."""
import gzip
import struct

from jsontree import Obj, enc, jdump, jparse, plain, short
from mutators import weighted
from mutators_json import json_mutate


# --- CSV ------------------------------------------------------------------------------

CSV_CELLS = ["", "NA", "nan", "inf", "-inf", "1e400", "-0", "0x1F", "1,5", '"', '""', '"a""b"', "\u00e9", "\xff",
             "9" * 400, "text", "  7  ", "1e-400", "NULL", "?"]


def csv_mutate(data, rng):
    """Table-aware mutations: cells replaced by hostile values, fields and rows added or
    removed (ragged rows), quotes and line breaks inside fields, header damage, BOM and CRLF."""
    text = data.decode("utf-8", errors="surrogateescape")
    lines = text.split("\n")
    rows = [l for l in lines if l]
    if not rows:
        return None
    op = weighted(rng, [("cell", 40), ("ragged", 12), ("quote", 12), ("header", 10), ("rows", 10), ("bom", 4),
                        ("crlf", 4), ("truncate", 8)])
    i = rng.randrange(len(rows))
    cells = rows[i].split(",")
    if op == "cell":
        j = rng.randrange(len(cells))
        v = rng.choice(CSV_CELLS)
        cells[j] = v
        rows[i] = ",".join(cells)
        what = f"csv:cell {i}:{j}={short(v)}"
    elif op == "ragged":
        if rng.random() < 0.5 and len(cells) > 1:
            del cells[rng.randrange(len(cells))]
        else:
            cells.insert(rng.randrange(len(cells) + 1), "1")
        rows[i] = ",".join(cells)
        what = f"csv:ragged row {i}"
    elif op == "quote":
        j = rng.randrange(len(cells))
        cells[j] = rng.choice(['"' + cells[j], cells[j] + '"', '"' + cells[j] + '\n' + cells[j] + '"', '"x"y'])
        rows[i] = ",".join(cells)
        what = f"csv:quote {i}:{j}"
    elif op == "header":
        h = rows[0].split(",")
        k = rng.randrange(len(h))
        h[k] = rng.choice(["", h[(k + 1) % len(h)], '"' + h[k], h[k] + " "])
        rows[0] = ",".join(h)
        what = f"csv:header {k}"
    elif op == "rows":
        kind = rng.choice(["only-header", "empty", "dup", "blank"])
        rows = rows[:1] if kind == "only-header" else [] if kind == "empty" else rows[:i] + [rows[i]] * 2 + rows[i + 1:] \
            if kind == "dup" else rows[:i] + [""] + rows[i:]
        what = f"csv:rows {kind}"
    elif op == "bom":
        rows[0] = "\ufeff" + rows[0]
        what = "csv:bom"
    elif op == "crlf":
        return ("\r\n".join(rows) + "\r\n").encode("utf-8", errors="surrogateescape"), "csv:crlf", []
    else:
        out = "\n".join(rows).encode("utf-8", errors="surrogateescape")
        cut = rng.randrange(len(out) + 1)
        return out[:cut], f"csv:truncate {len(out)}->{cut}", []
    return ("\n".join(rows) + "\n").encode("utf-8", errors="surrogateescape"), what, []


# --- safetensors ------------------------------------------------------------------------


def safetensors_mutate(data, rng):
    if len(data) < 8:
        return None
    (n,) = struct.unpack_from("<Q", data, 0)
    try:
        header = jparse(data[8:8 + n])
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, Obj):
        return None
    body = data[8 + n:]
    tensors = [(i, k, v) for i, (k, v) in enumerate(header) if k != "__metadata__" and isinstance(v, Obj)]
    op = weighted(rng, [("shape", 25), ("offsets", 20), ("dtype", 10), ("header-json", 15), ("prefix", 10),
                        ("data", 15), ("metadata", 5)])
    if op == "prefix":
        new = rng.choice([0, 1, 7, n - 1, n + 1, len(data), len(data) - 7, 2 ** 32, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1])
        return struct.pack("<Q", new) + data[8:], f"safetensors:length-prefix {n}->{new}", ["header"]
    if op == "data" and tensors:
        i, name, t = rng.choice(tensors)
        d = plain(t, False)
        try:
            lo, hi = d["data_offsets"]
            dtype = d["dtype"]
        except (KeyError, ValueError, TypeError):
            return None
        size = {"F32": 4, "I8": 1, "I32": 4, "I64": 8}.get(dtype)
        if not size or hi <= lo:
            return None
        k = rng.randrange((hi - lo) // size)
        value = {"F32": [struct.pack("<I", 0x7FC00000), struct.pack("<f", float("inf")), struct.pack("<f", float("-inf")),
                         struct.pack("<f", 3.4e38), struct.pack("<f", -3.4e38), struct.pack("<I", 1), struct.pack("<I", 0x80000000)],
                 "I8": [struct.pack("<b", -128), struct.pack("<b", 127)],
                 "I32": [struct.pack("<i", -2 ** 31), struct.pack("<i", 2 ** 31 - 1)],
                 "I64": [struct.pack("<q", -2 ** 63), struct.pack("<q", 2 ** 63 - 1)]}[dtype]
        v = rng.choice(value)
        b = bytearray(body)
        b[lo + k * size: lo + (k + 1) * size] = v
        return data[:8 + n] + bytes(b), f"safetensors:data {name}[{k}]={v.hex()}", [name]
    desc, fields = None, []  # `header` was parsed for this call: edited in place
    if op in ("shape", "offsets", "dtype") and tensors:
        i, name, t = rng.choice(tensors)
        fields = [name]
        entry = dict((k, j) for j, (k, _) in enumerate(t))
        if op == "shape" and "shape" in entry:
            shape = list(t[entry["shape"]][1]) if isinstance(t[entry["shape"]][1], list) else [1]
            how = rng.choice(["entry", "entry", "overflow", "append", "scalar", "many", "type"])
            if how == "entry" and shape:
                shape[rng.randrange(len(shape))] = rng.choice(
                    [-1, -2 ** 63, 0, 2 ** 31, 2 ** 32, 2 ** 62, 2 ** 63 - 1, 2 ** 64, 10 ** 20, 3037000500])
            elif how == "overflow":
                shape = rng.choice([[2 ** 32, 2 ** 32], [3037000500, 3037000500], [2 ** 62, 4], [2 ** 63 - 1, 2],
                                    [-1, -1], [2 ** 21] * 3])
            elif how == "append":
                shape = shape + [rng.choice([1, 0, 2 ** 40, -3])]
            elif how == "scalar":
                shape = []
            elif how == "many":
                shape = [1] * rng.choice([100, 10000]) + shape
            else:
                shape = rng.choice([["8"], [1.5], None, "8", [[8]]])
            t[entry["shape"]][1] = shape
            desc = f"safetensors:shape {name}={short(shape)}"
            fields += ["shape"]
        elif op == "offsets" and "data_offsets" in entry:
            cur = t[entry["data_offsets"]][1]
            a, b = (cur + [0, 0])[:2] if isinstance(cur, list) else (0, 0)
            new = rng.choice([[b, a], [a, a], [a, 2 ** 63 - 1], [a, 2 ** 64], [-1, b], [a, len(body) + 1], [0, 0],
                              [2 ** 62, 2 ** 62 + 8], [a], [a, b, b], [a + 1, b + 1], [0, len(body)],
                              [a - 4 if a >= 4 else 0, b]])
            t[entry["data_offsets"]][1] = new
            desc = f"safetensors:data_offsets {name}={short(new)}"
            fields += ["data_offsets"]
        elif op == "dtype" and "dtype" in entry:
            new = rng.choice(["F64", "F16", "BF16", "I8", "U8", "I16", "I32", "I64", "BOOL", "F32", "", "f32", 7, None])
            t[entry["dtype"]][1] = new
            desc = f"safetensors:dtype {name}={short(new)}"
            fields += ["dtype"]
    if op == "metadata":
        meta = [j for j, (k, _) in enumerate(header) if k == "__metadata__"]
        new = rng.choice([Obj([["step", "-1"]]), Obj([["step", "99999999999999999999999"]]), Obj([["step", 5]]),
                          "x", None, Obj([["step", "NaN"]])])
        if meta and rng.random() < 0.3:
            del header[meta[0]]
            desc = "safetensors:metadata deleted"
        elif meta:
            header[meta[0]][1] = new
            desc = f"safetensors:metadata={short(new)}"
        else:
            header.insert(0, ["__metadata__", new])
            desc = f"safetensors:metadata={short(new)}"
        fields = ["__metadata__", "step"]
    if desc is None:
        res = json_mutate(enc(jdump(header)), rng)
        if res is None:
            return None
        text, d, fields = res
        desc = "safetensors:header " + d
    else:
        text = enc(jdump(header))
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + body, desc, fields


# --- IDX (raw or gzipped) -------------------------------------------------------------


def idx_mutate(raw, rng):
    if len(raw) < 8:
        return None
    b = bytearray(raw)
    ndims = b[3]
    dims = [struct.unpack_from(">I", b, 4 + 4 * i)[0] for i in range(ndims) if 8 + 4 * i <= len(b)]
    data_at = 4 + 4 * ndims
    op = weighted(rng, [("dim", 35), ("ndims", 10), ("type", 10), ("magic", 5), ("overflow", 10), ("labels", 10),
                        ("payload-cut", 10), ("payload-extend", 10)])
    if op == "dim" and dims:
        i = rng.randrange(len(dims))
        v = rng.choice([0, 1, max(dims[i] - 1, 0), dims[i] + 1, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1])
        struct.pack_into(">I", b, 4 + 4 * i, v)
        return bytes(b), f"idx:dim{i} {dims[i]}->{v}", ["dimension", "dims", "header"]
    if op == "ndims":
        v = rng.choice([0, 1, 2, 3, 4, 255])
        b[3] = v
        return bytes(b), f"idx:ndims {ndims}->{v}", ["dimension", "dims", "header"]
    if op == "type":
        v = rng.choice([0x00, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0xFF])
        b[2] = v
        return bytes(b), f"idx:type {raw[2]:#04x}->{v:#04x}", ["type", "magic", "header"]
    if op == "magic":
        i = rng.randrange(2)
        b[i] = rng.choice([1, 0x80, 0xFF])
        return bytes(b), f"idx:magic byte {i}={b[i]:#04x}", ["magic", "header"]
    if op == "overflow" and ndims >= 1:
        big = rng.choice([2 ** 32 - 1, 2 ** 31, 65536, 3037000500 % 2 ** 32])
        for i in range(min(ndims, len(dims))):
            struct.pack_into(">I", b, 4 + 4 * i, big)
        return bytes(b), f"idx:all dims={big}", ["dimension", "dims", "header"]
    if op == "labels" and ndims == 1 and len(b) > data_at:
        k = rng.randrange(data_at, len(b))
        b[k] = rng.choice([10, 11, 127, 128, 255])
        return bytes(b), f"idx:label {k - data_at}={b[k]}", ["label"]
    if op == "payload-cut" and len(b) > data_at:
        cut = rng.choice([1, 783, 784, len(b) - data_at])
        return bytes(b[:max(data_at, len(b) - cut)]), f"idx:payload cut by {cut}", ["truncated"]
    extra = rng.choice([1, 784, 785, 4096])
    return bytes(b) + bytes(rng.randrange(256) for _ in range(extra)), f"idx:payload extended by {extra}", ["trailing"]


def gz(raw, level=6):
    return gzip.compress(raw, compresslevel=level, mtime=0)


def gz_mutate(data, raw, rng):
    op = weighted(rng, [("idx", 45), ("trailer", 8), ("flags", 8), ("trailing", 6), ("members", 5), ("stored", 3),
                        ("method", 3), ("garbage-member", 5)])
    if op == "idx":
        res = idx_mutate(raw, rng)
        if res is None:
            return None
        new, desc, fields = res
        return gz(new), "gz(" + desc + ")", fields
    b = bytearray(data)
    if op == "trailer":
        which = rng.choice(["crc", "isize"])
        at = len(b) - (8 if which == "crc" else 4)
        v = rng.choice([0, 0xFFFFFFFF, struct.unpack_from("<I", b, at)[0] ^ 1])
        struct.pack_into("<I", b, at, v)
        return bytes(b), f"gz:{which}={v:#x}", ["gzip", "crc", "corrupt"]
    if op == "flags":
        how = rng.choice(["fextra-huge", "fname-unterminated", "fhcrc", "reserved"])
        if how == "fextra-huge":
            b[3] |= 0x04
            b[10:10] = b"\xff\xff"
        elif how == "fname-unterminated":
            b[3] |= 0x08
            b = b[:10] + b"x" * 64
        elif how == "fhcrc":
            b[3] |= 0x02
            b[10:10] = b"\x00\x00"
        else:
            b[3] |= 0xE0
        return bytes(b), f"gz:header {how}", ["gzip"]
    if op == "trailing":
        tail = rng.choice([b"\x00", b"\x1f", b"\x1f\x8b", b"garbage" * 10, b"\x1f\x8b\x08\x00" + b"\x00" * 6])
        return bytes(b) + tail, f"gz:trailing {tail[:8]!r}", ["trailing", "gzip"]
    if op == "members":
        cuts = sorted(rng.sample(range(1, max(2, len(raw))), min(2, max(1, len(raw) - 1))))
        parts = [raw[i:j] for i, j in zip([0] + cuts, cuts + [len(raw)])]
        return b"".join(gz(p) for p in parts), f"gz:split into {len(parts)} members (equivalent)", []
    if op == "stored":
        return gz(raw, level=0), "gz:stored blocks (equivalent)", []
    if op == "method":
        b[2] = rng.choice([0, 7, 9, 255])
        return bytes(b), f"gz:method={b[2]}", ["gzip"]
    junk = bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 10000])))
    return bytes(b) + gz(junk), f"gz:extra member of {len(junk)} bytes", ["trailing"]

#!/usr/bin/env python3
"""Hostile-user campaign against the `zktrain` binary: does it ever crash, hang or wrongly
accept when a user hands it malformed files?

    python3 scripts/fuzz/campaign.py --zktrain .build/debug/zktrain --mutants 3000 --jobs 1
    python3 scripts/fuzz/campaign.py --zktrain .build/debug/zktrain --mutants 100000 --seconds 120

Setup builds a valid corpus with the binary itself (a tiny QAT checkpoint, its integer
model, a compiled circuit with keys, a proof, an input JSON, an iden3 .r1cs/.wtns pair with
keys (proving.key and a .zkey), a sweep spec, a cost profile, copies of the committed data subset; with
--certified yes also a certified-weights circuit, its keys, certificate and a proof) in a temporary
directory, and checks that every scenario succeeds on the unmutated corpus. Then mutant k
(k = 0, 1, ...) picks a (scenario, input file) pair round-robin, mutates that one file with
a generator seeded by (--seed, k) -- so a run is deterministic whatever --jobs is -- runs
the command in a scratch copy of the corpus with a timeout and a memory limit, and
classifies the outcome:

  crash         killed by a signal, exit >= 128, or a Swift runtime/fatal error in the output
  hang          timeout (for training commands only when the output stopped growing, see slow)
  wrong-accept  `verify` says valid for a proof/public/key/weight-certificate file whose
                content (points in affine form, public values and link responses mod r)
                differs from the original, or with a
                circuit.json whose layout/range/commitment checks the public values fail
  slow          (not a failure) a training command still printing progress at the timeout
  vague         (warning) an error that names neither the mutated file nor a mutated field
  odd-exit      (warning) an exit code other than 0, 1, 2, 64 without a crash
  ok / error    exit 0, or a clear error with exit 1, 2 or 64
  n/a           the mutation cannot be tested here (chmod 000 while running as root)

Prints one line per crash/hang/wrong-accept, a grouped summary, and `N passed, N failed`;
exits 1 if anything failed. Failing mutants are rebuilt into --keep DIR with a repro.sh.
Standard library only (Python 3.11).
"""
import argparse
import collections
import concurrent.futures
import fnmatch
import gzip
import hashlib
import json
import os
import random
import re
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

# BN254: base field p (proof/key coordinates) and scalar field r (public inputs, witness).
P = 21888242871839275222246405745257275088696311157297823662689037894645226208583
R = 21888242871839275222246405745257275088548364400416034343698204186575808495617

ARCH = "dense(8) bn sq dense(10)"
ACCEPTABLE_EXITS = {0, 1, 2, 64}
CRASH_MARKERS = ["Fatal error", "Illegal instruction", "Segmentation fault", "stack overflow",
                 "Stack overflow", "Aborted", "Trace/breakpoint trap", "Swift runtime failure",
                 "Program crashed", "*** Signal", "Precondition failed", "Assertion failed"]
FAILURES = ("crash", "hang", "wrong-accept")
SWIFT_BACKTRACE = ("enable=yes,interactive=no,color=no,demangle=yes,threads=all,registers=none,"
                   "images=none,limit=48,top=8,sanitize=no")

# --------------------------------------------------------------------------------------
# JSON that keeps key order and duplicate keys, and can emit raw number tokens.


class Obj(list):
    """A JSON object as a list of [key, value] pairs (order and duplicates kept)."""


class Raw:
    """A raw JSON token (a float as written, or any text spliced in as is)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text if len(self.text) < 60 else self.text[:40] + f"...({len(self.text)} chars)"


NUMBER_RE = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def jparse(data):
    text = data.decode("utf-8")
    return json.loads(text, object_pairs_hook=lambda pairs: Obj([list(p) for p in pairs]),
                      parse_float=Raw, parse_constant=Raw)


def jdump(v, indent=None, level=0):
    nl = "" if indent is None else "\n" + " " * (indent * (level + 1))
    end = "" if indent is None else "\n" + " " * (indent * level)
    if isinstance(v, Obj):
        if not v:
            return "{}"
        sep = ":" if indent is None else ": "
        return "{" + ",".join(nl + json.dumps(k, ensure_ascii=False) + sep + jdump(x, indent, level + 1)
                              for k, x in v) + end + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        return "[" + ",".join(nl + jdump(x, indent, level + 1) for x in v) + end + "]"
    if isinstance(v, Raw):
        return v.text
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)


def walk(node, path=()):
    """(path, value) for every node; a path element is (index, key) in an Obj, an int in a list."""
    yield path, node
    if isinstance(node, Obj):
        for i, (k, v) in enumerate(node):
            yield from walk(v, path + ((i, k),))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def path_get_parent(root, path):
    node = root
    for el in path[:-1]:
        node = node[el[0]][1] if isinstance(el, tuple) else node[el]
    return node


def path_set(root, path, value):
    if not path:
        return value
    parent, el = path_get_parent(root, path), path[-1]
    if isinstance(el, tuple):
        parent[el[0]][1] = value
    else:
        parent[el] = value
    return root


def path_str(path):
    out = ""
    for el in path:
        out += f".{el[1]}" if isinstance(el, tuple) else f"[{el}]"
    return out.lstrip(".") or "(top)"


def path_fields(path):
    return [el[1] for el in path if isinstance(el, tuple)]


def numeric_kind(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return "int"
    if isinstance(v, Raw) and NUMBER_RE.match(v.text):
        return "float"
    if isinstance(v, str) and re.fullmatch(r"-?[0-9]{1,100}", v):
        return "numstr"
    return None


def plain(node, first_wins):
    """The Python value a parser keeping the first (or last) duplicate key would see."""
    if isinstance(node, Obj):
        out = {}
        for k, v in node:
            if first_wins and k in out:
                continue
            out[k] = plain(v, first_wins)
        return out
    if isinstance(node, list):
        return [plain(x, first_wins) for x in node]
    if isinstance(node, Raw):
        try:
            return float(node.text)
        except ValueError:
            return node.text
    return node


# --------------------------------------------------------------------------------------
# Mutators. Each returns (bytes, description, fields) where fields name what was changed.

EXTREME_INTS = [0, -1, 1, 2 ** 31 - 1, 2 ** 31, -2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 + 1,
                2 ** 63 - 1, -2 ** 63, 2 ** 64, -2 ** 64, 10 ** 40]
EXTREME_RAWS = ["1e308", "-1e308", "1e400", "0.5", "-0.0", "1e-320", "9" * 400, "2.5e9"]
EXTREME_STRS = ["NaN", "Infinity", "-1", "9" * 400, "", " 1", "+1", "1e3", "0x10", "-0",
                str(R), str(R - 1), str(R + 1), str(P), str(2 ** 256 - 1), str(2 ** 256)]


def extreme_value(v, rng):
    kind = numeric_kind(v)
    if kind == "numstr":
        n = int(v)
        if rng.random() < 0.2:
            return rng.choice(EXTREME_INTS) if rng.random() < 0.7 else Raw(rng.choice(EXTREME_RAWS))
        more = [str(n + P), str(n + R), "0" * 30 + v.lstrip("-"), str(n + 1), str(n - 1), str(-n),
                str(rng.choice(EXTREME_INTS)), v + "0"]
        return rng.choice(EXTREME_STRS + more)
    r = rng.random()
    if r < 0.55:
        return rng.choice(EXTREME_INTS)
    if r < 0.85:
        return Raw(rng.choice(EXTREME_RAWS))
    return rng.choice(["NaN", str(rng.choice(EXTREME_INTS)), "9" * 400])


def other_type(v, rng):
    options = ["x", "", [], [v], Obj(), None, True, 0, -1, "9" * 400, [[], []], Obj([["k", 1]])]
    return rng.choice([o for o in options if type(o) is not type(v)] or options)


ARCH_TOKENS = ["dense(0)", "dense(-1)", "dense(4294967296)", "dense(9223372036854775807)",
               "conv(2147483647,k3)", "conv(4,k0)", "conv(4,k99,s0)", "avgpool(0)", "sumpool(99999)",
               "avgpool(2,s0)", "poly(relu,d100,r4)", "poly(gelu,d0,r0)", "flatten", "bn bn bn", "quad(ch)",
               "relu", "sq sq sq sq sq sq", ""]


def mutate_string(s, rng):
    r = rng.random()
    if "dense(" in s or "conv(" in s:
        toks = s.split(" ")
        i = rng.randrange(len(toks))
        toks[i] = rng.choice(ARCH_TOKENS)
        return " ".join(toks)
    if r < 0.4 and re.search(r"\d+", s):
        return re.sub(r"\d+", lambda m: str(rng.choice(EXTREME_INTS)), s, count=1)
    if r < 0.6:
        return ""
    if r < 0.8:
        return "A" * rng.choice([1000, 100000])
    return s[: rng.randrange(len(s) + 1)] + "\u0000\u202e\U0001F4A5"


def json_mutate(data, rng):
    """A structure-aware JSON mutation, or None if `data` is not JSON we can re-emit."""
    try:
        root = jparse(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    nodes = list(walk(root))
    leaves = [(p, v) for p, v in nodes if not isinstance(v, (Obj, list))]
    numeric = [(p, v) for p, v in leaves if numeric_kind(v)]
    objs = [(p, v) for p, v in nodes if isinstance(v, Obj) and v]
    lists = [(p, v) for p, v in nodes if isinstance(v, list) and not isinstance(v, Obj)]
    strings = [(p, v) for p, v in leaves if isinstance(v, str) and not numeric_kind(v)]
    ops = [("num", 30 if numeric else 0), ("type", 12), ("delkey", 10 if objs else 0),
           ("dupkey", 10 if objs else 0), ("range", 8 if lists else 0), ("array", 10 if lists else 0),
           ("nest", 4), ("string", 8 if strings else 0), ("equiv", 3)]
    op = weighted(rng, ops)  # the tree was parsed for this call: it is edited in place
    indent = rng.choice([None, 1, 2])
    if op == "num":
        p, v = rng.choice(numeric)
        new = extreme_value(v, rng)
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:num {path_str(p)}={short(new)}", path_fields(p)
    if op == "type":
        p, v = rng.choice(numeric if numeric and rng.random() < 0.6 else nodes)
        new = other_type(v, rng)
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:type {path_str(p)}={short(new)}", path_fields(p)
    if op == "delkey":
        p, o = rng.choice(objs)
        i = rng.randrange(len(o))
        k = o[i][0]
        del o[i]
        return enc(jdump(root, indent)), f"json:delete {path_str(p + ((i, k),))}", path_fields(p) + [k]
    if op == "dupkey":
        p, o = rng.choice(objs)
        i = rng.randrange(len(o))
        k, v = o[i]
        new = extreme_value(v, rng) if numeric_kind(v) else (
            mutate_string(v, rng) if isinstance(v, str) else other_type(v, rng))
        where = rng.choice(["before", "after"])
        o.insert(i if where == "before" else i + 1, [k, new])
        return (enc(jdump(root, indent)), f"json:duplicate-key {path_str(p + ((i, k),))} {where}={short(new)}",
                path_fields(p) + [k])
    if op == "range":
        pairs = [(p, l) for p, l in lists if len(l) == 2 and all(numeric_kind(x) for x in l) and l[0] != l[1]]
        if pairs and rng.random() < 0.8:
            p, l = rng.choice(pairs)
            new = [l[1], l[0]]
            desc = f"json:reverse-range {path_str(p)}={short(new)}"
        else:
            p, l = rng.choice(lists)
            if len(l) < 2:
                return None
            i, j = rng.sample(range(len(l)), 2)
            new = list(l)
            new[i], new[j] = new[j], new[i]
            desc = f"json:swap {path_str(p)}[{i}]<->[{j}]"
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), desc, path_fields(p)
    if op == "array":
        p, l = rng.choice(lists)
        how = rng.choice(["empty", "drop-last", "drop-first", "append", "double", "huge", "insert-extreme"])
        new = list(l)
        if how == "empty":
            new = []
        elif how == "drop-last":
            new = new[:-1]
        elif how == "drop-first":
            new = new[1:]
        elif how == "append":
            new = new + new[-1:] if new else [0]
        elif how == "double":
            new = new + new
        elif how == "huge":
            item = new[-1] if new else 0
            new = new + [item] * min(200000, max(1000, 50 * len(new)))
        else:
            new.insert(rng.randrange(len(new) + 1), extreme_value(0, rng))
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:array-{how} {path_str(p)} ({len(l)}->{len(new)})", path_fields(p)
    if op == "nest":
        p, v = rng.choice(leaves or nodes)
        depth = rng.choice([100, 1000, 10000, 200000])
        root = path_set(root, p, Raw("[" * depth + jdump(v) + "]" * depth))
        return enc(jdump(root, indent)), f"json:nest {path_str(p)} depth {depth}", path_fields(p)
    if op == "string":
        p, v = rng.choice(strings)
        new = mutate_string(v, rng)
        root = path_set(root, p, new)
        return enc(jdump(root, indent)), f"json:string {path_str(p)}={short(new)}", path_fields(p)
    # equiv: same content, other layout (whitespace; a key spelled with a \\u escape).
    text = jdump(root, rng.choice([None, 4]))
    if rng.random() < 0.5:
        keys = re.findall(r'"([a-zA-Z_][a-zA-Z_0-9]*)"\s*:', text)
        if keys:
            k = rng.choice(keys)
            text = text.replace(f'"{k}"', '"\\u%04x%s"' % (ord(k[0]), k[1:]), 1)
    return enc(text), "json:equivalent-layout", []


def enc(text):
    return text.encode("utf-8", "surrogatepass")


def short(v):
    s = jdump(v) if not isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 48 else s[:32] + f"...({len(s)} chars)"


def weighted(rng, options):
    total = sum(w for _, w in options)
    x = rng.uniform(0, total)
    for name, w in options:
        if x < w:
            return name
        x -= w
    return options[-1][0]


def position(rng, n, head=512):
    return rng.randrange(min(n, head)) if rng.random() < 0.5 else rng.randrange(n)


def byte_mutate(data, rng):
    """Format-blind mutations: bit flips, interesting bytes, truncation, chunk edits."""
    b = bytearray(data)
    n = len(b)
    op = weighted(rng, [("flip", 25), ("set", 20), ("truncate", 15), ("dup", 12), ("delete", 12),
                        ("insert", 12)] if n else [("insert", 1)])
    if op == "flip":
        k = rng.choice([1, 1, 2, 4, 8])
        spots = []
        for _ in range(k):
            i = position(rng, n)
            bit = rng.randrange(8)
            b[i] ^= 1 << bit
            spots.append(f"{i}.{bit}")
        return bytes(b), "bytes:flip " + ",".join(spots), []
    if op == "set":
        k = rng.choice([1, 1, 2, 4])
        spots = []
        for _ in range(k):
            i = position(rng, n)
            b[i] = rng.choice([0x00, 0xFF, 0x7F, 0x80])
            spots.append(f"{i}={b[i]:#04x}")
        return bytes(b), "bytes:set " + ",".join(spots), []
    if op == "truncate":
        cut = rng.choice([0, 1, n - 1, rng.randrange(n), position(rng, n), position(rng, n)])
        return bytes(b[:cut]), f"bytes:truncate {n}->{cut}", []
    length = max(1, min(n, rng.choice([1, 4, 8, 32, 256, 4096])))
    start = rng.randrange(max(1, n - length + 1)) if n else 0
    if op == "dup":
        chunk = b[start:start + length]
        return bytes(b[:start + length] + chunk + b[start + length:]), f"bytes:duplicate {start}+{length}", []
    if op == "delete":
        return bytes(b[:start] + b[start + length:]), f"bytes:delete {start}+{length}", []
    fill = rng.choice([bytes([rng.randrange(256) for _ in range(length)]), b"\x00" * length, b"\xff" * length,
                       b"\x7f" * length, b"\x80" * length])
    at = position(rng, n + 1) if n else 0
    return bytes(b[:at] + fill + b[at:]), f"bytes:insert {at}+{len(fill)}", []


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


# --- certified weights: weights.certificate.json, certificate_vk.json, weights.secret.json ---
# Structure-aware edits that keep the file well-formed but change (or, for the "equivalent"
# ones, only re-encode) a point or a scalar: the verifier must reject the former and may
# accept the latter. Generic JSON and byte mutations cover the malformed side.


def cert_points(root):
    """(path, value) of every G1 point ([x, y, z] decimal strings); (path, values, lone) of every
    list of scalars (decimal strings) and of every lone scalar (lone: the path is the string)."""
    points, scalars = [], []
    for path, v in walk(root):
        if isinstance(v, list) and not isinstance(v, Obj):
            if len(v) == 3 and all(isinstance(e, str) and e.isdigit() for e in v):
                points.append((path, v))
            elif v and all(isinstance(e, str) and e.isdigit() for e in v):
                scalars.append((path, v, False))
        elif isinstance(v, str) and v.isdigit() and len(v) > 20 and path and not isinstance(path[-1], int):
            scalars.append((path, [v], True))  # a lone scalar (a blinding)
    return points, scalars


def cert_mutate(data, rng):
    try:
        root = jparse(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    points, scalars = cert_points(root)
    ops = [("negate", 20 if points else 0), ("swap-points", 15 if len(points) > 1 else 0),
           ("infinity", 8 if points else 0), ("generator", 6 if points else 0),
           ("rescale", 8 if points else 0), ("coord+p", 5 if points else 0),
           ("scalar", 30 if scalars else 0), ("swap-scalars", 8 if scalars else 0)]
    if not any(w for _, w in ops):
        return None
    op = weighted(rng, ops)
    indent = rng.choice([None, 1])
    if op in ("negate", "infinity", "generator", "rescale", "coord+p"):
        # Prefer the few top-level points now and then (commitment, certificateCommitment,
        # the range proof, vk_alpha_1) over the hundreds in the long lists.
        tops = [(p_, v) for p_, v in points if not any(isinstance(e, int) for e in p_)]
        p_, v = rng.choice(tops) if tops and rng.random() < 0.3 else rng.choice(points)
        x, y, z = (int(e) for e in v)
        if op == "negate":
            new, equiv = [str(x), str((P - y) % P), str(z)], False
        elif op == "infinity":
            new, equiv = rng.choice([["0", "1", "0"], ["0", "0", "0"], ["1", "1", "0"]]), False
        elif op == "generator":
            new, equiv = ["1", "2", "1"], False
        elif op == "rescale":  # the same point in other Jacobian coordinates
            lam = rng.randrange(2, P)
            new, equiv = [str(x * lam * lam % P), str(y * lam ** 3 % P), str(z * lam % P)], True
        else:  # a coordinate + p: the same point, not reduced (a parser may refuse it)
            i = rng.randrange(3)
            new = list(v)
            new[i] = str(int(v[i]) + P)
            equiv = True
        root = path_set(root, p_, new)
        what = "equivalent " if equiv else ""
        return enc(jdump(root, indent)), f"cert:{what}{op} {path_str(p_)}", path_fields(p_)
    if op == "swap-points":
        # Two points of the same list (inputEvaluations, link commitments, IC) or two top-level ones.
        lists = collections.defaultdict(list)
        for p_, v in points:
            lists[p_[:-1] if p_ and isinstance(p_[-1], int) else ()].append((p_, v))
        group = rng.choice([g for g in lists.values() if len(g) > 1] or [points])
        (pa, va), (pb, vb) = rng.sample(group, 2)
        if va == vb:
            return None
        root = path_set(root, pa, vb)
        root = path_set(root, pb, va)
        return enc(jdump(root, indent)), f"cert:swap {path_str(pa)}<->{path_str(pb)}", path_fields(pa) + path_fields(pb)
    p_, l, lone = rng.choice(scalars)
    if op == "swap-scalars":
        if lone or len(l) < 2:
            return None
        i, j = rng.sample(range(len(l)), 2)
        if l[i] == l[j]:
            return None
        new = list(l)
        new[i], new[j] = new[j], new[i]
        root = path_set(root, p_, new)
        return enc(jdump(root, indent)), f"cert:swap {path_str(p_)}[{i}]<->[{j}]", path_fields(p_)
    i = 0 if lone else rng.randrange(len(l))
    n = int(l[i])
    how, v = rng.choice([("+1", n + 1), ("-1", n - 1), ("+r", n + R), ("0", 0), ("r", R),
                         ("r-1", R - 1), ("-n", (R - n) % R), ("p", P)])
    v = str(v)
    if lone:
        root = path_set(root, p_, v)
        where = path_str(p_)
    else:
        new = list(l)
        new[i] = v
        root = path_set(root, p_, new)
        where = f"{path_str(p_)}[{i}]"
    return enc(jdump(root, indent)), f"cert:scalar {where} {how}", path_fields(p_)


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


# --------------------------------------------------------------------------------------
# Wrong-accept checks for verify: the content that matters, compared with the original's.


def fq2_mul(a, b):
    return ((a[0] * b[0] - a[1] * b[1]) % P, (a[0] * b[1] + a[1] * b[0]) % P)


def fq2_inv(a):
    d = pow((a[0] * a[0] + a[1] * a[1]) % P, -1, P)
    return (a[0] * d % P, -a[1] * d % P)


def dec(v):
    if isinstance(v, str) and re.fullmatch(r"[0-9]{1,80}", v):
        return int(v)
    raise ValueError(f"not a decimal string: {v!r}")


def g1_affine(c):
    if not isinstance(c, list) or len(c) != 3:
        raise ValueError("bad G1")
    x, y, z = (dec(v) % P for v in c)
    if z == 0:
        return ("inf",)
    zi = pow(z, -1, P)
    return (x * zi * zi % P, y * zi * zi * zi % P)


def g2_affine(c):
    if not isinstance(c, list) or len(c) != 3 or not all(isinstance(e, list) and len(e) == 2 for e in c):
        raise ValueError("bad G2")
    x, y, z = ((dec(e[0]) % P, dec(e[1]) % P) for e in c)
    if z == (0, 0):
        return ("inf",)
    zi = fq2_inv(z)
    zi2 = fq2_mul(zi, zi)
    return (fq2_mul(x, zi2), fq2_mul(y, fq2_mul(zi2, zi)))


def semantic(kind, node):
    if kind == "public":
        if not isinstance(node, list):
            raise ValueError("not a list")
        return tuple(dec(v) % R for v in node)
    if not isinstance(node, dict):
        raise ValueError("not an object")
    if kind == "proof":
        return (g1_affine(node["pi_a"]), g2_affine(node["pi_b"]), g1_affine(node["pi_c"]))
    if kind == "certificate":  # weights.certificate.json: every point affine, responses mod r
        link = node["link"]
        if not all(isinstance(x, list) for x in (node["inputEvaluations"], link["commitments"], link["responses"])):
            raise ValueError("certificate lists")
        return (g1_affine(node["commitment"]), tuple(g1_affine(e) for e in node["inputEvaluations"]),
                g1_affine(node["certificateCommitment"]), semantic("proof", node["rangeProof"]),
                tuple(g1_affine(c) for c in link["commitments"]), tuple(dec(v) % R for v in link["responses"]))
    n = node["nPublic"]
    if isinstance(n, bool) or not isinstance(n, int):
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        else:
            raise ValueError("nPublic")
    return (n, g1_affine(node["vk_alpha_1"]), g2_affine(node["vk_beta_2"]), g2_affine(node["vk_gamma_2"]),
            g2_affine(node["vk_delta_2"]), tuple(g1_affine(p) for p in node["IC"]))


def interpretations(data):
    """The values a first-wins and a last-wins JSON parser see, or [] if not JSON."""
    try:
        root = jparse(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    return [plain(root, True), plain(root, False)]


def semantic_variants(kind, data):
    out = []
    for value in interpretations(data):
        try:
            out.append(semantic(kind, value))
        except (ValueError, KeyError, TypeError, ZeroDivisionError, RecursionError):
            out.append(None)
    return out or [None]


def circuit_verdict(manifest, publics, commitment=None):
    """Why a careful verifier must reject `publics` under `manifest`, None if it accepts, or
    'unknown' if the manifest cannot be interpreted."""
    try:
        groups = manifest["publicSignals"]
        counts = [g["count"] for g in groups]
        names = [g["name"] for g in groups]
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in counts):
            return "unknown"
        if sum(counts) != len(publics):
            return f"layout: {sum(counts)} signals declared, public.json has {len(publics)}"
        if any(c < 0 for c in counts):
            return "negative count"
        if "input" in names:
            k = names.index("input")
            start = sum(counts[:k])
            lo, hi = manifest["inputRange"]
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (lo, hi)):
                return "unknown"
            for i in range(counts[k]):
                v = publics[start + i]
                s = v - R if v > (R - 1) // 2 else v
                if not lo <= s <= hi:
                    return f"input {i} = {s} outside [{lo}, {hi}]"
        if "weight commitment" in names:
            k = names.index("weight commitment")
            published = commitment or manifest.get("weightCommitment")
            if str(publics[sum(counts[:k])]) != published:
                return f"weight commitment {publics[sum(counts[:k])]} is not the published {published}"
        return None
    except (KeyError, TypeError, ValueError, IndexError):
        return "unknown"


# --------------------------------------------------------------------------------------
# Scenarios: a command line (paths relative to the scratch directory it runs in), what it
# needs from the corpus, and the files it reads that are mutated.


class Scenario:
    def __init__(self, name, command, args, needs, targets, work=False, env=None, verify=None):
        self.name, self.command, self.args, self.needs = name, command, args, needs
        self.targets = targets  # [(relpath, kind)]
        self.work = work  # legitimately long work is possible: a timeout with progress is "slow"
        self.env = env or {}
        self.verify = verify  # {"vk": rel, "proof": rel, "public": rel, "circuit": rel|None}
        self.timeout = None
        self.baseline = None


def scenarios(committed, external_onnx=False, certified=False):
    T = "data/t10k-images-idx3-ubyte.gz", "data/t10k-labels-idx1-ubyte.gz"
    TR = "data/train-images-idx3-ubyte.gz", "data/train-labels-idx1-ubyte.gz"
    RAW = [f"data_raw/{n}" for n in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                     "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
    ckpt = [("a/model.json", "json"), ("a/model.safetensors", "safetensors")]
    intm = [("a.int/model.int.json", "json"), ("a.int/model.int.safetensors", "safetensors")]
    xdg = {"XDG_CONFIG_HOME": "{S}/config"}
    s = [
        Scenario("eval", "eval", ["eval", "a", "--data", "data"], ["a", "data"], ckpt),
        Scenario("eval-integer", "eval", ["eval", "a.int", "--integer", "--data", "data", "--threads", "1"],
                 ["a.int", "data"], intm + [("a.int/data-options.json", "json")]),
        Scenario("eval-data", "eval", ["eval", "a.int", "--integer", "--data", "data", "--threads", "1"],
                 ["a.int", "data"], [(t, "idxgz") for t in T] + [("data/classes.txt", "text")]),
        Scenario("eval-data-raw", "eval", ["eval", "a.int", "--integer", "--data", "data_raw", "--threads", "1"],
                 ["a.int", "data_raw"], [(t, "idx") for t in RAW[2:]]),
        Scenario("quantize", "quantize", ["quantize", "a", "--out", "out", "--data", "data", "--threads", "1"],
                 ["a", "data"], ckpt),
        Scenario("inspect", "inspect", ["inspect", "a.int"], ["a.int"], intm),
        # An ONNX file (the checkpoint's export) through the protobuf reader and the importer.
        Scenario("import-onnx", "import", ["import", "a.onnx", "--out", "out", "--data", "data"], ["a.onnx", "data"],
                 [("a.onnx", "onnx")]),
    ] + ([
        # The same graph with its weights in a separate file, as torch.onnx.export writes it.
        Scenario("import-onnx-external", "import", ["import", "e.onnx", "--out", "out", "--data", "data"],
                 ["e.onnx", "e.onnx.data", "data"], [("e.onnx", "onnx"), ("e.onnx.data", "bytes")]),
    ] if external_onnx else []) + [
        Scenario("cost", "cost", ["cost", "a.int", "--output", "logits+label"], ["a.int", "config"],
                 intm + [("config/zktrain/cost-profile.json", "json")], env=xdg),
        Scenario("cost-spec", "cost", ["cost", "dense(16) sq dense(10)", "--input-shape", "28,28,1", "--weights", "committed"], ["config"],
                 [("config/zktrain/cost-profile.json", "json")], env=xdg),
        Scenario("compile", "compile", ["compile", "a.int", "--output", "logits+label", "--out", "out"], ["a.int"], intm),
        Scenario("compile-checkpoint", "compile", ["compile", "a", "--out", "out"], ["a"], ckpt),
        Scenario("describe", "describe", ["describe", "a.int", "--out", "out.json"], ["a.int"], intm),
        # A public description (no weights) compiled to the committed circuit, as a verifier does.
        Scenario("compile-description", "compile", ["compile", "a.public.json", "--weights", "committed", "--out", "out"],
                 ["a.public.json"], [("a.public.json", "json")]),
        Scenario("setup", "setup", ["setup", "c"], ["c/circuit.json", "c/model.r1cs"],
                 [("c/circuit.json", "json"), ("c/model.r1cs", "r1cs")]),
        Scenario("prove", "prove", ["prove", "c", "--model", "a.int", "--image", "3", "--data", "data", "--out", "out"],
                 ["c", "a.int", "data"],
                 [("c/circuit.json", "json"), ("c/proving.key", "pkey")] + intm + [(t, "idxgz") for t in T]),
        Scenario("prove-input", "prove", ["prove", "c", "--model", "a.int", "--input", "input.json", "--out", "out"],
                 ["c", "a.int", "input.json"], [("input.json", "json")]),
        Scenario("verify", "verify", ["verify", "c/verification_key.json", "p/proof.json", "p/public.json"],
                 ["c/verification_key.json", "p"],
                 [("c/verification_key.json", "json"), ("p/proof.json", "json"), ("p/public.json", "json")],
                 verify={"vk": "c/verification_key.json", "proof": "p/proof.json", "public": "p/public.json"}),
        Scenario("verify-circuit", "verify",
                 ["verify", "c/verification_key.json", "p/proof.json", "p/public.json", "--circuit", "c"],
                 ["c/verification_key.json", "c/circuit.json", "p"],
                 [("c/circuit.json", "json"), ("c/verification_key.json", "json"), ("p/proof.json", "json"),
                  ("p/public.json", "json")],
                 verify={"vk": "c/verification_key.json", "proof": "p/proof.json", "public": "p/public.json",
                         "circuit": "c/circuit.json"}),
        Scenario("commit", "commit", ["commit", "a.int"], ["a.int"], intm + [("a.int/commitment.json", "json")]),
        Scenario("commit-checkpoint", "commit", ["commit", "a"], ["a"], ckpt),
        Scenario("groth16-setup", "groth16-setup", ["groth16", "setup", "g/s.r1cs", "--out", "out"], ["g/s.r1cs"],
                 [("g/s.r1cs", "r1cs")]),
        Scenario("groth16-setup-model", "groth16-setup", ["groth16", "setup", "c/model.r1cs", "--out", "out"],
                 ["c/model.r1cs"], [("c/model.r1cs", "r1cs")]),
        Scenario("groth16-prove", "groth16-prove",
                 ["groth16", "prove", "--key", "g/proving.key", "--r1cs", "g/s.r1cs", "--witness", "g/s.wtns", "--out",
                  "out"], ["g"], [("g/proving.key", "pkey"), ("g/s.r1cs", "r1cs"), ("g/s.wtns", "wtns")]),
        Scenario("groth16-prove-zkey", "groth16-prove",
                 ["groth16", "prove", "--key", "gz/proving.zkey", "--r1cs", "g/s.r1cs", "--witness", "g/s.wtns", "--out",
                  "out"], ["g", "gz"], [("gz/proving.zkey", "zkey")]),
        Scenario("train-resume", "train",
                 ["train", "--resume", "--epochs", "2", "--out", "a", "--data", "data", "--threads", "1"], ["a", "data"],
                 ckpt + [("a/training-state.safetensors", "safetensors")], work=True),
        Scenario("train-data", "train",
                 ["train", "--arch", ARCH, "--epochs", "1", "--weight-bits", "8", "--data", "data", "--out", "out",
                  "--threads", "1"], ["data"], [(t, "idxgz") for t in TR + T], work=True),
        Scenario("train-data-raw", "train",
                 ["train", "--arch", ARCH, "--epochs", "1", "--data", "data_raw", "--out", "out", "--threads", "1"],
                 ["data_raw"], [(t, "idx") for t in RAW], work=True),
        Scenario("train-csv", "train",
                 ["train", "--arch", "dense(4) bn sq dense(2)", "--epochs", "1", "--weight-bits", "8", "--data", "tab/train.csv",
                  "--label", "diagnosis", "--out", "out", "--threads", "1"], ["tab"], [("tab/train.csv", "csv")], work=True),
        Scenario("eval-csv", "eval", ["eval", "t.int", "--integer", "--data", "tab/train.csv", "--test-data", "tab/test.csv",
                                      "--label", "diagnosis", "--threads", "1"],
                 ["t.int", "tab"], [("tab/test.csv", "csv"), ("t.int/model.int.json", "json")]),
        Scenario("prove-input-csv", "prove", ["prove", "tc", "--model", "t.int", "--input", "row.csv", "--out", "out"],
                 ["tc", "t.int", "row.csv"], [("row.csv", "csv")]),
        Scenario("prove-input-row", "prove", ["prove", "tc", "--model", "t.int", "--input", "row.json", "--out", "out"],
                 ["tc", "t.int", "row.json"], [("row.json", "json")]),
        Scenario("eval-npz", "eval", ["eval", "d.int", "--integer", "--data", "digits.npz", "--threads", "1"],
                 ["d.int", "digits.npz"], [("digits.npz", "npz")]),
        # Planning reads the data too: the input shape and class count come from it.
        Scenario("sweep-plan", "sweep", ["sweep", "sweep.json", "--out", "out", "--plan-only", "--profile", "profile.json"],
                 ["sweep.json", "profile.json", "data"], [("sweep.json", "json"), ("profile.json", "json")]),
        Scenario("sweep", "sweep", ["sweep", "sweep.json", "--out", "out", "--profile", "profile.json"],
                 ["sweep.json", "profile.json", "data"], [("sweep.json", "json")], work=True),
    ]
    if committed:
        s += [
            Scenario("prove-committed", "prove",
                     ["prove", "cc", "--model", "a.int", "--image", "3", "--data", "data", "--out", "out"],
                     ["cc", "a.int", "data"],
                     [("a.int/weight-wire-sums.bin", "sums"), ("a.int/commitment.json", "json"),
                      ("cc/circuit.json", "json")]),
            Scenario("verify-committed", "verify",
                     ["verify", "cc/verification_key.json", "pc/proof.json", "pc/public.json", "--circuit", "cc"],
                     ["cc/verification_key.json", "cc/circuit.json", "pc"],
                     [("cc/circuit.json", "json"), ("pc/public.json", "json")],
                     verify={"vk": "cc/verification_key.json", "proof": "pc/proof.json", "public": "pc/public.json",
                             "circuit": "cc/circuit.json"}),
        ]
    if certified:
        # Certified weights (compile --weights certified): ct/ is the circuit with setup's four keys
        # and certify's weights.certificate.json; a.int holds weights.secret.json; pt/ is a proof.
        # certify overwrites ct/weights.certificate.json and reuses the secret's blindings.
        s += [
            Scenario("certify", "certify", ["certify", "a.int", "ct"], ["a.int", "ct"],
                     [("a.int/weights.secret.json", "certjson"), ("ct/certificate.key", "pkey"),
                      ("ct/circuit.json", "json"), ("ct/certificate.r1cs", "r1cs")]),
            Scenario("prove-certified", "prove",
                     ["prove", "ct", "--model", "a.int", "--image", "3", "--data", "data", "--out", "out"],
                     ["ct", "a.int", "data"],
                     [("ct/weights.certificate.json", "certjson"), ("a.int/weights.secret.json", "certjson"),
                      ("ct/certificate_vk.json", "certjson"), ("ct/circuit.json", "json")]),
            Scenario("verify-certified", "verify",
                     ["verify", "ct/verification_key.json", "pt/proof.json", "pt/public.json", "--circuit", "ct"],
                     ["ct/verification_key.json", "ct/circuit.json", "ct/weights.certificate.json",
                      "ct/certificate_vk.json", "pt"],
                     [("ct/weights.certificate.json", "certjson"), ("ct/certificate_vk.json", "certjson"),
                      ("ct/circuit.json", "json"), ("pt/public.json", "json"), ("pt/proof.json", "json"),
                      ("ct/verification_key.json", "json")],
                     verify={"vk": "ct/verification_key.json", "proof": "pt/proof.json", "public": "pt/public.json",
                             "circuit": "ct/circuit.json", "certificate": "ct/weights.certificate.json",
                             "certificate-key": "ct/certificate_vk.json"}),
        ]
    return s


SPECIALS = ["empty", "directory", "symlink-loop", "missing", "unreadable"]
BOMBS = {"gzip-bomb-64M": 64 << 20, "gzip-bomb-1G": 1 << 30, "gzip-bomb-4G": (4 << 30) + (1 << 20)}


def specials_for(kind):
    return SPECIALS + (list(BOMBS) if kind == "idxgz" else [])


# --------------------------------------------------------------------------------------
# The campaign.


class Campaign:
    def __init__(self, args):
        self.args = args
        self.repo = os.path.abspath(args.repo)
        self.work = tempfile.mkdtemp(prefix="zktrain-fuzz-")
        self.corpus = os.path.join(self.work, "corpus")
        self.cache = os.path.join(self.work, "cache")
        os.makedirs(self.cache)
        self.keep = os.path.abspath(args.keep or os.path.join(self.work, "keep"))
        self.bomb_lock = threading.Lock()
        self.kept = collections.Counter()
        self.keep_lock = threading.Lock()
        self.originals = {}
        self.raw_of = {}
        self.root = os.geteuid() == 0

    # -- setup -------------------------------------------------------------------------

    def log(self, msg):
        if not self.args.quiet:
            print(msg, file=sys.stderr, flush=True)

    def wait_for_binary(self):
        path = os.path.abspath(self.args.zktrain)
        deadline = time.time() + self.args.wait
        announced = False
        while not (os.path.isfile(path) and os.access(path, os.X_OK)):
            if time.time() > deadline:
                sys.exit(f"campaign: {path} does not exist (waited {self.args.wait} s)")
            if not announced:
                self.log(f"waiting for {path} to exist (up to {self.args.wait} s)...")
                announced = True
            time.sleep(5)
        if announced:
            time.sleep(10)  # let the linker finish writing it
        self.binary_source = path
        if self.args.no_snapshot:
            self.binary = path
        else:  # a private copy: a rebuild during the campaign does not mix two binaries
            self.binary = os.path.join(self.work, "zktrain")
            shutil.copy2(path, self.binary)

    def setup_run(self, *args, timeout=600, env=None):
        e = self.base_env()
        e.update(env or {})
        t = time.time()
        p = subprocess.run([self.binary, *args], cwd=self.corpus, env=e, capture_output=True, text=True, timeout=timeout)
        if p.returncode != 0:
            sys.exit(f"campaign setup failed ({p.returncode}): zktrain {' '.join(args)}\n{p.stdout[-2000:]}{p.stderr[-3000:]}")
        return p, time.time() - t

    def base_env(self):
        e = {k: v for k, v in os.environ.items() if not k.startswith(("SWIFT_BACKTRACE", "XDG_"))}
        e["HOME"] = os.path.join(self.work, "home")
        e["XDG_CONFIG_HOME"] = os.path.join(self.work, "home", ".config")
        e["SWIFT_BACKTRACE"] = SWIFT_BACKTRACE
        return e

    def build_corpus(self):
        c = self.corpus
        os.makedirs(os.path.join(self.work, "home", ".config"))
        os.makedirs(c)
        subset = os.path.join(self.repo, "datasets", "fashion-mnist-subset")
        os.makedirs(os.path.join(c, "data"))
        os.makedirs(os.path.join(c, "data_raw"))
        shutil.copy(os.path.join(subset, "classes.txt"), os.path.join(c, "data", "classes.txt"))
        for name in sorted(os.listdir(subset)):
            if name.endswith(".gz"):
                shutil.copy(os.path.join(subset, name), os.path.join(c, "data", name))
                with gzip.open(os.path.join(subset, name)) as f:
                    raw = f.read()
                with open(os.path.join(c, "data_raw", name[:-3]), "wb") as f:
                    f.write(raw)
        t0 = time.time()
        self.setup_run("train", "--arch", ARCH, "--epochs", "1", "--weight-bits", "8", "--data", "data", "--out", "a",
                       "--seed", "1", "--threads", "1")
        self.setup_run("quantize", "a", "--out", "a.int", "--data", "data")
        self.setup_run("export", "a", "--onnx", "a.onnx")
        try:  # the export with every weight in e.onnx.data (external data), when the onnx package is here
            import onnx
            onnx.save_model(onnx.load(os.path.join(c, "a.onnx")), os.path.join(c, "e.onnx"), save_as_external_data=True,
                            all_tensors_to_one_file=True, location="e.onnx.data", size_threshold=0)
            self.external_onnx = True
        except ImportError:
            print("campaign: no onnx package; the external-data import scenario is left out", file=sys.stderr)
            self.external_onnx = False
        self.setup_run("commit", "a.int")
        self.setup_run("describe", "a.int", "--out", "a.public.json")
        self.setup_run("compile", "a.int", "--output", "logits+label", "--out", "c")
        self.setup_run("setup", "c")
        self.setup_run("prove", "c", "--model", "a.int", "--image", "3", "--data", "data", "--out", "p")
        with gzip.open(os.path.join(c, "data", "t10k-images-idx3-ubyte.gz")) as f:
            pixels = f.read()[16 + 784 * 5:16 + 784 * 6]
        with open(os.path.join(c, "input.json"), "w") as f:
            # A real test image, 0s and 1s included (builds before 2026-12-06 refused them:
            # JSON 0/1 bridged to Bool on Linux).
            json.dump(list(pixels), f)
        # An iden3 pair written independently of ZKTrain's writers, and its keys.
        os.makedirs(os.path.join(c, "g"))
        subprocess.run([sys.executable, os.path.join(self.repo, "scripts", "synthetic_r1cs.py"), "5",
                        os.path.join(c, "g", "s")], check=True, capture_output=True)
        self.setup_run("groth16", "setup", "g/s.r1cs", "--out", "g")
        self.setup_run("groth16", "setup", "g/s.r1cs", "--out", "gz", "--zkey")  # a snarkjs .zkey for the same circuit
        # A cost profile in the shipped profile's format (CostProfile.swift), in a private XDG dir.
        profile = {"machine": "zktrain fuzz corpus", "created": "2026-01-01T00:00:00Z",
                   "secondsPerFeature": [0.00738613, 0.0126348, 0.645567, 0.216127, 0.0565285],
                   "bytesPerFeature": [4.49464e+07, 1.15518e+09, 4.17708e+07, 2.24444e+07], "featureVersion": 2}
        os.makedirs(os.path.join(c, "config", "zktrain"))
        for path in ("config/zktrain/cost-profile.json", "profile.json"):
            with open(os.path.join(c, path), "w") as f:
                json.dump(profile, f, indent=2)
        # A tiny sweep: one MLP, one epoch, no proof measurement.
        sweep = {"name": "fuzz", "data": "data", "mlp": {"depths": [1], "widths": [8]},
                 "cnn": {"blocks": [1], "channels": [2], "kernels": [3], "strides": [2], "pooling": ["before"],
                         "heads": [0]},
                 "activations": ["sq"], "weightBits": ["8"], "rescale": ["auto"],
                 "include": [{"arch": "dense(8) bn sq dense(10)", "weightBits": "8", "rescale": "auto"}],
                 "budgets": [{"weights": "public", "constraints": 20000}],
                 "selection": {"perBudget": 1, "maxMACs": 100000}, "schedule": {"rounds": [{"epochs": 1}]},
                 "training": {"batchSize": 128, "learningRate": 0.001, "seed": 1, "qatWarmup": 0, "threads": 1},
                 "measureProofs": 0}
        with open(os.path.join(c, "sweep.json"), "w") as f:
            json.dump(sweep, f, indent=2)
        # Your own data: a small table (120 training rows of the committed breast-cancer split and
        # its test file), its integer model and circuit, one raw row as CSV and as JSON; the
        # digits .npz and an integer model of it.
        os.makedirs(os.path.join(c, "tab"))
        bc = os.path.join(self.repo, "datasets", "breast-cancer")
        with open(os.path.join(bc, "train.csv")) as f:
            lines = f.read().split("\n")
        with open(os.path.join(c, "tab", "train.csv"), "w") as f:
            f.write("\n".join(lines[:121]) + "\n")
        shutil.copy(os.path.join(bc, "test.csv"), os.path.join(c, "tab", "test.csv"))
        with open(os.path.join(bc, "test.csv")) as f:
            header, first = f.read().split("\n")[:2]
        with open(os.path.join(c, "row.csv"), "w") as f:
            f.write(header + "\n" + first + "\n")
        with open(os.path.join(c, "row.json"), "w") as f:
            json.dump([float(v) for v in first.split(",")[:-1]], f)
        self.setup_run("train", "--arch", "dense(4) bn sq dense(2)", "--epochs", "2", "--weight-bits", "8", "--data",
                       "tab/train.csv", "--test-data", "tab/test.csv", "--label", "diagnosis", "--out", "t", "--threads", "1")
        self.setup_run("quantize", "t", "--out", "t.int")
        self.setup_run("compile", "t.int", "--output", "logits+label", "--out", "tc")
        self.setup_run("setup", "tc")
        shutil.copy(os.path.join(self.repo, "datasets", "digits", "digits.npz"), os.path.join(c, "digits.npz"))
        self.setup_run("train", "--arch", "dense(8) bn sq dense(10)", "--epochs", "1", "--weight-bits", "8", "--data",
                       "digits.npz", "--out", "d", "--threads", "1")
        self.setup_run("quantize", "d", "--out", "d.int")
        self.log(f"corpus (public weights) built in {time.time() - t0:.1f} s")
        committed = False
        if self.args.committed != "no":
            self.setup_run("compile", "a.int", "--weights", "committed", "--out", "cc")
            try:
                _, secs = self.setup_run("setup", "cc", timeout=self.args.committed_max_setup * 3)
            except subprocess.TimeoutExpired:
                secs = float("inf")
            if secs <= self.args.committed_max_setup or self.args.committed == "yes":
                self.setup_run("prove", "cc", "--model", "a.int", "--image", "3", "--data", "data", "--out", "pc")
                committed = True
                self.log(f"committed-weights corpus: setup took {secs:.1f} s; included")
            else:
                self.log(f"committed-weights corpus: setup took {secs:.1f} s > {self.args.committed_max_setup} s; skipped")
                shutil.rmtree(os.path.join(c, "cc"), ignore_errors=True)
        self.committed = committed
        self.certified = False
        if self.args.certified == "yes":
            t1 = time.time()
            self.setup_run("compile", "a.int", "--weights", "certified", "--output", "logits+label", "--out", "ct")
            _, secs = self.setup_run("setup", "ct")
            self.setup_run("certify", "a.int", "ct")
            # prove writes the key's weight-wire sums to a.int/weight-wire-sums.bin, the same name the
            # committed circuit uses: keep the committed one (prove-committed mutates it).
            sums = os.path.join(c, "a.int", "weight-wire-sums.bin")
            kept = open(sums, "rb").read() if os.path.exists(sums) else None
            self.setup_run("prove", "ct", "--model", "a.int", "--image", "3", "--data", "data", "--out", "pt")
            if kept is not None:
                with open(sums, "wb") as f:
                    f.write(kept)
            self.certified = True
            self.log(f"certified-weights corpus built in {time.time() - t1:.1f} s (setup {secs:.1f} s)")
        self.digest = self.corpus_digest()

    def corpus_digest(self):
        h = {}
        for d, _, files in os.walk(self.corpus):
            for f in files:
                p = os.path.join(d, f)
                with open(p, "rb") as fh:
                    h[os.path.relpath(p, self.corpus)] = hashlib.sha256(fh.read()).hexdigest()
        return h

    # -- materialising a mutant -----------------------------------------------------

    def materialize(self, scen, dest, link_big=True):
        def put(src, dst):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if link_big and os.path.getsize(src) > 4 << 20:
                os.link(src, dst)  # read-only use; a mutated target is unlinked before writing
            else:
                shutil.copy2(src, dst)
        for rel in scen.needs:
            src = os.path.join(self.corpus, rel)
            if os.path.isdir(src):
                for d, _, files in os.walk(src):
                    for f in files:
                        p = os.path.join(d, f)
                        put(p, os.path.join(dest, os.path.relpath(p, self.corpus)))
            else:
                put(src, os.path.join(dest, rel))

    def original(self, rel):
        if rel not in self.originals:
            with open(os.path.join(self.corpus, rel), "rb") as f:
                self.originals[rel] = f.read()
        return self.originals[rel]

    def raw(self, rel):
        if rel not in self.raw_of:
            self.raw_of[rel] = gzip.decompress(self.original(rel))
        return self.raw_of[rel]

    def bomb(self, size_name):
        """A gzip member of zeros (cached): appended to a valid .gz it decompresses to far
        more than the IDX header declares, from at most a few MB."""
        path = os.path.join(self.cache, size_name + ".gz")
        with self.bomb_lock:
            if not os.path.exists(path):
                total = BOMBS[size_name]
                co = zlib.compressobj(9, zlib.DEFLATED, 31)
                chunk = bytes(1 << 20)
                with open(path + ".tmp", "wb") as f:
                    for _ in range(total >> 20):
                        f.write(co.compress(chunk))
                    f.write(co.flush())
                os.rename(path + ".tmp", path)
        return path

    def plan(self, pairs, index):
        """What mutant `index` is: (scenario, (rel, kind), mutation or special). Deterministic."""
        scen, (rel, kind) = pairs[index % len(pairs)]
        rnd = index // len(pairs)
        rng = random.Random(f"{self.args.seed}/{index}")
        sp = [x for x in specials_for(kind) if not (x == "unreadable" and self.root)]
        if rnd % 4 == 1 and rnd // 4 < len(sp):  # rounds 1, 5, 9, ...: the special files
            return scen, rel, kind, ("special", sp[rnd // 4]), rng
        return scen, rel, kind, ("mutate", None), rng

    def mutate(self, rel, kind, rng):
        data = self.original(rel)
        for _ in range(20):
            r = rng.random()
            res = None
            if kind == "json" and r < 0.75:
                res = json_mutate(data, rng)
            elif kind == "safetensors" and r < 0.85:
                res = safetensors_mutate(data, rng)
            elif kind in ("r1cs", "wtns", "zkey") and r < 0.8:
                res = iden3_mutate(data, rng, kind)
            elif kind == "pkey" and r < 0.75:
                res = pkey_mutate(data, rng)
            elif kind == "sums" and r < 0.75:
                res = sums_mutate(data, rng)
            elif kind == "idx" and r < 0.75:
                res = idx_mutate(data, rng)
            elif kind == "idxgz" and r < 0.8:
                res = gz_mutate(data, self.raw(rel), rng)
            elif kind == "csv" and r < 0.8:
                res = csv_mutate(data, rng)
            elif kind == "certjson" and r < 0.4:
                res = cert_mutate(data, rng)
            elif kind == "certjson" and r < 0.8:
                res = json_mutate(data, rng)
            else:
                res = byte_mutate(data, rng)
            if res is not None and res[0] != data:
                return res
        return byte_mutate(data + b"\x00", rng)

    def apply(self, scratch, rel, kind, what, rng):
        """Writes mutant into scratch; returns (description, fields, mutated bytes or None)."""
        target = os.path.join(scratch, rel)
        mode, special = what
        if mode == "mutate":
            data, desc, fields = self.mutate(rel, kind, rng)
            if os.path.lexists(target):
                os.unlink(target)
            with open(target, "wb") as f:
                f.write(data)
            return desc, fields, data
        if os.path.lexists(target):
            os.unlink(target)
        if special == "empty":
            open(target, "wb").close()
            return "special:empty file", [], b""
        if special == "directory":
            os.mkdir(target)
            return "special:a directory where the file should be", [], None
        if special == "symlink-loop":
            os.symlink(os.path.basename(target), target)
            return "special:symlink loop (points at itself)", [], None
        if special == "missing":
            return "special:file missing", [], None
        if special == "unreadable":
            with open(target, "wb") as f:
                f.write(self.original(rel))
            os.chmod(target, 0)
            return "special:chmod 000", [], None
        member = self.bomb(special)
        with open(target, "wb") as f:
            f.write(self.original(rel))
            with open(member, "rb") as m:
                shutil.copyfileobj(m, f)
        return f"special:{special} (valid .gz + {os.path.getsize(member)} B member of zeros)", [], None

    # -- running ----------------------------------------------------------------------

    def command(self, scen, scratch):
        args = [a.replace("{S}", scratch) for a in scen.args]
        env = self.base_env()
        env.update({k: v.replace("{S}", scratch) for k, v in scen.env.items()})
        return [self.binary, *args], env

    def execute(self, argv, cwd, env, timeout, stall):
        """Runs argv under a memory limit; returns (rc, stdout, stderr, timed_out, progressing, seconds)."""
        out_path, err_path = os.path.join(cwd, ".stdout"), os.path.join(cwd, ".stderr")
        limit = f"ulimit -c 0; ulimit -v {self.args.mem_mb * 1024}; ulimit -f {16 << 20}; "
        wrapper = ["/bin/sh", "-c", limit + 'exec "$@"', "sh", *argv]
        start = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            p = subprocess.Popen(wrapper, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
            if self.args.affinity is not None:
                try:
                    os.sched_setaffinity(p.pid, self.args.affinity)
                except OSError:
                    pass
            timed_out = progressing = False
            last_size, last_growth = 0, start
            while True:
                try:
                    p.wait(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    pass
                now = time.monotonic()
                size = os.path.getsize(out_path) + os.path.getsize(err_path)
                if size != last_size:
                    last_size, last_growth = size, now
                if now - start > timeout:
                    timed_out = True
                    progressing = now - last_growth < stall
                    # The Swift backtracer prints every thread on SIGQUIT (where it hung), then
                    # lets the program go on: wait for the report, then kill.
                    try:
                        os.kill(p.pid, signal.SIGQUIT)
                    except ProcessLookupError:
                        pass
                    for _ in range(150):
                        with open(err_path, "rb") as f:
                            if b"Backtrace took" in f.read() or p.poll() is not None:
                                break
                        time.sleep(0.1)
                    break
            try:
                os.killpg(p.pid, signal.SIGKILL)  # our own session: the process and any child
            except (ProcessLookupError, PermissionError):
                pass
            p.wait()
        seconds = time.monotonic() - start
        with open(out_path, "rb") as f:
            stdout = f.read(1 << 20).decode("utf-8", "replace")
        with open(err_path, "rb") as f:
            stderr = f.read(1 << 20).decode("utf-8", "replace")
        return p.returncode, stdout, stderr, timed_out, progressing, seconds

    def run_mutant(self, pairs, index, attempt=1):
        scen, rel, kind, what, rng = self.plan(pairs, index)
        scratch = os.path.join(self.work, "m", str(index))
        os.makedirs(scratch)
        try:
            self.materialize(scen, scratch)
            desc, fields, data = self.apply(scratch, rel, kind, what, rng)
            result = {"index": index, "scenario": scen.name, "command": scen.command, "file": rel, "mutation": desc}
            if what == ("special", "unreadable") and self.root:
                result.update(cls="n/a", note="running as root: chmod 000 does not stop reading", seconds=0)
                return result
            argv, env = self.command(scen, scratch)
            rc, out, err, timed_out, progressing, secs = self.execute(argv, scratch, env, scen.timeout,
                                                                      self.args.stall)
            result.update(rc=rc, seconds=secs)
            result.update(self.classify(scen, rel, fields, data, rc, out, err, timed_out, progressing))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            if os.path.exists(scratch):
                subprocess.run(["chmod", "-R", "u+rwx", scratch], capture_output=True)
                shutil.rmtree(scratch, ignore_errors=True)
        # SIGTERM/SIGINT/SIGHUP with no crash report came from outside (a `pkill` on a shared
        # machine); the program does not send them to itself. Run such a mutant once more.
        external = {-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP}
        if result["cls"] == "crash" and rc in external and not any(m in out + err for m in CRASH_MARKERS):
            if attempt < 3:
                again = self.run_mutant(pairs, index, attempt + 1)
                again["note"] = f"killed by {signal.Signals(-rc).name} from outside; ran again"
                return again
            result["detail"] += " (every attempt was killed from outside: check the machine)"
        return result

    # -- classification ---------------------------------------------------------------

    def classify(self, scen, rel, fields, data, rc, out, err, timed_out, progressing):
        text = out + "\n" + err
        if timed_out:
            if scen.work and progressing:
                return {"cls": "slow", "detail": f"still making progress after {scen.timeout:.0f} s (legitimate work?)"}
            where, top = hang_site(text)
            return {"cls": "hang", "detail": f"no exit after {scen.timeout:.0f} s; in {where}" + (f", busy at {top}" if top else ""),
                    "signature": f"timeout in {where}", "output": tail(text)}
        if rc < 0 or rc >= 128 or any(m in text for m in CRASH_MARKERS):
            reason, where, func = crash_site(text, rc)
            if re.search(r"[Cc]ould not allocate|out of memory|allocation failed", text):
                reason += f" (address-space limit {self.args.mem_mb} MiB)"
            return {"cls": "crash", "detail": f"{reason} @ {where}" + (f" ({func})" if func else ""),
                    "signature": f"{reason} @ {where}", "output": tail(text)}
        if scen.verify and rc == 0 and re.search(r"^valid$", out, re.M):
            wrong = self.wrong_accept(scen, rel, data)
            if wrong:
                return {"cls": "wrong-accept", "detail": wrong, "signature": f"accepts {os.path.basename(rel)}",
                        "output": tail(text)}
            if wrong is None and data is not None and data != self.original(rel):
                return {"cls": "ok", "note": "accepted: what verify depends on is unchanged"}
        if rc not in ACCEPTABLE_EXITS:
            return {"cls": "odd-exit", "detail": f"exit {rc}", "output": tail(text)}
        if rc == 0:
            return {"cls": "ok"}
        if scen.verify and rc == 1 and re.search(r"^invalid\b", out, re.M):
            return {"cls": "error"}  # a verdict, not an error message
        names = [os.path.basename(rel)] + [f for f in fields if isinstance(f, str) and len(f) >= 3]
        names += [re.sub(r"(?<=[a-z])(?=[A-Z])", " ", f) for f in names]  # inputShape: "input shape"
        mentioned = any(n.lower() in text.lower() for n in names)
        d = os.path.basename(os.path.dirname(rel))  # the directory the user named (model, circuit)
        if d and (re.search(r"(^|[/\s])" + re.escape(d) + r"[/:]", text, re.M)
                  or len(d) >= 3 and re.search(r"(^|[/\s])" + re.escape(d) + r"(\s|$)", text, re.M)):
            mentioned = True
        if rel.endswith((".gz",)):
            names.append(os.path.basename(rel)[:-3])
        if not mentioned:
            lines = [l for l in text.splitlines() if l.strip()]
            first = next((l for l in lines if l.startswith(("error", "malformed", "invalid"))), lines[-1] if lines else "")
            return {"cls": "vague", "detail": first[:160]}
        return {"cls": "error"}

    def wrong_accept(self, scen, rel, data):
        """A description if `verify` should not have accepted; None for a same-content file."""
        v = scen.verify
        kinds = {v["vk"]: "vk", v["proof"]: "proof", v["public"]: "public"}
        if v.get("certificate"):
            kinds[v["certificate"]] = "certificate"
        if v.get("certificate-key"):
            kinds[v["certificate-key"]] = "vk"
        if data is None:  # a directory, a symlink loop, a missing file
            return f"verify accepted with {rel} replaced ({os.path.basename(rel)} unreadable)"
        if rel in kinds:
            kind = kinds[rel]
            orig = semantic_variants(kind, self.original(rel))[0]
            got = semantic_variants(kind, data)
            if orig in got:
                return None
            return f"{rel}: content differs from the original ({diff_summary(orig, got[-1])})"
        if rel == v.get("circuit"):
            publics = semantic("public", json.loads(self.original(v["public"])))
            verdicts = [circuit_verdict(m, publics) if isinstance(m, dict) else "unknown"
                        for m in interpretations(data)] or ["unknown"]
            if any(x is None or x == "unknown" for x in verdicts):
                return None
            return f"circuit.json check should reject: {verdicts[-1]}"
        return None

    # -- keeping failures ---------------------------------------------------------------

    def keep_case(self, pairs, result):
        sig = result.get("signature", result["cls"])
        key = (result["cls"], result["scenario"], result["file"], sig)
        with self.keep_lock:
            self.kept[key] += 1
            if self.kept[key] > self.args.keep_per_signature:
                return None
        slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{result['cls']}-{result['scenario']}-{os.path.basename(result['file'])}-{sig}")[:100]
        dest = os.path.join(self.keep, slug.strip("-"), str(result["index"]))
        case = os.path.join(dest, "case")
        os.makedirs(case, exist_ok=True)
        scen, rel, kind, what, rng = self.plan(pairs, result["index"])
        self.materialize(scen, case, link_big=False)
        self.apply(case, rel, kind, what, rng)
        argv, env = self.command(scen, "$PWD")
        extra = " ".join(f'{k}="{v}"' for k, v in ((k, v.replace("{S}", "$PWD")) for k, v in scen.env.items()))
        cmd = " ".join(shlex.quote(a) for a in argv[1:])
        with open(os.path.join(dest, "repro.sh"), "w") as f:
            f.write("#!/bin/sh\n# " + f"mutant {result['index']} (seed {self.args.seed}): {result['scenario']}, "
                    f"{rel}: {result['mutation']}\n# {result['cls']}: {result.get('detail', '')}\n"
                    f'cd "$(dirname "$0")/case" || exit 1\n'
                    f'exec env {extra} "${{ZKTRAIN:-{self.binary_source}}}" {cmd}\n')
        os.chmod(os.path.join(dest, "repro.sh"), 0o755)
        with open(os.path.join(dest, "output.txt"), "w") as f:
            f.write(result.get("output", ""))
        return os.path.join(dest, "repro.sh")


def tail(text, limit=6000):
    return text if len(text) <= limit else text[:limit // 2] + "\n[...]\n" + text[-limit // 2:]


FRAME_RE = re.compile(r"0x[0-9a-f]+ (.*?)(?: \+ \d+)? in \S+ at (\S+?):(\d+)(?::\d+)?\s*$", re.M)


def crash_site(text, rc=None):
    """(reason, first project frame 'Sources/...swift:LINE', function) from a Swift crash report."""
    reason = None
    for pat in [r"\*\*\* (Swift runtime failure: [^*\n]+?) \*\*\*",
                r"^(?:\S+\.swift:\d+: )?((?:Fatal error|Precondition failed|Assertion failed)[^\n]*)",
                r"\*\*\* (Program crashed: [^*\n]+?) \*\*\*", r"\*\*\* (Signal \d+: [^\n]*?)(?: \.\.\.|$)"]:
        m = re.search(pat, text, re.M)
        if m:
            reason = m.group(1).strip()
            break
    if reason is None:
        if rc is not None and rc < 0:
            try:
                reason = f"killed by {signal.Signals(-rc).name}"
            except ValueError:
                reason = f"killed by signal {-rc}"
        else:
            reason = f"exit {rc}" if rc is not None else "no report"
    reason = re.sub(r"0x[0-9a-f]+", "0x…", reason)
    reason = re.sub(r"\d+", "#", reason) if "Fatal error" in reason or "failed" in reason else reason
    reason = reason[:140]
    where, func = "?", ""
    m = re.search(r"^(\S*Sources/\S+?\.swift):(\d+): (?:Fatal error|Precondition failed|Assertion failed)", text, re.M)
    for fm in FRAME_RE.finditer(text):
        path = fm.group(2)
        if "/Sources/" in path and "/.build/" not in path and "/checkouts/" not in path:
            where = "Sources/" + path.split("/Sources/", 1)[1] + ":" + fm.group(3)
            func = re.sub(r"^(static |\[\w+\] )+", "", fm.group(1).replace("[inlined] ", "")).strip()
            break
    if where == "?" and m:
        where = "Sources/" + m.group(1).split("Sources/", 1)[1] + ":" + m.group(2)
    return reason, where, func


def hang_site(text):
    """Where a timed-out run was (from the SIGQUIT report's first thread): the library call made
    by the command's own code (stable), and the innermost project frame (where it was busy)."""
    first_thread = re.split(r"\n\s*Thread [1-9]", text, maxsplit=1)[0]
    frames = []
    for fm in FRAME_RE.finditer(first_thread):
        path = fm.group(2)
        if "/Sources/" in path and "/.build/" not in path and "/checkouts/" not in path:
            func = re.sub(r"^(static |\[\w+\] )+", "", fm.group(1).replace("[inlined] ", "")).strip()
            frames.append((func, "Sources/" + path.split("/Sources/", 1)[1] + ":" + fm.group(3)))
    if not frames:
        return "? (no backtrace)", ""
    top = f"{frames[0][1]} ({frames[0][0]})"
    k = next((i for i, f in enumerate(frames) if "Sources/zktrain/" in f[1]), None)
    if k is None:
        return top, ""
    if k == 0:
        return f"{frames[0][0]} @ {frames[0][1]}", ""
    callee = re.sub(r"<.*?>|\(.*", "", frames[k - 1][0]).replace("closure #1 in ", "")
    return f"{callee} called at {frames[k][1]}", top


def diff_summary(a, b, where=""):
    """The first difference between two semantic values: 'element 0[1]: x -> y'."""
    if a is None or b is None:
        return "the mutated file is not readable as such" if b is None else "the original did not parse"
    if isinstance(a, tuple) and isinstance(b, tuple):
        if len(a) != len(b):
            return f"{where or 'top'}: {len(a)} values -> {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return diff_summary(x, y, f"{where}[{i}]")
    return f"element {where}: {str(a)[:80]} -> {str(b)[:80]}"


# --------------------------------------------------------------------------------------


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zktrain", default=".build/debug/zktrain", help="the binary (waited for up to --wait s)")
    ap.add_argument("--mutants", type=int, default=1000, help="how many mutants to run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=None, help="stop starting mutants after this many seconds")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--commands", default=None,
                    help="comma-separated subset: eval, quantize, inspect, cost, compile, setup, prove, verify, commit, "
                         "groth16 (or groth16-setup, groth16-prove), train, sweep")
    ap.add_argument("--keep", default=None, help="where failing mutants and their repro.sh go (default: a temp dir)")
    ap.add_argument("--keep-per-signature", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=60, help="per-mutant limit (training commands; cap for others)")
    ap.add_argument("--fast-timeout", type=float, default=20,
                    help="floor of the limit of commands that should fail fast: max(this, 30 x baseline), <= --timeout")
    ap.add_argument("--stall", type=float, default=15,
                    help="a training command whose output grew within this many s of its timeout is 'slow', not hung")
    ap.add_argument("--mem-mb", type=int, default=4096, help="address-space limit per mutant (MiB)")
    ap.add_argument("--committed", choices=["auto", "yes", "no"], default="auto",
                    help="also fuzz committed-weights prove/verify (auto: if its setup takes <= --committed-max-setup s)")
    ap.add_argument("--committed-max-setup", type=float, default=20)
    ap.add_argument("--certified", choices=["yes", "no"], default="no",
                    help="also fuzz certified weights: certify, prove and verify (about 33 s more setup on a debug "
                         "build; its mutants take about 1 s each on average, 10x the others)")
    ap.add_argument("--scenarios", default=None,
                    help="comma-separated scenario names or shell patterns, e.g. 'certify,*-certified' "
                         "(after --commands)")
    ap.add_argument("--affinity", default=None, help="CPU list for the mutants, e.g. 0 or 0,1")
    ap.add_argument("--wait", type=float, default=900, help="seconds to wait for --zktrain to exist")
    ap.add_argument("--repo", default=os.path.dirname(os.path.dirname(here)))
    ap.add_argument("--keep-work", action="store_true", help="do not delete the work directory")
    ap.add_argument("--no-snapshot", action="store_true", help="run --zktrain itself, not a private copy")
    ap.add_argument("--results", default=None, help="also write every mutant's outcome as JSON lines here")
    ap.add_argument("--verbose", action="store_true", help="also print a line per warning")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args()
    if args.affinity is not None:
        args.affinity = {int(x) for x in args.affinity.split(",")}
    os.chdir(args.repo)

    camp = Campaign(args)
    started = time.time()
    try:
        camp.wait_for_binary()
        camp.build_corpus()
        scens = scenarios(camp.committed, camp.external_onnx, camp.certified)
        if args.commands:
            wanted = {c.strip() for c in args.commands.split(",") if c.strip()}
            if "groth16" in wanted:
                wanted |= {"groth16-setup", "groth16-prove"}
            unknown = wanted - {s.command for s in scenarios(True, True, True)} - {"groth16"}
            if unknown:
                sys.exit(f"campaign: unknown --commands {sorted(unknown)}")
            scens = [s for s in scens if s.command in wanted]
        if args.scenarios:
            pats = [x.strip() for x in args.scenarios.split(",") if x.strip()]
            known = [s.name for s in scenarios(True, True, True)]
            unknown = [x for x in pats if not fnmatch.filter(known, x)]
            if unknown:
                sys.exit(f"campaign: --scenarios {unknown} match no scenario (certified ones need --certified yes)")
            scens = [s for s in scens if any(fnmatch.fnmatchcase(s.name, x) for x in pats)]
        failures_at_baseline = []
        for s in scens:  # every scenario must succeed on the valid corpus
            scratch = os.path.join(camp.work, "baseline", s.name)
            os.makedirs(scratch)
            camp.materialize(s, scratch)
            argv, env = camp.command(s, scratch)
            rc, out, err, to, _, secs = camp.execute(argv, scratch, env, args.timeout * 3, args.stall)
            s.baseline = secs
            s.timeout = args.timeout if s.work else min(args.timeout, max(args.fast_timeout, 30 * secs))
            if rc != 0 or to or (s.verify and "valid" not in out):
                failures_at_baseline.append(s.name)
                print(f"BASELINE {s.name}: exit {rc}{' (timeout)' if to else ''} on the valid corpus: "
                      f"{tail(out + err, 800)}", flush=True)
            shutil.rmtree(scratch, ignore_errors=True)
        scens = [s for s in scens if s.name not in failures_at_baseline]
        pairs = [(s, t) for s in scens for t in s.targets]
        if not pairs:
            sys.exit("campaign: nothing to fuzz")
        camp.log(f"setup done in {time.time() - started:.0f} s: {len(scens)} scenarios, {len(pairs)} (command, file) "
                 f"pairs; binary {camp.binary_source}; work dir {camp.work}")
        results = run_all(camp, pairs, args)
        if args.results:
            with open(args.results, "w") as f:
                for r in sorted(results, key=lambda r: r["index"]):
                    f.write(json.dumps({k: v for k, v in r.items() if k != "output"}) + "\n")
        code = report(camp, pairs, results, args, time.time() - started, failures_at_baseline)
        after = camp.corpus_digest()
        if after != camp.digest:
            changed = sorted(k for k in set(after) | set(camp.digest) if after.get(k) != camp.digest.get(k))
            print(f"warning: the valid corpus changed during the campaign (hard links written through?): {changed[:5]}")
        return code
    finally:
        if not args.keep_work:
            keep_inside = camp.keep.startswith(camp.work + os.sep)
            for name in os.listdir(camp.work):
                if keep_inside and name == "keep":
                    continue
                p = os.path.join(camp.work, name)
                if os.path.isdir(p) and not os.path.islink(p):
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    os.unlink(p)
            if not keep_inside or not os.path.exists(camp.keep):
                shutil.rmtree(camp.work, ignore_errors=True)


def run_all(camp, pairs, args):
    results = []
    deadline = time.time() + args.seconds if args.seconds else None
    last_progress = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        pending = set()
        index = 0
        while index < args.mutants or pending:
            while index < args.mutants and len(pending) < args.jobs and (deadline is None or time.time() < deadline):
                pending.add(ex.submit(camp.run_mutant, pairs, index))
                index += 1
            if not pending:
                break
            done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for fut in done:
                r = fut.result()
                results.append(r)
                if r["cls"] in FAILURES:
                    r["repro"] = camp.keep_case(pairs, r)
                    print(f"{r['cls'].upper():13} #{r['index']:<6} {r['scenario']:<20} {r['file']:<36} "
                          f"{r['mutation']}  |  {r['detail']}" + (f"  -> {r['repro']}" if r['repro'] else ""),
                          flush=True)
                elif args.verbose and r["cls"] in ("vague", "odd-exit", "slow"):
                    print(f"  {r['cls']:11} #{r['index']:<6} {r['scenario']:<20} {r['file']:<36} {r['mutation']}  |  "
                          f"{r.get('detail', '')}", flush=True)
            if time.time() - last_progress > 60:
                last_progress = time.time()
                c = collections.Counter(r["cls"] for r in results)
                camp.log(f"  ... {len(results)} mutants done: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    return results


def report(camp, pairs, results, args, elapsed, baseline_failures):
    c = collections.Counter(r["cls"] for r in results)
    n = len(results)
    run_secs = sum(r.get("seconds", 0) for r in results)
    print(f"\n== {n} mutants of {len(pairs)} (command, file) pairs, seed {args.seed}, jobs {args.jobs}: "
          f"{elapsed:.0f} s wall clock including setup, {run_secs / max(n, 1):.2f} s per mutant run")
    order = ["ok", "error", "vague", "odd-exit", "slow", "n/a", "crash", "hang", "wrong-accept"]
    print("outcomes: " + ", ".join(f"{k} {c[k]}" for k in order if c[k]))
    groups = collections.defaultdict(list)
    for r in results:
        if r["cls"] in FAILURES:
            groups[(r["cls"], r["command"], r["file"], r.get("signature", ""))].append(r)
    if groups:
        print("failures by command, file and site (count, one repro):")
        for key in sorted(groups, key=lambda k: (FAILURES.index(k[0]), k[1], k[2], k[3])):
            rs = sorted(groups[key], key=lambda r: r["index"])
            repro = next((r["repro"] for r in rs if r.get("repro")), "")
            print(f"  {key[0]:12} {key[1]:<14} {key[2]:<36} x{len(rs):<4} {key[3]}")
            print(f"  {'':12} e.g. #{rs[0]['index']} {rs[0]['mutation'][:110]}  {repro}")
    warn = collections.Counter((r["cls"], r["scenario"], r["file"]) for r in results if r["cls"] in ("vague", "odd-exit", "slow"))
    if warn:
        print("warnings (not failures) by scenario and file:")
        for (cls, scen, f), k in sorted(warn.items(), key=lambda x: -x[1])[:25]:
            ex = next(r for r in results if (r["cls"], r["scenario"], r["file"]) == (cls, scen, f))
            print(f"  {cls:9} {scen:<20} {f:<36} x{k:<4} e.g. #{ex['index']} {ex['mutation'][:50]}: {ex.get('detail', '')[:90]}")
    if camp.root:
        print("not applicable: unreadable files (chmod 000) -- running as root, which reads them anyway")
    if baseline_failures:
        print(f"scenarios dropped because they fail on the valid corpus: {', '.join(baseline_failures)}")
    if any(r["cls"] in FAILURES for r in results):
        print(f"failing mutants (up to {args.keep_per_signature} per signature) with repro.sh: {camp.keep}")
    failed = sum(c[k] for k in FAILURES)
    passed = n - failed - c["n/a"]
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or baseline_failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Mutators. Each returns (bytes, description, fields) where fields name what was changed.
This module: the helpers every mutator uses (a weighted choice, a position biased to the
head) and the format-blind mutations (bit flips, interesting bytes, truncation, chunk
edits). The format-aware ones are in mutators_json.py (JSON, certificates),
mutators_data.py (CSV, safetensors, IDX, gzip) and mutators_keys.py (.r1cs/.wtns/.zkey,
proving.key, weight-wire-sums.bin)."""


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

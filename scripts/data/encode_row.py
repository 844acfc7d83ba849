#!/usr/bin/env python3
"""Recompute a table model's integer inputs from a raw CSV row, independently of ZKTrain.

What a verifier does to check that a proof's public inputs are the encoding of a raw row:
it reads the rule stored in the model (`model.int.json` → "input", or `model.json` →
"encoding") and applies the documented formula in IEEE-754 binary64, in this order:

    numeric column:      q = clamp(round_half_away(((x - center) / spread) * multiplier), low, high)
                         (a missing cell takes fillNumber, if the model imputes)
    categorical column:  one feature per category (sorted), q = multiplier for the row's
                         category and 0 for the others (a missing cell takes fillCategory)

Usage: encode_row.py MODEL_JSON ROW.csv [PUBLIC_JSON]
Prints the integers as a JSON array. With PUBLIC_JSON (a proof's public.json of a circuit
compiled with a public input, laid out as circuit.json says: outputs first, then the inputs),
also checks that the proof's input signals are exactly these integers (mod r for negatives)
and exits non-zero if not. Python's csv module reads the row (RFC 4180).
"""
import csv
import json
import math
import sys

R = 21888242871839275222246405745257522885686400771708281674060005264117325057217  # BN254 scalar field
MISSING = {"", "NA", "N/A", "NaN", "nan", "NULL", "null"}


def round_half_away(v: float) -> int:
    a = abs(v)
    f = math.floor(a)
    r = f + 1 if a - f >= 0.5 else f  # a - f is exact for a < 2^52
    return int(r) if v >= 0 else -int(r)


def encode(rule: dict, row: dict) -> list:
    t = rule["table"]
    m, low, high = t["multiplier"], rule["low"], rule["high"]
    out = []
    for col in t["columns"]:
        raw = row.get(col["name"])
        if raw is None:
            sys.exit(f"the row has no column {col['name']!r}")
        raw = raw.strip()
        missing = raw in MISSING
        if "categories" in col and col["categories"] is not None:
            cat = col.get("fillCategory") if missing else raw
            if cat is None:
                sys.exit(f"column {col['name']!r}: missing value and no fill")
            if cat not in col["categories"]:
                try:
                    x = float(cat)
                    cat = str(int(x)) if x == int(x) else repr(x)
                except ValueError:
                    pass
            if cat not in col["categories"]:
                sys.exit(f"column {col['name']!r}: unknown category {cat!r}")
            out += [int(m) if c == cat else 0 for c in col["categories"]]
        else:
            x = col.get("fillNumber") if missing else float(raw)
            if x is None:
                sys.exit(f"column {col['name']!r}: missing value and no fill")
            v = ((x - col["center"]) / col["spread"]) * m
            out.append(min(max(round_half_away(v), low), high))
    return out


def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    model = json.load(open(sys.argv[1]))
    rule = model.get("input") or model.get("encoding")
    if not rule or rule.get("kind") != "table":
        sys.exit(f"{sys.argv[1]}: no table input encoding")
    with open(sys.argv[2], newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != 1:
        sys.exit(f"{sys.argv[2]}: expected one data row, found {len(rows)}")
    q = encode(rule, rows[0])
    print(json.dumps(q))
    if len(sys.argv) == 4:
        public = [int(s) for s in json.load(open(sys.argv[3]))]
        want = [v % R for v in q]
        # The inputs are the last len(q) public signals when the input is public.
        got = public[-len(q):]
        if got != want:
            sys.exit(f"MISMATCH: public.json inputs {got[:8]}… differ from the recomputed {want[:8]}…")
        print(f"public.json holds exactly these {len(q)} integers")


if __name__ == "__main__":
    main()

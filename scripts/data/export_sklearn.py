#!/usr/bin/env python3
"""Writes datasets/breast-cancer/ and datasets/digits/ from the copies scikit-learn bundles.

Writes datasets/breast-cancer/{breast_cancer,train,test}.csv and datasets/digits/digits.npz
(the READMEs beside them are written by hand). Reads only the files inside the scikit-learn
package (load_breast_cancer, load_digits): nothing is downloaded. Deterministic: re-running
with the same scikit-learn gives byte-identical CSVs, and the same .npz with the same zlib.
Needs scikit-learn from PyPI (`python3 -m pip install scikit-learn`); made with Python 3.11.7,
numpy 2.4.6, scikit-learn 1.9.1. Usage (from the repository root):

    python3 scripts/data/export_sklearn.py [--root .]

Splits: train_test_split(test_size=0.2, stratify=y, random_state=0), rows kept in the order
it returns them. Breast cancer: 455 train + 114 test; digits: 1,437 train + 360 test.
"""

import argparse
import csv
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.model_selection import train_test_split

TEST_SIZE = 0.2
RANDOM_STATE = 0


def split(x, y):
    """Returns (x_train, x_test, y_train, y_test), stratified on y."""
    return train_test_split(x, y, test_size=TEST_SIZE, stratify=y, random_state=RANDOM_STATE)


def write_csv(path, header, x, labels):
    """Writes one row per example: features as repr(float) (shortest round-trip), then the label."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row, label in zip(x, labels):
            writer.writerow([repr(float(v)) for v in row] + [label])
    print(f"wrote {path}: {len(labels)} rows x {len(header)} columns")


def export_breast_cancer(folder):
    """x: [569, 30] float64; last column `diagnosis` is 'malignant' (target 0) or 'benign' (1)."""
    data = load_breast_cancer()
    x, y = data.data, data.target
    assert x.shape == (569, 30) and x.dtype == np.float64
    names = [str(n) for n in data.target_names]
    assert names == ["malignant", "benign"], names
    header = [str(n) for n in data.feature_names] + ["diagnosis"]
    os.makedirs(folder, exist_ok=True)
    write_csv(os.path.join(folder, "breast_cancer.csv"), header, x, [names[t] for t in y])
    x_train, x_test, y_train, y_test = split(x, y)
    write_csv(os.path.join(folder, "train.csv"), header, x_train, [names[t] for t in y_train])
    write_csv(os.path.join(folder, "test.csv"), header, x_test, [names[t] for t in y_test])


def export_digits(folder):
    """x: [N, 8, 8, 1] uint8 in 0...16 (height, width, channels); y: [N] int64 in 0...9."""
    data = load_digits()
    images, y = data.images, data.target
    assert images.shape == (1797, 8, 8)
    assert np.all(images == np.round(images)) and images.min() >= 0 and images.max() <= 16
    x = images.astype(np.uint8).reshape(-1, 8, 8, 1)
    y = y.astype(np.int64)
    x_train, x_test, y_train, y_test = split(x, y)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "digits.npz")
    # numpy names each member with zipfile's default 1980-01-01 timestamp, so the bytes
    # depend only on the arrays and zlib.
    np.savez_compressed(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    print(f"wrote {path}: x_train {x_train.shape}, x_test {x_test.shape} uint8; y int64")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args()
    print(f"scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    export_breast_cancer(os.path.join(args.root, "datasets", "breast-cancer"))
    export_digits(os.path.join(args.root, "datasets", "digits"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""scikit-learn baselines on the committed splits in datasets/breast-cancer/ and datasets/digits/.

Reads the committed files (train.csv/test.csv, digits.npz), never scikit-learn's own loaders,
so the numbers are for exactly the rows ZKTrain sees. Prints one JSON object on stdout: test
accuracies and the library versions. Deterministic (fixed random_state, lbfgs). Not tuned:
default C, a single small MLP for reference. Needs scikit-learn from PyPI; made with Python
3.11.7, numpy 2.4.6, scikit-learn 1.9.1. Usage (from the repository root):

    python3 scripts/data/baseline_sklearn.py [--root .]
"""

import argparse
import csv
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

LABEL = "diagnosis"


def read_table(path):
    """Returns (x: [rows, 30] float64, y: [rows] strings) of a breast-cancer CSV."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if header[-1] != LABEL:
        raise SystemExit(f"{path}: last column is {header[-1]!r}, expected {LABEL!r}")
    x = np.array([[float(v) for v in row[:-1]] for row in body], dtype=np.float64)
    y = np.array([row[-1] for row in body])
    return x, y


def breast_cancer(folder):
    x_train, y_train = read_table(os.path.join(folder, "train.csv"))
    x_test, y_test = read_table(os.path.join(folder, "test.csv"))
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=10000))
    model.fit(x_train, y_train)
    return {
        "train_rows": len(y_train),
        "test_rows": len(y_test),
        "features": x_train.shape[1],
        "logistic_regression_standardized": {
            "train_accuracy": model.score(x_train, y_train),
            "test_accuracy": model.score(x_test, y_test),
        },
    }


def digits(path):
    with np.load(path) as z:
        # x: [N, 8, 8, 1] uint8 in 0...16 -> [N, 64] float in 0...1
        x_train = z["x_train"].reshape(len(z["x_train"]), -1) / 16.0
        x_test = z["x_test"].reshape(len(z["x_test"]), -1) / 16.0
        y_train, y_test = z["y_train"], z["y_test"]
    result = {"train_rows": len(y_train), "test_rows": len(y_test), "features": x_train.shape[1]}
    models = {
        "logistic_regression": LogisticRegression(max_iter=10000),
        "mlp_64_relu": MLPClassifier(hidden_layer_sizes=(64,), max_iter=2000, random_state=0),
    }
    for name, model in models.items():
        with warnings.catch_warnings():
            warnings.simplefilter("error", category=sklearn.exceptions.ConvergenceWarning)
            model.fit(x_train, y_train)
        result[name] = {
            "train_accuracy": model.score(x_train, y_train),
            "test_accuracy": model.score(x_test, y_test),
        }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".", help="repository root (default: current directory)")
    args = parser.parse_args()
    datasets = os.path.join(args.root, "datasets")
    report = {
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "breast_cancer": breast_cancer(os.path.join(datasets, "breast-cancer")),
        "digits": digits(os.path.join(datasets, "digits", "digits.npz")),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

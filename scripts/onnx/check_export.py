#!/usr/bin/env python3
"""Checks `zktrain export --onnx` with onnxruntime (an independent implementation).

Trains small models on the committed data with the given zktrain binary (float and
quantization-aware; images and a table; every layer kind the exporter emits), exports each with
`--reference`, runs the ONNX file in onnxruntime on the reference's test inputs and checks:
  - onnx.checker accepts the file (opset 13);
  - logits agree with ZKTrain's forward: per row, max |ort - zktrain| <= 1e-4 * max(1, max |zktrain|);
  - argmax agrees on >= 99.9 % of the test items;
  - for a QAT model, argmax vs the exact integer model's predictions is reported
    (the export is the float image of the integer model; integer rescales are not modelled).
Usage: check_export.py ZKTRAIN [--work DIR]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

import numpy as np
import onnx
import onnxruntime as ort

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FASHION = os.path.join(ROOT, "datasets", "fashion-mnist-subset")
BC = os.path.join(ROOT, "datasets", "breast-cancer")

MODELS = [
    # name, train arguments
    ("cnn-float", ["--arch", "conv(4,k3,s2) bn sq avgpool(2) dense(16) bn sq dense(10)", "--epochs", "3", "--batch-size", "32", "--lr", "0.003", "--data", FASHION]),
    ("every-layer-float", ["--arch", "conv(3,k3,p1) bn quad(ch) sumpool(2) conv(4,k3,s2) poly(relu,d3,r4) avgpool(2,s1) flatten dense(12) bn relu dense(10)",
                           "--epochs", "3", "--batch-size", "32", "--lr", "0.003", "--data", FASHION]),
    ("cnn-qat", ["--arch", "conv(4,k3,s2) bn sq avgpool(2) dense(16) bn sq dense(10)", "--epochs", "3", "--batch-size", "32", "--lr", "0.003", "--weight-bits", "8", "--data", FASHION]),
    ("table-float", ["--arch", "dense(4) bn sq dense(2)", "--epochs", "20", "--batch-size", "16", "--lr", "0.003",
                     "--data", os.path.join(BC, "train.csv"), "--test-data", os.path.join(BC, "test.csv"), "--label", "diagnosis"]),
    ("table-qat", ["--arch", "dense(4) bn sq dense(2)", "--epochs", "20", "--batch-size", "16", "--lr", "0.003", "--weight-bits", "8",
                   "--input-bits", "12", "--scaling", "minmax",
                   "--data", os.path.join(BC, "train.csv"), "--test-data", os.path.join(BC, "test.csv"), "--label", "diagnosis"]),
]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r.stdout


def check(zktrain, work, name, train_args):
    d = os.path.join(work, name)
    run([zktrain, "train", "--out", d, "--seed", "1"] + train_args)
    path, ref_path = d + ".onnx", d + ".reference.json"
    run([zktrain, "export", d, "--onnx", path, "--reference", ref_path])
    onnx.checker.check_model(onnx.load(path), full_check=True)
    ref = json.load(open(ref_path))
    n, shape = ref["count"], ref["shape"]
    x = np.array(ref["inputs"], dtype=np.int64).reshape([n] + shape)
    # The graph's input: integers times the scale (as ZKTrain computes it, in float32), NCHW for images.
    x = x.astype(np.float32) * np.float32(ref["scale"])
    if len(shape) == 3:
        x = x.transpose(0, 3, 1, 2).copy()
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    got = sess.run(["logits"], {"input": x})[0]
    want = np.array(ref["logits"], dtype=np.float64)
    err = np.abs(got - want).max(axis=1) / np.maximum(1.0, np.abs(want).max(axis=1))
    agree = float((got.argmax(axis=1) == want.argmax(axis=1)).mean())
    acc = float((got.argmax(axis=1) == np.array(ref["labels"])).mean())
    line = f"{name}: {n} items, onnxruntime accuracy {acc * 100:.1f} %, max relative logit error {err.max():.2e}, argmax agreement {agree * 100:.2f} %"
    ok = err.max() <= 1e-4 and agree >= 0.999
    if "integerPredictions" in ref:
        ints = np.array(ref["integerPredictions"])
        int_agree = float((got.argmax(axis=1) == ints).mean())
        line += f", vs integer model {int_agree * 100:.2f} % ({int((got.argmax(axis=1) != ints).sum())} differ)"
        ok = ok and int_agree >= 0.999
    print(("ok   " if ok else "FAIL ") + line)
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zktrain")
    ap.add_argument("--work")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="zktrain-onnx-")
    t = time.time()
    results = [check(a.zktrain, work, name, args) for name, args in MODELS]
    print(f"ONNX export check: {sum(results)}/{len(results)} models pass ({time.time() - t:.0f} s)")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks `zktrain import --convert` + `zktrain train --init` (making a ReLU model provable).

A ReLU CNN is trained in ZKTrain on the committed Fashion-MNIST subset and exported; a second
file has its AveragePool replaced by MaxPool (so the original is a ReLU + MaxPool network as
onnxruntime runs it; it was not trained with MaxPool, so its accuracy is lower). Each file is
imported with --convert (ReLU -> degree-2 fit on +-3 RMS of its input, MaxPool -> average pool);
the ReLU one is fine-tuned with 8-bit QAT (train --init) and quantized. Prints original
(onnxruntime) / converted / fine-tuned integer accuracy, and fails if the fine-tuned integer model
is more than 5 points below the original. (Issue 18's 1-point target is for full Fashion-MNIST.)
Usage: check_convert.py ZKTRAIN [--work DIR] [--epochs N]
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time

import numpy as np
import onnx
import onnxruntime as ort

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FASHION = os.path.join(ROOT, "datasets", "fashion-mnist-subset")
ARCH = "conv(8,k3,s2) bn relu avgpool(2) dense(32) bn relu dense(10)"


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r.stdout + r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zktrain")
    ap.add_argument("--work")
    ap.add_argument("--epochs", type=int, default=2, help="fine-tuning epochs (QAT)")
    a = ap.parse_args()
    z, work = a.zktrain, a.work or tempfile.mkdtemp(prefix="zktrain-onnx-convert-")
    t = time.time()
    src = os.path.join(work, "relu")
    run([z, "train", "--arch", ARCH, "--epochs", "5", "--batch-size", "32", "--lr", "0.003", "--data", FASHION, "--out", src])
    run([z, "export", src, "--onnx", src + ".onnx", "--reference", src + ".ref.json"])
    m = onnx.load(src + ".onnx")
    for n in m.graph.node:
        if n.op_type == "AveragePool":
            n.op_type = "MaxPool"
    onnx.checker.check_model(m)
    onnx.save(m, src + "-maxpool.onnx")
    ref = json.load(open(src + ".ref.json"))
    x = (np.array(ref["inputs"]).reshape([ref["count"]] + ref["shape"]).astype(np.float32)
         * np.float32(ref["scale"])).transpose(0, 3, 1, 2).copy()
    labels = np.array(ref["labels"])
    ok = True
    for name in ("relu", "relu-maxpool"):
        path = os.path.join(work, name + ".onnx")
        original = float((ort.InferenceSession(path).run(None, {"input": x})[0].argmax(1) == labels).mean())
        d = os.path.join(work, name)
        out = run([z, "import", path, "--out", d + ".conv", "--convert", "--data", FASHION])
        converted = float(re.search(r"float accuracy ([0-9.]+)%", out).group(1)) / 100
        arch = re.search(r": (.*), \d+ parameters", out).group(1)
        line = f"{name}: original (onnxruntime) {original * 100:.1f} %, converted {converted * 100:.1f} % ({arch})"
        if name == "relu-maxpool":
            # MaxPool -> average pool gives back the network trained with average pooling: the same model as above.
            good = "MaxPool" not in arch and abs(converted - first_converted) < 1e-9
            ok = ok and good
            print(("ok   " if good else "FAIL ") + line + "; the same converted model as relu's")
            continue
        first_converted = converted
        run([z, "train", "--init", d + ".conv", "--out", d + ".ft", "--epochs", str(a.epochs), "--weight-bits", "8",
             "--batch-size", "32", "--lr", "0.001"])
        run([z, "quantize", d + ".ft", "--out", d + ".int"])
        integer = json.loads(run([z, "eval", d + ".int", "--integer", "--json"]).strip().splitlines()[-1])["accuracy"]
        good = integer >= original - 0.05
        ok = ok and good
        print(("ok   " if good else "FAIL ") + line + f", after {a.epochs} epochs of 8-bit QAT: integer {integer * 100:.1f} %")
    print(f"ONNX convert check: {'pass' if ok else 'FAIL'} ({time.time() - t:.0f} s)")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

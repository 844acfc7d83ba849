#!/usr/bin/env python3
"""Checks `zktrain import` with onnxruntime (an independent implementation).

Builds graphs with onnx.helper (seeded random weights) that together use every operator the
importer supports, imports each into a model directory for the committed Fashion-MNIST subset,
and compares ZKTrain's forward (read back through `zktrain export --reference`) with
onnxruntime running the original graph on the same test images:
  per row, max |ort - zktrain| <= 1e-4 * max(1, max |ort|), argmax agreement >= 99.9 %.
The re-exported graph is run too (import -> export round trip), and a model trained here goes
export -> import -> export with the same logits. The x² CNN then goes through
quantize --weight-bits 8, compile, setup, prove and verify. Malformed files (an unsupported
operator, a truncated file) must fail with a clear message.
Usage: check_import.py ZKTRAIN [--work DIR]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FASHION = os.path.join(ROOT, "datasets", "fashion-mnist-subset")
rng = np.random.default_rng(18)


def init(name, shape, scale):
    return numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name)


def model(name, nodes, inits, classes=10):
    g = helper.make_graph(nodes, name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, 28, 28])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", classes])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="check_import.py")
    onnx.checker.check_model(m, full_check=True)
    return m


def graphs():
    bn = lambda n, c: [numpy_helper.from_array(v.astype(np.float32), f"{n}_{k}") for k, v in
                       [("s", 1 + 0.1 * rng.standard_normal(c)), ("b", 0.1 * rng.standard_normal(c)),
                        ("m", 0.1 * rng.standard_normal(c)), ("v", 0.5 + rng.random(c))]]
    # 1. An x² CNN: Conv (stride, padding, bias) → BatchNormalization → Mul(x, x) → AveragePool →
    #    Flatten of 3 channels (rows permuted) → Gemm (transB) → Identity.
    cnn = model("sq-cnn", [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn1_s", "bn1_b", "bn1_m", "bn1_v"], ["n1"], epsilon=1e-3),
        helper.make_node("Mul", ["n1", "n1"], ["a1"]),
        helper.make_node("AveragePool", ["a1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p1"], ["f1"], axis=1),
        helper.make_node("Gemm", ["f1", "w2", "b2"], ["g2"], transB=1),
        helper.make_node("Identity", ["g2"], ["y"]),
    ], [init("w1", [3, 1, 3, 3], 0.5), init("b1", [3], 0.1), *bn("bn1", 3), init("w2", [10, 147], 0.1), init("b2", [10], 0.1)])
    # 2. Conv without bias + Add of a per-channel constant, Pow(x, 2), GlobalAveragePool,
    #    Reshape via a Constant shape, Dropout, MatMul + Add.
    gap = model("gap", [
        helper.make_node("Conv", ["x", "w1"], ["c1"], kernel_shape=[4, 4], strides=[3, 3]),
        helper.make_node("Add", ["c1", "cb"], ["c2"]),
        helper.make_node("Pow", ["c2", "two"], ["a1"]),
        helper.make_node("GlobalAveragePool", ["a1"], ["p1"]),
        helper.make_node("Constant", [], ["shape"], value=numpy_helper.from_array(np.array([0, -1], dtype=np.int64))),
        helper.make_node("Reshape", ["p1", "shape"], ["f1"]),
        helper.make_node("Dropout", ["f1"], ["d1"]),
        helper.make_node("MatMul", ["d1", "w2"], ["m2"]),
        helper.make_node("Add", ["m2", "b2"], ["y"]),
    ], [init("w1", [6, 1, 4, 4], 0.5), init("cb", [1, 6, 1, 1], 0.1), numpy_helper.from_array(np.array(2, dtype=np.float32), "two"),
        init("w2", [6, 10], 1.0), init("b2", [10], 0.1)])
    # 3. An MLP: Flatten, Gemm (no transB, alpha, beta), BatchNormalization on a vector, Relu,
    #    Gemm, a scalar Mul folded into it.
    mlp = model("mlp", [
        helper.make_node("Flatten", ["x"], ["f"]),
        helper.make_node("Gemm", ["f", "w1", "b1"], ["g1"], alpha=0.5, beta=2.0),
        helper.make_node("BatchNormalization", ["g1", "bn_s", "bn_b", "bn_m", "bn_v"], ["n1"]),
        helper.make_node("Relu", ["n1"], ["r1"]),
        helper.make_node("Gemm", ["r1", "w2", "b2"], ["g2"], transB=1),
        helper.make_node("Mul", ["g2", "k"], ["y"]),
    ], [init("w1", [784, 32], 0.1), init("b1", [32], 0.1), *bn("bn", 32), init("w2", [10, 32], 0.3), init("b2", [10], 0.1),
        numpy_helper.from_array(np.array(1.5, dtype=np.float32), "k")])
    # 4. `x.view(x.size(0), -1)` as torch.onnx.export (opset 13) writes it: Shape → Gather →
    #    Unsqueeze → Concat → Reshape, after a 4-channel conv (rows permuted).
    view = model("view", [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], kernel_shape=[3, 3], strides=[2, 2]),
        helper.make_node("Mul", ["c1", "c1"], ["a1"]),
        helper.make_node("Shape", ["a1"], ["s"]),
        helper.make_node("Gather", ["s", "zero"], ["n"], axis=0),
        helper.make_node("Unsqueeze", ["n", "axes"], ["n1"]),
        helper.make_node("Concat", ["n1", "minus1"], ["target"], axis=0),
        helper.make_node("Reshape", ["a1", "target"], ["f"]),
        helper.make_node("Gemm", ["f", "w2", "b2"], ["y"], transB=1),
    ], [init("w1", [4, 1, 3, 3], 0.5), init("b1", [4], 0.1), init("w2", [10, 676], 0.05), init("b2", [10], 0.1),
        numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"), numpy_helper.from_array(np.array([0], dtype=np.int64), "axes"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "minus1")])
    return [cnn, gap, mlp, view]


def run(cmd, ok=True):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if ok and r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r


def ort_logits(path, x):
    return ort.InferenceSession(path, providers=["CPUExecutionProvider"]).run(None, {ort.InferenceSession(path).get_inputs()[0].name: x})[0]


def compare(name, got, want):
    err = float((np.abs(got - want).max(axis=1) / np.maximum(1.0, np.abs(want).max(axis=1))).max())
    agree = float((got.argmax(axis=1) == want.argmax(axis=1)).mean())
    ok = err <= 1e-4 and agree >= 0.999
    print(("ok   " if ok else "FAIL ") + f"{name}: max relative logit error {err:.2e}, argmax agreement {agree * 100:.2f} %")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zktrain")
    ap.add_argument("--work")
    a = ap.parse_args()
    z, work = a.zktrain, a.work or tempfile.mkdtemp(prefix="zktrain-onnx-import-")
    t = time.time()
    ok = []
    for m in graphs():
        name = m.graph.name
        src, d = os.path.join(work, name + ".onnx"), os.path.join(work, name)
        onnx.save(m, src)
        print(run([z, "import", src, "--out", d, "--data", FASHION]).stdout.strip())
        back, ref_path = d + ".back.onnx", d + ".reference.json"
        run([z, "export", d, "--onnx", back, "--reference", ref_path])
        ref = json.load(open(ref_path))
        x = (np.array(ref["inputs"], dtype=np.int64).reshape([ref["count"]] + ref["shape"]).astype(np.float32)
             * np.float32(ref["scale"])).transpose(0, 3, 1, 2).copy()
        want = ort_logits(src, x)
        ok.append(compare(f"{name}: imported vs onnxruntime", np.array(ref["logits"]), want))
        ok.append(compare(f"{name}: re-exported vs original (onnxruntime)", ort_logits(back, x), want))
    # Export → import → export of a model trained here: the same logits on the test set.
    d = os.path.join(work, "trained")
    run([z, "train", "--arch", "conv(4,k3,s2) bn sq avgpool(2) dense(16) bn sq dense(10)", "--epochs", "1", "--data", FASHION, "--out", d])
    run([z, "export", d, "--onnx", d + ".onnx", "--reference", d + ".ref.json"])
    run([z, "import", d + ".onnx", "--out", d + ".imported", "--data", FASHION])
    run([z, "export", d + ".imported", "--onnx", d + ".again.onnx", "--reference", d + ".again.ref.json"])
    first, again = (np.array(json.load(open(p))["logits"]) for p in (d + ".ref.json", d + ".again.ref.json"))
    ok.append(compare("trained: export -> import -> export, ZKTrain logits", again, first))
    # The imported x² CNN is an ordinary model directory: quantize, compile, prove, verify.
    d = os.path.join(work, "sq-cnn")
    run([z, "quantize", d, "--weight-bits", "8", "--out", d + ".int"])
    run([z, "compile", d + ".int", "--output", "logits+label", "--out", d + ".circuit"])
    run([z, "setup", d + ".circuit"])
    run([z, "prove", d + ".circuit", "--model", d + ".int", "--image", "3", "--data", FASHION, "--out", d + ".proof"])
    v = run([z, "verify", os.path.join(d + ".circuit", "verification_key.json"), os.path.join(d + ".proof", "proof.json"),
             os.path.join(d + ".proof", "public.json")], ok=False)
    ok.append(v.returncode == 0)
    print(("ok   " if v.returncode == 0 else "FAIL ") + "sq-cnn: quantize, compile, setup, prove, verify")
    # Malformed input: an unsupported operator, a truncated file.
    bad = model("bad", [helper.make_node("Flatten", ["x"], ["f"]), helper.make_node("Gemm", ["f", "w", "b"], ["g"]),
                        helper.make_node("Sigmoid", ["g"], ["y"], name="the_sigmoid")],
                [init("w", [784, 10], 0.1), init("b", [10], 0.1)])
    onnx.save(bad, os.path.join(work, "bad.onnx"))
    r = run([z, "import", os.path.join(work, "bad.onnx"), "--out", os.path.join(work, "bad"), "--data", FASHION], ok=False)
    good = r.returncode == 1 and "the_sigmoid" in r.stderr and "Sigmoid" in r.stderr and "supported: Gemm" in r.stderr
    print(("ok   " if good else "FAIL ") + "unsupported operator: " + r.stderr.strip())
    ok.append(good)
    raw = open(os.path.join(work, "sq-cnn.onnx"), "rb").read()
    open(os.path.join(work, "cut.onnx"), "wb").write(raw[: len(raw) // 2])
    r = run([z, "import", os.path.join(work, "cut.onnx"), "--out", os.path.join(work, "cut"), "--data", FASHION], ok=False)
    good = r.returncode == 1 and "cut.onnx" in r.stderr and "runs past the end" in r.stderr
    print(("ok   " if good else "FAIL ") + "truncated file: " + r.stderr.strip())
    ok.append(good)
    print(f"ONNX import check: {sum(ok)}/{len(ok)} checks pass ({time.time() - t:.0f} s)")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if all(ok) else 1)


if __name__ == "__main__":
    main()

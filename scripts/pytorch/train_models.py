#!/usr/bin/env python3
"""Trains four small Fashion-MNIST classifiers in PyTorch and exports them with torch.onnx.export.

Written the way a PyTorch user would write them, not shaped to ZKTrain's importer:

  sq_mlp    Flatten, Linear(784, 64), BatchNorm1d, x*x, Linear(64, 10)
  sq_cnn    Conv2d(1, 8, 5, stride=2), BatchNorm2d, x*x, AvgPool2d(2), Flatten, Linear(288, 10)
  relu_mlp  Flatten, Linear(784, 64), ReLU, Linear(64, 10)
  relu_cnn  Conv2d(1, 8, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(8, 16, 3, padding=1), ReLU,
            MaxPool2d(2), Flatten, Linear(784, 10)

Input: float32 [batch, 1, 28, 28], pixel / 255 (torchvision's ToTensor, no Normalize), which is
what `zktrain import` takes. Full Fashion-MNIST (60,000 training, 10,000 test images) from the
Debian package dataset-fashion-mnist. Seeded, CPU, 2 threads, Adam at 1e-3, batch 128.
Writes OUT/NAME.onnx and OUT/summary.json (torch/onnx versions, opsets, operators, onnxruntime
test accuracy of each file). Usage: train_models.py --out DIR [--epochs N] [--only NAME ...]
"""
import argparse, glob, gzip, json, os, time

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn

FASHION = "/usr/share/datasets/fashion-mnist"


def idx(pattern):
    """Reads the IDX file (gzipped or not) under FASHION whose name starts with `pattern`."""
    paths = sorted(glob.glob(os.path.join(FASHION, pattern + "*")))
    if not paths:
        raise SystemExit(f"no {pattern}* in {FASHION}: apt-get install dataset-fashion-mnist")
    raw = (gzip.open if paths[0].endswith(".gz") else open)(paths[0], "rb").read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load():
    x_train = idx("train-images").astype(np.float32)[:, None] / 255
    x_test = idx("t10k-images").astype(np.float32)[:, None] / 255
    return x_train, idx("train-labels").astype(np.int64), x_test, idx("t10k-labels").astype(np.int64)


class Square(nn.Module):
    def forward(self, x):
        return x * x


# Factories, so that each model is initialised right after seeding.
MODELS = {
    "sq_mlp": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.BatchNorm1d(64), Square(), nn.Linear(64, 10)),
    "sq_cnn": lambda: nn.Sequential(nn.Conv2d(1, 8, 5, stride=2), nn.BatchNorm2d(8), Square(), nn.AvgPool2d(2),
                                    nn.Flatten(), nn.Linear(8 * 6 * 6, 10)),
    "relu_mlp": lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10)),
    "relu_cnn": lambda: nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Flatten(), nn.Linear(16 * 7 * 7, 10)),
}


def train(model, x, y, epochs, seed):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(xt), generator=g)
        total = 0.0
        for i in range(0, len(xt), 128):
            b = order[i:i + 128]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xt[b]), yt[b])
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
        print(f"  epoch {epoch + 1}/{epochs}: train loss {total / len(xt):.4f}", flush=True)


def ort_accuracy(path, x, y):
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = sess.get_inputs()[0].name
    logits = np.concatenate([sess.run(None, {name: x[i:i + 1000]})[0] for i in range(0, len(x), 1000)])
    return float((logits.argmax(1) == y).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", nargs="*", help="train only these models")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    torch.set_num_threads(2)
    os.makedirs(a.out, exist_ok=True)
    x_train, y_train, x_test, y_test = load()
    summary_path = os.path.join(a.out, "summary.json")
    summary = json.load(open(summary_path)) if os.path.exists(summary_path) else {}
    summary.update({"torch": torch.__version__, "onnx": onnx.__version__, "onnxruntime": ort.__version__,
                    "train_items": len(x_train), "test_items": len(x_test)})
    summary.setdefault("models", {})
    for name, make in MODELS.items():
        if a.only and name not in a.only:
            continue
        torch.manual_seed(a.seed)
        model = make()
        print(f"{name}: {sum(p.numel() for p in model.parameters())} parameters, {a.epochs} epochs", flush=True)
        t = time.time()
        train(model, x_train, y_train, a.epochs, a.seed)
        model.eval()
        path = os.path.join(a.out, name + ".onnx")
        # As the PyTorch documentation shows it: an example input, names, a dynamic batch.
        torch.onnx.export(model, (torch.zeros(1, 1, 28, 28),), path, input_names=["input"], output_names=["logits"],
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
        m = onnx.load(path)
        onnx.checker.check_model(m)
        with torch.no_grad():
            torch_acc = float((model(torch.from_numpy(x_test)).argmax(1).numpy() == y_test).mean())
        acc = ort_accuracy(path, x_test, y_test)
        opset = next(o.version for o in m.opset_import if o.domain in ("", "ai.onnx"))
        ops = sorted({n.op_type for n in m.graph.node})
        files = sorted(f for f in os.listdir(a.out) if f.startswith(name + ".onnx"))
        summary["models"][name] = {"onnx": path, "files": files, "opset": opset, "operators": ops,
                                   "torch_accuracy": torch_acc, "onnxruntime_accuracy": acc, "epochs": a.epochs,
                                   "seconds": round(time.time() - t, 1)}
        print(f"{name}: onnxruntime test accuracy {acc * 100:.2f} % (torch {torch_acc * 100:.2f} %), opset {opset}, "
              f"operators {', '.join(ops)}, files {files} ({time.time() - t:.0f} s)", flush=True)
    json.dump(summary, open(summary_path, "w"), indent=1)


if __name__ == "__main__":
    main()

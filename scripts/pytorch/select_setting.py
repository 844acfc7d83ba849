#!/usr/bin/env python3
"""Chooses the fine-tuning setting of the converted ReLU models on validation data, not on the
test set: the first 50,000 training images fine-tune, the last 10,000 judge (the test set is not
read). Each candidate (learning rate × batch size, 3 epochs of 8-bit QAT, as acceptance.py runs
them) is scored by the mean integer accuracy of relu_mlp and relu_cnn on the validation images.
Prints every candidate and the chosen one, and writes it to WORK/relu-setting.json, which
acceptance.py then uses (--relu-setting).
Usage: select_setting.py ZKTRAIN --models DIR --work DIR [--data DIR]
"""
import argparse, gzip, json, os, shutil, statistics, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from acceptance import RELU, last_json, run  # noqa: E402

CANDIDATES = [["--lr", lr] + (["--batch-size", "32"] if small else []) for lr in ("0.001", "0.003", "0.01", "0.03") for small in (False, True)]
BASE = ["--epochs", "3", "--weight-bits", "8", "--qat-warmup", "1"]


def split(data, out, keep=50_000):
    """IDX files of the first `keep` training items (train-*) and the rest (t10k-*)."""
    os.makedirs(out, exist_ok=True)
    for kind, header in (("images-idx3", 16), ("labels-idx1", 8)):
        raw = gzip.open(os.path.join(data, f"train-{kind}-ubyte.gz")).read()
        size = (len(raw) - header) // 60_000
        for name, lo, hi in (("train", 0, keep), ("t10k", keep, 60_000)):
            head = bytearray(raw[:header])
            head[4:8] = (hi - lo).to_bytes(4, "big")
            with gzip.open(os.path.join(out, f"{name}-{kind}-ubyte.gz"), "wb") as f:
                f.write(bytes(head) + raw[header + lo * size:header + hi * size])
    if os.path.exists(os.path.join(data, "classes.txt")):
        shutil.copy(os.path.join(data, "classes.txt"), out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zktrain")
    ap.add_argument("--models", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = ap.parse_args()
    z, work = os.path.abspath(a.zktrain), os.path.join(a.work, "select")
    shutil.rmtree(work, ignore_errors=True)
    val = os.path.join(work, "data")
    split(a.data, val)
    scores = []
    for k, setting in enumerate(CANDIDATES):
        accuracies = {}
        for name in RELU:
            imported, ft, integer = (os.path.join(work, f"{name}.{s}") for s in ("imported", f"ft{k}", f"int{k}"))
            if not os.path.isdir(imported):
                run([z, "import", os.path.join(a.models, name + ".onnx"), "--out", imported, "--data", val, "--convert"])
            run([z, "train", "--init", imported, "--out", ft, *BASE, *setting, "--data", val])
            accuracies[name] = last_json(run([z, "quantize", ft, "--out", integer, "--json"])[0])["integer_accuracy"]
        mean = statistics.mean(accuracies.values())
        scores.append((mean, k))
        print(f"{' '.join(setting):28s} validation integer accuracy: "
              + ", ".join(f"{n} {v * 100:.2f} %" for n, v in accuracies.items()) + f"; mean {mean * 100:.2f} %", flush=True)
    best = CANDIDATES[max(scores)[1]]
    json.dump({"setting": BASE + best, "scores": [[CANDIDATES[k], s] for s, k in scores]},
              open(os.path.join(a.work, "relu-setting.json"), "w"), indent=1)
    print(f"chosen on validation: {' '.join(best)} → {os.path.join(a.work, 'relu-setting.json')}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 18's acceptance with models trained in PyTorch (scripts/pytorch/train_models.py).

For each x² model: `zktrain import`, onnxruntime float accuracy, then 1 epoch of 8-bit QAT
fine-tuning (`train --init`) and `quantize`; the integer model must be within 0.5 points of the
onnxruntime accuracy. For each ReLU model: `zktrain import --convert`, the original
(onnxruntime) accuracy, the accuracy right after conversion, then 3 epochs of 8-bit QAT
fine-tuning and `quantize`; the integer model must be within 1.0 point of the original.
Then every integer model is compiled, set up, proven (image 0 of the test set) and verified
with public and with committed weights; `zktrain bench circuit` gives the in-process prove time.
Prints a table, writes WORK/acceptance.json, and exits 1 naming each criterion that failed.
The ReLU models' setting is RELU_TUNE, or the one select_setting.py chose on validation data
(--relu-setting WORK/relu-setting.json).
Usage: acceptance.py ZKTRAIN --models DIR --work DIR [--data DIR] [--relu-setting FILE] [--skip-proofs]
"""
import argparse, glob, json, os, re, shutil, subprocess, sys, time

SQ = ["sq_mlp", "sq_cnn"]
RELU = ["relu_mlp", "relu_cnn"]
# Fine-tuning settings, as `zktrain train --help` offers them. --qat-warmup 0: the imported
# batch-norm statistics are already learnt, so QAT starts at once (with the default 1, a
# 1-epoch run would have no QAT epoch at all). A converted ReLU network needs retraining more
# than polishing: select_setting.py picks the learning rate and batch size on a validation
# split of the training data (README, "From PyTorch"); RELU_TUNE is its choice there.
SQ_TUNE = ["--epochs", "1", "--weight-bits", "8", "--qat-warmup", "0", "--lr", "0.0003"]
RELU_TUNE = ["--epochs", "3", "--weight-bits", "8", "--qat-warmup", "1", "--lr", "0.01", "--batch-size", "32"]


def run(cmd, ok=(0,)):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if r.returncode not in ok:
        sys.exit(f"FAIL: {' '.join(cmd)} (exit {r.returncode})\n{r.stdout}{r.stderr}")
    return r.stdout + r.stderr, seconds, r.returncode


def last_json(text):
    return json.loads([l for l in text.strip().splitlines() if l.startswith("{")][-1])


def tune(z, name, imported, work, args, data):
    ft, integer = os.path.join(work, name + ".ft"), os.path.join(work, name + ".int")
    _, seconds, _ = run([z, "train", "--init", imported, "--out", ft, *args, "--data", data])
    q = last_json(run([z, "quantize", ft, "--out", integer, "--json"])[0])
    return integer, q, seconds


def prove(z, name, integer, work, weights):
    """compile, setup, prove image 0, verify, bench circuit: one visibility of one model."""
    c, p = os.path.join(work, f"{name}.{weights}.circuit"), os.path.join(work, f"{name}.{weights}.proof")
    run([z, "compile", integer, "--weights", weights, "--output", "logits+label", "--out", c])
    constraints = json.load(open(os.path.join(c, "circuit.json")))["cost"]["constraints"]
    _, setup_s, _ = run([z, "setup", c])
    _, prove_s, _ = run([z, "prove", c, "--model", integer, "--image", "0", "--out", p])
    _, _, rc = run([z, "verify", os.path.join(c, "verification_key.json"), os.path.join(p, "proof.json"),
                    os.path.join(p, "public.json"), "--circuit", c], ok=(0, 1, 2))
    bench = last_json(run([z, "bench", "circuit", integer, "--weights", weights, "--output", "logits+label",
                           "--runs", "3", "--json"])[0])
    return {"constraints": constraints, "setup_s": setup_s, "prove_cli_s": prove_s, "verified": rc == 0,
            "prove_in_process_s": bench["median_seconds"], "peak_mib": bench["peak_bytes"] / 2**20,
            "loadavg": os.getloadavg()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zktrain")
    ap.add_argument("--models", required=True, help="train_models.py's --out")
    ap.add_argument("--work", required=True)
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--relu-setting", help="select_setting.py's relu-setting.json (default: RELU_TUNE)")
    ap.add_argument("--skip-proofs", action="store_true")
    a = ap.parse_args()
    relu_tune = json.load(open(a.relu_setting))["setting"] if a.relu_setting else RELU_TUNE
    z, work = os.path.abspath(a.zktrain), a.work
    os.makedirs(work, exist_ok=True)
    summary = json.load(open(os.path.join(a.models, "summary.json")))
    res, failures = {"uptime_start": os.popen("uptime").read().strip(), "models": {}}, []
    for name in SQ + RELU:
        onnx_path = os.path.join(a.models, name + ".onnx")
        ort_acc = summary["models"][name]["onnxruntime_accuracy"]
        imported = os.path.join(work, name + ".imported")
        for old in glob.glob(os.path.join(work, name + ".*")):  # this script's outputs of an earlier run
            if os.path.isdir(old) and not old.endswith(".ezkl"):
                shutil.rmtree(old)
        relu = name in RELU
        out, _, _ = run([z, "import", onnx_path, "--out", imported, "--data", a.data] + (["--convert"] if relu else []))
        m = {"onnxruntime": ort_acc, "arch": re.search(r": (.*), \d+ parameters", out).group(1),
             "imported": float(re.search(r"float accuracy ([0-9.]+)%", out).group(1)) / 100}
        before = re.search(r"original float accuracy: ([0-9.]+)%", out)  # ZKTrain's float run before conversion (no MaxPool)
        m["zktrain_before_conversion"] = float(before.group(1)) / 100 if before else None
        m["setting"] = relu_tune if relu else SQ_TUNE
        integer, q, m["tune_s"] = tune(z, name, imported, work, m["setting"], a.data)
        m["qat_float"], m["integer"], m["max_bound_bits"] = q["float_accuracy"], q["integer_accuracy"], q["max_bound_bits"]
        limit = 0.01 if relu else 0.005
        m["criterion"] = f"integer ≥ onnxruntime − {limit * 100:.1f} points"
        m["met"] = m["integer"] >= ort_acc - limit - 1e-12
        if not m["met"]:
            failures.append(f"{name}: integer {m['integer'] * 100:.2f} % is more than {limit * 100:.1f} points below "
                            f"onnxruntime {ort_acc * 100:.2f} %")
        print(f"{name}: {m['arch']}: onnxruntime {ort_acc * 100:.2f} %, imported{' + converted' if relu else ''} "
              f"{m['imported'] * 100:.2f} %, integer after fine-tuning {m['integer'] * 100:.2f} % "
              f"({'met' if m['met'] else 'NOT met'})", flush=True)
        if not a.skip_proofs:
            for weights in ("public", "committed"):
                m[weights] = prove(z, name, integer, work, weights)
                if not m[weights]["verified"]:
                    failures.append(f"{name}: the {weights}-weights proof did not verify")
                print(f"  {weights}: {m[weights]}", flush=True)
        res["models"][name] = m
        json.dump(res, open(os.path.join(work, "acceptance.json"), "w"), indent=1)
    res["uptime_end"] = os.popen("uptime").read().strip()
    json.dump(res, open(os.path.join(work, "acceptance.json"), "w"), indent=1)
    print(f"\ntorch {summary['torch']}, onnxruntime {summary['onnxruntime']}; {res['uptime_start']} … {res['uptime_end']}")
    print("| model | onnxruntime | imported / converted | integer (8-bit, fine-tuned) | criterion | "
          "constraints public / committed | prove in process public / committed | prove CLI public / committed |")
    print("|---|---|---|---|---|---|---|---|")
    for name, m in res["models"].items():
        p, c = m.get("public"), m.get("committed")
        cols = ["–"] * 3 if not p else [f"{p['constraints']:,} / {c['constraints']:,}",
                                        f"{p['prove_in_process_s']:.3f} s / {c['prove_in_process_s']:.2f} s",
                                        f"{p['prove_cli_s']:.2f} s / {c['prove_cli_s']:.2f} s"]
        print(f"| {name} | {m['onnxruntime'] * 100:.2f} % | {m['imported'] * 100:.2f} % | {m['integer'] * 100:.2f} % | "
              f"{'met' if m['met'] else 'NOT met'} ({m['criterion']}) | " + " | ".join(cols) + " |")
    for f in failures:
        print("FAIL " + f)
    print("PyTorch acceptance: " + ("pass" if not failures else f"FAIL ({len(failures)})"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Re-score the trained candidates of the committed Fashion-MNIST sweep under certified weights
(issue 17): no training, `zktrain cost --weights certified --json` on each candidate's integer
model (experiments/fashion-mnist/candidates/*/int), then the Pareto front of integer accuracy
against predicted prove time, beside the committed-weights prediction the sweep recorded.

Usage: python3 scripts/bench/rescore_certified.py .build/release/zktrain
"""
import csv, json, subprocess, sys
Z = sys.argv[1]
rows = list(csv.DictReader(open("experiments/fashion-mnist/results.csv")))
out = []
for r in rows:
    if not r["integer_accuracy"]:
        continue
    m = f"experiments/fashion-mnist/candidates/{r['id']}/int"
    p = subprocess.run([Z, "cost", m, "--weights", "certified", "--json"], capture_output=True, text=True)
    if p.returncode != 0:
        out.append((r, None, p.stderr.strip().splitlines()[-1][:80])); continue
    j = json.loads(p.stdout)
    out.append((r, j, None))
ok = [(float(r["integer_accuracy"]), j["predictedProveSeconds"], j["cost"]["constraints"], r) for r, j, e in out if j]
ok.sort(key=lambda t: (t[1], -t[0]))
front, best = [], -1
for acc, secs, cons, r in ok:
    if acc > best:
        front.append((acc, secs, cons, r)); best = acc
print(f"{len(rows)} candidates, {len(ok)} costed under certified weights, {sum(1 for _, j, e in out if e)} do not compile:")
for r, j, e in out:
    if e: print("  does not compile:", r["arch"], r["weight_bits"], "-", e)
print("| # | model | w | integer acc. | constraints (certified) | predicted (certified) | predicted (committed) |")
for i, (acc, secs, cons, r) in enumerate(front, 1):
    print(f"| {i} | `{r['arch']}` | {r['weight_bits']} | {acc*100:.2f} % | {cons} | {secs:.2f} s | {float(r['predicted_s_committed']):.2f} s |" if r['predicted_s_committed'] else f"| {i} | `{r['arch']}` | {r['weight_bits']} | {acc*100:.2f} % | {cons} | {secs:.2f} s | – |")

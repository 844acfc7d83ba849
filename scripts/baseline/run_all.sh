#!/usr/bin/env bash
# Run pytorch_train_bench.py for mlp+cnn, train+infer, at 1 and 2 threads
# (one process per thread count: torch's thread settings are per process),
# and merge everything into one JSON file.
#
#   PYTHON=/path/to/venv/bin/python ROUNDS=2 SECONDS_PER=10 \
#   WAIT_POLICIES="default PASSIVE" OUT=scripts/baseline/results-$(date -u +%F).json \
#   scripts/baseline/run_all.sh
#
# ROUNDS>1 alternates 1,2,1,2,... thread runs so slow drift in machine load
# hits both thread counts alike. WAIT_POLICIES lists OpenMP wait policies to
# run under: "default" leaves OMP_WAIT_POLICY unset (PyTorch's out-of-the-box
# behaviour); "PASSIVE" sets OMP_WAIT_POLICY=PASSIVE (threads sleep instead of
# spinning; matters a lot for 2 threads when other processes load the cores).
# EXTRA_ARGS passes options such as --compile / --channels-last to every run
# (recorded in each run's "variant"); the default baseline is plain eager.
# `uptime` is recorded before and after each run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-python3}"
ROUNDS="${ROUNDS:-1}"
SECONDS_PER="${SECONDS_PER:-10}"
WAIT_POLICIES="${WAIT_POLICIES:-default}"
EXTRA_ARGS="${EXTRA_ARGS:-}"   # e.g. "--compile" or "--channels-last" (optional variants)
out="${OUT:-$here/results-$(date -u +%Y-%m-%dT%H%MZ).json}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

n=0
for r in $(seq 1 "$ROUNDS"); do
  for wp in $WAIT_POLICIES; do
    for t in 1 2; do
      n=$((n + 1))
      uptime > "$tmp/$n.uptime_before"
      if [ "$wp" = default ]; then
        env -u OMP_WAIT_POLICY "$PYTHON" "$here/pytorch_train_bench.py" --threads "$t" \
          --model both --mode both --seconds "$SECONDS_PER" $EXTRA_ARGS --out "$tmp/$n.json"
      else
        OMP_WAIT_POLICY="$wp" "$PYTHON" "$here/pytorch_train_bench.py" --threads "$t" \
          --model both --mode both --seconds "$SECONDS_PER" $EXTRA_ARGS --out "$tmp/$n.json"
      fi 2>&1 | grep -v -e '^USDT:' -e 'gpuGetDeviceCount' | sed "s/^/[round $r, wait=$wp] /"
      uptime > "$tmp/$n.uptime_after"
      echo "$wp" > "$tmp/$n.wait_policy"
    done
  done
done

"$PYTHON" - "$tmp" "$n" "$out" <<'EOF'
import json, sys
tmp, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
runs = []
for i in range(1, n + 1):
    r = json.load(open(f"{tmp}/{i}.json"))
    r["omp_wait_policy"] = open(f"{tmp}/{i}.wait_policy").read().strip()
    r["uptime_before"] = open(f"{tmp}/{i}.uptime_before").read().strip()
    r["uptime_after"] = open(f"{tmp}/{i}.uptime_after").read().strip()
    runs.append(r)
summary = {}
for r in runs:
    for model, modes in r["results"].items():
        for mode, res in modes.items():
            var = "+".join(k for k, v in r.get("variant", {}).items() if v) or "eager"
            key = f"{model}/{mode}/threads={r['threads_requested']}/wait={r['omp_wait_policy']}/{var}"
            s = summary.setdefault(key, {"unit": res["unit"], "medians": [], "per_cpu_second": [],
                                         "loadavg_before": []})
            s["medians"].append(round(res["median"], 1))
            s["per_cpu_second"].append(round(res["median_per_cpu_second"], 1))
            s["loadavg_before"].append(res["loadavg_before"])
for v in summary.values():
    v["best_median"] = max(v["medians"])
json.dump({"summary": summary, "runs": runs}, open(out, "w"), indent=2)
print(f"wrote {out}")
for k, v in summary.items():
    print(f"  {k:40s} {v['unit']:9s} medians {v['medians']}  per-cpu-s {v['per_cpu_second']}  "
          f"load1 {[l[0] for l in v['loadavg_before']]}")
EOF

#!/usr/bin/env bash
# Training throughput, ZKTrain vs PyTorch, on the two models of issue 2, run back to back so
# both see the same machine. ZKTrain: `zktrain bench train` (release build) at 1 and 2
# threads; PyTorch: pytorch_train_bench.py at 1 and 2 threads, default OpenMP waiting and
# OMP_WAIT_POLICY=PASSIVE. Prints one line per run; medians of timed chunks.
#   PYTHON=/path/to/venv-with-torch/bin/python SECONDS_PER=10 scripts/baseline/compare.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-python3}"
SECONDS_PER="${SECONDS_PER:-10}"
MLP="dense(128) bn sq dense(10)"
CNN="conv(16,k3,p1) bn sq avgpool(2) conv(32,k3,p1) bn sq avgpool(2) dense(128) bn sq dense(10)"
Z=.build/release/zktrain
echo "uptime: $(uptime)"
for model in mlp cnn; do
  arch=$MLP; [ $model = cnn ] && arch=$CNN
  for t in 1 2; do
    r=$($Z bench train --arch "$arch" --threads $t --seconds $((2 * SECONDS_PER)) --json)
    echo "zktrain  $model threads=$t train_samples_per_s=$(echo "$r" | $PYTHON -c 'import json,sys; print(round(json.load(sys.stdin)["train_samples_per_s"]))')"
    for policy in default PASSIVE; do
      if [ $policy = PASSIVE ]; then export OMP_WAIT_POLICY=PASSIVE; else unset OMP_WAIT_POLICY; fi
      p=$($PYTHON scripts/baseline/pytorch_train_bench.py --threads $t --model $model --mode train --seconds "$SECONDS_PER" --json)
      echo "pytorch  $model threads=$t omp=$policy train_samples_per_s=$(echo "$p" | $PYTHON -c '
import json,sys
d=json.load(sys.stdin)
def find(o):
    if isinstance(o,dict):
        for k,v in o.items():
            if k in ("median","median_samples_per_s") and isinstance(v,(int,float)): return v
            r=find(v)
            if r is not None: return r
    if isinstance(o,list):
        for v in o:
            r=find(v)
            if r is not None: return r
print(round(find(d)))')"
    done
    unset OMP_WAIT_POLICY
  done
done
echo "uptime: $(uptime)"

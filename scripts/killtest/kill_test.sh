#!/usr/bin/env bash
# Kill test: SIGKILL at every rename point of `train`, `setup`, `prove` and `sweep`, then the
# user's next step (rerun, or resume), and check that nothing mixes old and new files:
# - train: the resumed run's checkpoint is byte-identical to an uninterrupted run's
#   (model.json up to its wall-clock fields);
# - setup over an existing key pair: the pair left in the folder still belongs together
#   (a proof made with proving.key verifies under verification_key.json);
# - prove over an existing proof: proof.json and public.json left in the folder verify;
# - sweep: the rerun's results.csv equals an uninterrupted sweep's (but the wall-clock column);
# - no temporary file or commit journal is left once the folder has been used again.
# The kill is strace's syscall fault injection (`-e inject=rename:signal=KILL:when=N`): the
# N-th rename(2) of the process never happens. No test hook lives in zktrain itself.
# Usage: scripts/killtest/kill_test.sh [path/to/zktrain]
#   KILLTEST_SWEEP_STRIDE=K kills the sweep at every K-th of its ~70 rename points (default 5;
#   1 = every point, about 8 minutes on 2 cores).
set -u
Z=$(realpath "${1:-.build/debug/zktrain}")
DATA=datasets/fashion-mnist-subset
STRIDE=${KILLTEST_SWEEP_STRIDE:-5}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
passed=0; failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "  FAIL  $1"; failed=$((failed + 1)); }
command -v strace >/dev/null || { echo "kill test needs strace (apt-get install strace)"; echo "0 passed, 1 failed"; exit 1; }

# killed_at N CMD...: runs CMD with its N-th rename killed; true if it was killed (exit 137).
killed_at() {
  local n=$1; shift
  (strace -f -qq -o /dev/null -e trace=rename -e inject=rename:signal=KILL:when="$n" "$@" >"$W/killed.log" 2>&1) 2>/dev/null
  [ $? = 137 ]
}
# renames CMD...: how many renames CMD makes when not killed.
renames() { strace -f -qq -o "$W/trace" -e trace=rename "$@" >/dev/null 2>&1; grep -c 'rename(' "$W/trace"; }
# leftovers DIR: temporary files or journals under DIR.
leftovers() { find "$1" \( -name '.*.tmp-*' -o -name '.zktrain-commit.json' -o -name '.dat.nosync*' \) | head -3; }
# same_checkpoint A B: byte-identical tensors, model.json identical up to wall-clock seconds.
same_checkpoint() {
  cmp -s "$1/model.safetensors" "$2/model.safetensors" && cmp -s "$1/training-state.safetensors" "$2/training-state.safetensors" &&
  python3 - "$1/model.json" "$2/model.json" <<'PY'
import json, sys
def load(p):
    m = json.load(open(p))
    for e in m["history"]: e.pop("seconds", None)
    return m
sys.exit(0 if load(sys.argv[1]) == load(sys.argv[2]) else 1)
PY
}

echo "kill test with $Z"
TRAIN=(train --arch "dense(8) bn sq dense(10)" --epochs 2 --weight-bits 8 --data $DATA --seed 1)
"$Z" "${TRAIN[@]}" --out "$W/train-ref" >/dev/null 2>&1 || { echo "reference training failed"; exit 1; }
n=$(renames "$Z" "${TRAIN[@]}" --out "$W/train-count")
echo "train: $n rename points"
for k in $(seq 1 "$n"); do
  d="$W/train-$k"
  killed_at "$k" "$Z" "${TRAIN[@]}" --out "$d" || { bad "train was not killed at rename $k"; continue; }
  if [ -f "$d/model.json" ]; then "$Z" "${TRAIN[@]}" --out "$d" --resume >/dev/null 2>&1; else "$Z" "${TRAIN[@]}" --out "$d" >/dev/null 2>&1; fi \
    || { bad "train after a kill at rename $k did not finish: $(tail -1 "$W/killed.log")"; continue; }
  same_checkpoint "$W/train-ref" "$d" && ok || bad "train killed at rename $k and resumed differs from an uninterrupted run"
  [ -z "$(leftovers "$d")" ] && ok || bad "train killed at rename $k left $(leftovers "$d")"
done

"$Z" quantize "$W/train-ref" --out "$W/m.int" --data $DATA >/dev/null 2>&1 && "$Z" compile "$W/m.int" --out "$W/c" >/dev/null 2>&1 \
  && "$Z" setup "$W/c" >/dev/null 2>&1 || { echo "quantize/compile/setup failed"; exit 1; }
n=$(renames "$Z" setup "$W/c")
echo "setup over an existing key pair: $n rename points"
for k in $(seq 1 "$n"); do
  killed_at "$k" "$Z" setup "$W/c" || { bad "setup was not killed at rename $k"; continue; }
  "$Z" prove "$W/c" --model "$W/m.int" --image 1 --data $DATA --out "$W/p-setup-$k" >/dev/null 2>&1 \
    && "$Z" verify "$W/c/verification_key.json" "$W/p-setup-$k/proof.json" "$W/p-setup-$k/public.json" >/dev/null 2>&1 \
    && ok || bad "setup killed at rename $k left a proving key and a verification key that do not belong together"
  [ -z "$(leftovers "$W/c")" ] && ok || bad "setup killed at rename $k left $(leftovers "$W/c")"
done

"$Z" prove "$W/c" --model "$W/m.int" --image 2 --data $DATA --out "$W/p" >/dev/null 2>&1 || { echo "prove failed"; exit 1; }
n=$(renames "$Z" prove "$W/c" --model "$W/m.int" --image 2 --data $DATA --out "$W/p-count")
echo "prove over an existing proof: $n rename points"
for k in $(seq 1 "$n"); do
  killed_at "$k" "$Z" prove "$W/c" --model "$W/m.int" --image 3 --data $DATA --out "$W/p" || { bad "prove was not killed at rename $k"; continue; }
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" >/dev/null 2>&1 \
    && ok || bad "prove killed at rename $k left a proof.json and a public.json that do not belong together"
  [ -z "$(leftovers "$W/p")" ] && ok || bad "prove killed at rename $k left $(leftovers "$W/p")"
done

SPACE=experiments/subset-tiny.json
# results DIR: results.csv without its wall-clock column (train_seconds).
results() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "train_seconds") t = i }
  { line = ""; for (i = 1; i <= NF; i++) if (i != t) line = line $i ","; print line }' "$1/results.csv"; }
"$Z" sweep $SPACE --out "$W/sweep-ref" >/dev/null 2>&1 || { echo "reference sweep failed"; exit 1; }
n=$(renames "$Z" sweep $SPACE --out "$W/sweep-count")
echo "sweep: $n rename points, killing at every ${STRIDE}th and the last"
for k in $( (seq 1 "$STRIDE" "$n"; echo "$n") | sort -nu); do
  d="$W/sweep-$k"
  killed_at "$k" "$Z" sweep $SPACE --out "$d" || { bad "sweep was not killed at rename $k"; continue; }
  "$Z" sweep $SPACE --out "$d" >/dev/null 2>&1 || { bad "sweep rerun after a kill at rename $k failed"; continue; }
  [ "$(results "$W/sweep-ref")" = "$(results "$d")" ] && ok || bad "sweep killed at rename $k and rerun: results.csv differs"
  [ -z "$(leftovers "$d")" ] && ok || bad "sweep killed at rename $k left $(leftovers "$d")"
done

echo "kill test: $passed passed, $failed failed"
[ "$failed" = 0 ]

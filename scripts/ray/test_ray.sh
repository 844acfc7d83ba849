#!/usr/bin/env bash
# Ray test (issue 21): a Ray cluster of two single-CPU nodes on this machine (a head and a
# second node, in a temporary folder of their own) runs experiments/subset-tiny.json, and
# - a worker of the second node is SIGKILLed during a training: the sweep still finishes, the
#   killed training alone runs twice (Ray retries it), results.csv equals a local sweep's and so
#   does every checkpoint and integer model, byte for byte;
# - the driver is SIGKILLed during a training and the same command is run again: it finishes,
#   trains nothing that had finished, and results.csv equals the local sweep's;
# - six proofs of the sweep's best model are made with `prove --ray`: one batch per node, the
#   proving key read once per node, every proof verifies, public.json equals a local prove's;
#   and a worker that swaps two of its proofs has them refused;
# - an unreachable address, a worker binary that does not exist, and a worker that returns a
#   file outside its round end the command with a message (and nothing of that round written).
# The pause that makes "during a training" certain is strace's delay injection at the first
# rename(2) of the training (the commit point of its epoch's checkpoint); no hook lives in
# zktrain. Workers run the test's wrapper (--ray-worker-binary), which logs every start.
# Usage: scripts/ray/test_ray.sh [path/to/zktrain]   (needs ray from scripts/ray/requirements.txt, strace)
set -u
Z=$(realpath "${1:-.build/debug/zktrain}")
HERE=$(cd "$(dirname "$0")" && pwd)
SPACE=experiments/subset-tiny.json
DATA=datasets/fashion-mnist-subset
W=$(mktemp -d /tmp/zkray.XXXXXX)  # short: Ray's socket paths live under it
passed=0; failed=0
ok() { passed=$((passed + 1)); }
bad() { echo "  FAIL  $1"; failed=$((failed + 1)); }
python3 -c "import ray" 2>/dev/null || { echo "the Ray test needs ray: pip install -r scripts/ray/requirements.txt"; echo "0 passed, 1 failed"; exit 1; }
command -v strace >/dev/null && command -v setpriv >/dev/null || { echo "the Ray test needs strace and setpriv"; echo "0 passed, 1 failed"; exit 1; }
export RAY_USAGE_STATS_ENABLED=0

# Our cluster's processes: those naming its folder, and their descendants (the workers).
cluster_pids() { python3 "$HERE/cluster_pids.py" "$W/ray"; }
stop_cluster() {
  local pids; pids=$(cluster_pids)
  [ -n "$pids" ] && kill -TERM $pids 2>/dev/null && sleep 3
  pids=$(cluster_pids); [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
  return 0
}
trap 'stop_cluster; rm -rf "$W"' EXIT

# The workers' binary: logs each start (node, arguments) to $W/trace; on node 2, the first
# training after `touch $W/arm` pauses 60 s at its first rename and leaves its arguments in
# $W/paused-job and its Ray worker's pid in $W/paused (setpriv: the training dies with strace,
# which dies with the Ray worker).
cat > "$W/worker.sh" <<EOF
#!/bin/sh
echo "\${ZKTRAIN_TEST_NODE:-?} \$*" >> "$W/trace"
if [ "\$2" = train ] && [ "\${ZKTRAIN_TEST_NODE:-}" = 2 ] && mv "$W/arm" "$W/armed" 2>/dev/null; then
  echo "\$*" > "$W/paused-job"; echo \$PPID > "$W/paused"
  exec strace -f -qq -o /dev/null -e trace=rename -e inject=rename:delay_enter=60000000:when=1 setpriv --pdeathsig KILL -- "$Z" "\$@"
fi
exec "$Z" "\$@"
EOF
chmod +x "$W/worker.sh"

echo "Ray test with $Z ($(python3 -c 'import ray; print("ray", ray.__version__)'))"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')
START=(--num-cpus 1 --temp-dir "$W/ray" --object-store-memory 100000000 --disable-usage-stats)
# The workers' temporary folders (a killed task leaves its own) and data cache go under $W too.
mkdir "$W/tmp"; export TMPDIR="$W/tmp"
ZKTRAIN_TEST_NODE=1 ray start --head --port "$PORT" --include-dashboard=false "${START[@]}" >"$W/head.log" 2>&1 || { cat "$W/head.log"; echo "ray start --head failed"; exit 1; }
ADDRESS=$(grep -o "ray start --address='[^']*'" "$W/head.log" | head -1 | cut -d"'" -f2)
ZKTRAIN_TEST_NODE=2 ray start --address "$ADDRESS" "${START[@]}" >"$W/node2.log" 2>&1 || { cat "$W/node2.log"; echo "second node failed"; exit 1; }
echo "cluster: head and a second node at $ADDRESS, one CPU each (at ${SECONDS} s)"

unset TMPDIR
"$Z" sweep $SPACE --out "$W/local" >"$W/local.log" 2>&1 || { tail "$W/local.log"; echo "local sweep failed"; exit 1; }
RAY=(--ray "$ADDRESS" --ray-worker-binary "$W/worker.sh")
# same_results DIR: results.csv equals the local sweep's but for the wall-clock train_seconds.
same_results() {
  python3 - "$W/local/results.csv" "$1/results.csv" <<'PY'
import csv, sys
rows = [[{k: v for k, v in r.items() if k != "train_seconds"} for r in csv.DictReader(open(p))] for p in sys.argv[1:]]
sys.exit(0 if rows[0] == rows[1] and rows[0] else 1)
PY
}
# same_models DIR: every candidate's weights, optimiser state and integer model are the local sweep's, byte for byte.
same_models() {
  for d in "$W"/local/candidates/*; do
    for f in model.safetensors training-state.safetensors int/model.int.json int/model.int.safetensors; do
      cmp -s "$d/$f" "$1/candidates/${d##*/}/$f" || return 1
    done
  done
}
leftovers() { find "$1" \( -name '.*.tmp-*' -o -name '.zktrain-commit.json' \) | head -3; }
# wait_paused: waits until the armed training is stopped at its rename, its checkpoint staged.
wait_paused() {
  for _ in $(seq 600); do
    if [ -s "$W/paused" ]; then
      local dir; dir=$(grep -o -- "--out [^ ]*" "$W/paused-job" | cut -d' ' -f2)
      [ -n "$(find "$dir" -name '.model.safetensors.tmp-*' 2>/dev/null)" ] && return 0
    fi
    sleep 0.1
  done
  return 1
}
# starts KEY: how many trainings of KEY (candidate-rR: the worker's sweep folder) the trace records since its last "---".
starts() { tac "$W/trace" | sed '/^---/q' | grep -cE -- " train .*--out [^ ]*/$1( |\$)"; }
# trained SECTION: the keys of the trainings the trace records after the line "--- SECTION", one per start.
trained() { sed -n "/^--- $1/,\$p" "$W/trace" | grep ' train ' | grep -o -- "--out [^ ]*" | sed 's|.*/||'; }

echo "1. a worker of the second node is killed during a training (at ${SECONDS} s)"
touch "$W/arm"; echo "--- worker kill" >> "$W/trace"
"$Z" sweep $SPACE --out "$W/a" "${RAY[@]}" >"$W/a.log" 2>&1 & sweep=$!
if wait_paused; then
  victim=$(cat "$W/paused"); key=$(grep -o -- "--out [^ ]*" "$W/paused-job" | sed 's|.*/||')
  kill -KILL "$victim" && echo "   killed Ray worker $victim during the training of $key" && ok || bad "could not kill Ray worker $victim"
else
  bad "no training of the second node paused"; key=none
fi
wait $sweep && ok || bad "the sweep did not finish after the worker was killed: $(tail -1 "$W/a.log")"
same_results "$W/a" && ok || bad "results.csv differs from the local sweep's"
same_models "$W/a" && ok || bad "a checkpoint or integer model differs from the local sweep's"
[ "$(starts "$key")" = 2 ] && ok || bad "the killed training $key ran $(starts "$key") times, expected 2 (killed, retried)"
for k in $(trained "worker kill" | sort | uniq -d); do
  [ "$k" = "$key" ] || bad "the training $k ran twice"
done
[ "$(trained "worker kill" | wc -l)" = 7 ] && ok || bad "expected 7 training starts (6 jobs, one retried), got $(trained "worker kill" | wc -l)"
[ -z "$(leftovers "$W/a")" ] && ok || bad "temporary files left: $(leftovers "$W/a")"

echo "2. the driver is killed during a training, then the same command is run again (at ${SECONDS} s)"
rm -f "$W/paused" "$W/paused-job" "$W/armed"; touch "$W/arm"; echo "--- driver kill" >> "$W/trace"
"$Z" sweep $SPACE --out "$W/b" "${RAY[@]}" >"$W/b.log" 2>&1 & sweep=$!
wait_paused || bad "no training of the second node paused"
for _ in $(seq 600); do ls "$W"/b/candidates/*/round-0.json >/dev/null 2>&1 && break; sleep 0.1; done  # the head finished one
kill -KILL $sweep; wait $sweep 2>/dev/null
sleep 3  # the driver script notices its parent is gone; Ray ends its tasks
finished=$(cd "$W/b/candidates" 2>/dev/null && ls */round-*.json 2>/dev/null | sed 's|/round-|-r|;s|\.json$||')
echo "   killed the driver with $(echo "$finished" | grep -c .) trainings finished"
echo "--- restart" >> "$W/trace"
"$Z" sweep $SPACE --out "$W/b" "${RAY[@]}" >"$W/b2.log" 2>&1 && ok || bad "the restarted sweep failed: $(tail -1 "$W/b2.log")"
same_results "$W/b" && ok || bad "results.csv after the restart differs from the local sweep's"
for k in $finished; do [ "$(starts "$k")" = 0 ] && ok || bad "the finished training $k ran again after the restart"; done
[ -n "$finished" ] || bad "no training had finished when the driver was killed"
[ -z "$(leftovers "$W/b")" ] && ok || bad "temporary files left: $(leftovers "$W/b")"

echo "3. six proofs over the two nodes (at ${SECONDS} s)"
best=$(python3 -c "import csv, sys; print(max(csv.DictReader(open(sys.argv[1])), key=lambda r: float(r['integer_accuracy']))['id'])" "$W/a/results.csv")
"$Z" compile "$W/a/candidates/$best/int" --out "$W/circuit" >/dev/null 2>&1 && "$Z" setup "$W/circuit" >/dev/null 2>&1 || bad "compile or setup failed"
IMAGES=(--image 0 --image 1 --image 2 --image 3 --image 4 --image 5)
"$Z" prove "$W/circuit" --model "$W/a/candidates/$best/int" "${IMAGES[@]}" --data $DATA --out "$W/proofs" "${RAY[@]}" >"$W/prove.log" 2>"$W/prove.err" \
  && ok || bad "prove --ray failed: $(tail -1 "$W/prove.err")"
"$Z" prove "$W/circuit" --model "$W/a/candidates/$best/int" "${IMAGES[@]}" --data $DATA --out "$W/local-proofs" >/dev/null 2>&1 || bad "local prove failed"
for i in 0 1 2 3 4 5; do
  "$Z" verify "$W/circuit/verification_key.json" "$W/proofs/image-$i/proof.json" "$W/proofs/image-$i/public.json" >/dev/null 2>&1 \
    && ok || bad "the proof of image $i does not verify"
  cmp -s "$W/proofs/image-$i/public.json" "$W/local-proofs/image-$i/public.json" && ok || bad "public.json of image $i differs from a local prove's"
done
[ "$(grep -c 'proofs by one `zktrain worker prove`' "$W/prove.err")" = 2 ] && ok || bad "expected one batch on each of the 2 nodes"
[ "$(grep -c 'read proving.key' "$W/prove.err")" = 2 ] && ! grep 'read proving.key' "$W/prove.err" | grep -q '(×' \
  && ok || bad "the proving key was not read exactly once per node"

# A worker that swaps two of its valid proofs: the driver must refuse them, not write them.
cat > "$W/liar.sh" <<EOF
#!/bin/sh
"$Z" "\$@" || exit \$?
if [ -d out/image-0 ] && [ -d out/image-1 ]; then mv out/image-0 out/x && mv out/image-1 out/image-0 && mv out/x out/image-1; fi
EOF
chmod +x "$W/liar.sh"
"$Z" prove "$W/circuit" --model "$W/a/candidates/$best/int" "${IMAGES[@]}" --data $DATA --out "$W/lies" --ray "$ADDRESS" \
  --ray-worker-binary "$W/liar.sh" >/dev/null 2>"$W/lies.err" && bad "prove --ray accepted a worker's swapped proofs" \
  || { grep -q "image-0 from node .*: its public input is not the input asked for; nothing written" "$W/lies.err" && ok \
       || bad "swapped proofs refused without the expected message: $(tail -1 "$W/lies.err")"; }
[ ! -e "$W/lies/image-0/proof.json" ] && ok || bad "a swapped proof was written"

echo "4. bad input: an unreachable address, a missing worker binary, a worker writing elsewhere (at ${SECONDS} s)"
"$Z" sweep $SPACE --out "$W/c" --ray 127.0.0.1:1 >/dev/null 2>"$W/c.err" && bad "a sweep with an unreachable --ray address succeeded" \
  || { grep -q "error: cannot reach a Ray head node at 127.0.0.1:1" "$W/c.err" && ok || bad "unexpected message: $(tail -1 "$W/c.err")"; }
"$Z" sweep $SPACE --out "$W/d" --ray "$ADDRESS" --ray-worker-binary /nonexistent/zktrain >/dev/null 2>"$W/d.err" \
  && bad "a sweep whose workers cannot run zktrain succeeded" \
  || { grep -q "error: 4 of 4 trainings did not finish on Ray (.*cannot run /nonexistent/zktrain" "$W/d.err" && ok \
       || bad "unexpected message: $(tail -1 "$W/d.err")"; }

# A worker that adds a file outside its training round's: refused, nothing of it written, the sweep stopped.
cat > "$W/stray.sh" <<EOF
#!/bin/sh
"$Z" "\$@" || exit \$?
[ "\$2" = train ] && echo x > "\$(echo "\$*" | grep -o -- "--out [^ ]*" | cut -d' ' -f2)/candidates/escape.json"
exit 0
EOF
chmod +x "$W/stray.sh"
"$Z" sweep $SPACE --out "$W/e" --ray "$ADDRESS" --ray-worker-binary "$W/stray.sh" >/dev/null 2>"$W/e.err" \
  && bad "a sweep accepted a file outside a training round" \
  || { grep -q "error: a worker returned candidates/escape.json for .* round 0, which is not a file of that training round" "$W/e.err" && ok \
       || bad "unexpected message: $(tail -1 "$W/e.err")"; }
[ ! -e "$W/e/candidates/escape.json" ] && [ -z "$(ls "$W"/e/candidates/*/round-0.json 2>/dev/null)" ] && ok \
  || bad "files of a refused worker's round were written"

echo "$passed passed, $failed failed in ${SECONDS} s"
[ "$failed" = 0 ]

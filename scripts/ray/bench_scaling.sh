#!/usr/bin/env bash
# Ray scaling benchmark (issue 21): training throughput of `zktrain sweep --ray` on one
# single-CPU Ray node and on two, on this machine. One cluster: a head node, and a second node
# (its own temporary folder) started before each two-node run and stopped after it, so that
# nothing of it runs during the other measurements. Runs alternate.
# Each node stands for a one-CPU machine: the head node and the sweep's driver are pinned to
# core 0 and the second node to core 1 (taskset; Ray's workers inherit it), so that a one-node
# run cannot borrow the other core for the driver and Ray's own processes, which a one-CPU
# machine would not have. PIN=0 runs everything unpinned.
# The work is scripts/ray/bench-space.json: one halving round of 8 candidates of equal cost
# (the same CNN on the committed subset, 1 thread each), EPOCHS epochs each (default 36: about
# 9 s per training on this VM; the committed Fashion-MNIST sweep's trainings average 36 s, and
# Ray's fixed cost per task, a few tenths of a second, weighs more the shorter the task).
# Throughput: candidate-epochs per second from the round's submission to its last result (the
# sweep's stderr, timestamped here line by line); also the whole command's wall time. As the
# machine's own ceiling at the same moment, the same sweep runs without Ray: once, and twice
# side by side (throughput from wall time). Prints every run with the load average before it,
# then the medians and the ratios. The machine should be otherwise idle.
# Usage: scripts/ray/bench_scaling.sh [path/to/zktrain (release)]   RUNS=N (default 3) EPOCHS=N
set -u
on() { if [ "${PIN:-1}" = 1 ]; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }
Z=$(realpath "${1:-.build/release/zktrain}")
HERE=$(cd "$(dirname "$0")" && pwd)
RUNS=${RUNS:-3}
W=$(mktemp -d /tmp/zkbench.XXXXXX)
export RAY_USAGE_STATS_ENABLED=0 TMPDIR="$W"
# stop FOLDER: ends the Ray processes of the node(s) started in FOLDER, and what they run.
stop() {
  local p; p=$(python3 "$HERE/cluster_pids.py" "$1"); [ -n "$p" ] && kill -TERM $p && sleep 3
  p=$(python3 "$HERE/cluster_pids.py" "$1"); [ -n "$p" ] && kill -KILL $p; return 0
}
trap 'stop "$W/node2"; stop "$W/head"; rm -rf "$W"' EXIT
START=(--num-cpus 1 --object-store-memory 100000000 --disable-usage-stats)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')
on 0 ray start --head --port "$PORT" --include-dashboard=false --temp-dir "$W/head" "${START[@]}" >"$W/head.log" 2>&1 || { cat "$W/head.log"; exit 1; }
ADDRESS=$(grep -o "ray start --address='[^']*'" "$W/head.log" | head -1 | cut -d"'" -f2)
node2() { on 1 ray start --address "$ADDRESS" --temp-dir "$W/node2" "${START[@]}" >>"$W/node2.log" 2>&1 || { cat "$W/node2.log"; exit 1; }; }
PER=${EPOCHS:-36}
EPOCHS=$((8 * PER))
SPACE="$W/space.json"
python3 -c 'import json, sys; s = json.load(open(sys.argv[1])); s["schedule"]["rounds"][0]["epochs"] = int(sys.argv[2]); json.dump(s, open(sys.argv[3], "w"))' \
  "$HERE/bench-space.json" "$PER" "$SPACE" || exit 1

# run NODES: one sweep on the cluster, which must have NODES nodes; prints
# "round_seconds throughput wall_seconds load".
run() {
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  rm -rf "$W/out"
  local t0; t0=$(date +%s.%N)
  on 0 "$Z" sweep "$SPACE" --out "$W/out" --ray "$ADDRESS" 2>&1 \
    | while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done >"$W/run-$1.log"
  local t1; t1=$(date +%s.%N)
  python3 - "$W/run-$1.log" "$t0" "$t1" "$load" "$EPOCHS" "$1" <<'PY'
import sys
lines = [l.split(" ", 1) for l in open(sys.argv[1])]
assert any(f": {sys.argv[6]} nodes" in l for t, l in lines), f"the cluster does not have {sys.argv[6]} nodes; see {sys.argv[1]}"
submitted = next(float(t) for t, l in lines if "submitted to Ray" in l)
last = max(float(t) for t, l in lines if "trained on node" in l)
trained = sum(1 for t, l in lines if "trained on node" in l)
assert trained == 8, f"{trained} of 8 candidates trained; see {sys.argv[1]}"
print(f"{last - submitted:.2f} {int(sys.argv[5]) / (last - submitted):.3f} {float(sys.argv[3]) - float(sys.argv[2]):.2f} {sys.argv[4]}")
PY
}

# plain N: N sweeps side by side without Ray; prints "wall throughput wall load".
plain() {
  local load t0; load=$(cut -d' ' -f1 /proc/loadavg); t0=$(date +%s.%N)
  for k in $(seq "$1"); do rm -rf "$W/local-$k"; on $((k - 1)) "$Z" sweep "$SPACE" --out "$W/local-$k" >/dev/null 2>&1 & done
  wait
  python3 -c "import sys; t = float(sys.argv[1]) - float(sys.argv[2]); print(f'{t:.2f} {int(sys.argv[3]) / t:.3f} {t:.2f} {sys.argv[4]}')" \
    "$(date +%s.%N)" "$t0" $(($1 * EPOCHS)) "$load"
}

echo "Ray scaling: $Z, $RUNS runs each, 8 candidates × $PER epochs, pinned to cores: ${PIN:-1}, $(nproc) cores; at the start:$(uptime | sed 's/.*load/ load/')"
printf '%-4s %-24s %10s %20s %9s %6s\n' run what "round (s)" "candidate-epochs/s" "wall (s)" load
for i in $(seq "$RUNS"); do
  for c in one two local1 local2; do
    case $c in
      one) r=$(run 1); what="Ray, 1 node";;
      two) node2; r=$(run 2); stop "$W/node2"; what="Ray, 2 nodes";;
      local1) r=$(plain 1); what="no Ray, 1 process";;
      local2) r=$(plain 2); what="no Ray, 2 processes";;
    esac
    [ -n "$r" ] || exit 1
    echo "$r" >>"$W/results-$c"
    set -- $r
    printf '%-4s %-24s %10s %20s %9s %6s\n' "$i" "$what" "$1" "$2" "$3" "$4"
  done
done
echo "at the end:$(uptime | sed 's/.*load/ load/')"
python3 - "$W"/results-{one,two,local1,local2} <<'PY'
import statistics, sys
runs = [[list(map(float, l.split())) for l in open(p)] for p in sys.argv[1:]]
m = [[statistics.median(r[k] for r in rows) for k in range(4)] for rows in runs]
print(f"medians, candidate-epochs/s: Ray 1 node {m[0][1]:.3f}, 2 nodes {m[1][1]:.3f}: ratio {m[1][1] / m[0][1]:.2f} "
      f"(whole command {m[0][2] / m[1][2]:.2f}); no Ray 1 process {m[2][1]:.3f}, 2 processes {m[3][1]:.3f}: "
      f"ratio {m[3][1] / m[2][1]:.2f}; median load before a run {statistics.median(r[3] for rows in runs for r in rows):.2f}")
PY

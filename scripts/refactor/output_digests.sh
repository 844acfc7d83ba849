#!/usr/bin/env bash
# Digests of what train, quantize, compile, prove and sweep write on the committed subset, for
# checking that a refactoring changes no output: run it on the build before and after and
# diff the two lists. Proofs are randomized (Groth16's r and s), so prove is compared by its
# public.json and by verifying the proof; a sweep's time columns (seconds measured on this
# machine) are blanked. Usage: scripts/refactor/output_digests.sh ZKTRAIN > digests.txt
set -eu
Z=$1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
D=datasets/fashion-mnist-subset
"$Z" train --arch "conv(4,k3,s2) bn sq avgpool(2) dense(16) bn sq dense(10)" --epochs 2 --weight-bits 8 --data $D --out "$W/m" --seed 3 >/dev/null 2>&1
"$Z" quantize "$W/m" --out "$W/m.int" >/dev/null
"$Z" compile "$W/m.int" --output logits+label --out "$W/c" >/dev/null
"$Z" setup "$W/c" >/dev/null 2>&1
"$Z" prove "$W/c" --model "$W/m.int" --image 4 --data $D --out "$W/p" >/dev/null
"$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" | sed 's/^/verify: /'
"$Z" train --arch "dense(16) bn sq dense(2)" --epochs 5 --weight-bits 4 --data datasets/breast-cancer/breast_cancer.csv --out "$W/t" --seed 2 >/dev/null 2>&1
"$Z" sweep experiments/subset-tiny.json --out "$W/s" >/dev/null 2>&1
(cd "$W" && sha256sum m/model.safetensors m/training-state.safetensors m.int/model.int.json m.int/model.int.safetensors \
  c/model.r1cs c/circuit.json p/public.json t/model.safetensors)
# JSON files that record how long things took: digested without their "…seconds" fields.
(cd "$W" && python3 - m/model.json t/model.json s/plan.json <<'PY'
import hashlib, json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if not k.lower().endswith("seconds")}
    return [strip(x) for x in v] if isinstance(v, list) else v
for path in sys.argv[1:]:
    text = json.dumps(strip(json.load(open(path))), sort_keys=True)
    print(hashlib.sha256(text.encode()).hexdigest(), "", path, "(without the …seconds fields)")
PY
)
python3 - "$W/s/results.csv" <<'PY'
import csv, hashlib, sys
rows = list(csv.reader(open(sys.argv[1])))
timed = [i for i, h in enumerate(rows[0]) if h.endswith("_s") or "seconds" in h or h.startswith("measured")]
for r in rows[1:]:
    for i in timed:
        r[i] = ""
print(hashlib.sha256(repr(rows).encode()).hexdigest(), " s/results.csv (time columns blanked: " + ",".join(rows[0][i] for i in timed) + ")")
PY

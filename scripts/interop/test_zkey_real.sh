#!/usr/bin/env bash
# ZKTrain against real snarkjs Groth16 keys (.zkey) that public circom projects committed: the
# folder the issue calls ../shared/interop/circom-real (see its RESULTS.md; the files have no
# clear licence, so they stay out of this repository and this script reads them in place).
#
#   usage: scripts/interop/test_zkey_real.sh FOLDER [ZKTRAIN]     (default .build/debug/zktrain)
#   env:   PYTHON  a python3 that can `import py_ecc` (default python3), for the independent verifier
#
# Prints "skipped: …" and exits 0 when FOLDER is absent. Otherwise one line per check and
# "N passed, N failed" (exit 1 if any failed), with wall time and max RSS of each prove:
#   zkey    every .zkey: `groth16 inspect --rewrite` gives the file back byte for byte; the
#           independent reader scripts/zkey/read_zkey.py reads it with the same counts; our
#           `groth16 export-vk` equals the project's verification_key.json (same JSON values;
#           the bytes differ at most by the final newline, which snarkjs omits)
#   prove   the keys that come with an .r1cs and a satisfying .wtns: `groth16 prove --key .zkey`,
#           then the proof must verify under the project's own verification_key.json with
#           `zktrain verify` and with scripts/bn254/verify_groth16.py (py_ecc); public.json must
#           equal the project's snarkjs public.json (or, where that proof was made for another
#           input, the witness's public wires); public[0] + 1 must be rejected
#   refuse  an unsatisfying witness (a real bug the project kept) and a key for another circuit:
#           prove must exit 1 and write no proof
set -u
if [ $# -lt 1 ]; then echo "usage: $0 FOLDER [ZKTRAIN]" >&2; exit 2; fi
DIR=$1
ZK=${2:-.build/debug/zktrain}
if [ ! -d "$DIR" ]; then echo "skipped: $DIR not found (the real snarkjs keys are not part of this repository)"; exit 0; fi
case "$ZK" in /*) ;; *) ZK="$PWD/$ZK" ;; esac
[ -x "$ZK" ] || { echo "not an executable: $ZK" >&2; exit 2; }
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY=${PYTHON:-python3}
"$PY" -c 'import py_ecc' 2>/dev/null || { echo "$PY cannot import py_ecc (pip install -r scripts/bn254/requirements.txt)" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$DIR" || exit 2
PASS=0
FAIL=0
START=$(date +%s.%N)
result() { if [ "$1" = 1 ]; then PASS=$((PASS + 1)); echo "PASS $2"; else FAIL=$((FAIL + 1)); echo "FAIL $2"; fi; }

# zkey NAME KEY VK
zkey() {
    local name=$1 key=$2 vk=$3 ok=1 out="$W/$(echo "$1" | tr '/' '_')" notes=""
    mkdir -p "$out"
    if "$ZK" groth16 inspect "$key" --rewrite "$out/copy.zkey" >"$out/inspect" 2>&1 && cmp -s "$key" "$out/copy.zkey"; then
        notes="round trip identical"
    else ok=0; notes="round trip: $(tail -1 "$out/inspect")"; fi
    local ours theirs
    ours=$(head -1 "$out/inspect" | sed -E 's/.*: ([0-9]+) wires, ([0-9]+) public, domain 2\^([0-9]+), ([0-9]+) A.*/nVars=\1 nPublic=\2 log=\3 nCoef=\4/')
    theirs=$("$PY" "$ROOT/scripts/zkey/read_zkey.py" "$key" --summary 2>&1 |
        sed -E 's/nVars=([0-9]+) nPublic=([0-9]+) domainSize=([0-9]+) nCoef=([0-9]+).*/\1 \2 \3 \4/' |
        awk '{ l = 0; d = $3; while (d > 1) { d /= 2; l++ } printf "nVars=%s nPublic=%s log=%d nCoef=%s", $1, $2, l, $4 }')
    if [ "$ours" = "$theirs" ]; then notes="$notes, Python reader agrees ($ours)"; else ok=0; notes="$notes, readers differ: '$ours' vs '$theirs'"; fi
    if "$ZK" groth16 export-vk --key "$key" --out "$out" >/dev/null 2>&1 &&
        "$PY" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$out/verification_key.json" "$vk" &&
        cmp -s <(cat "$vk"; [ -n "$(tail -c 1 "$vk")" ] && echo) "$out/verification_key.json"; then
        notes="$notes, export-vk equals $(basename "$vk")"
    else ok=0; notes="$notes, export-vk differs from $vk"; fi
    result $ok "zkey $name ($(wc -c <"$key") bytes): $notes"
}

# prove NAME KEY R1CS WTNS VK EXPECTED_PUBLIC
prove() {
    local name=$1 key=$2 r1cs=$3 wtns=$4 vk=$5 expected=$6 ok=1 out="$W/$(echo "$1" | tr '/' '_')/proof"
    local t0 t1 rss
    t0=$(date +%s.%N)
    /usr/bin/time -f '%M' -o "$W/rss" "$ZK" groth16 prove --key "$key" --r1cs "$r1cs" --witness "$wtns" --out "$out" >"$W/log" 2>&1 || ok=0
    t1=$(date +%s.%N)
    rss=$(( $(tail -1 "$W/rss") / 1024 ))
    local z p same tz
    "$ZK" verify "$vk" "$out/proof.json" "$out/public.json" >/dev/null 2>&1; z=$?
    "$PY" "$ROOT/scripts/bn254/verify_groth16.py" "$vk" "$out/proof.json" "$out/public.json" >/dev/null 2>&1; p=$?
    same=$("$PY" -c 'import json, sys; a = [int(x) for x in json.load(open(sys.argv[1]))]; b = [int(x) for x in json.load(open(sys.argv[2]))]; print("yes" if a == b else "NO")' "$out/public.json" "$expected" 2>&1)
    "$PY" -c 'import json, sys; v = json.load(open(sys.argv[1])); v = [str(int(v[0]) + 1)] + v[1:] if v else ["1"]; json.dump(v, open(sys.argv[2], "w"))' "$out/public.json" "$out/tampered.json"
    "$ZK" verify "$vk" "$out/proof.json" "$out/tampered.json" >/dev/null 2>&1; tz=$?
    [ "$z" = 0 ] && [ "$p" = 0 ] && [ "$same" = yes ] && [ "$tz" != 0 ] || ok=0
    result $ok "prove $name ($(wc -c <"$key") byte key): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f s", b - a }'), ${rss} MB; verify zktrain=$z py_ecc=$p; public.json == $(basename "$expected"): $same; tampered public: zktrain=$tz$([ $ok = 1 ] || { echo; tail -3 "$W/log"; })"
}

# refuse NAME KEY R1CS WTNS TEXT
refuse() {
    local out="$W/refused-$(echo "$1" | tr '/ ' '__')" ok=1
    "$ZK" groth16 prove --key "$2" --r1cs "$3" --witness "$4" --out "$out" >"$W/log" 2>&1 && ok=0
    grep -qF -- "$5" "$W/log" || ok=0
    [ ! -e "$out/proof.json" ] || ok=0
    result $ok "refuse $1: exit 1, '$(grep -o "$5.*" "$W/log" | head -c 90)', no proof written"
}

# The witness's public wires, for a project whose snarkjs proof was made for another input.
witness_public() { "$PY" tools/check_r1cs_wtns.py "$1" "$2" --public-out "$3" >/dev/null; }

NIDS=shanta-2000__ZK-NIDS-Zero-Knowledge-Verifiable-Neural-Intrusion-Detection-System/build
DF=TosinShada__zku-darkforest/circuit
DENSE=Abhinav-Singhal-8130__ZKP/dense_100_40
echo "zktrain: $ZK"
echo "== every .zkey: round trip, independent reader, export-vk"
zkey Fred-Porlock__Dugtrio Fred-Porlock__Dugtrio/main_0000.zkey Fred-Porlock__Dugtrio/verification_key.json
zkey SuryaSundarVadali__ZKPersona SuryaSundarVadali__ZKPersona/circuit_final.zkey SuryaSundarVadali__ZKPersona/verification_key.json
zkey CleanPegasus__EthMail CleanPegasus__EthMail/circuit_0000.zkey CleanPegasus__EthMail/verification_key.json
zkey CleanPegasus__shield CleanPegasus__shield/output/PreImage_0001.zkey CleanPegasus__shield/output/verification_key.json
zkey darkforest/init $DF/init/circuit_0001.zkey $DF/init/verification_key.json
zkey darkforest/move $DF/move/circuit_0001.zkey $DF/move/verification_key.json
zkey ZK-NIDS $NIDS/zk_nids_final.zkey $NIDS/verification_key.json
zkey dense_100_40 $DENSE/Dense_0001.zkey $DENSE/verification_key.json
zkey nanaknihal__quotient-circom-replication nanaknihal__quotient-circom-replication/main_0001.zkey nanaknihal__quotient-circom-replication/verification_key.json
echo "== prove with the project's .zkey, verify under the project's verification_key.json"
prove Fred-Porlock__Dugtrio Fred-Porlock__Dugtrio/main_0000.zkey Fred-Porlock__Dugtrio/main.r1cs Fred-Porlock__Dugtrio/witness.wtns \
    Fred-Porlock__Dugtrio/verification_key.json Fred-Porlock__Dugtrio/public.json
prove SuryaSundarVadali__ZKPersona SuryaSundarVadali__ZKPersona/circuit_final.zkey SuryaSundarVadali__ZKPersona/Name.r1cs \
    SuryaSundarVadali__ZKPersona/witness.wtns SuryaSundarVadali__ZKPersona/verification_key.json SuryaSundarVadali__ZKPersona/public.json
for c in init move; do
    prove darkforest/$c $DF/$c/circuit_0001.zkey $DF/$c/circuit.r1cs $DF/$c/witness.wtns $DF/$c/verification_key.json $DF/$c/public.json
done
prove ZK-NIDS $NIDS/zk_nids_final.zkey $NIDS/zk_nids.r1cs $NIDS/witness.wtns $NIDS/verification_key.json $NIDS/public.json
prove dense_100_40 $DENSE/Dense_0001.zkey $DENSE/Dense.r1cs $DENSE/witness.wtns $DENSE/verification_key.json $DENSE/public.json
witness_public CleanPegasus__shield/output/PreImage.r1cs CleanPegasus__shield/witness.wtns "$W/shield-public.json"
prove "CleanPegasus__shield (its own proof.json does not verify)" CleanPegasus__shield/output/PreImage_0001.zkey \
    CleanPegasus__shield/output/PreImage.r1cs CleanPegasus__shield/witness.wtns CleanPegasus__shield/output/verification_key.json "$W/shield-public.json"
echo "== refused"
refuse "nanaknihal (witness violates its circuit)" nanaknihal__quotient-circom-replication/main_0001.zkey \
    nanaknihal__quotient-circom-replication/main.r1cs nanaknihal__quotient-circom-replication/witness.wtns "witness does not satisfy constraint #253"
refuse "darkforest init key with the move circuit" $DF/init/circuit_0001.zkey $DF/move/circuit.r1cs $DF/move/witness.wtns \
    "proving key does not match the constraint system"
refuse "ZK-NIDS key with the dense_100_40 circuit" $NIDS/zk_nids_final.zkey $DENSE/Dense.r1cs $DENSE/witness.wtns \
    "proving key does not match the constraint system"

echo "$PASS passed, $FAIL failed ($(awk -v a="$START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'))"
[ "$FAIL" = 0 ]

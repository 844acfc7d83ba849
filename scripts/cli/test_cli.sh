#!/usr/bin/env bash
# End-to-end CLI test: train → quantize → compile → setup → prove → verify on the committed
# subset, then the bad inputs a user can give: a model that is not the circuit's, an input
# of the wrong shape or range, a proof for another circuit, tampered proof and public files,
# a truncated circuit.json, a truncated or missing proving.key, a wrong weight commitment, damaged weight-wire sums, an
# out-of-date cost profile; and several inputs proven in one run; then a snarkjs .zkey made by
# `groth16 setup --zkey` for an iden3 circuit (prove, export-vk, inspect --rewrite, a damaged key,
# a key for another circuit). Each must fail with a clear message
# and the documented exit code. Usage: scripts/cli/test_cli.sh [path/to/zktrain]
set -u
Z=${1:-.build/debug/zktrain}
DATA=datasets/fashion-mnist-subset
. "$(dirname "$0")/checks.sh"

echo "CLI test with $Z"
run "$Z" train --arch "dense(8) bn sq dense(10)" --epochs 1 --weight-bits 8 --data $DATA --out "$W/a" --seed 1
run "$Z" train --arch "dense(8) bn sq dense(10)" --epochs 1 --weight-bits 8 --data $DATA --out "$W/b" --seed 2
run "$Z" quantize "$W/a" --out "$W/a.int" --data $DATA
run "$Z" compile "$W/a.int" --output logits+label --out "$W/ca"
run "$Z" setup "$W/ca"
run "$Z" prove "$W/ca" --model "$W/a.int" --image 3 --data $DATA --out "$W/pa"
expect 0 valid "a proof verifies" -- "$Z" verify "$W/ca/verification_key.json" "$W/pa/proof.json" "$W/pa/public.json"
expect 0 valid "… and passes the circuit's layout, range and label checks" -- \
  "$Z" verify "$W/ca/verification_key.json" "$W/pa/proof.json" "$W/pa/public.json" --circuit "$W/ca"

expect 1 "does not match circuit" "prove refuses a model that is not the circuit's" -- \
  "$Z" prove "$W/ca" --model "$W/b" --image 3 --data $DATA --out "$W/x"
python3 -c 'import json; print(json.dumps([0]*10))' > "$W/short.json"
expect 1 "has 10 values, the model expects 784" "prove refuses an input of the wrong shape" -- \
  "$Z" prove "$W/ca" --model "$W/a.int" --input "$W/short.json" --out "$W/x"
python3 -c 'import json; print(json.dumps([300] + [0]*783))' > "$W/range.json"
expect 1 "not an integer in 0...255" "prove refuses a pixel out of range" -- \
  "$Z" prove "$W/ca" --model "$W/a.int" --input "$W/range.json" --out "$W/x"
python3 -c 'import json; print(json.dumps([7]*784))' > "$W/ok.json"
expect 0 "predicted class" "prove accepts a JSON input file" -- \
  "$Z" prove "$W/ca" --model "$W/a.int" --input "$W/ok.json" --out "$W/pok"
expect 64 "give --image N or --input FILE" "prove without an input is a usage error (exit 64)" -- "$Z" prove "$W/ca" --model "$W/a.int" --out "$W/x"

run "$Z" compile "$W/b" --output logits+label --out "$W/cb"
run "$Z" setup "$W/cb"
expect 1 invalid "a proof does not verify under another circuit's key" -- \
  "$Z" verify "$W/cb/verification_key.json" "$W/pa/proof.json" "$W/pa/public.json"
python3 - "$W/pa/public.json" "$W/tampered-public.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1])); v[0] = str(int(v[0]) + 1); json.dump(v, open(sys.argv[2], "w"))
PY
expect 1 invalid "a changed logit is rejected" -- \
  "$Z" verify "$W/ca/verification_key.json" "$W/pa/proof.json" "$W/tampered-public.json"
python3 - "$W/pa/public.json" "$W/pixel-public.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1])); v[-1] = "300"; json.dump(v, open(sys.argv[2], "w"))
PY
expect 1 "outside the model's input range" "verify --circuit rejects a public pixel out of range" -- \
  "$Z" verify "$W/ca/verification_key.json" "$W/pa/proof.json" "$W/pixel-public.json" --circuit "$W/ca"
python3 - "$W/pa/proof.json" "$W/tampered-proof.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); p["pi_a"][0] = str(int(p["pi_a"][0]) + 1); json.dump(p, open(sys.argv[2], "w"))
PY
expect 2 malformed "a proof point moved off the curve is malformed" -- \
  "$Z" verify "$W/ca/verification_key.json" "$W/tampered-proof.json" "$W/pa/public.json"
head -c 100 "$W/pa/proof.json" > "$W/truncated-proof.json"
expect 2 malformed "a truncated proof.json is malformed" -- \
  "$Z" verify "$W/ca/verification_key.json" "$W/truncated-proof.json" "$W/pa/public.json"
cp -r "$W/ca" "$W/cbroken"; head -c 200 "$W/ca/circuit.json" > "$W/cbroken/circuit.json"
expect 1 "circuit.json" "prove names a truncated circuit.json" -- \
  "$Z" prove "$W/cbroken" --model "$W/a.int" --image 3 --data $DATA --out "$W/x"
cp -r "$W/ca" "$W/ckey"; head -c 5000 "$W/ca/proving.key" > "$W/ckey/proving.key"
expect 1 "ckey/proving.key: length 5000 bytes" "prove names a truncated proving.key (read while the model is lowered)" -- \
  "$Z" prove "$W/ckey" --model "$W/a.int" --image 3 --data $DATA --out "$W/x"
rm "$W/ckey/proving.key"
expect 1 "ckey/proving.key: cannot read the file" "prove names a missing proving.key" -- \
  "$Z" prove "$W/ckey" --model "$W/a.int" --image 3 --data $DATA --out "$W/x"

run "$Z" compile "$W/a.int" --weights committed --out "$W/cc"
first=$("$Z" commit "$W/a.int"); second=$("$Z" commit "$W/a.int")
[ -n "$first" ] && [ "$first" = "$second" ] && pass "commit prints one stable commitment" || fail "commit is not stable ($first / $second)"
grep -q "\"$first\"" "$W/cc/circuit.json" && pass "circuit.json records the commitment" || fail "circuit.json lacks the commitment"
[ "$(stat -c %a "$W/a.int/commitment.json")" = 600 ] && pass "commitment.json is private (0600)" || fail "commitment.json permissions"
run "$Z" setup "$W/cc"
expect 0 "saved the weight wires' MSM sums" "the first committed proof saves the weight wires' sums" -- \
  "$Z" prove "$W/cc" --model "$W/a.int" --image 5 --data $DATA --out "$W/pc"
[ "$(stat -c %a "$W/a.int/weight-wire-sums.bin")" = 600 ] && pass "weight-wire-sums.bin is private (0600)" || fail "weight-wire-sums.bin permissions"
expect 0 valid "a committed-weights proof verifies with its commitment" -- \
  "$Z" verify "$W/cc/verification_key.json" "$W/pc/proof.json" "$W/pc/public.json" --circuit "$W/cc"
expect 1 "not the published" "verify --circuit --commitment rejects another commitment" -- \
  "$Z" verify "$W/cc/verification_key.json" "$W/pc/proof.json" "$W/pc/public.json" --circuit "$W/cc" --commitment 12345
expect 1 "commitment" "prove refuses a committed circuit with another model" -- \
  "$Z" prove "$W/cc" --model "$W/b" --image 5 --data $DATA --out "$W/x"
# The verifier's side: the committed circuit rebuilt from the public description alone.
run "$Z" describe "$W/a.int" --out "$W/a.public.json"
grep -q '"bias"\|"weight"\|"bounds"' "$W/a.public.json" && fail "the public description holds weights, biases or bounds" \
  || pass "the public description holds no weights, biases or bounds"
run "$Z" compile "$W/a.public.json" --weights committed --out "$W/crebuilt"
cmp -s "$W/cc/model.r1cs" "$W/crebuilt/model.r1cs" && pass "the description compiles to the owner's model.r1cs, byte for byte" \
  || fail "the description's model.r1cs differs from the owner's"
digest() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["r1csSHA256"])' "$1/circuit.json"; }
[ "$(sha256sum < "$W/crebuilt/model.r1cs" | cut -d' ' -f1)" = "$(digest "$W/cc")" ] \
  && pass "circuit.json's r1csSHA256 is what sha256sum prints for model.r1cs" || fail "r1csSHA256 differs from sha256sum"
expect 0 valid "a committed proof verifies against the rebuilt circuit and the published commitment" -- \
  "$Z" verify "$W/cc/verification_key.json" "$W/pc/proof.json" "$W/pc/public.json" --circuit "$W/crebuilt" --commitment "$first"
expect 1 "records no weight commitment" "the rebuilt circuit needs the published commitment" -- \
  "$Z" verify "$W/cc/verification_key.json" "$W/pc/proof.json" "$W/pc/public.json" --circuit "$W/crebuilt"
expect 1 "public description, which holds no weights" "a description does not compile with public weights" -- \
  "$Z" compile "$W/a.public.json" --out "$W/x"
cp -r "$W/crebuilt" "$W/ctampered"
printf '\001' | dd of="$W/ctampered/model.r1cs" bs=1 seek=200 conv=notrunc 2>/dev/null
expect 1 "differs from circuit.json's r1csSHA256" "setup refuses a model.r1cs that is not the one compiled" -- "$Z" setup "$W/ctampered"
# Several inputs, one key read; every proof reuses the saved weight wires' sums.
expect 0 "weight wires' MSM sums (read)" "a later run reads the saved sums instead of computing them" -- \
  "$Z" prove "$W/cc" --model "$W/a.int" --image 6 --image 7 --data $DATA --out "$W/pbatch" --verbose
for n in 6 7; do
  expect 0 valid "a proof of image $n from a batch verifies" -- \
    "$Z" verify "$W/cc/verification_key.json" "$W/pbatch/image-$n/proof.json" "$W/pbatch/image-$n/public.json" --circuit "$W/cc"
done
expect 1 "--image 99999" "a batch with an image outside the test set fails before proving" -- \
  "$Z" prove "$W/cc" --model "$W/a.int" --image 6 --image 99999 --data $DATA --out "$W/x"
# Damaged sums: off-curve bytes are recomputed with a warning; valid points swapped make a
# proof that fails the self-check, which removes the file and writes nothing.
printf '\001' | dd of="$W/a.int/weight-wire-sums.bin" bs=1 seek=100 conv=notrunc 2>/dev/null
expect 0 "computing the sums again" "a damaged sums file is named and recomputed" -- \
  "$Z" prove "$W/cc" --model "$W/a.int" --image 8 --data $DATA --out "$W/p8"
expect 0 valid "… and the proof verifies" -- \
  "$Z" verify "$W/cc/verification_key.json" "$W/p8/proof.json" "$W/p8/public.json" --circuit "$W/cc"
python3 - "$W/a.int/weight-wire-sums.bin" <<'PY'
import sys
path = sys.argv[1]; b = bytearray(open(path, 'rb').read())
b[41:105], b[105:169] = b[105:169], b[41:105]
open(path, 'wb').write(b)
PY
expect 1 "does not verify (the file was altered?)" "sums that are valid points but wrong are caught by the self-check" -- \
  "$Z" prove "$W/cc" --model "$W/a.int" --image 9 --data $DATA --out "$W/p9"
[ ! -e "$W/a.int/weight-wire-sums.bin" ] && [ ! -e "$W/p9/proof.json" ] && pass "… which removes the sums and writes no proof" \
  || fail "altered sums left behind or a proof written"
expect 64 "--image 6 is given more than once" "a batch naming an image twice is a usage error (exit 64)" -- \
  "$Z" prove "$W/cc" --model "$W/a.int" --image 6 --image 7 --image 6 --data $DATA --out "$W/x"
# Weights or blinding changed after the commitment: prove recomputes the commitment from MODEL
# and refuses (it used to compare only the recorded string and prove a different commitment).
python3 - "$W/a.int/commitment.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); s["blinding"] = str(int(s["blinding"]) // 2 + 1); json.dump(s, open(sys.argv[1], "w"))
PY
expect 1 "is not the published" "prove refuses a model whose blinding changed after the commitment" -- \
  "$Z" prove "$W/cc" --model "$W/a.int" --image 10 --data $DATA --out "$W/p10"
[ ! -e "$W/p10/proof.json" ] && pass "… and writes no proof" || fail "a proof was written with a changed blinding"
# A cost profile written before the current features (no featureVersion) is refused by name.
mkdir -p "$W/config/zktrain"
printf '{"machine":"m","created":"c","secondsPerFeature":[1,0,1,0,0],"bytesPerFeature":[1,1,0,1]}' \
  >"$W/config/zktrain/cost-profile.json"
expect 1 "was fitted by an older zktrain to other features" "cost names a cost profile fitted to older features" -- \
  env XDG_CONFIG_HOME="$W/config" "$Z" cost "$W/a.int"

# train --resume on a folder whose model.json is missing or a looping link names the file.
mkdir -p "$W/nomodel"
expect 1 "holds no model to resume (no model.json)" "train --resume names the missing model.json" -- \
  "$Z" train --resume --epochs 2 --data $DATA --out "$W/nomodel"
ln -s model.json "$W/nomodel/model.json"
expect 1 "nomodel/model.json: cannot be read (a symbolic link" "… and a model.json that links to itself" -- \
  "$Z" train --resume --epochs 2 --data $DATA --out "$W/nomodel"

# snarkjs .zkey keys for iden3 circuits (scripts/synthetic_r1cs.py writes them independently).
python3 scripts/synthetic_r1cs.py 6 "$W/s6" >/dev/null && python3 scripts/synthetic_r1cs.py 7 "$W/s7" >/dev/null
run "$Z" groth16 setup "$W/s6.r1cs" --out "$W/z6" --zkey
expect 0 proof.json "groth16 prove accepts a .zkey" -- \
  "$Z" groth16 prove --key "$W/z6/proving.zkey" --r1cs "$W/s6.r1cs" --witness "$W/s6.wtns" --out "$W/zp6"
expect 0 valid "… and its proof verifies under the key's verification_key.json" -- \
  "$Z" verify "$W/z6/verification_key.json" "$W/zp6/proof.json" "$W/zp6/public.json"
expect 0 verification_key.json "groth16 export-vk writes a .zkey's verification key" -- \
  "$Z" groth16 export-vk --key "$W/z6/proving.zkey" --out "$W/zvk"
cmp -s "$W/zvk/verification_key.json" "$W/z6/verification_key.json" && pass "… the same file setup wrote" || fail "export-vk differs from setup's"
expect 0 "contributions: 1" "groth16 inspect summarises a .zkey (setup records its δ as one contribution)" -- \
  "$Z" groth16 inspect "$W/z6/proving.zkey" --rewrite "$W/z6-copy.zkey"
cmp -s "$W/z6/proving.zkey" "$W/z6-copy.zkey" && pass "… and --rewrite gives the same bytes" || fail "inspect --rewrite changed the key"
expect 0 "nVars=" "the independent Python reader reads it" -- python3 scripts/zkey/read_zkey.py "$W/z6/proving.zkey" --summary
head -c 3000 "$W/z6/proving.zkey" > "$W/z6-short.zkey"
expect 1 "z6-short.zkey: section" "a truncated .zkey is named with its section" -- \
  "$Z" groth16 prove --key "$W/z6-short.zkey" --r1cs "$W/s6.r1cs" --witness "$W/s6.wtns" --out "$W/x"
expect 1 "proving key does not match the constraint system" "a .zkey for another circuit is refused" -- \
  "$Z" groth16 prove --key "$W/z6/proving.zkey" --r1cs "$W/s7.r1cs" --witness "$W/s7.wtns" --out "$W/x"

finish CLI

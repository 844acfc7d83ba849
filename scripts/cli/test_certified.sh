#!/usr/bin/env bash
# Certified weights end to end through the CLI: compile --weights certified → setup → certify
# → prove → verify (ZKTrain and the independent py_ecc verifier), the verifier's rebuild from
# the public description, and what must fail with a clear message: a tampered or foreign
# certificate, a changed input value, a model other than the certified one, missing secrets or
# certificate, a truncated certificate, a certificate without the circuit; the verifier's
# one-time check-certificate and verify --checked-key with the key it folds, bound to the
# certification the verifier names.
# Usage: scripts/cli/test_certified.sh [path/to/zktrain]
set -u
Z=${1:-.build/debug/zktrain}
DATA=datasets/fashion-mnist-subset
PY=${PYTHON:-python3}
. "$(dirname "$0")/checks.sh"

echo "certified-weights CLI test with $Z"
run "$Z" train --arch "dense(2) bn sq dense(10)" --epochs 1 --weight-bits 8 --data $DATA --out "$W/a" --seed 1
run "$Z" train --arch "dense(2) bn sq dense(10)" --epochs 1 --weight-bits 8 --data $DATA --out "$W/b" --seed 2
run "$Z" quantize "$W/a" --out "$W/a.int" --data $DATA
run "$Z" quantize "$W/b" --out "$W/b.int" --data $DATA
run "$Z" compile "$W/a.int" --weights certified --output logits+label --out "$W/c"
run "$Z" setup "$W/c"
expect 1 "certify the model first" "prove before certify names the missing certificate" -- \
  "$Z" prove "$W/c" --model "$W/a.int" --image 3 --data $DATA --out "$W/x"
expect 0 "commitment D = (" "certify writes the certificate and prints the commitment" -- "$Z" certify "$W/a.int" "$W/c"
[ "$(stat -c %a "$W/a.int/weights.secret.json")" = 600 ] && pass "weights.secret.json is mode 0600" || fail "weights.secret.json is mode 0600"
run "$Z" prove "$W/c" --model "$W/a.int" --image 3 --data $DATA --out "$W/p"
expect 0 valid "a certified proof verifies with the certificate" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c"
expect 0 valid "the independent py_ecc verifier accepts it" -- \
  $PY scripts/bn254/verify_certified.py "$W/c/circuit.json" "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" \
  "$W/c/weights.certificate.json" "$W/c/certificate_vk.json"
expect 0 valid "a stock Groth16 verifier (py_ecc) accepts it under the folded key verification_key.certified.json" -- \
  $PY scripts/bn254/verify_groth16.py "$W/c/verification_key.certified.json" "$W/p/proof.json" "$W/p/public.json"

# The verifier's one-time check: check-certificate folds the key; proofs then verify with it.
expect 0 valid "check-certificate checks the certificate and writes the folded key" -- \
  "$Z" check-certificate "$W/c" --out "$W/checked.json"
cmp -s "$W/checked.json" "$W/c/verification_key.certified.json" \
  && pass "… the same key the owner's certify folded" || fail "check-certificate's key differs from verification_key.certified.json"
expect 0 valid "verify --checked-key accepts the proof under it" -- \
  "$Z" verify "$W/checked.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" --checked-key
expect 0 valid "… and so does py_ecc's stock Groth16 verifier" -- \
  $PY scripts/bn254/verify_groth16.py "$W/checked.json" "$W/p/proof.json" "$W/p/public.json"
expect 2 "pass --checked-key" "a folded key without --checked-key is named as one" -- \
  "$Z" verify "$W/checked.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c"
expect 2 "one of the files the check reads" "check-certificate will not write over the model's key" -- \
  "$Z" check-certificate "$W/c" --out "$W/c/verification_key.json"
expect 2 "not a key check-certificate folded" "--checked-key with the unfolded key is refused" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" --checked-key

# The verifier's side: the circuits rebuilt from the public description are the owner's.
run "$Z" describe "$W/a.int" --out "$W/a.public.json"
run "$Z" compile "$W/a.public.json" --weights certified --output logits+label --out "$W/rebuilt"
cmp -s "$W/c/model.r1cs" "$W/rebuilt/model.r1cs" && cmp -s "$W/c/certificate.r1cs" "$W/rebuilt/certificate.r1cs" \
  && pass "model.r1cs and certificate.r1cs rebuilt from the description are the owner's, byte for byte" \
  || fail "model.r1cs and certificate.r1cs rebuilt from the description are the owner's, byte for byte"
expect 0 valid "verify against the rebuilt circuit.json" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/rebuilt" \
  --certificate "$W/c/weights.certificate.json" --certificate-key "$W/c/certificate_vk.json"

# What must fail.
expect 2 "needs the circuit" "a certificate without --circuit is refused" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --certificate "$W/c/weights.certificate.json"
$PY - "$W/c/weights.certificate.json" "$W/tampered.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["link"]["responses"][0] = str(int(c["link"]["responses"][0]) + 1); json.dump(c, open(sys.argv[2], "w"))
PY
expect 1 "the link does not show" "a tampered link response is rejected" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" --certificate "$W/tampered.json"
expect 1 invalid "… by the py_ecc verifier too" -- \
  $PY scripts/bn254/verify_certified.py "$W/c/circuit.json" "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" \
  "$W/tampered.json" "$W/c/certificate_vk.json"
expect 1 "the link does not show" "check-certificate rejects the tampered certificate" -- \
  "$Z" check-certificate "$W/c" --certificate "$W/tampered.json" --out "$W/checked-tampered.json"
[ ! -e "$W/checked-tampered.json" ] && pass "… and writes no key" || fail "check-certificate wrote a key for a tampered certificate"
head -c 300 "$W/c/weights.certificate.json" > "$W/truncated.json"
expect 2 malformed "a truncated certificate is malformed" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" --certificate "$W/truncated.json"
$PY - "$W/p/public.json" "$W/pixel.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1])); v[-1] = str((int(v[-1]) + 1) % 256); json.dump(v, open(sys.argv[2], "w"))
PY
expect 1 invalid "a changed input value is rejected (its evaluation term moves)" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/pixel.json" --circuit "$W/c"
expect 1 invalid "… also under the checked key" -- \
  "$Z" verify "$W/checked.json" "$W/p/proof.json" "$W/pixel.json" --circuit "$W/c" --checked-key
# Another model (its own bias widths, so its own circuit and keys).
run "$Z" compile "$W/b.int" --weights certified --output logits+label --out "$W/cb"
run "$Z" setup "$W/cb"
run "$Z" certify "$W/b.int" "$W/cb"
expect 1 "the link does not show" "another model's certificate with its own certificate key does not link to this model's key" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" \
  --certificate "$W/cb/weights.certificate.json" --certificate-key "$W/cb/certificate_vk.json"
expect 1 "weight certificate" "another model's certificate under this model's keys is rejected" -- \
  "$Z" verify "$W/c/verification_key.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" --certificate "$W/cb/weights.certificate.json"
run "$Z" check-certificate "$W/cb" --out "$W/checked-b.json"
expect 2 "was not folded from $W/c/verification_key.json and $W/c/weights.certificate.json" \
  "another model's checked key is refused by name for this circuit" -- \
  "$Z" verify "$W/checked-b.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" --checked-key
# The binding is the key's record of the files it was folded from; a key without it (an older
# zktrain's, or one made elsewhere) is refused where the directory holds the files.
run $PY -c 'import json, sys; k = json.load(open(sys.argv[1])); [k.pop(f) for f in list(k) if f.startswith("zktrain_folded_")]; json.dump(k, open(sys.argv[2], "w"))' \
  "$W/checked.json" "$W/checked-unrecorded.json"
expect 2 "does not record the files it was folded from" "a checked key without the record of its files is refused" -- \
  "$Z" verify "$W/checked-unrecorded.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c" --checked-key
run mkdir "$W/c-half" && run cp "$W/c/circuit.json" "$W/c/verification_key.json" "$W/c-half/"
expect 2 "weights.certificate.json: not found (a checked key is held to" \
  "… and so is one whose circuit directory holds the model key without the certificate" -- \
  "$Z" verify "$W/checked.json" "$W/p/proof.json" "$W/p/public.json" --circuit "$W/c-half" --checked-key
# The same model certified again with new blindings: the old certificate no longer fits it.
run cp -r "$W/c" "$W/c2"
run mv "$W/a.int/weights.secret.json" "$W/secret.json"
run "$Z" certify "$W/a.int" "$W/c2"
# A checked key is bound to the certification the verifier names: c2's key verifies c2's
# proofs, and is refused for c (same circuit, same weights, another commitment D).
run "$Z" prove "$W/c2" --model "$W/a.int" --image 3 --data $DATA --out "$W/p2"
run "$Z" check-certificate "$W/c2" --out "$W/checked-2.json"
expect 0 valid "a re-certified model's proof verifies under its own checked key" -- \
  "$Z" verify "$W/checked-2.json" "$W/p2/proof.json" "$W/p2/public.json" --circuit "$W/c2" --checked-key
expect 2 "was not folded from" "… and its checked key is refused when the verifier names the first certification" -- \
  "$Z" verify "$W/checked-2.json" "$W/p2/proof.json" "$W/p2/public.json" --circuit "$W/c" --checked-key
expect 1 invalid "… where the first certification's checked key rejects that proof" -- \
  "$Z" verify "$W/checked.json" "$W/p2/proof.json" "$W/p2/public.json" --circuit "$W/c" --checked-key
expect 1 "is not the model certified" "prove refuses a model whose blindings are not the certified ones" -- \
  "$Z" prove "$W/c" --model "$W/a.int" --image 3 --data $DATA --out "$W/x"
run mv "$W/a.int/weights.secret.json" "$W/secret2.json"
expect 1 "weights.secret.json is missing" "prove without the model's blindings names the file" -- \
  "$Z" prove "$W/c" --model "$W/a.int" --image 3 --data $DATA --out "$W/x"
finish certified-weights

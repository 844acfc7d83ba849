#!/usr/bin/env bash
# The ceremony CLI end to end on a small synthetic circuit (2^4 domain): phase 1 with two
# contributions and a beacon, prepare, verify; phase 2 with two contributions and a beacon,
# verify (recomputed and given initial key, with the chain), finalize to proving.zkey, prove
# with it (`groth16 prove --key`) and verify the proof (ours and py_ecc's verifier); then the
# independent py_ecc check of both transcripts (check_transcript.py), and rejections: a key
# checked against another circuit, a tampered .zkey. Then a model circuit (a small breast-cancer
# model, label output): three phase-2 contributions and a beacon, finalize into the circuit
# folder, `zktrain prove` with that proving.zkey, the proof checked by `verify --circuit` and
# py_ecc, a changed public signal refused. Last, a committed-weights model as its verifier checks
# it: the circuit compiled from the model's public description, the ceremony key verified
# against that circuit, the proof verified with the published commitment (ours and py_ecc's);
# proofs with the ceremony key save and then reuse the weight wires' MSM sums. Last, a certified
# model with a ceremony for each of its two circuits.
# Usage: test_ceremony.sh ZKTRAIN
set -euo pipefail
Z=${1:?usage: test_ceremony.sh ZKTRAIN}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
HERE=$(cd "$(dirname "$0")" && pwd)
python3 "$HERE/../synthetic_r1cs.py" 4 "$D/c" >/dev/null
python3 "$HERE/../synthetic_r1cs.py" 3 "$D/other" >/dev/null
$Z ceremony ptau new 4 --out "$D/p0.ptau" >/dev/null
$Z ceremony ptau contribute "$D/p0.ptau" --out "$D/p1.ptau" --name alice --entropy "some text"
$Z ceremony ptau contribute "$D/p1.ptau" --out "$D/p2.ptau" --name bob
$Z ceremony ptau beacon "$D/p2.ptau" --out "$D/p3.ptau" --beacon 0123456789abcdef --iterations-exponent 10
$Z ceremony ptau prepare "$D/p3.ptau" --out "$D/final.ptau" 2>/dev/null >/dev/null
$Z ceremony ptau verify "$D/final.ptau" 2>/dev/null
$Z ceremony init "$D/c.r1cs" --ptau "$D/final.ptau" --out "$D/k0.zkey"
$Z ceremony contribute "$D/k0.zkey" --out "$D/k1.zkey" --name carol 2>/dev/null
$Z ceremony contribute "$D/k1.zkey" --out "$D/k2.zkey" --name dave --entropy "more" 2>/dev/null
$Z ceremony beacon "$D/k2.zkey" --out "$D/k3.zkey" --beacon feedface
$Z ceremony verify "$D/k3.zkey" --circuit "$D/c.r1cs" --ptau "$D/final.ptau" 2>/dev/null
$Z ceremony finalize "$D/k3.zkey" --circuit "$D/c.r1cs" --ptau "$D/final.ptau" --initial "$D/k0.zkey" \
  --chain "$D/k1.zkey" "$D/k2.zkey" --out "$D/out" 2>/dev/null
test -s "$D/out/verification_key.json" && test -s "$D/out/proving.zkey"
$Z groth16 prove --key "$D/out/proving.zkey" --r1cs "$D/c.r1cs" --witness "$D/c.wtns" --out "$D/proof" >/dev/null 2>&1
$Z verify "$D/out/verification_key.json" "$D/proof/proof.json" "$D/proof/public.json" >/dev/null
python3 "$HERE/../bn254/verify_groth16.py" "$D/out/verification_key.json" "$D/proof/proof.json" "$D/proof/public.json" >/dev/null
python3 "$HERE/check_transcript.py" "$D/final.ptau" "$D/k3.zkey"
if $Z ceremony verify "$D/k3.zkey" --circuit "$D/other.r1cs" --ptau "$D/final.ptau" 2>/dev/null; then echo "FAIL: accepted another circuit"; exit 1; fi
python3 - "$D/k3.zkey" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[-300] ^= 1   # inside the contributions section
open(sys.argv[1], 'wb').write(bytes(b))
PY
if $Z ceremony verify "$D/k3.zkey" --circuit "$D/c.r1cs" --ptau "$D/final.ptau" 2>/dev/null; then echo "FAIL: accepted a tampered key"; exit 1; fi
# A model circuit through a three-party ceremony, proven by `zktrain prove` with the ceremony's key.
ROOT="$HERE/../.."
$Z train --arch "dense(4) sq dense(2)" --epochs 2 --weight-bits 8 --data "$ROOT/datasets/breast-cancer/breast_cancer.csv" \
  --out "$D/m" >/dev/null 2>&1
$Z quantize "$D/m" --out "$D/m.int" >/dev/null
$Z compile "$D/m.int" --output label --out "$D/mc" >/dev/null
$Z ceremony ptau new 9 --out "$D/q0.ptau" >/dev/null
$Z ceremony ptau contribute "$D/q0.ptau" --out "$D/q1.ptau" --name alice >/dev/null
$Z ceremony ptau prepare "$D/q1.ptau" --out "$D/pot.ptau" >/dev/null 2>&1
$Z ceremony init "$D/mc/model.r1cs" --ptau "$D/pot.ptau" --out "$D/m0.zkey" >/dev/null 2>&1
$Z ceremony contribute "$D/m0.zkey" --out "$D/m1.zkey" --name A >/dev/null 2>&1
$Z ceremony contribute "$D/m1.zkey" --out "$D/m2.zkey" --name B >/dev/null 2>&1
$Z ceremony contribute "$D/m2.zkey" --out "$D/m3.zkey" --name C >/dev/null 2>&1
$Z ceremony beacon "$D/m3.zkey" --out "$D/m4.zkey" --beacon feedface >/dev/null
$Z ceremony finalize "$D/m4.zkey" --circuit "$D/mc/model.r1cs" --ptau "$D/pot.ptau" --initial "$D/m0.zkey" \
  --chain "$D/m1.zkey" "$D/m2.zkey" "$D/m3.zkey" --out "$D/mc" >/dev/null 2>&1
test -s "$D/mc/proving.zkey" && test ! -e "$D/mc/proving.key"
$Z prove "$D/mc" --model "$D/m.int" --input "$ROOT/datasets/breast-cancer/patient.csv" --out "$D/mp" >/dev/null 2>&1
$Z verify "$D/mc/verification_key.json" "$D/mp/proof.json" "$D/mp/public.json" --circuit "$D/mc" >/dev/null
python3 "$HERE/../bn254/verify_groth16.py" "$D/mc/verification_key.json" "$D/mp/proof.json" "$D/mp/public.json" >/dev/null
python3 - "$D/mp/public.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); p[0] = str(1 - int(p[0])); json.dump(p, open(sys.argv[1], 'w'))
PY
if $Z verify "$D/mc/verification_key.json" "$D/mp/proof.json" "$D/mp/public.json" >/dev/null 2>&1; then echo "FAIL: accepted a changed label"; exit 1; fi
# A committed-weights model as its verifier sees it: the circuit rebuilt from the public
# description alone, the ceremony's key checked against the rebuilt circuit and its
# verification key exported from it, the proof checked against the rebuilt circuit and the
# published commitment; a key made for another circuit of the same model fails that check.
$Z train --arch "dense(2) sq dense(2)" --epochs 2 --weight-bits 4 --data "$ROOT/datasets/breast-cancer/breast_cancer.csv" \
  --out "$D/w" >/dev/null 2>&1
$Z quantize "$D/w" --out "$D/w.int" >/dev/null
$Z compile "$D/w.int" --weights committed --output label --out "$D/wc" >/dev/null
COMMITMENT=$($Z commit "$D/w.int")
$Z describe "$D/w.int" --out "$D/w.public.json" >/dev/null
$Z ceremony ptau new 10 --out "$D/r0.ptau" >/dev/null
$Z ceremony ptau contribute "$D/r0.ptau" --out "$D/r1.ptau" --name alice >/dev/null
$Z ceremony ptau prepare "$D/r1.ptau" --out "$D/pot10.ptau" >/dev/null 2>&1
$Z ceremony init "$D/wc/model.r1cs" --ptau "$D/pot10.ptau" --out "$D/w0.zkey" >/dev/null 2>&1
$Z ceremony contribute "$D/w0.zkey" --out "$D/w1.zkey" --name A >/dev/null 2>&1
$Z ceremony contribute "$D/w1.zkey" --out "$D/w2.zkey" --name B >/dev/null 2>&1
$Z ceremony finalize "$D/w2.zkey" --circuit "$D/wc/model.r1cs" --ptau "$D/pot10.ptau" --initial "$D/w0.zkey" \
  --chain "$D/w1.zkey" --out "$D/wc" >/dev/null 2>&1
LOG=$($Z prove "$D/wc" --model "$D/w.int" --input "$ROOT/datasets/breast-cancer/patient.csv" --out "$D/wp" 2>&1)
grep -q "saved the weight wires' MSM sums" <<<"$LOG" || { echo "FAIL: a proof with the ceremony key did not save the weight wires' sums"; exit 1; }
LOG=$($Z prove "$D/wc" --model "$D/w.int" --input "$ROOT/datasets/breast-cancer/patient.csv" --out "$D/wp2" --verbose 2>&1)
grep -q "weight wires' MSM sums (read)" <<<"$LOG" || { echo "FAIL: a second proof with the ceremony key did not reuse the saved sums"; exit 1; }
$Z verify "$D/wc/verification_key.json" "$D/wp2/proof.json" "$D/wp2/public.json" --circuit "$D/wc" >/dev/null
# The verifier: none of the owner's circuit files, only the description, the key, the commitment.
$Z compile "$D/w.public.json" --weights committed --output label --out "$D/wr" >/dev/null
cmp -s "$D/wc/model.r1cs" "$D/wr/model.r1cs" || { echo "FAIL: the rebuilt circuit differs from the owner's"; exit 1; }
$Z ceremony verify "$D/wc/proving.zkey" --circuit "$D/wr/model.r1cs" --ptau "$D/pot10.ptau" --initial "$D/w0.zkey" \
  --chain "$D/w1.zkey" >/dev/null 2>&1 || { echo "FAIL: the ceremony key does not verify against the rebuilt circuit"; exit 1; }
$Z groth16 export-vk --key "$D/wc/proving.zkey" --out "$D/wr" >/dev/null
$Z verify "$D/wr/verification_key.json" "$D/wp/proof.json" "$D/wp/public.json" --circuit "$D/wr" --commitment "$COMMITMENT" >/dev/null
python3 "$HERE/../bn254/verify_groth16.py" "$D/wr/verification_key.json" "$D/wp/proof.json" "$D/wp/public.json" >/dev/null
$Z compile "$D/w.int" --weights committed --output logits+label --out "$D/wo" >/dev/null
$Z ceremony init "$D/wo/model.r1cs" --ptau "$D/pot10.ptau" --out "$D/o0.zkey" >/dev/null 2>&1
if $Z ceremony verify "$D/o0.zkey" --circuit "$D/wr/model.r1cs" --ptau "$D/pot10.ptau" >/dev/null 2>&1; then
  echo "FAIL: a key for another circuit verified against the rebuilt one"; exit 1
fi
# A certified model: one ceremony per circuit (model.r1cs, certificate.r1cs), both finalized into
# the circuit folder (the certificate's with --certificate), certify and prove with those keys;
# the verifier checks both keys against the circuits rebuilt from the public description, the
# proof with the certificate, and the key check-certificate folds with py_ecc's stock verifier.
$Z compile "$D/w.int" --weights certified --output label --out "$D/xc" >/dev/null
for c in model certificate; do
  $Z ceremony init "$D/xc/$c.r1cs" --ptau "$D/pot10.ptau" --out "$D/x$c-0.zkey" >/dev/null 2>&1
  $Z ceremony contribute "$D/x$c-0.zkey" --out "$D/x$c-1.zkey" --name A >/dev/null 2>&1
  $Z ceremony beacon "$D/x$c-1.zkey" --out "$D/x$c-2.zkey" --beacon feedface >/dev/null
done
$Z ceremony finalize "$D/xmodel-2.zkey" --circuit "$D/xc/model.r1cs" --ptau "$D/pot10.ptau" --initial "$D/xmodel-0.zkey" \
  --chain "$D/xmodel-1.zkey" --out "$D/xc" >/dev/null 2>&1
$Z ceremony finalize "$D/xcertificate-2.zkey" --circuit "$D/xc/certificate.r1cs" --ptau "$D/pot10.ptau" \
  --initial "$D/xcertificate-0.zkey" --chain "$D/xcertificate-1.zkey" --out "$D/xc" --certificate >/dev/null 2>&1
test -s "$D/xc/certificate.zkey" && test -s "$D/xc/certificate_vk.json" && test ! -e "$D/xc/certificate.key" \
  || { echo "FAIL: finalize --certificate did not write certificate.zkey and certificate_vk.json"; exit 1; }
$Z certify "$D/w.int" "$D/xc" >/dev/null
$Z prove "$D/xc" --model "$D/w.int" --input "$ROOT/datasets/breast-cancer/patient.csv" --out "$D/xp" >/dev/null 2>&1
$Z compile "$D/w.public.json" --weights certified --output label --out "$D/xr" >/dev/null
for c in model certificate; do
  cmp -s "$D/xc/$c.r1cs" "$D/xr/$c.r1cs" || { echo "FAIL: the rebuilt $c.r1cs differs from the owner's"; exit 1; }
done
$Z ceremony verify "$D/xc/proving.zkey" --circuit "$D/xr/model.r1cs" --ptau "$D/pot10.ptau" >/dev/null 2>&1 \
  || { echo "FAIL: the certified model's ceremony key does not verify against the rebuilt circuit"; exit 1; }
$Z ceremony verify "$D/xc/certificate.zkey" --circuit "$D/xr/certificate.r1cs" --ptau "$D/pot10.ptau" >/dev/null 2>&1 \
  || { echo "FAIL: the certificate ceremony key does not verify against the rebuilt certificate circuit"; exit 1; }
$Z verify "$D/xc/verification_key.json" "$D/xp/proof.json" "$D/xp/public.json" --circuit "$D/xr" \
  --certificate "$D/xc/weights.certificate.json" --certificate-key "$D/xc/certificate_vk.json" >/dev/null \
  || { echo "FAIL: the proof made with the ceremony keys does not verify with the certificate"; exit 1; }
$Z check-certificate "$D/xr" --verification-key "$D/xc/verification_key.json" --certificate "$D/xc/weights.certificate.json" \
  --certificate-key "$D/xc/certificate_vk.json" --out "$D/xchecked.json" >/dev/null
python3 "$HERE/../bn254/verify_groth16.py" "$D/xchecked.json" "$D/xp/proof.json" "$D/xp/public.json" >/dev/null
if $Z ceremony verify "$D/xc/certificate.zkey" --circuit "$D/xr/model.r1cs" --ptau "$D/pot10.ptau" >/dev/null 2>&1; then
  echo "FAIL: the certificate circuit's key verified as the model circuit's"; exit 1
fi
echo "ceremony CLI: 4 passed, 0 failed (a synthetic circuit; a model circuit proven with the ceremony's key; a committed model verified from its public description; a certified model with a ceremony per circuit)"

#!/usr/bin/env bash
# The ceremony CLI end to end on a small synthetic circuit (2^4 domain): phase 1 with two
# contributions and a beacon, prepare, verify; phase 2 with two contributions and a beacon,
# verify (recomputed and given initial key, with the chain), finalize to proving.zkey, prove
# with it (`groth16 prove --key`) and verify the proof (ours and py_ecc's verifier); then the
# independent py_ecc check of both transcripts (check_transcript.py), and rejections: a key
# checked against another circuit, a tampered .zkey. Usage: test_ceremony.sh ZKTRAIN
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
echo "ceremony CLI: 1 passed, 0 failed"

#!/usr/bin/env bash
# The ceremony CLI end to end on a small synthetic circuit (2^4 domain): phase 1 with two
# contributions and a beacon, prepare, verify; phase 2 with two contributions and a beacon,
# verify (recomputed and given initial key, with the chain), finalize; then the independent
# py_ecc check of both transcripts (check_transcript.py), and rejections: a key checked
# against another circuit, a tampered .p2key. Usage: test_ceremony.sh ZKTRAIN
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
$Z ceremony init "$D/c.r1cs" --ptau "$D/final.ptau" --out "$D/k0.p2key"
$Z ceremony contribute "$D/k0.p2key" --out "$D/k1.p2key" --name carol 2>/dev/null
$Z ceremony contribute "$D/k1.p2key" --out "$D/k2.p2key" --name dave --entropy "more" 2>/dev/null
$Z ceremony beacon "$D/k2.p2key" --out "$D/k3.p2key" --beacon feedface
$Z ceremony verify "$D/k3.p2key" --circuit "$D/c.r1cs" --ptau "$D/final.ptau" 2>/dev/null
$Z ceremony finalize "$D/k3.p2key" --circuit "$D/c.r1cs" --ptau "$D/final.ptau" --initial "$D/k0.p2key" \
  --chain "$D/k1.p2key" "$D/k2.p2key" --out "$D/out" 2>/dev/null
test -s "$D/out/verification_key.json" && test -s "$D/out/final.p2key"
python3 "$HERE/check_transcript.py" "$D/final.ptau" "$D/k3.p2key"
if $Z ceremony verify "$D/k3.p2key" --circuit "$D/other.r1cs" --ptau "$D/final.ptau" 2>/dev/null; then echo "FAIL: accepted another circuit"; exit 1; fi
python3 - "$D/k3.p2key" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[-300] ^= 1   # inside the contributions section
open(sys.argv[1], 'wb').write(bytes(b))
PY
if $Z ceremony verify "$D/k3.p2key" --circuit "$D/c.r1cs" --ptau "$D/final.ptau" 2>/dev/null; then echo "FAIL: accepted a tampered key"; exit 1; fi
echo "ceremony CLI: 1 passed, 0 failed"

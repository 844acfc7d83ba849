"""Helpers for test_verifier_contract.py: compile a Vyper verifier with the vyper compiler, deploy
it in py-evm (through titanoboa's environment), call verifyProof with raw ABI call data, measure gas
(execution, calldata, and a real signed transaction's receipt), and make tampered proofs.
Nothing here knows the expected answers; the test script decides what must pass."""

import ast
import json
import subprocess
import sys

import boa
from Crypto.Hash import keccak
from eth_abi import encode
from eth_keys import keys
from py_ecc.bn128 import FQ2, G1, b2, curve_order, field_modulus, is_on_curve, multiply

Q, R = field_modulus, curve_order
INTRINSIC = 21_000
PAIRING_FLOOR, PER_SIGNAL_FLOOR = 181_150, 6_150  # the analytic floor: 181,150 + 6,150·p
SNARKJS_BASE, SNARKJS_PER_SIGNAL = 207_000, 7_160  # the figure for snarkjs's Solidity verifier
EIP170_LIMIT = 24_576


def signature(n):
    return f"verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[{n}])"


def selector(n):
    """keccak-256 of the snarkjs signature (pycryptodome's Keccak, independent of vyper's output)."""
    return keccak.new(digest_bits=256, data=signature(n).encode()).digest()[:4]


def read_snarkjs(proof_path, public_path):
    """(A, B, C, signals) as snarkjs's soliditycalldata orders them: B's Fp2 coordinates c1 first."""
    p = json.load(open(proof_path))
    a = [int(p["pi_a"][0]), int(p["pi_a"][1])]
    b = [[int(p["pi_b"][0][1]), int(p["pi_b"][0][0])], [int(p["pi_b"][1][1]), int(p["pi_b"][1][0])]]
    c = [int(p["pi_c"][0]), int(p["pi_c"][1])]
    return a, b, c, [int(s) for s in json.load(open(public_path))]


def parse_calldata(text):
    """snarkjs's soliditycalldata text ("[..],[[..],[..]],[..],[..]") as (A, B, C, signals) of ints."""
    a, b, c, s = json.loads("[" + text.strip() + "]")
    to_int = lambda v: int(v, 16)
    return [to_int(x) for x in a], [[to_int(x) for x in row] for row in b], [to_int(x) for x in c], [to_int(x) for x in s]


def call_data(n, a, b, c, signals):
    return selector(n) + encode(["uint256[2]", "uint256[2][2]", "uint256[2]", f"uint256[{n}]"], [a, b, c, signals])


def calldata_gas(data):
    """EIP-2028: 16 gas per non-zero byte, 4 per zero byte."""
    return sum(16 if byte else 4 for byte in data)


def compile_vyper(path):
    """Runs the vyper compiler (python -m vyper); returns (init bytecode, method identifiers)."""
    out = subprocess.run([sys.executable, "-m", "vyper", "-f", "bytecode,method_identifiers", path],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"vyper failed on {path}:\n{out.stderr[-2000:]}")
    lines = out.stdout.strip().splitlines()
    return bytes.fromhex(lines[0][2:]), ast.literal_eval(lines[1])


class Verifier:
    """A compiled and deployed verifier contract for n public signals."""

    def __init__(self, path, n):
        self.n = n
        initcode, self.methods = compile_vyper(path)
        self.address, _ = boa.env.deploy_code(bytecode=initcode)
        self.code_size = len(boa.env.get_code(self.address))

    def call(self, a, b, c, signals, gas=5_000_000):
        """('true' | 'false' | 'revert', execution gas) of a message call with `gas`."""
        data = call_data(self.n, a, b, c, signals)
        comp = boa.env.execute_code(to_address=self.address, data=data, gas=gas, is_modifying=False)
        if comp.is_error:
            return "revert", comp.get_gas_used()
        word = int.from_bytes(bytes(comp.output), "big")
        assert len(comp.output) == 32 and word in (0, 1), f"unexpected return data {bytes(comp.output).hex()}"
        return ("true" if word == 1 else "false"), comp.get_gas_used()

    def call_raw(self, data, gas=5_000_000):
        comp = boa.env.execute_code(to_address=self.address, data=data, gas=gas, is_modifying=False)
        return comp.is_error, bytes(comp.output), comp.get_gas_used()

    def least_gas(self, a, b, c, signals, low, high):
        """The least gas limit in [low, high] with which the call does not revert (bisection; the
        call must revert at low - 1 and succeed at high for this to be the threshold)."""
        assert self.call(a, b, c, signals, gas=high)[0] != "revert"
        while low < high:
            mid = (low + high) // 2
            if self.call(a, b, c, signals, gas=mid)[0] == "revert":
                low = mid + 1
            else:
                high = mid
        return low

    def transaction_gas(self, data, gas=8_000_000):
        """Gas used by a real signed transaction (py-evm's receipt), and its returned word."""
        vm = boa.env.evm.vm
        key = keys.PrivateKey(b"\x42" * 32)
        sender = key.public_key.to_canonical_address()
        boa.env.set_balance("0x" + sender.hex(), 10**21)
        tx = vm.create_unsigned_transaction(nonce=vm.state.get_nonce(sender), gas_price=vm.state.base_fee or 10**9,
                                            gas=gas, to=self.address.canonical_address, value=0, data=data)
        receipt, comp = vm.apply_transaction(vm.get_header(), tx.as_signed_transaction(key))
        return receipt.gas_used, int.from_bytes(bytes(comp.output), "big") if not comp.is_error else None


# Tampering helpers (py_ecc affine points: (FQ, FQ) and (FQ2, FQ2)).
def g1_point(a):
    from py_ecc.bn128 import FQ
    return (FQ(a[0]), FQ(a[1]))


def g1_words(p):
    return [int(p[0].n), int(p[1].n)]


def g2_point(b):
    return (FQ2([b[0][1], b[0][0]]), FQ2([b[1][1], b[1][0]]))


def g2_words(p):
    return [[int(p[0].coeffs[1]), int(p[0].coeffs[0])], [int(p[1].coeffs[1]), int(p[1].coeffs[0])]]


def fq2_sqrt(a):
    """A square root in Fp2 (p ≡ 3 mod 4, Adj–Rodríguez-Henríquez), or None."""
    p, minus_one = field_modulus, FQ2([-1, 0])
    a1 = a ** ((p - 3) // 4)
    alpha = a1 * a1 * a
    if (alpha ** p) * alpha == minus_one:
        return None
    x0 = a1 * a
    root = FQ2([0, 1]) * x0 if alpha == minus_one else ((FQ2([1, 0]) + alpha) ** ((p - 1) // 2)) * x0
    return root if root * root == a else None


def twist_point_outside_g2():
    """A point on the twist y² = x³ + 3/(9+u) whose order is not r (so outside G2)."""
    for k in range(1, 1000):
        x = FQ2([k, 1])
        y = fq2_sqrt(x * x * x + b2)
        if y is not None and is_on_curve((x, y), b2) and multiply((x, y), curve_order) is not None:
            return g2_words((x, y))
    raise RuntimeError("no twist point found")


def g1_off_curve(a):
    """A with x + 1: not on y² = x³ + 3 (checked)."""
    x, y = (a[0] + 1) % Q, a[1]
    assert (y * y - x * x * x - 3) % Q != 0
    return [x, y]


GENERATOR_G1 = g1_words(G1)


def write_square_circuit(prefix, k, seed=1):
    """iden3 .r1cs + .wtns of a circuit with k public inputs x_i and k constraints x_i·x_i = s_i
    (s_i private), x_i random below r: a key with k public signals for measuring gas against p.
    Written with the standard library, like scripts/synthetic_r1cs.py."""
    import random
    import struct

    def section(kind, body):
        return struct.pack("<IQ", kind, len(body)) + body

    def term(wire):
        return struct.pack("<II", 1, wire) + (1).to_bytes(32, "little")

    wires, prime = 1 + 2 * k, R.to_bytes(32, "little")
    header = struct.pack("<I", 32) + prime + struct.pack("<IIIIQI", wires, 0, k, k, wires, k)
    rows = b"".join(term(1 + i) + term(1 + i) + term(1 + k + i) for i in range(k))
    wire_map = b"".join(struct.pack("<Q", w) for w in range(wires))
    with open(prefix + ".r1cs", "wb") as f:
        f.write(b"r1cs" + struct.pack("<II", 1, 3) + section(1, header) + section(2, rows) + section(3, wire_map))
    rng = random.Random(seed)
    xs = [rng.randrange(R) for _ in range(k)]
    values = [1] + xs + [x * x % R for x in xs]
    with open(prefix + ".wtns", "wb") as f:
        f.write(b"wtns" + struct.pack("<II", 2, 2)
                + section(1, struct.pack("<I", 32) + prime + struct.pack("<I", len(values)))
                + section(2, b"".join(v.to_bytes(32, "little") for v in values)))

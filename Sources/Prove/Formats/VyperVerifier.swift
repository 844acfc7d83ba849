// A Groth16 verifier contract in Vyper 0.4, generated from a verification key, with the ABI of
// snarkjs's Solidity verifier (`verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[N])`),
// and the arguments of a call to it as snarkjs's `zkey export soliditycalldata` prints them.
// It does not compile, deploy or run anything (scripts/evm/ does, with vyper and titanoboa),
// and it writes no Solidity.

import Foundation

/// Writes a Vyper verifier contract for a Groth16 verifying key over BN254 (alt_bn128).
///
/// **What the contract checks, and why it is enough** (the same text heads every contract):
/// - every public signal is below r, or s and s + r would be two statements accepted by one
///   proof (ecMul reduces its scalar mod r). A's y is below q, or −A = (x, q − y) could not be
///   formed; the other coordinates go to the pairing precompile as they are, and EIP-197 makes
///   it fail on any coordinate ≥ q (checking them again would cost every call about 210 gas);
/// - vk_x = IC₀ + Σ sᵢ·ICᵢ with the ecMul (0x07) and ecAdd (0x06) precompiles, whose inputs
///   are the key's points, earlier precompile outputs and scalars < r, so they cannot fail.
///   They are called through Vyper's `ecmul`/`ecadd` builtins (a STATICCALL each), which
///   measured about 370 gas per signal cheaper than `raw_call` with `is_static_call`;
/// - e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ) = 1 with one 4-pair call to the pairing precompile
///   (0x08). EIP-197 makes the precompile fail unless every G1 point is on the curve (BN254's
///   G1 has cofactor 1, so on the curve means in G1) and every G2 point is on the twist *and*
///   in the order-r subgroup; A, B and C therefore need no other check.
/// - An invalid proof, a bad point or an out-of-range value returns false; nothing the caller
///   controls makes it revert. The pairing call gets exactly its 181,000-gas price, so a failed
///   call (a point off its curve) costs that, not all the caller's gas. The contract reverts
///   only when the caller gave too little gas for the pairing: it checks `msg.gas` first,
///   because a pairing call starved of gas would otherwise return false for a valid proof.
///   If a hard fork ever raised the precompiles' prices, the contract would fail closed (false).
public enum VyperVerifier {
    /// BN254's base-field modulus q (coordinates) and group order r (public signals), decimal.
    public static let baseModulus = "21888242871839275222246405745257275088696311157297823662689037894645226208583"
    public static let scalarModulus = "21888242871839275222246405745257275088548364400416034343698204186575808495617"
    /// Gas the pairing call is given: EIP-1108's 45,000 + 34,000 per pair, four pairs.
    public static let pairingGas = 181_000
    /// The least gas left before the pairing call that still gives it `pairingGas` under
    /// EIP-150's 63/64 rule (183,873 + 100 for the call), with room for encoding its input.
    public static let pairingGasGuard = 185_000

    /// Up to this many public signals the ecMul/ecAdd lines are unrolled with the IC points as
    /// literals (about 6,550 gas and 207 bytes of code per signal with vyper 0.4.3, so 100 fit
    /// EIP-170's 24,576 bytes); above it a loop reads them from an immutable table (about 6,760
    /// gas and 64 bytes per signal), so that up to about 350 signals the code still fits.
    public static let unrollLimit = 100
    /// Vyper 0.4 keeps immutables in under 24,576 bytes, 64 per IC point: at most 383 public
    /// signals (and above about 350 the deployed code exceeds EIP-170's limit anyway).
    public static let maxPublicCount = 383

    /// The contract cannot be written for this key.
    public struct Unsupported: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The external function's signature, whose keccak-256 gives the selector snarkjs's
    /// verifiers have: `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[N])`.
    public static func signature(publicCount: Int) -> String {
        "verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[\(publicCount)])"
    }

    /// The Vyper source of a verifier for `vk`. `signalNames` (one per public signal, e.g.
    /// from a model circuit's circuit.json) label the range checks and IC points in comments.
    /// - Throws: `Unsupported` for a key without public inputs (Vyper has no zero-length
    ///   arrays, so the snarkjs ABI `uint256[0]` cannot be declared), with more than
    ///   `maxPublicCount`, or for names of the wrong count.
    public static func contract(for vk: Groth16.VerifyingKey, signalNames: [String]? = nil) throws -> String {
        let n = vk.publicInputCount
        guard n >= 1 else {
            throw Unsupported(description: "the key has no public inputs; Vyper cannot declare snarkjs's uint256[0] argument")
        }
        guard n <= maxPublicCount else {
            throw Unsupported(description: "the key has \(n) public inputs; a Vyper contract holds at most \(maxPublicCount) "
                + "IC points (24,576 bytes of immutables), and EIP-170 forbids deploying one with more than about 350. "
                + "Commit to the input instead (zktrain compile --input committed): one public signal")
        }
        if let signalNames, signalNames.count != n {
            throw Unsupported(description: "\(signalNames.count) signal names for a key with \(n) public inputs")
        }
        func name(_ i: Int) -> String {
            signalNames.map { "  # \($0[i].replacingOccurrences(of: "\n", with: " "))" } ?? ""
        }
        let unrolled = n <= unrollLimit
        var lines = header(publicCount: n)
        lines += ["", "Q: constant(uint256) = \(baseModulus)", "R: constant(uint256) = \(scalarModulus)", ""]
        lines += ["# The verification key. G2 coordinates in the precompile's order: x = X1·u + X0."]
        lines += constants("ALPHA", g1: vk.alphaG1) + constants("BETA", g2: vk.betaG2)
            + constants("GAMMA", g2: vk.gammaG2) + constants("DELTA", g2: vk.deltaG2)
        let ic = vk.gammaABCG1
        if unrolled {
            for (i, point) in ic.enumerated() { lines += constants("IC\(i)", g1: point) }
        } else {
            lines += constants("IC0", g1: ic[0])
            lines += ["# IC1 … IC\(n) as [x, y]: written into the code by the constructor (immutables), read by the loop.",
                      "IC: immutable(uint256[2][\(n)])", "", "", "@deploy", "def __init__():", "    IC = ["]
            for i in 1...n { lines.append("        [\(ic[i].x), \(ic[i].y)]\(i < n ? "," : "")\(name(i - 1))") }
            lines.append("    ]")
        }
        lines += [
            "", "", "@external", "@view",
            "def verifyProof(pA: uint256[2], pB: uint256[2][2], pC: uint256[2], pubSignals: uint256[\(n)]) -> bool:",
            "    # Canonical encodings only. A's y must be below q for the negation below; every other",
            "    # coordinate goes to the pairing precompile, which fails on one >= q (EIP-197): false.",
            "    if pA[1] >= Q:",
            "        return False",
        ]
        if unrolled {
            for i in 0..<n { lines += ["    if pubSignals[\(i)] >= R:\(name(i))", "        return False"] }
        } else {
            lines += ["    for i: uint256 in range(\(n)):", "        if pubSignals[i] >= R:", "            return False"]
        }
        lines += ["    # vk_x = IC0 + sum of pubSignals[i]·IC(i+1). ecmul/ecadd are Vyper builtins that",
                  "    # STATICCALL 0x07/0x06; their inputs are valid points and scalars < r, so they cannot fail.",
                  "    acc: uint256[2] = [IC0_X, IC0_Y]"]
        if unrolled {
            for i in 0..<n { lines.append("    acc = ecadd(acc, ecmul([IC\(i + 1)_X, IC\(i + 1)_Y], pubSignals[\(i)]))\(name(i))") }
        } else {
            lines += ["    for i: uint256 in range(\(n)):", "        acc = ecadd(acc, ecmul(IC[i], pubSignals[i]))"]
        }
        lines += [
            "    # e(-A, B)·e(alpha, beta)·e(vk_x, gamma)·e(C, delta) == 1 in one call; -A = (x, (q - y) mod q).",
            "    # Too little gas left would make the call fail and return false for a valid proof: revert instead.",
            "    assert msg.gas >= \(pairingGasGuard), \"verifyProof: too little gas for the pairing\"",
            "    ok: bool = False",
            "    out: Bytes[32] = b\"\"",
            "    ok, out = raw_call(",
            "        0x0000000000000000000000000000000000000008,",
            "        abi_encode(pA[0], (Q - pA[1]) % Q, pB, ALPHA_X, ALPHA_Y, BETA_X1, BETA_X0, BETA_Y1, BETA_Y0,",
            "                   acc, GAMMA_X1, GAMMA_X0, GAMMA_Y1, GAMMA_Y0, pC, DELTA_X1, DELTA_X0, DELTA_Y1, DELTA_Y0),",
            "        max_outsize=32, gas=\(pairingGas), is_static_call=True, revert_on_failure=False)",
            "    # On success the precompile returns one 32-byte word, 1 or 0 (EIP-197).",
            "    return ok and convert(out, uint256) == 1",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The arguments of `verifyProof` for `proof` and `publicInputs`, exactly as snarkjs's
    /// `zkey export soliditycalldata` prints them: 0x-prefixed 64-digit hex words,
    /// `[a0, a1],[[b0.c1, b0.c0],[b1.c1, b1.c0]],[c0, c1],[s0,s1,…]`, and a newline. Points at
    /// infinity are written (0, 0), the precompiles' encoding.
    public static func calldata(proof: Groth16.Proof, publicInputs: [Fr]) -> String {
        func word<F: MontgomeryField>(_ value: F) -> String {
            "\"0x" + value.littleEndianBytes.reversed().map { String(format: "%02x", $0) }.joined() + "\""
        }
        let a = "[\(word(proof.a.x)), \(word(proof.a.y))]"
        let b = "[[\(word(proof.b.x.c1)), \(word(proof.b.x.c0))],[\(word(proof.b.y.c1)), \(word(proof.b.y.c0))]]"
        let c = "[\(word(proof.c.x)), \(word(proof.c.y))]"
        return "\(a),\(b),\(c),[\(publicInputs.map(word).joined(separator: ","))]\n"
    }

    // MARK: Pieces

    static func constants(_ name: String, g1 point: G1Affine) -> [String] {
        ["\(name)_X: constant(uint256) = \(point.x)", "\(name)_Y: constant(uint256) = \(point.y)"]
    }

    static func constants(_ name: String, g2 point: G2Affine) -> [String] {
        ["\(name)_X1: constant(uint256) = \(point.x.c1)", "\(name)_X0: constant(uint256) = \(point.x.c0)",
         "\(name)_Y1: constant(uint256) = \(point.y.c1)", "\(name)_Y0: constant(uint256) = \(point.y.c0)"]
    }

    /// The contract's opening comment: what it is and its security argument.
    static func header(publicCount n: Int) -> [String] {
        """
        # pragma version ~=0.4.3
        # Groth16 verifier over BN254 (alt_bn128), generated by `zktrain verifier` from a
        # verification key. Not audited. ABI of snarkjs's Solidity verifiers:
        #   \(signature(publicCount: n)) -> bool
        # pB holds the Fp2 coordinates as [[x.c1, x.c0], [y.c1, y.c0]] (soliditycalldata's order).
        #
        # What it checks, and why that is enough:
        # - every public signal is below r (s and s + r would otherwise be two statements
        #   accepted by one proof) and A's y below q (for -A); the pairing precompile fails on
        #   any other coordinate >= q (EIP-197), which makes the result false;
        # - vk_x = IC0 + sum of pubSignals[i]·IC(i+1) with the ecMul/ecAdd precompiles;
        # - e(-A, B)·e(alpha, beta)·e(vk_x, gamma)·e(C, delta) == 1 with one 4-pair call to the
        #   pairing precompile. By EIP-197 that call fails unless every G1 point is on the curve
        #   (G1 has cofactor 1, so that means in G1) and every G2 point is on the twist and in
        #   the order-r subgroup; A, B and C need no other check.
        # An invalid proof, a point off its curve or an out-of-range value returns false and
        # never reverts: the pairing call is given exactly its price (181,000 gas), so a failed
        # call costs that and not all the caller's gas. It reverts only if the caller sent too
        # little gas for the pairing, which would otherwise turn a valid proof into false.
        # No storage, no state: the key is inlined as constants. If a fork raised the
        # precompiles' prices, every call would fail closed (false or revert, never true).
        """.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

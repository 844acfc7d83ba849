// VyperVerifier (Formats/VyperVerifier.swift) without an EVM: the contract's shape (signature,
// key constants, unrolled or looped, refusals) and the call data's exact layout. Compiling the
// contract and running it in an EVM is scripts/evm/test_verifier_contract.py's job (make test).

import Foundation
import Prove
import Testing

@Suite struct VyperVerifierTests {
    static func toyKey() throws -> Groth16.VerifyingKey {
        try SnarkjsJSON.decodeVerifyingKey(FormatFixtures.toy("verification_key.json"), path: "verification_key.json")
    }

    /// A key with `n` public inputs: the toy key's points, IC repeated.
    static func key(publicCount n: Int) throws -> Groth16.VerifyingKey {
        var vk = try toyKey()
        vk.gammaABCG1 = (0...n).map { vk.gammaABCG1[$0 % vk.gammaABCG1.count] }
        return vk
    }

    @Test func contractCarriesTheKeyAndTheSnarkjsSignature() throws {
        let vk = try Self.toyKey()
        let source = try VyperVerifier.contract(for: vk, signalNames: ["z"])
        #expect(source.hasPrefix("# pragma version ~=0.4.3\n"))
        #expect(source.contains("def verifyProof(pA: uint256[2], pB: uint256[2][2], pC: uint256[2], pubSignals: uint256[1]) -> bool:"))
        #expect(source.contains(VyperVerifier.signature(publicCount: 1)))
        // G2 coordinates in the precompile's order: c1 first.
        #expect(source.contains("BETA_X1: constant(uint256) = \(vk.betaG2.x.c1)\nBETA_X0: constant(uint256) = \(vk.betaG2.x.c0)"))
        #expect(source.contains("IC1_X: constant(uint256) = \(vk.gammaABCG1[1].x)"))
        #expect(source.contains("acc = ecadd(acc, ecmul([IC1_X, IC1_Y], pubSignals[0]))  # z"))
        #expect(source.contains("gas=181000") && source.contains("assert msg.gas >= 185000"))
        #expect(source.contains("EIP-197"), "the security argument heads the contract")
    }

    @Test func manySignalsLoopOverAnImmutableTable() throws {
        let n = VyperVerifier.unrollLimit + 1
        let source = try VyperVerifier.contract(for: Self.key(publicCount: n))
        #expect(source.contains("IC: immutable(uint256[2][\(n)])"))
        #expect(source.contains("for i: uint256 in range(\(n)):"))
        #expect(!source.contains("IC1_X"))
        #expect(try VyperVerifier.contract(for: Self.key(publicCount: VyperVerifier.unrollLimit)).contains("IC\(VyperVerifier.unrollLimit)_X"))
    }

    @Test func refusesWhatVyperCannotExpress() throws {
        let none = try Self.key(publicCount: 0)
        #expect(throws: VyperVerifier.Unsupported.self) { try VyperVerifier.contract(for: none) }
        let tooMany = try Self.key(publicCount: VyperVerifier.maxPublicCount + 1)
        #expect(throws: VyperVerifier.Unsupported.self) { try VyperVerifier.contract(for: tooMany) }
        #expect(throws: VyperVerifier.Unsupported.self) { try VyperVerifier.contract(for: try Self.toyKey(), signalNames: ["a", "b"]) }
        #expect(try VyperVerifier.contract(for: Self.key(publicCount: VyperVerifier.maxPublicCount)).contains("uint256[2][383]"))
    }

    @Test func calldataIsSnarkjsSoliditycalldata() throws {
        let proof = try SnarkjsJSON.decodeProof(FormatFixtures.toy("proof.json"), path: "proof.json")
        let inputs: [Fr] = [Fr(27), Fr(decimal: "123456789")!]
        func hex<F: MontgomeryField>(_ v: F) -> String {
            let digits = String(BigUIntText.hex(decimal: v.description))
            return "\"0x" + String(repeating: "0", count: 64 - digits.count) + digits + "\""
        }
        let expected = "[\(hex(proof.a.x)), \(hex(proof.a.y))],[[\(hex(proof.b.x.c1)), \(hex(proof.b.x.c0))],"
            + "[\(hex(proof.b.y.c1)), \(hex(proof.b.y.c0))]],[\(hex(proof.c.x)), \(hex(proof.c.y))],"
            + "[\"0x\(String(repeating: "0", count: 62))1b\",\"0x\(String(repeating: "0", count: 57))75bcd15\"]\n"
        #expect(VyperVerifier.calldata(proof: proof, publicInputs: inputs) == expected)
    }
}

/// Decimal → hexadecimal by long division on the digit string (independent of the field code).
enum BigUIntText {
    static func hex(decimal: String) -> String {
        var digits = decimal.compactMap { $0.wholeNumberValue }
        var out = ""
        while !(digits.isEmpty || digits.allSatisfy { $0 == 0 }) {
            var remainder = 0, quotient = [Int]()
            for d in digits {
                let value = remainder * 10 + d
                quotient.append(value / 16)
                remainder = value % 16
            }
            out = String(remainder, radix: 16) + out
            digits = Array(quotient.drop { $0 == 0 })
        }
        return out.isEmpty ? "0" : out
    }
}

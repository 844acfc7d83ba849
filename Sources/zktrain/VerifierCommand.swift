// `zktrain verifier VK --out Verifier.vy [--circuit DIR]`: a Vyper verifier contract for a
// verification key, with snarkjs's verifyProof ABI; `zktrain verifier calldata PROOF PUBLIC`:
// the arguments of a call to it, as snarkjs's soliditycalldata prints them. Glue only: the
// work is `VyperVerifier`. Compiling and deploying the contract is vyper's job (scripts/evm/).
import ArgumentParser
import Circuit
import Foundation
import Prove
import Support

struct VerifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verifier",
        abstract: "On-chain verification: a Vyper verifier contract for a verification key, and call data for it.",
        subcommands: [VerifierContract.self, VerifierCalldata.self],
        defaultSubcommand: VerifierContract.self)
}

struct VerifierContract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract",
        abstract: "Write a Vyper (0.4) verifier contract for a verification_key.json.",
        discussion: """
        The contract's external function has the ABI of snarkjs's Solidity verifiers, \
        verifyProof(uint256[2] pA, uint256[2][2] pB, uint256[2] pC, uint256[N] pubSignals) -> bool, \
        so contracts written against those work unchanged. It returns false for an invalid \
        proof, a point off its curve, a coordinate ≥ q or a public signal ≥ r, and reverts only \
        when given too little gas. Its header explains why these checks suffice. Each public \
        signal costs an ecMul on chain (about 6,550 gas with its ecAdd): see the README's "On-chain \
        verification" for what model proofs cost. Compile with `vyper Verifier.vy`. A key \
        with no public inputs is refused (Vyper has no zero-length arrays).
        """)

    @Argument(help: "verification_key.json (snarkjs layout).") var verificationKey: String
    @Option(help: "The contract file to write, e.g. Verifier.vy.") var out: String
    @Option(help: "A model circuit's circuit.json (or its directory): name the public signals in comments.")
    var circuit: String?

    func run() throws {
        try reportingErrors {
            let vk = try SnarkjsJSON.readVerifyingKey(from: URL(fileURLWithPath: verificationKey))
            var names: [String]?
            if let circuit {
                let url = CircuitManifest.directory(of: URL(fileURLWithPath: circuit))
                let manifest = try CircuitManifest(contentsOf: url)
                guard manifest.publicCount == vk.publicInputCount else {
                    throw FormatError(path: url.appendingPathComponent(CircuitManifest.fileName).path,
                                      problem: "lays out \(manifest.publicCount) public signals, \(verificationKey) has \(vk.publicInputCount)")
                }
                names = manifest.publicSignalNames
            }
            let source: String
            do { source = try VyperVerifier.contract(for: vk, signalNames: names) } catch let error as VyperVerifier.Unsupported {
                throw FormatError(path: verificationKey, problem: error.description)
            }
            try writeAtomically(Data(source.utf8), to: URL(fileURLWithPath: out))
            print("\(out): Vyper verifier for \(vk.publicInputCount) public signals, \(VyperVerifier.signature(publicCount: vk.publicInputCount))")
        }
    }
}

struct VerifierCalldata: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calldata",
        abstract: "Print verifyProof's arguments for a proof, as snarkjs's `zkey export soliditycalldata` does.",
        discussion: """
        Prints ["0x…", "0x…"],[["0x…", "0x…"],["0x…", "0x…"]],["0x…", "0x…"],["0x…",…] on one \
        line: A, B with each coordinate's c1 before c0, C, then the public signals. The files \
        are validated as `zktrain verify` does (points on their curves, signals below r).
        """)

    @Argument(help: "proof.json") var proof: String
    @Argument(help: "public.json") var publicInputs: String

    func run() throws {
        try reportingErrors {
            let parsed = try SnarkjsJSON.readProof(from: URL(fileURLWithPath: proof))
            let inputs = try SnarkjsJSON.readPublicInputs(from: URL(fileURLWithPath: publicInputs))
            print(VyperVerifier.calldata(proof: parsed, publicInputs: inputs), terminator: "")
        }
    }
}

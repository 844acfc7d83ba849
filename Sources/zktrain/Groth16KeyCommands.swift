// `zktrain groth16 export-vk|inspect`: a snarkjs .zkey's verification_key.json and its summary.
// Glue only: the work is `Pipeline.exportVerifyingKey` and `ZkeyFile`.
import ArgumentParser
import Foundation
import Pipeline
import Prove

struct Groth16ExportVerifyingKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-vk",
        abstract: "Write a snarkjs .zkey's verification key as verification_key.json.",
        discussion: """
        The same file as `snarkjs zkey export verificationkey`: α, β, γ, δ, IC and \
        vk_alphabeta_12, for `zktrain verify`, `zktrain verifier` or snarkjs. The whole key is \
        read and checked first (points on their curves, G2 points in the subgroup).
        """)

    @Option(help: "The snarkjs Groth16 key (.zkey).") var key: String
    @Option(help: "Output folder for verification_key.json (created if missing).") var out: String = "."

    func run() throws {
        try reportingErrors {
            print(try Pipeline.exportVerifyingKey(zkey: URL(fileURLWithPath: key), into: URL(fileURLWithPath: out)).path)
        }
    }
}

struct Groth16Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read and check a snarkjs .zkey; print its counts and contributions.",
        discussion: """
        Every section is validated as `groth16 prove` would (exit 1 with the file and section \
        named otherwise). The contributions' pairings are not checked here. --rewrite writes the \
        key again with ZKTrain's .zkey writer (same section order): for a key snarkjs wrote, the \
        copy is identical byte for byte.
        """)

    @Argument(help: "The snarkjs Groth16 key (.zkey).") var key: String
    @Option(help: "Also write the key re-encoded to this file (atomically).") var rewrite: String?

    func run() throws {
        try reportingErrors {
            let file = try ZkeyFile(contentsOf: URL(fileURLWithPath: key))
            file.summary.forEach { print($0) }
            if let rewrite { try file.write(to: URL(fileURLWithPath: rewrite)) }
        }
    }
}

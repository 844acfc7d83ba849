// `zktrain groth16 setup|prove|export-vk|inspect`: single-party circuit-specific setup (proving.key +
// verification_key.json), proving (proof.json + public.json, snarkjs layout) with a proving.key
// or a snarkjs .zkey; a .zkey's verification_key.json and summary are in Groth16KeyCommands. Glue only: the work is
// `Groth16.setup` / `Pipeline.proveWitness` / `Pipeline.exportVerifyingKey`.
// The multi-party ceremony is `zktrain ceremony`.
import ArgumentParser
import Foundation
import Pipeline
import Prove
import Support

struct Groth16Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groth16",
        abstract: "Groth16 over BN254: circuit-specific setup and proving (snarkjs-compatible JSON and .zkey keys).",
        subcommands: [Groth16Setup.self, Groth16Prove.self, Groth16ExportVerifyingKey.self, Groth16Inspect.self])
}

struct Groth16Setup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Single-party setup for a circuit: writes proving.key and verification_key.json.",
        discussion: """
        WARNING: this is a single-party setup. Whoever runs it knows the toxic waste and can \
        forge proofs for this circuit. Use it only for testing, or when the prover runs the \
        setup himself; otherwise run a multi-party ceremony (`zktrain ceremony`).

        proving.key is ZKTrain's binary format (magic "ZKTPK", versioned, validated on read); \
        it does not contain the circuit: pass the same .r1cs to `groth16 prove --r1cs`. With \
        --zkey the key is a snarkjs .zkey instead (snarkjs's circuit hash, one contribution recorded).
        """)

    @Argument(help: "The circuit, an iden3 .r1cs file.") var circuit: String
    @Option(help: "Output folder for proving.key and verification_key.json (created if missing).") var out: String
    @Flag(help: "Write a snarkjs Groth16 key, proving.zkey, instead of proving.key (snarkjs's conventions: snarkjs and `groth16 prove` both prove with it).")
    var zkey = false
    @Flag(help: "Print where the setup time went (stderr).") var verbose = false

    func run() throws {
        try reportingErrors {
            let cs = try R1CSFile.read(from: URL(fileURLWithPath: circuit))
            printError("warning: \(Groth16.singlePartySetupWarning)")
            printError("setup: \(cs.constraints.count) constraints, \(cs.variableCount) wires, \(cs.publicCount) public")
            var rng = SystemRandomNumberGenerator()
            if zkey {
                let folder = URL(fileURLWithPath: out)
                try Groth16.snarkjsSetup(cs, using: &rng).writeKeyPair(in: folder)
                print(folder.appendingPathComponent(ZkeyFile.fileName).path)
                print(folder.appendingPathComponent(Groth16.ProvingKey.verifyingKeyFileName).path)
                return
            }
            var timer = PhaseTimer()
            let pk = try Groth16.setup(cs, using: &rng, timer: &timer)
            let folder = URL(fileURLWithPath: out)
            let keyURL = folder.appendingPathComponent("proving.key")
            let vkURL = folder.appendingPathComponent("verification_key.json")
            timer.start("write files")
            try pk.writeKeyPair(in: folder)
            timer.stop()
            if verbose { printError(timer.report) }
            print(keyURL.path)
            print(vkURL.path)
        }
    }
}

struct Groth16Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove a witness with a proving key or a snarkjs .zkey: writes proof.json and public.json.",
        discussion: """
        --r1cs must be the circuit the key was made from (proving.key stores a digest of it, a \
        .zkey its A and B matrices, and the prover refuses a different circuit). The witness \
        (.wtns) must satisfy every constraint; otherwise the first failing constraint is named. \
        The proof is verified once before it is written. A .zkey (told apart by its magic) is \
        proven in snarkjs's conventions, so the proof verifies under the verification_key.json \
        snarkjs exports for that key.
        """)

    @Option(help: "proving.key from `zktrain groth16 setup`, or a snarkjs Groth16 .zkey.") var key: String
    @Option(help: "The circuit (.r1cs) the key was made for.") var r1cs: String
    @Option(help: "The witness, an iden3 .wtns file.") var witness: String
    @Option(help: "Output folder for proof.json and public.json (created if missing).") var out: String
    @Flag(help: "Skip G2 subgroup checks when reading the key (most of its read time; for keys you made yourself; the proof is still verified before it is written).")
    var skipSubgroupChecks = false
    @Flag(help: "Print where the prove time went (stderr).") var verbose = false

    func run() throws {
        try reportingErrors {
            var timer = PhaseTimer()
            let files = try Pipeline.proveWitness(key: URL(fileURLWithPath: key), circuit: URL(fileURLWithPath: r1cs),
                                                  witness: URL(fileURLWithPath: witness), out: URL(fileURLWithPath: out),
                                                  checkSubgroups: !skipSubgroupChecks, timer: &timer)
            if verbose { printError(timer.report) }
            print(files.proof.path)
            print(files.publicInputs.path)
        }
    }
}

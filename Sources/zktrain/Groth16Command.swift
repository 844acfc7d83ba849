// `zktrain groth16 setup|prove`: single-party circuit-specific setup (proving.key +
// verification_key.json) and proving (proof.json + public.json, snarkjs layout). Glue only:
// the work is `Groth16.setup` / `Groth16.prove`. No multi-party ceremony yet (see setup --help).
import ArgumentParser
import Foundation
import Prove
import Support

struct Groth16Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groth16",
        abstract: "Groth16 over BN254: circuit-specific setup and proving (snarkjs-compatible JSON).",
        subcommands: [Groth16Setup.self, Groth16Prove.self])
}

struct Groth16Setup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Single-party setup for a circuit: writes proving.key and verification_key.json.",
        discussion: """
        WARNING: this is a single-party setup. Whoever runs it knows the toxic waste and can \
        forge proofs for this circuit. Use it only for testing, or when the prover runs the \
        setup himself. A multi-party phase-2 ceremony (snarkjs-compatible contributions) is \
        future work.

        proving.key is ZKTrain's binary format (magic "ZKTPK", versioned, validated on read); \
        it does not contain the circuit: pass the same .r1cs to `groth16 prove --r1cs`.
        """)

    @Argument(help: "The circuit, an iden3 .r1cs file.") var circuit: String
    @Option(help: "Output folder for proving.key and verification_key.json (created if missing).") var out: String
    @Flag(help: "Print where the setup time went (stderr).") var verbose = false

    func run() throws {
        try reportingErrors {
            let cs = try R1CSFile.read(from: URL(fileURLWithPath: circuit))
            printError("warning: \(Groth16.singlePartySetupWarning)")
            printError("setup: \(cs.constraints.count) constraints, \(cs.variableCount) wires, \(cs.publicCount) public")
            var rng = SystemRandomNumberGenerator()
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
        abstract: "Prove a witness with a proving key: writes proof.json and public.json.",
        discussion: """
        --r1cs must be the circuit the key was made from (proving.key stores a digest of it \
        and the prover refuses a different one). The witness (.wtns) must satisfy every \
        constraint; otherwise the first failing constraint is named. The proof is verified \
        once before it is written.
        """)

    @Option(help: "proving.key from `zktrain groth16 setup`.") var key: String
    @Option(help: "The circuit (.r1cs) the key was made for.") var r1cs: String
    @Option(help: "The witness, an iden3 .wtns file.") var witness: String
    @Option(help: "Output folder for proof.json and public.json (created if missing).") var out: String
    @Flag(help: "Skip G2 subgroup checks when reading proving.key (most of its read time; for keys you made yourself; the proof is still verified before it is written).")
    var skipSubgroupChecks = false
    @Flag(help: "Print where the prove time went (stderr).") var verbose = false

    func run() throws {
        try reportingErrors {
            var timer = PhaseTimer()
            timer.start("read proving.key")
            let pk = try Groth16.ProvingKey(contentsOf: key, checkSubgroups: !skipSubgroupChecks)
            timer.start("read .r1cs and .wtns")
            let cs = try R1CSFile.read(from: URL(fileURLWithPath: r1cs))
            let values = try WitnessFile.read(from: URL(fileURLWithPath: witness))
            var rng = SystemRandomNumberGenerator()
            let proof: Groth16.Proof
            do { proof = try Groth16.prove(pk, cs: cs, witness: values, using: &rng, timer: &timer) } catch {
                throw ValidationError("\(key), \(r1cs), \(witness): \(error)")  // which of the three is wrong, the error says
            }
            timer.start("self-check (verify)")
            let inputs = cs.publicSignals(of: values) ?? []
            guard Groth16.verify(pk.verifyingKey, publicInputs: inputs, proof: proof) else {
                throw ValidationError("\(key) is damaged or altered: its points are valid but a proof made with it does not verify "
                    + "under its own verifying key; run `zktrain groth16 setup` again. Nothing written")
            }
            timer.start("write files")
            let folder = URL(fileURLWithPath: out)
            let proofURL = folder.appendingPathComponent("proof.json")
            let publicURL = folder.appendingPathComponent("public.json")
            var files = try ArtifactSet(in: folder)
            try files.add(proofURL.lastPathComponent, try SnarkjsJSON.encode(proof))
            try files.add(publicURL.lastPathComponent, try SnarkjsJSON.encodePublicInputs(inputs))
            try files.commit()
            timer.stop()
            if verbose { printError(timer.report) }
            print(proofURL.path)
            print(publicURL.path)
        }
    }
}

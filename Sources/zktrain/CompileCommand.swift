// `zktrain compile` and `zktrain setup`: a model to a circuit directory (model.r1cs +
// circuit.json), then the circuit's single-party Groth16 setup (proving.key +
// verification_key.json in the same directory).
import ArgumentParser
import Circuit
import Foundation
import Pipeline
import Prove

extension WeightVisibility: ExpressibleByArgument {}
extension InputVisibility: ExpressibleByArgument {}
extension OutputVisibility: ExpressibleByArgument {}

/// The visibility options shared by compile, cost and demo.
struct VisibilityOptions: ParsableArguments {
    @Option(help: "Weights: public (circuit constants; the verification key identifies the model), committed (private, bound to a public Poseidon commitment, range-checked and hashed in every proof) or certified (private, bound to a key commitment with a one-time certificate: zktrain certify).")
    var weights: WeightVisibility = .public
    @Option(help: "Input: public (in public.json), private, or committed (a Poseidon commitment is public).")
    var input: InputVisibility = .public
    @Option(help: "Public outputs: logits, logits+label (also proves the class label, the argmax), or label (the proven label alone; the logits stay private).")
    var output: OutputVisibility = .logits

    var circuitOptions: CircuitOptions { CircuitOptions(weights: weights, input: input, output: output) }
}

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile a model to a Groth16 circuit: writes model.r1cs and circuit.json.",
        discussion: """
        MODEL is an integer model (zktrain quantize) or a QAT checkpoint (zktrain train \
        --weight-bits …, exported on the fly with the automatic rescale policy), or a public \
        model description (zktrain describe) with --weights committed or certified: that compiles the same \
        model.r1cs as the model itself, from public information only, so a verifier can \
        rebuild the circuit and compare circuit.json's r1csSHA256 with the owner's. The compiler \
        refuses a model whose proven bounds do not fit the field (no wraparound is possible). \
        With --weights committed, MODEL/commitment.json is created (a secret blinding from the \
        system CSPRNG) if it does not exist, and the commitment is recorded in circuit.json: \
        every proof must carry it. circuit.json also holds the layout of public.json and the \
        cost of every stage. Next: zktrain setup CIRCUIT_DIR.
        """)

    @Argument(help: "Model directory, or a public description (model.public.json) with --weights committed.") var model: String
    @OptionGroup var visibility: VisibilityOptions
    @Option(help: "Circuit directory to write (created if missing).") var out: String

    func run() throws {
        try reportingErrors {
            let r = try Pipeline.compile(model: URL(fileURLWithPath: model), options: visibility.circuitOptions, out: URL(fileURLWithPath: out))
            printCostTable(r.cost, profile: try? CostProfile.current())
            print(String(format: "compiled in %.2f s → %@/{%@, %@}", r.seconds, out, CircuitManifest.r1csName, CircuitManifest.fileName))
            print("model.r1cs SHA-256: \(r.r1csSHA256)")
            if let commitment = r.weightCommitment { print("weight commitment: \(commitment)") }
        }
    }
}

struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Groth16 setup for a compiled circuit: writes proving.key and verification_key.json into it.",
        discussion: """
        WARNING: single-party setup. Whoever runs it knows the toxic waste and can forge \
        proofs for this circuit: run it yourself when you are the one to be convinced, or use \
        it for testing. Randomness comes from the system CSPRNG.
        """)

    @Argument(help: "Circuit directory from `zktrain compile`.") var circuit: String

    func run() throws {
        try reportingErrors {
            let start = Date()
            try Pipeline.setup(circuit: URL(fileURLWithPath: circuit), willStart: { system in
                printError("warning: \(Groth16.singlePartySetupWarning)")
                printError("setup: \(system.constraints.count) constraints, \(system.variableCount) wires, \(system.publicCount) public …")
            })
            print(String(format: "setup in %.2f s → %@/proving.key, %@/verification_key.json", Date().timeIntervalSince(start), circuit, circuit))
        }
    }
}

/// The per-stage cost table with totals and, given a profile, the predictions.
func printCostTable(_ cost: CircuitCost, profile: (profile: CostProfile, source: String)?) {
    func pad(_ s: String, _ n: Int, right: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, n - s.count))
        return right ? fill + s : s + fill
    }
    print(pad("stage", 36, right: false) + pad("constraints", 12) + pad("private", 11) + pad("public", 8))
    for s in cost.stages where s.constraints > 0 || s.privateWires > 0 || s.publicWires > 0 {
        print(pad(s.name, 36, right: false) + pad(String(s.constraints), 12) + pad(String(s.privateWires), 11) + pad(String(s.publicWires), 8))
    }
    print(pad("total", 36, right: false) + pad(String(cost.constraints), 12) + pad(String(cost.privateWires), 11) + pad(String(cost.publicWires), 8))
    let histogram = zip(CircuitCost.bitBuckets, cost.wireBits).filter { $0.1 > 0 }.map { "\($0.0) bits: \($0.1)" }
    print("domain 2^\(cost.domainLogSize); private wires by width: " + histogram.joined(separator: ", "))
    if let profile {
        print(String(format: "predicted prove time %.3f s, peak memory %.0f MiB (%@)", profile.profile.predictedSeconds(cost),
                     profile.profile.predictedBytes(cost) / 1_048_576, profile.source))
    }
}

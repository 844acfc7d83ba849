// `zktrain prove`: inferences of a compiled model, proven (Pipeline.prove: one key read, a
// digest check, the weight wires' sums cached, every proof verified once before it is written).
import ArgumentParser
import Foundation
import Pipeline
import Prove
import Datasets
import Support

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove inferences of a compiled model: writes proof.json and public.json for each input.",
        discussion: """
        An input is --image N (the N-th item of the model's test set: an image or a table row) \
        or --input FILE: a JSON array of raw values (pixels 0–255 for an image model; for a \
        table model one value per column in the training header's order, without the label: \
        numbers, strings for categories, null for a missing cell) or a one-row CSV file with \
        the training header (the label column may be present and is ignored). Raw values go \
        through the model's stored input encoding (standardization, fixed point, one-hot), \
        so public.json holds exactly the integers that rule produces. Repeat either option to \
        prove several inputs with one read of the proving key: CIRCUIT/proving.key from \
        `zktrain setup`, or CIRCUIT/proving.zkey from `zktrain ceremony finalize --out CIRCUIT` \
        (or snarkjs) when there is no proving.key. One input writes OUT/proof.json \
        and OUT/public.json; several write OUT/image-N/… or OUT/input-K/… (K counts from 1 in \
        the order given). With committed weights, the weight wires' share of the multi-scalar \
        multiplications is computed once and reused by every proof; it is saved to \
        MODEL/weight-wire-sums.bin (mode 0600: it is as secret as the weights) and reused by \
        later runs with the same proving key. MODEL must be the model the circuit \
        was compiled from (with committed weights: the same weights, as recorded by their \
        commitment). With a committed input, a fresh blinding is drawn per input and the \
        opening (blinding + commitment) is written to input-opening.json (mode 0600) next to \
        that input's proof, for the data owner.
        """)

    @Argument(help: "Circuit directory (zktrain compile + zktrain setup).") var circuit: String
    @Option(help: "Model directory the circuit was compiled from.") var model: String
    @Option(name: [.customLong("image"), .customLong("item")], help: "Index of an item of the model's test set (repeatable).") var image: [Int] = []
    @Option(help: "A JSON array of raw values or a one-row CSV file (repeatable).") var input: [String] = []
    @OptionGroup(title: "Data for --image (default: what the model was trained on, else Fashion-MNIST)") var data: DataArguments
    @Option(help: "Output directory (created if missing).") var out: String
    @Flag(help: "Skip G2 subgroup checks when reading proving.key (faster; for keys you made yourself).")
    var skipSubgroupChecks = false
    @Flag(help: "Print where the time went (stderr).") var verbose = false
    @OptionGroup(title: "Proving on a Ray cluster (one batch per node, one read of the proving key per node)") var ray: RayArguments

    func validate() throws {
        guard image.isEmpty != input.isEmpty else {
            throw ValidationError("give --image N or --input FILE (either repeatable), not both and not neither")
        }
        if let repeated = image.first(where: { n in image.filter { $0 == n }.count > 1 }) {
            throw ValidationError("--image \(repeated) is given more than once (its proofs would share OUT/image-\(repeated))")
        }
    }

    func run() throws {
        try reportingErrors {
            let inputs = image.map(ProofInput.testItem) + input.map(ProofInput.file)
            if let options = ray.options() {
                let reports = try Pipeline.prove(circuit: URL(fileURLWithPath: circuit), model: URL(fileURLWithPath: model), inputs: inputs,
                                                 out: URL(fileURLWithPath: out), data: data.options(), checkSubgroups: !skipSubgroupChecks,
                                                 on: options, note: { printError($0) })
                for r in reports { print(summary(r.report, count: reports.count) + "\n  made on node \(r.node.prefix(12)), verified here") }
                return
            }
            var timer = PhaseTimer()
            let reports = try Pipeline.prove(circuit: URL(fileURLWithPath: circuit), model: URL(fileURLWithPath: model), inputs: inputs,
                                             out: URL(fileURLWithPath: out), data: data.options(), checkSubgroups: !skipSubgroupChecks,
                                             timer: &timer, note: { printError($0) })
            for r in reports { print(summary(r, count: reports.count)) }
            if verbose { printError(timer.report) }
        }
    }

    /// Two lines about one proof: the prediction and timings, then where its files are.
    private func summary(_ r: ProofReport, count: Int) -> String {
        "\(count == 1 ? "" : "\(r.name): ")predicted class \(r.predictedClass)\(r.className.map { " '\($0)'" } ?? "")"
            + "\(r.provenLabel.map { " (proven label \($0))" } ?? ""); "
            + String(format: "witness %.3f s, Groth16 prove %.3f s", r.witnessSeconds, r.proveSeconds)
            + "\n\(r.directory.path)/proof.json, \(r.directory.path)/public.json (\(r.publicCount) public signals)"
    }
}

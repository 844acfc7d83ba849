// `zktrain prove`: inferences of a compiled model, proven. Lowers the model with its witness
// for each input (the same code that compiled the circuit), checks once that it is the
// circuit that was set up, reads the proving key once (on another thread, while it lowers the
// model), proves, verifies each proof once, and writes proof.json and public.json (snarkjs
// layout) atomically. With committed weights, the weight wires' MSM sums
// (`Groth16.FixedWireSums`) are computed once, reused by every proof, and kept in the model
// directory for later runs.
import ArgumentParser
import Circuit
import Foundation
import Prove
import Quantize
import Train
import Support
import Datasets

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove inferences of a compiled model: writes proof.json and public.json for each input.",
        discussion: """
        An input is --image N (the N-th Fashion-MNIST test image) or --input FILE (a JSON \
        array of the model's input values, e.g. 784 pixels 0–255); repeat either option to \
        prove several inputs with one read of the proving key. One input writes OUT/proof.json \
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
    @Option(help: "Index of a Fashion-MNIST test image (repeatable).") var image: [Int] = []
    @Option(help: "JSON file with the input values, row-major (repeatable).") var input: [String] = []
    @Option(help: "Fashion-MNIST directory for --image (default: Debian's).") var data: String?
    @Option(help: "Output directory (created if missing).") var out: String
    @Flag(help: "Skip G2 subgroup checks when reading proving.key (faster; for keys you made yourself).")
    var skipSubgroupChecks = false
    @Flag(help: "Print where the time went (stderr).") var verbose = false

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
            let dir = URL(fileURLWithPath: circuit)
            let manifest = try CircuitManifest(contentsOf: dir)
            // The key does not depend on the model or the input: read it meanwhile.
            let keyPath = dir.appendingPathComponent("proving.key").path, checkSubgroups = !skipSubgroupChecks
            let keyRead = Background { try Groth16.ProvingKey(contentsOf: keyPath, checkSubgroups: checkSubgroups) }
            let integer = try loadIntegerModel(model)
            let modelCircuit = try ModelCircuit(model: integer, options: manifest.options)
            let inputs = try loadInputs(count: modelCircuit.plan.inputCount, range: integer.inputRange)
            var secrets = CircuitSecrets()
            if manifest.options.weights == .committed { secrets.weightBlinding = try weightBlinding(manifest) }
            var rng = SystemRandomNumberGenerator()
            var timer = PhaseTimer()
            // Lowers one input (a fresh blinding for a committed one); seconds for the summary line.
            func lower(_ values: [Int64]) throws -> (lowered: ModelCircuit.Lowered, inputBlinding: Fr, seconds: Double) {
                if manifest.options.input == .committed { secrets.inputBlinding = Fr.random(using: &rng) }
                timer.start("witness (lowering the model)")
                let start = Date()
                let lowered = try modelCircuit.witness(input: values, secrets: secrets)
                return (lowered, secrets.inputBlinding, Date().timeIntervalSince(start))
            }
            // The constraints do not depend on the input: the first lowering's digest check, key
            // and weight wires' sums serve every proof.
            var current = try lower(inputs[0].values)
            timer.start("check circuit digest")
            guard CircuitManifest.hex(Groth16.circuitDigest(current.lowered.builder.system)) == manifest.constraintsDigest else {
                throw ValidationError("model \(model) does not match circuit \(circuit): it lowers to different constraints "
                    + "(other weights, architecture or options); compile it again or pass the right --model")
            }
            // The prover's own public signals must pass what a verifier checks with --circuit:
            // with committed weights this recomputes the commitment from MODEL's weights and
            // blinding, so weights changed after `zktrain commit` are refused here.
            if let problem = circuitProblem(current.lowered.builder.system.publicSignals(of: current.lowered.builder.witness) ?? [],
                                            manifest: manifest, commitment: nil) {
                throw ValidationError("model \(model) does not match circuit \(circuit): \(problem.message)")
            }
            timer.start("read proving.key (the rest of it, after the lowering)")
            let pk = try keyRead.value()
            var fixed: (sums: Groth16.FixedWireSums, fromFile: Bool)?
            if let wires = current.lowered.fixedWires {
                fixed = try weightWireSums(pk, witness: current.lowered.builder.witness, wires: wires, timer: &timer)
            }
            let outDir = URL(fileURLWithPath: out)
            for (index, name) in inputs.map(\.name).enumerated() {
                if index > 0 { current = try lower(inputs[index].values) }
                let lowered = current.lowered
                let system = lowered.builder.system, witness = lowered.builder.witness
                let proveStart = Date()
                let proof: Groth16.Proof
                do {
                    proof = try Groth16.prove(pk, cs: system, witness: witness, reusing: fixed?.sums, using: &rng, timer: &timer)
                } catch let error as Groth16.ProveError {
                    throw ValidationError("\(keyPath): \(error) (run `zktrain setup \(circuit)` again)")
                }
                let proveSeconds = Date().timeIntervalSince(proveStart)
                timer.start("self-check (verify)")
                let publics = system.publicSignals(of: witness) ?? []
                guard Groth16.verify(pk.verifyingKey, publicInputs: publics, proof: proof) else {
                    if fixed?.fromFile == true {
                        try? FileManager.default.removeItem(atPath: sumsPath)
                        throw ValidationError("the proof for \(name) made with the saved sums in \(sumsPath) does not verify "
                            + "(the file was altered?); removed it, run again to compute them afresh. Nothing written for \(name)")
                    }
                    throw ValidationError("\(keyPath) is damaged or altered: its points are valid but a proof made with it does not "
                        + "verify under its own verifying key; run `zktrain setup \(circuit)` again. Nothing written for \(name)")
                }
                timer.start("write files")
                let target = inputs.count == 1 ? outDir : outDir.appendingPathComponent(name)
                try write(proof, publics: publics, inputCommitment: lowered.inputCommitment, blinding: current.inputBlinding, to: target)
                timer.stop()
                let logits = lowered.logits
                let predicted = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) } ?? 0
                print("\(inputs.count == 1 ? "" : "\(name): ")predicted class \(predicted)\(lowered.label.map { " (proven label \($0))" } ?? ""); "
                      + String(format: "witness %.3f s, Groth16 prove %.3f s", current.seconds, proveSeconds))
                print("\(target.path)/proof.json, \(target.path)/public.json (\(publics.count) public signals)")
            }
            if verbose { printError(timer.report) }
        }
    }

    /// Where the weight wires' MSM sums of a committed model are kept between runs: in the
    /// model directory, next to the other secret (commitment.json), mode 0600.
    private var sumsPath: String { URL(fileURLWithPath: model).appendingPathComponent("weight-wire-sums.bin").path }

    /// The weight wires' MSM sums (`Groth16.FixedWireSums`) for every proof of this run: read
    /// from `sumsPath` if that file holds sums for this proving key and these weights
    /// (fromFile: true), else computed and saved there for later runs. A file that cannot be read or
    /// written costs a warning and the computation, never the proof.
    private func weightWireSums(_ pk: Groth16.ProvingKey, witness: [Fr], wires: Range<Int>,
                                timer: inout PhaseTimer) throws -> (sums: Groth16.FixedWireSums, fromFile: Bool) {
        let path = sumsPath
        if FileManager.default.fileExists(atPath: path) {
            timer.start("weight wires' MSM sums (read)")
            do {
                let sums = try Groth16.FixedWireSums(contentsOf: path)
                if sums.wires == wires, sums.fits(pk, witness: witness) { return (sums, true) }
                printError("note: \(path) holds sums for another proving key or other weights; computing them again")
            } catch {
                printError("warning: \(error); computing the sums again")
            }
        }
        timer.start("weight wires' MSM sums (computed once)")
        let sums = try Groth16.fixedWireSums(pk, witness: witness, wires: wires)
        do {
            try sums.write(to: path)
            print("saved the weight wires' MSM sums to \(path) (mode 0600, secret like the weights): "
                  + "later proofs of this model with this proving key skip that work")
        } catch {
            printError("warning: could not save the weight wires' MSM sums (\(error)); the next run computes them again")
        }
        return (sums, false)
    }

    /// The weight commitment's blinding from MODEL/commitment.json, which must record the
    /// commitment the circuit was compiled with.
    private func weightBlinding(_ manifest: CircuitManifest) throws -> Fr {
        let modelDir = URL(fileURLWithPath: model)
        guard let secret = try WeightSecret.read(in: modelDir) else {
            throw ValidationError("\(model)/\(WeightSecret.fileName) is missing: the weight commitment's blinding is needed (zktrain commit \(model))")
        }
        guard secret.commitment == manifest.weightCommitment else {
            throw ValidationError("model \(model) does not match circuit \(circuit): its weight commitment \(secret.commitment) "
                + "differs from the circuit's \(manifest.weightCommitment ?? "none")")
        }
        return try secret.blindingValue(path: modelDir.appendingPathComponent(WeightSecret.fileName).path)
    }

    /// Writes proof.json, public.json and, with a committed input, input-opening.json (0600)
    /// into `dir` as one `ArtifactSet` (never a new proof beside old public inputs).
    private func write(_ proof: Groth16.Proof, publics: [Fr], inputCommitment: Fr?, blinding: Fr, to dir: URL) throws {
        var files = try ArtifactSet(in: dir)
        try files.add("proof.json", try SnarkjsJSON.encode(proof))
        try files.add("public.json", try SnarkjsJSON.encodePublicInputs(publics))
        if let c = inputCommitment {
            let opening = ["format": "zktrain-input-opening", "blinding": blinding.description, "commitment": c.description]
            try files.add("input-opening.json", try JSONSerialization.data(withJSONObject: opening, options: [.prettyPrinted, .sortedKeys]),
                          permissions: 0o600)
        }
        try files.commit()
    }

    /// The inputs from --image or --input, each named for its output directory and checked
    /// against the model's shape and range.
    private func loadInputs(count: Int, range: ClosedRange<Int>) throws -> [(name: String, values: [Int64])] {
        if !image.isEmpty {
            let test = try FashionMNIST.load(.test, from: try resolveDataDirectory(data))
            guard test.pixelsPerImage == count else {
                throw ValidationError("test images have \(test.pixelsPerImage) values, the model expects \(count)")
            }
            return try image.map { n in
                guard (0..<test.count).contains(n) else { throw ValidationError("--image \(n): the test set has images 0…\(test.count - 1)") }
                return ("image-\(n)", test.image(n).map { Int64($0) })
            }
        }
        return try input.enumerated().map { k, path in ("input-\(k + 1)", try loadInput(path, count: count, range: range)) }
    }

    /// The input values in the JSON array file `path`, checked against the model's shape and
    /// range. Decoded as integers (not through NSNumber, which on Linux reads 0 and 1 as Bools).
    private func loadInput(_ path: String, count: Int, range: ClosedRange<Int>) throws -> [Int64] {
        let values: [Double]
        do { values = try StrictJSON.decode([Double].self, from: readFileData(URL(fileURLWithPath: path), limit: 1 << 28), path: path) } catch {
            throw ValidationError("\(path): expected a JSON array of \(count) integers (\(error))")
        }
        guard values.count == count else { throw ValidationError("\(path): has \(values.count) values, the model expects \(count)") }
        return try values.enumerated().map { i, v in
            guard let int = Int(exactly: v), range.contains(int) else {
                throw ValidationError("\(path): value \(i) (\(v)) is not an integer in \(range)")
            }
            return Int64(int)
        }
    }
}

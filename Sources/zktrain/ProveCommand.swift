// `zktrain prove`: one inference of a compiled model, proven. Lowers the model with its
// witness for the given input (the same code that compiled the circuit), checks that it is
// the circuit that was set up, proves, verifies the proof once, and writes proof.json and
// public.json (snarkjs layout) atomically.
import ArgumentParser
import Circuit
import Foundation
import Prove
import Quantize
import Train

struct ProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove one inference of a compiled model: writes proof.json and public.json.",
        discussion: """
        The input is --image N (the N-th Fashion-MNIST test image) or --input FILE (a JSON \
        array of the model's input values, e.g. 784 pixels 0–255). MODEL must be the model the \
        circuit was compiled from (with committed weights: the same weights, as recorded by \
        their commitment). With a committed input, a fresh blinding is drawn and the opening \
        (blinding + commitment) is written to OUT/input-opening.json (mode 0600) for the data owner.
        """)

    @Argument(help: "Circuit directory (zktrain compile + zktrain setup).") var circuit: String
    @Option(help: "Model directory the circuit was compiled from.") var model: String
    @Option(help: "Index of a Fashion-MNIST test image.") var image: Int?
    @Option(help: "JSON file with the input values (row-major).") var input: String?
    @Option(help: "Fashion-MNIST directory for --image (default: Debian's).") var data: String?
    @Option(help: "Output directory for proof.json and public.json (created if missing).") var out: String
    @Flag(help: "Skip G2 subgroup checks when reading proving.key (faster; for keys you made yourself).")
    var skipSubgroupChecks = false
    @Flag(help: "Print where the time went (stderr).") var verbose = false

    func validate() throws {
        guard (image == nil) != (input == nil) else { throw ValidationError("give exactly one of --image N and --input FILE") }
    }

    func run() throws {
        try reportingErrors {
            let dir = URL(fileURLWithPath: circuit)
            let manifest = try CircuitManifest(contentsOf: dir)
            let integer = try loadIntegerModel(model)
            let modelCircuit = try ModelCircuit(model: integer, options: manifest.options)
            let values = try loadInput(count: modelCircuit.plan.inputCount, range: integer.inputRange)
            var secrets = CircuitSecrets()
            if manifest.options.weights == .committed {
                let modelDir = URL(fileURLWithPath: model)
                guard let secret = try WeightSecret.read(in: modelDir) else {
                    throw ValidationError("\(model)/\(WeightSecret.fileName) is missing: the weight commitment's blinding is needed (zktrain commit \(model))")
                }
                guard secret.commitment == manifest.weightCommitment else {
                    throw ValidationError("model \(model) does not match circuit \(circuit): its weight commitment \(secret.commitment) "
                        + "differs from the circuit's \(manifest.weightCommitment ?? "none")")
                }
                secrets.weightBlinding = try secret.blindingValue(path: modelDir.appendingPathComponent(WeightSecret.fileName).path)
            }
            var rng = SystemRandomNumberGenerator()
            if manifest.options.input == .committed { secrets.inputBlinding = Fr.random(using: &rng) }

            var timer = PhaseTimer()
            timer.start("witness (lowering the model)")
            let lowered = try modelCircuit.witness(input: values, secrets: secrets)
            let system = lowered.builder.system, witness = lowered.builder.witness
            timer.start("check circuit digest")
            let digest = Groth16.circuitDigest(system)
            guard CircuitManifest.hex(digest) == manifest.constraintsDigest else {
                throw ValidationError("model \(model) does not match circuit \(circuit): it lowers to different constraints "
                    + "(other weights, architecture or options); compile it again or pass the right --model")
            }
            timer.start("read proving.key")
            let pk = try Groth16.ProvingKey(contentsOf: dir.appendingPathComponent("proving.key").path, checkSubgroups: !skipSubgroupChecks)
            let proveStart = Date()
            let proof = try Groth16.prove(pk, cs: system, witness: witness, circuitDigest: digest, using: &rng, timer: &timer)
            let proveSeconds = Date().timeIntervalSince(proveStart)
            timer.start("self-check (verify)")
            let publics = system.publicSignals(of: witness) ?? []
            guard Groth16.verify(pk.verifyingKey, publicInputs: publics, proof: proof) else {
                throw ValidationError("internal error: the new proof does not verify; nothing written")
            }
            timer.start("write files")
            let outDir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
            try SnarkjsJSON.write(proof, to: outDir.appendingPathComponent("proof.json"))
            try SnarkjsJSON.writePublicInputs(publics, to: outDir.appendingPathComponent("public.json"))
            if let c = lowered.inputCommitment {
                let opening = ["format": "zktrain-input-opening", "blinding": secrets.inputBlinding.description, "commitment": c.description]
                let url = outDir.appendingPathComponent("input-opening.json")
                try Prove.writeAtomically(try JSONSerialization.data(withJSONObject: opening, options: [.prettyPrinted, .sortedKeys]), to: url)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            }
            timer.stop()
            if verbose { printError(timer.report) }
            let predicted = lowered.logits.indices.max { lowered.logits[$0] < lowered.logits[$1] || (lowered.logits[$0] == lowered.logits[$1] && $0 > $1) } ?? 0
            print("predicted class \(predicted)\(lowered.label.map { " (proven label \($0))" } ?? ""); "
                  + String(format: "witness %.3f s, Groth16 prove %.3f s", timer.phases.first?.seconds ?? 0, proveSeconds))
            print("\(out)/proof.json, \(out)/public.json (\(publics.count) public signals)")
        }
    }

    /// The input values from --image or --input, checked against the model's shape and range.
    private func loadInput(count: Int, range: ClosedRange<Int>) throws -> [Int64] {
        if let image {
            let test = try FashionMNIST.load(.test, from: try resolveDataDirectory(data))
            guard (0..<test.count).contains(image) else { throw ValidationError("--image \(image): the test set has images 0…\(test.count - 1)") }
            guard test.pixelsPerImage == count else {
                throw ValidationError("test images have \(test.pixelsPerImage) values, the model expects \(count)")
            }
            return test.image(image).map { Int64($0) }
        }
        let path = input!
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw ValidationError("\(path): cannot read a JSON array (\(error.localizedDescription))")
        }
        guard let array = parsed as? [Any] else { throw ValidationError("\(path): expected a JSON array of \(count) integers") }
        guard array.count == count else { throw ValidationError("\(path): has \(array.count) values, the model expects \(count)") }
        return try array.enumerated().map { i, v in
            guard let n = v as? NSNumber, let int = Int(exactly: n.doubleValue), range.contains(int), !(v is Bool) else {
                throw ValidationError("\(path): value \(i) (\(v)) is not an integer in \(range)")
            }
            return Int64(int)
        }
    }
}

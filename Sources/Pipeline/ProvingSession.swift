// Proving inferences of a compiled model: lowers the model with its witness for each input
// (the same code that compiled the circuit), checks once that it is the circuit that was set
// up and that its own public signals pass the verifier's checks, reads the proving key once
// (on another thread, while it lowers the model), proves, verifies each proof once, and writes
// proof.json + public.json (+ input-opening.json) as one ArtifactSet per input. With committed
// weights, the weight wires' MSM sums are computed once, reused by every proof and kept in the
// model directory (WeightWireSumsCache.swift). With certified weights the same holds for the
// certified wires, and the proofs are checked against the published weight certificate's
// commitment (WeightCertification.swift).
import Circuit
import Datasets
import Foundation
import Prove
import Support

/// One proof written by a proving session.
public struct ProofReport: Sendable, Codable {
    public var name: String
    /// Where proof.json and public.json are.
    public var directory: URL
    /// The predicted class (argmax of the logits, first on ties) and its name.
    public var predictedClass: Int
    public var className: String?
    /// The proven label, when the circuit proves it.
    public var provenLabel: Int?
    public var publicCount: Int
    public var witnessSeconds: Double
    public var proveSeconds: Double
}

extension Pipeline {
    /// Proves `inputs` with the circuit in `circuit` (compiled and set up) and the model in
    /// `model`, writing each proof to `out` (one input) or `out/NAME` (several). `data` is laid
    /// over the model's remembered data options for test items. `note` receives one-line
    /// notices (saved or reused caches, warnings); `timer` collects where the time went.
    public static func prove(circuit: URL, model: URL, inputs: [ProofInput], out: URL, data: DataOptions = DataOptions(),
                             checkSubgroups: Bool = true, timer: inout PhaseTimer,
                             note: (String) -> Void = { _ in }) throws -> [ProofReport] {
        guard !inputs.isEmpty else { throw PipelineError("give at least one input to prove") }
        let manifest = try CircuitManifest(contentsOf: circuit)
        // The key does not depend on the model or the input: read it meanwhile.
        let keyPath = ModelProvingKey.path(in: circuit)
        let keyRead = Background { try ModelProvingKey(contentsOf: keyPath, checkSubgroups: checkSubgroups) }
        // So is the weight certificate (D + Σ x_j·E_j differs per input; the file is read once).
        let certificateRead = manifest.certified.map { _ in Background { try publishedCertificate(circuit: circuit) } }
        let directory = try ModelDirectory(model)
        let modelCircuit = try ModelCircuit(model: directory.model, options: manifest.options)
        let encoded = try ProofInput.encode(inputs, model: directory.model, data: data.overriding(directory.data ?? DataOptions()))
        var secrets = CircuitSecrets()
        if manifest.options.weights == .committed { secrets.weightBlinding = try weightBlinding(model: model, circuit: circuit, manifest: manifest) }
        if let layout = manifest.certified {
            let blindings = try WeightBlindings.load(in: model, evaluations: layout.pixels?.count ?? 0, create: false)
            (secrets.weightBlinding, secrets.evaluationBlindings) = (blindings.blinding, blindings.evaluationBlindings)
        }
        var rng = SystemRandomNumberGenerator()
        // Lowers one input (a fresh blinding for a committed one).
        func lower(_ values: [Int64], timer: inout PhaseTimer) throws -> (lowered: ModelCircuit.Lowered, inputBlinding: Fr, seconds: Double) {
            if manifest.options.input == .committed { secrets.inputBlinding = Fr.random(using: &rng) }
            timer.start("witness (lowering the model)")
            let start = Date()
            let lowered = try modelCircuit.witness(input: values, secrets: secrets)
            return (lowered, secrets.inputBlinding, Date().timeIntervalSince(start))
        }
        // The constraints do not depend on the input: the first lowering's digest check, key
        // and weight wires' sums serve every proof.
        var current = try lower(encoded[0].values, timer: &timer)
        timer.start("check circuit digest")
        guard CircuitManifest.hex(Groth16.circuitDigest(current.lowered.builder.system)) == manifest.constraintsDigest else {
            throw PipelineError("model \(model.path) does not match circuit \(circuit.path): it lowers to different constraints "
                + "(other weights, architecture or options); compile it again or pass the right model")
        }
        // The prover's own public signals must pass what a verifier checks with --circuit: with
        // committed weights this recomputes the commitment from the model's weights and blinding,
        // so weights changed after `zktrain commit` are refused here.
        if let problem = manifest.problem(with: current.lowered.publishedSignals) {
            throw PipelineError("model \(model.path) does not match circuit \(circuit.path): \(problem.message)")
        }
        timer.start("read \(URL(fileURLWithPath: keyPath).lastPathComponent) (the rest of it, after the lowering)")
        let key = try keyRead.value()
        let certificate = try certificateRead?.value()
        let cache = WeightWireSumsCache(model: model)
        var fixed: (sums: Groth16.FixedWireSums, fromFile: Bool)?
        if let wires = current.lowered.fixedWires {
            fixed = try cache.sums(key, witness: current.lowered.builder.witness, wires: wires, timer: &timer, note: note)
        }
        var reports = [ProofReport]()
        for (index, input) in encoded.enumerated() {
            if index > 0 { current = try lower(input.values, timer: &timer) }
            let lowered = current.lowered
            let system = lowered.builder.system, witness = lowered.builder.witness
            let proveStart = Date()
            let proof: Groth16.Proof
            do {
                proof = try key.prove(cs: system, witness: witness, reusing: fixed?.sums, using: &rng, timer: &timer)
            } catch let error as Groth16.ProveError {
                throw PipelineError("\(keyPath): \(error) (run `zktrain setup \(circuit.path)` or the ceremony again)")
            }
            let proveSeconds = Date().timeIntervalSince(proveStart)
            timer.start("self-check (verify)")
            let publics = lowered.publishedSignals
            let certified = try certificate.map { try certifiedSum($0, layout: manifest.certified!, lowered: lowered, model: model, vk: key.verifyingKey) }
            guard Groth16.verify(Groth16.prepare(key.verifyingKey), publicInputs: publics, commitment: certified, proof: proof) else {
                if fixed?.fromFile == true {
                    cache.remove()
                    throw PipelineError("the proof for \(input.name) made with the saved sums in \(cache.path) does not verify "
                        + "(the file was altered?); removed it, run again to compute them afresh. Nothing written for \(input.name)")
                }
                throw PipelineError("\(keyPath) is damaged or altered: its points are valid but a proof made with it does not "
                    + "verify under its own verifying key; run `zktrain setup \(circuit.path)` again. Nothing written for \(input.name)")
            }
            timer.start("write files")
            let target = encoded.count == 1 ? out : out.appendingPathComponent(input.name)
            try write(proof, publics: publics, inputCommitment: lowered.inputCommitment, blinding: current.inputBlinding, to: target)
            timer.stop()
            let logits = lowered.logits
            let predicted = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) } ?? 0
            let names = directory.model.encoding?.classNames ?? []
            reports.append(ProofReport(name: input.name, directory: target, predictedClass: predicted,
                                       className: names.indices.contains(predicted) ? names[predicted] : nil,
                                       provenLabel: lowered.label, publicCount: publics.count,
                                       witnessSeconds: current.seconds, proveSeconds: proveSeconds))
        }
        return reports
    }

    /// `prove(circuit:model:inputs:out:data:checkSubgroups:timer:note:)` without a timer.
    public static func prove(circuit: URL, model: URL, inputs: [ProofInput], out: URL, data: DataOptions = DataOptions(),
                             note: (String) -> Void = { _ in }) throws -> [ProofReport] {
        var timer = PhaseTimer()
        return try prove(circuit: circuit, model: model, inputs: inputs, out: out, data: data, timer: &timer, note: note)
    }

    /// The weight commitment's blinding from MODEL/commitment.json, which must record the
    /// commitment the circuit was compiled with.
    private static func weightBlinding(model: URL, circuit: URL, manifest: CircuitManifest) throws -> Fr {
        guard let secret = try WeightSecret.read(in: model) else {
            throw PipelineError("\(model.path)/\(WeightSecret.fileName) is missing: the weight commitment's blinding is needed; "
                + "pass the model directory the circuit was compiled from (compile --weights committed writes it there)")
        }
        guard secret.commitment == manifest.weightCommitment else {
            throw PipelineError("model \(model.path) does not match circuit \(circuit.path): its weight commitment \(secret.commitment) "
                + "differs from the circuit's \(manifest.weightCommitment ?? "none")")
        }
        return try secret.blindingValue(path: model.appendingPathComponent(WeightSecret.fileName).path)
    }

    /// CIRCUIT/weights.certificate.json, read (`certify` checked it when it made it; a verifier
    /// checks it again). The prover needs its commitments only.
    private static func publishedCertificate(circuit: URL) throws -> Groth16.WeightCertificate {
        let url = circuit.appendingPathComponent(Groth16.WeightCertificate.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw PipelineError("\(url.path) is missing: certify the model first (`zktrain certify MODEL \(circuit.path)`)")
        }
        return try Groth16.WeightCertificate(contentsOf: url)
    }

    /// D + Σ x_j·E_j for `lowered`'s input, after checking that it is what the model's own
    /// certified wires give: the model, its weights.secret.json and the keys are those the
    /// certificate was made for (the proof then verifies under it).
    private static func certifiedSum(_ certificate: Groth16.WeightCertificate, layout: CertifiedLayout, lowered: ModelCircuit.Lowered,
                                     model: URL, vk: Groth16.VerifyingKey) throws -> (point: G1Affine, committedWires: Int) {
        let wires = lowered.certifiedWires!
        guard let sum = layout.committedSum(certificate, publics: lowered.publishedSignals),
              Groth16.commitment(vk, values: Array(lowered.builder.witness[wires])) == sum else {
            throw PipelineError("model \(model.path) is not the model certified in \(Groth16.WeightCertificate.fileName): its weights or "
                + "\(WeightBlindings.fileName) give other commitments; certify it again")
        }
        return (sum, wires.count)
    }

    /// Writes proof.json, public.json and, with a committed input, input-opening.json (0600)
    /// into `dir` as one `ArtifactSet` (never a new proof beside old public inputs).
    private static func write(_ proof: Groth16.Proof, publics: [Fr], inputCommitment: Fr?, blinding: Fr, to dir: URL) throws {
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
}

// Proving many inputs of one model on a Ray cluster (`zktrain prove … --ray`). The inputs are
// encoded here and split over the cluster's nodes by scripts/ray/zktrain_ray.py: one task per
// node, reserving its CPUs, proves its share with one read of the proving key (`zktrain worker
// prove`, i.e. `Pipeline.proveEncoded`). circuit.json, the proving key (proving.key, or a
// ceremony's proving.zkey) and the model's files travel through Ray's object store, so
// workers share no filesystem with this machine; they
// are trusted with the model (and with committed weights, the blinding). Every proof that
// comes back is checked here — pairing under verification_key.json, the circuit's public-input
// checks, and with a public input that it is the input asked for — before it is written, one
// ArtifactSet per input.
import Circuit
import Cluster
import Datasets
import Foundation
import Prove
import Support

/// A proof made on a cluster, checked and written here.
public struct RemoteProofReport: Sendable {
    /// The worker's report, with `directory` where the proof was written on this machine.
    public var report: ProofReport
    /// The Ray node that made it.
    public var node: String
}

extension Pipeline {
    /// Proves `inputs` like `prove(circuit:model:inputs:out:data:checkSubgroups:timer:note:)`,
    /// but on the Ray cluster of `options`, one batch per node; `note` gets progress lines.
    /// - Throws: `RayError` when the cluster cannot be used; `PipelineError` when a proof does
    ///   not verify (nothing is written for it) or some inputs were not proven (the others are written).
    public static func prove(circuit: URL, model: URL, inputs: [ProofInput], out: URL, data: DataOptions = DataOptions(),
                             checkSubgroups: Bool = true, on options: RayOptions,
                             note: (String) -> Void = { _ in }) throws -> [RemoteProofReport] {
        guard !inputs.isEmpty else { throw PipelineError("give at least one input to prove") }
        let manifest = try CircuitManifest(contentsOf: circuit)
        let vk = try SnarkjsJSON.readVerifyingKey(from: circuit.appendingPathComponent("verification_key.json"))
        try ArtifactSet.recover(in: model)
        let directory = try ModelDirectory(model)
        let encoded = try ProofInput.encode(inputs, model: directory.model, data: data.overriding(directory.data ?? DataOptions()))
        let modelFiles = try FileManager.default.contentsOfDirectory(atPath: model.path).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: model.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
        let request = ProveRequest(
            binary: options.workerBinary, checkSubgroups: checkSubgroups,
            circuit: Dictionary(uniqueKeysWithValues: [CircuitManifest.fileName, URL(fileURLWithPath: ModelProvingKey.path(in: circuit)).lastPathComponent]
                .map { ($0, circuit.appendingPathComponent($0).path) }),
            model: Dictionary(uniqueKeysWithValues: modelFiles.map { ($0, model.appendingPathComponent($0).path) }),
            inputs: encoded.map { EncodedInput(name: $0.name, values: $0.values) })
        let driver = try RayDriver(options)
        defer { driver.close() }
        note("Ray \(driver.connection.ray) at \(options.address): \(driver.connection.nodes) nodes; \(encoded.count) inputs")
        let wanted = Dictionary(uniqueKeysWithValues: encoded.map { ($0.name, $0.values) })
        var done = [String: RemoteProofReport](), problems = [String]()
        try driver.send(request) { line in
            let event = try RayDriver.decode(ProveEvent.self, line)
            guard event.event == "proved", let proofs = event.proofs else {
                problems.append(event.message ?? event.event)
                note("a batch was not proven: \(event.message ?? event.event)")
                return
            }
            let node = event.node ?? "?"
            note("node \(node.prefix(12)): \(proofs.count) proofs by one `zktrain worker prove`; its phases:")
            if let log = event.log { note(log.hasSuffix("\n") ? String(log.dropLast()) : log) }
            for proof in proofs {
                guard let values = wanted[proof.name], done[proof.name] == nil else {
                    throw PipelineError("node \(node) returned a proof for \(proof.name), which was not asked for or came twice")
                }
                var report = proof.report
                report.directory = encoded.count == 1 ? out : out.appendingPathComponent(proof.name)
                try checkAndWrite(proof.files, of: proof.name, values: values, node: node, manifest: manifest, vk: vk, to: report.directory)
                done[proof.name] = RemoteProofReport(report: report, node: node)
            }
        }
        let missing = encoded.map(\.name).filter { done[$0] == nil }
        guard missing.isEmpty else {
            throw PipelineError("\(missing.count) of \(encoded.count) inputs were not proven on Ray (\(missing.prefix(5).joined(separator: ", ")): "
                + "\(problems.first ?? "no result")); the \(done.count) others are written")
        }
        return encoded.compactMap { done[$0.name] }
    }

    /// Verifies a worker's proof of the input named `name` and writes it to `dir`.
    private static func checkAndWrite(_ files: [String: Data], of name: String, values: [Int64], node: String,
                                      manifest: CircuitManifest, vk: Groth16.VerifyingKey, to dir: URL) throws {
        let origin = "\(name) from node \(node.prefix(12))"
        guard Set(files.keys).isSubset(of: ["proof.json", "public.json", "input-opening.json"]),
              let proofData = files["proof.json"], let publicData = files["public.json"] else {
            throw PipelineError("\(origin): expected proof.json and public.json, got \(files.keys.sorted())")
        }
        let proof = try SnarkjsJSON.decodeProof(proofData, path: "\(origin): proof.json")
        let publics = try SnarkjsJSON.decodePublicInputs(publicData, path: "\(origin): public.json")
        var problem = publics.count == vk.publicInputCount ? manifest.problem(with: publics)?.message
            : "\(publics.count) public inputs, the key expects \(vk.publicInputCount)"
        if problem == nil, let start = manifest.offset(of: "input"),
           zip(publics[start...], values).contains(where: { $0.signedInteger.description != String($1) }) {
            problem = "its public input is not the input asked for"
        }
        if problem == nil && !Groth16.verify(vk, publicInputs: publics, proof: proof) { problem = "the proof does not verify" }
        if let problem { throw PipelineError("\(origin): \(problem); nothing written for it") }
        var set = try ArtifactSet(in: dir)
        for (file, data) in files.sorted(by: { $0.key < $1.key }) {
            try set.add(file, data, permissions: file == "input-opening.json" ? 0o600 : nil)
        }
        try set.commit()
    }
}

/// The request (see scripts/ray/zktrain_ray.py, `prove`): files by name → path on this machine.
private struct ProveRequest: Encodable {
    var kind = "prove"
    var binary: String
    var checkSubgroups: Bool
    var circuit: [String: String]
    var model: [String: String]
    var inputs: [EncodedInput]
}

/// One node's batch: "proved" with its proofs, or "error" / "lost" with a message.
private struct ProveEvent: Decodable {
    struct Proof: Decodable {
        var name: String
        var report: ProofReport
        var files: [String: Data]
    }
    var event: String
    var node: String?
    var message: String?
    /// The worker's stderr: its notes and where the time went.
    var log: String?
    var proofs: [Proof]?
}

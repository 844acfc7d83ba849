// Certified weights, the owner's side: `zktrain certify MODEL CIRCUIT` after `setup` makes the
// model's key commitment D and its one-time weight certificate (Prove/Commitment/
// WeightCertificate.swift) and publishes them as CIRCUIT/weights.certificate.json, with the
// verification key that folds them in (verification_key.certified.json, for stock verifiers
// once the certificate is checked); the
// blindings stay in MODEL/weights.secret.json (mode 0600), which every later proof reads
// (the proofs' certified wires hold the weights and the model blinding ν). The verifier's side
// is CertificateCheck.swift.
import Circuit
import Foundation
import Prove
import Support

/// The certificate key's file names (beside proving.key and verification_key.json).
public enum WeightCertification {
    public static let keyName = "certificate.key"
    /// The certificate circuit's key from a ceremony (`ceremony finalize --certificate`).
    public static let zkeyName = "certificate.zkey"
    public static let verifyingKeyName = "certificate_vk.json"
    /// The model's verification key with the certificate folded in (`CertifiedLayout.foldedKey`).
    public static let foldedKeyName = "verification_key.certified.json"

    /// The certificate and certificate key a verifier checks: the ones given, else the circuit
    /// directory `dir`'s published files.
    static func files(in dir: URL, certificate: URL?, certificateKey: URL?) -> (certificate: URL, key: URL) {
        (certificate ?? dir.appendingPathComponent(Groth16.WeightCertificate.fileName), certificateKey ?? dir.appendingPathComponent(verifyingKeyName))
    }
}

/// MODEL/weights.secret.json: the blindings of a certified model's commitments.
struct WeightBlindings: Codable, Equatable {
    static let fileName = "weights.secret.json"
    var format = "zktrain.weight-blindings"
    var note = "SECRET: with the weights these open the published commitments; share them only with an auditor who also gets the weights."
    /// ν, the model key commitment's blinding (decimal).
    var blinding: String
    /// ν', the certificate key commitment's blinding (decimal).
    var certificateBlinding: String
    /// ρ_j, the input layer's evaluation blindings (decimal; empty without an input layer).
    var evaluationBlindings: [String]

    /// The blindings as field elements.
    struct Values {
        var blinding: Fr
        var certificateBlinding: Fr
        var evaluationBlindings: [Fr]
    }

    /// The secret of the model in `dir` for a circuit with `evaluations` input evaluations:
    /// read if present, else drawn from the system CSPRNG and written (mode 0600) when `create`.
    static func load(in dir: URL, evaluations: Int, create: Bool) throws -> Values {
        let url = dir.appendingPathComponent(fileName)
        // Anything at the path — also a dangling or looping symbolic link, which fileExists
        // reports as missing — is read (and refused if unreadable), never replaced: new
        // blindings would silently change the published commitments.
        if FileManager.default.fileExists(atPath: url.path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil {
            let file = try StrictJSON.decode(WeightBlindings.self, from: readFileData(url, limit: 1 << 26), path: url.path)
            let rho = file.evaluationBlindings.compactMap { Fr(decimal: $0) }
            guard file.format == "zktrain.weight-blindings", let nu = Fr(decimal: file.blinding), let nuPrime = Fr(decimal: file.certificateBlinding),
                  rho.count == file.evaluationBlindings.count else {
                throw FormatError(path: url.path, problem: "not a weight-blindings file (format zktrain.weight-blindings, decimal field elements)")
            }
            guard !nu.isZero, !nuPrime.isZero, !rho.contains(where: \.isZero) else {
                throw FormatError(path: url.path, problem: "a blinding is zero: the commitments would not hide the weights (the file was altered?)")
            }
            guard rho.count == evaluations else {
                throw FormatError(path: url.path, problem: "holds \(rho.count) evaluation blindings, the circuit has \(evaluations) input "
                    + "evaluations: it was made for another circuit of this model (remove it and certify again)")
            }
            return Values(blinding: nu, certificateBlinding: nuPrime, evaluationBlindings: rho)
        }
        guard create else {
            throw PipelineError("\(url.path) is missing: certified weights need the blindings `zktrain certify` writes there; "
                + "certify the model first, or pass the model directory that was certified")
        }
        var rng = SystemRandomNumberGenerator()
        let values = Values(blinding: .random(using: &rng), certificateBlinding: .random(using: &rng),
                            evaluationBlindings: (0..<evaluations).map { _ in .random(using: &rng) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = WeightBlindings(blinding: values.blinding.description, certificateBlinding: values.certificateBlinding.description,
                                   evaluationBlindings: values.evaluationBlindings.map(\.description))
        try writeAtomically(try encoder.encode(file), to: url, permissions: 0o600)
        return values
    }
}

/// What certifying a model produced.
public struct CertificationReport: Sendable {
    /// D, the model's key commitment (the published value every proof is checked against).
    public var commitment: G1Affine
    /// Where the certificate was written.
    public var path: URL
    public var seconds: Double
}

extension CircuitManifest {
    /// The certificate circuit from `dir`/certificate.r1cs (checked against circuit.json), or
    /// `nil` unless weights are certified.
    func certificateSystem(in dir: URL) throws -> ConstraintSystem? {
        guard let expected = certified?.certificateR1CSSHA256 else { return nil }
        let url = dir.appendingPathComponent(Self.certificateR1CSName)
        let data = try readFileData(url)
        guard sha256Hex(data) == expected else {
            throw FormatError(path: url.path, problem: "SHA-256 differs from circuit.json's certified.certificateR1CSSHA256: not the certificate circuit compiled; compile again")
        }
        return try R1CSFile.decode(data, path: url.path)
    }
}

extension Pipeline {
    /// Certifies the model in `model` for the compiled, set-up circuit in `circuit` (certified
    /// weights): proves the certificate circuit, makes the commitments (D, D', E) and the link
    /// and writes `circuit`/weights.certificate.json (checked before it is written).
    public static func certify(model: URL, circuit: URL) throws -> CertificationReport {
        let start = Date()
        let manifest = try CircuitManifest(contentsOf: circuit)
        guard let layout = manifest.certified, let certificateSystem = try manifest.certificateSystem(in: circuit) else {
            throw PipelineError("\(circuit.path) was not compiled with --weights certified: there is nothing to certify")
        }
        let modelCircuit = try ModelCircuit(model: try ModelDirectory(model).model, options: manifest.options)
        guard CircuitManifest.hex(Groth16.circuitDigest(modelCircuit.compile().builder.system)) == manifest.constraintsDigest else {
            throw PipelineError("model \(model.path) does not match circuit \(circuit.path): it lowers to different constraints")
        }
        let vkURL = circuit.appendingPathComponent(Groth16.ProvingKey.verifyingKeyFileName)
        let vkBytes = try readFileData(vkURL, limit: 1 << 30)  // read once: decoded here, its digest in the folded key
        let vk = try SnarkjsJSON.decodeVerifyingKey(vkBytes, path: vkURL.path)
        let keyPath = ModelProvingKey.path(in: circuit, ours: WeightCertification.keyName, zkey: WeightCertification.zkeyName)
        let certificateKey = try ModelProvingKey(contentsOf: keyPath, checkSubgroups: true)
        guard let statement = layout.statement(vk: vk, certificateKey: certificateKey.verifyingKey) else {
            throw PipelineError("the keys in \(circuit.path) are not those of this circuit (run `zktrain setup \(circuit.path)` again)")
        }
        let blindings = try WeightBlindings.load(in: model, evaluations: layout.pixels?.count ?? 0, create: true)
        let certificateWitness = try WeightCertificateCircuit(modelCircuit).witness(blinding: blindings.certificateBlinding).witness
        var rng = SystemRandomNumberGenerator()
        let rangeProof: Groth16.Proof
        do {
            var timer = PhaseTimer()
            rangeProof = try certificateKey.prove(cs: certificateSystem, witness: certificateWitness, reusing: nil, using: &rng, timer: &timer)
        } catch let error as Groth16.ProveError {
            throw PipelineError("\(keyPath): \(error) (run `zktrain setup \(circuit.path)` again)")
        }
        let secrets = CertifiedLayout.secrets(of: modelCircuit, blinding: blindings.blinding, certificateBlinding: blindings.certificateBlinding,
                                              evaluationBlindings: blindings.evaluationBlindings)
        let targets = statement.evaluate(secrets)  // D, D', E_0, …
        let certificate = Groth16.WeightCertificate(commitment: targets[0], inputEvaluations: Array(targets[2...]), certificateCommitment: targets[1],
                                                    rangeProof: rangeProof, link: WeightLink.prove(statement, secrets: secrets, targets: targets, using: &rng))
        if let problem = certificate.problem(statement, certificateKey: certificateKey.verifyingKey) {
            throw PipelineError("internal error: the certificate just made does not verify (\(problem)); the keys in \(circuit.path) may be damaged")
        }
        let url = circuit.appendingPathComponent(Groth16.WeightCertificate.fileName)
        var files = try ArtifactSet(in: circuit)
        let certificateBytes = certificate.encoded()
        try files.add(Groth16.WeightCertificate.fileName, certificateBytes)
        try files.add(WeightCertification.foldedKeyName,
                      try FoldedKey.encode(layout.foldedKey(vk, certificate)!, modelKey: vkBytes, certificate: certificateBytes))
        try files.commit()
        return CertificationReport(commitment: targets[0], path: url, seconds: Date().timeIntervalSince(start))
    }
}

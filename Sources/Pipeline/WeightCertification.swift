// Certified weights, the owner's side: `zktrain certify MODEL CIRCUIT` after `setup` makes the
// model's key commitment D and its one-time weight certificate (Prove/Commitment/
// WeightCertificate.swift) and publishes them as CIRCUIT/weights.certificate.json; the two
// blindings stay in MODEL/weights.secret.json (mode 0600), which every later proof reads
// (the proofs' certified wires hold the weights and the model blinding ν). The verifier's side
// is `certificateProblem`, which `verify` and the prover's self-check call.
import Circuit
import Foundation
import Prove
import Support

/// The certificate key's file names (beside proving.key and verification_key.json).
public enum WeightCertification {
    public static let keyName = "certificate.key"
    public static let verifyingKeyName = "certificate_vk.json"
}

/// MODEL/weights.secret.json: the blindings of a certified model's two key commitments.
struct WeightBlindings: Codable, Equatable {
    static let fileName = "weights.secret.json"
    var format = "zktrain.weight-blindings"
    var note = "SECRET: with the weights these open the published commitments; share them only with an auditor who also gets the weights."
    /// ν, the model key commitment's blinding (decimal).
    var blinding: String
    /// ν', the certificate key commitment's blinding (decimal).
    var certificateBlinding: String

    /// The secret of the model in `dir`: read if present, else drawn from the system CSPRNG
    /// and written (mode 0600) when `create`.
    static func load(in dir: URL, create: Bool) throws -> (blinding: Fr, certificateBlinding: Fr) {
        let url = dir.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: url.path) {
            let file = try StrictJSON.decode(WeightBlindings.self, from: readFileData(url, limit: 1 << 16), path: url.path)
            guard file.format == "zktrain.weight-blindings", let nu = Fr(decimal: file.blinding),
                  let nuPrime = Fr(decimal: file.certificateBlinding) else {
                throw FormatError(path: url.path, problem: "not a weight-blindings file (format zktrain.weight-blindings, two decimal field elements)")
            }
            return (nu, nuPrime)
        }
        guard create else {
            throw PipelineError("\(url.path) is missing: certified weights need the blindings `zktrain certify` wrote there; "
                + "pass the model directory that was certified")
        }
        var rng = SystemRandomNumberGenerator()
        let nu = Fr.random(using: &rng), nuPrime = Fr.random(using: &rng)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = WeightBlindings(blinding: nu.description, certificateBlinding: nuPrime.description)
        try writeAtomically(try encoder.encode(file), to: url, permissions: 0o600)
        return (nu, nuPrime)
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
        guard let expected = certificateR1CSSHA256 else { return nil }
        let url = dir.appendingPathComponent(Self.certificateR1CSName)
        let data = try readFileData(url)
        guard sha256Hex(data) == expected else {
            throw FormatError(path: url.path, problem: "SHA-256 differs from circuit.json's certificateR1CSSHA256: not the certificate circuit compiled; compile again")
        }
        return try R1CSFile.decode(data, path: url.path)
    }
}

extension Pipeline {
    /// Certifies the model in `model` for the compiled, set-up circuit in `circuit` (certified
    /// weights): proves the certificate circuit, commits under both keys, links the two and
    /// writes `circuit`/weights.certificate.json (checked before it is written).
    public static func certify(model: URL, circuit: URL) throws -> CertificationReport {
        let start = Date()
        let manifest = try CircuitManifest(contentsOf: circuit)
        guard let wires = manifest.certifiedWires, let certificateSystem = try manifest.certificateSystem(in: circuit) else {
            throw PipelineError("\(circuit.path) was not compiled with --weights certified: there is nothing to certify")
        }
        let modelCircuit = try ModelCircuit(model: try ModelDirectory(model).model, options: manifest.options)
        guard CircuitManifest.hex(Groth16.circuitDigest(modelCircuit.compile().builder.system)) == manifest.constraintsDigest else {
            throw PipelineError("model \(model.path) does not match circuit \(circuit.path): it lowers to different constraints")
        }
        let vk = try SnarkjsJSON.readVerifyingKey(from: circuit.appendingPathComponent(Groth16.ProvingKey.verifyingKeyFileName))
        let keyPath = circuit.appendingPathComponent(WeightCertification.keyName).path
        let certificateKey = try Groth16.ProvingKey(contentsOf: keyPath, checkSubgroups: true)
        guard vk.publicInputCount >= wires, certificateKey.verifyingKey.publicInputCount == wires else {
            throw PipelineError("the keys in \(circuit.path) are not those of this circuit (run `zktrain setup \(circuit.path)` again)")
        }
        let (nu, nuPrime) = try WeightBlindings.load(in: model, create: true)
        let certificateWitness = try WeightCertificateCircuit(modelCircuit).witness(blinding: nuPrime).witness
        let weights = Array(certificateWitness[1..<wires])  // wires 1…n: the weights and biases
        var rng = SystemRandomNumberGenerator()
        let rangeProof: Groth16.Proof
        do {
            rangeProof = try Groth16.prove(certificateKey, cs: certificateSystem, witness: certificateWitness, using: &rng)
        } catch let error as Groth16.ProveError {
            throw PipelineError("\(keyPath): \(error) (run `zktrain setup \(circuit.path)` again)")
        }
        let bases = Groth16.committedBases(vk, count: wires)!, certificateBases = Groth16.committedBases(certificateKey.verifyingKey, count: wires)!
        let d = Groth16.commitment(vk, values: weights + [nu])!, dPrime = Groth16.commitment(certificateKey.verifyingKey, values: weights + [nuPrime])!
        let link = WeightLink.prove(bases: bases, certificateBases: certificateBases, weights: weights, blinding: nu, certificateBlinding: nuPrime,
                                    commitment: d, certificateCommitment: dPrime, using: &rng)
        let certificate = Groth16.WeightCertificate(commitment: d, certificateCommitment: dPrime, rangeProof: rangeProof, link: link)
        if let problem = certificate.problem(vk: vk, committedWires: wires, certificateKey: certificateKey.verifyingKey) {
            throw PipelineError("internal error: the certificate just made does not verify (\(problem)); the keys in \(circuit.path) may be damaged")
        }
        let url = circuit.appendingPathComponent(Groth16.WeightCertificate.fileName)
        try writeAtomically(certificate.encoded(), to: url)
        return CertificationReport(commitment: d, path: url, seconds: Date().timeIntervalSince(start))
    }

    /// The certificate at `certificate` checked for the model key `vk` and the certificate key
    /// at `certificateKey`: its commitment D and `.valid`, or no point and the verdict saying
    /// why it cannot be trusted.
    static func certifiedCommitment(certificate: URL, certificateKey: URL, vk: Groth16.VerifyingKey,
                                    committedWires: Int) -> (commitment: G1Affine?, verdict: Verdict) {
        let parsed: Groth16.WeightCertificate, key: Groth16.VerifyingKey
        do {
            parsed = try Groth16.WeightCertificate(contentsOf: certificate)
            key = try SnarkjsJSON.readVerifyingKey(from: certificateKey)
        } catch {
            return (nil, .malformed("\(error)"))
        }
        if let problem = parsed.problem(vk: vk, committedWires: committedWires, certificateKey: key) {
            return (nil, .invalid("weight certificate \(certificate.path): \(problem)"))
        }
        return (parsed.commitment, .valid)
    }
}

// Checking a proof: the pairing equation under a verification key, and for a model circuit
// what the pairing does not cover (public.json's layout, public inputs within the model's
// range, the published weight commitment: CircuitManifest.problem; with certified weights the
// weight certificate, whose commitment D stands for the certified wires). `zktrain verify` prints
// the verdict; a Swift program gets it as a value.
import Circuit
import Foundation
import Prove

/// The outcome of checking a proof.
public enum Verdict: Sendable, Equatable, CustomStringConvertible {
    /// The proof verifies (and its public inputs pass the circuit's checks, if one was given).
    case valid
    /// Well-formed files, but the proof or a public-input check fails.
    case invalid(String)
    /// A file is unreadable or not laid out as it must be.
    case malformed(String)

    public var description: String {
        switch self {
        case .valid: "valid"
        case .invalid(let why): why.isEmpty ? "invalid" : "invalid: \(why)"
        case .malformed(let why): "malformed: \(why)"
        }
    }
}

extension Pipeline {
    /// Checks `proof` with `publicInputs` under `verificationKey` (snarkjs JSON files); with
    /// `circuit` (a circuit directory or its circuit.json) also the model circuit's checks, with
    /// `commitment` the weight commitment the model owner published (default: circuit.json's).
    /// Certified weights (circuit.json says so): the weight certificate `certificate`
    /// (default: the circuit directory's weights.certificate.json) is checked under
    /// `certificateKey` (default: its certificate_vk.json) and its commitments stand for the
    /// key's public inputs after public.json's. With `checkedKey`, `verificationKey` is instead
    /// the certified circuit's key folded by `checkCertificate`, whose certificate was checked
    /// then and is not checked again (CertificateCheck.swift says what that key is worth); it
    /// must record the circuit directory's model key and certificate as the files it was folded
    /// from where the directory holds them (`FoldedKey.bindingProblem`).
    public static func verify(verificationKey: URL, proof: URL, publicInputs: URL, circuit: URL? = nil,
                              commitment: String? = nil, certificate: URL? = nil, certificateKey: URL? = nil,
                              checkedKey: Bool = false) -> Verdict {
        let vk: Groth16.VerifyingKey, parsed: Groth16.Proof, inputs: [Fr]
        do {
            vk = try SnarkjsJSON.readVerifyingKey(from: verificationKey)
            parsed = try SnarkjsJSON.readProof(from: proof)
            inputs = try SnarkjsJSON.readPublicInputs(from: publicInputs)
        } catch {
            return .malformed("\(error)")
        }
        if checkedKey, certificate != nil || certificateKey != nil {
            return .malformed("a checked key was folded from a certificate checked when check-certificate wrote it: give no --certificate or --certificate-key")
        }
        var certificate = certificate, certificateKey = certificateKey, layout: CertifiedLayout?
        var directory: URL?
        if let circuit {
            let url = CircuitManifest.directory(of: circuit)
            directory = url
            let manifest: CircuitManifest
            do { manifest = try CircuitManifest(contentsOf: url) } catch { return .malformed("\(error)") }
            if let problem = manifest.problem(with: inputs, commitment: commitment) {
                return problem.malformed ? .malformed(problem.message) : .invalid(problem.message)
            }
            if let certified = manifest.certified {
                layout = certified
                (certificate, certificateKey) = WeightCertification.files(in: url, certificate: certificate, certificateKey: certificateKey)
            }
        } else if certificate != nil || certificateKey != nil {
            return .malformed("checking a weight certificate needs the circuit (--circuit): its certified layout says what the certificate commits to")
        }
        if checkedKey {
            guard layout != nil, let directory else {
                return .malformed("a checked key is a certified circuit's key folded by check-certificate: give that circuit with --circuit")
            }
            guard inputs.count == vk.publicInputCount else {
                return .malformed("\(verificationKey.path) expects \(vk.publicInputCount) public inputs, public.json holds \(inputs.count): "
                    + "not a key check-certificate folded for this circuit")
            }
            if let problem = FoldedKey.bindingProblem(path: verificationKey, directory: directory) { return .malformed(problem) }
            return Groth16.verify(vk, publicInputs: inputs, proof: parsed) ? .valid : .invalid("")
        }
        let wires = layout?.wires ?? 0
        if wires > 0, inputs.count == vk.publicInputCount {
            return .malformed("\(verificationKey.path) has no public inputs for the certified weights: a folded key? "
                + "If `zktrain check-certificate` wrote it, pass --checked-key; else give the model's verification_key.json")
        }
        guard inputs.count + wires == vk.publicInputCount else {
            return .malformed("\(publicInputs.path) holds \(inputs.count) public inputs, the key expects \(vk.publicInputCount - wires)")
        }
        guard let layout, let certificate, let certificateKey else {
            return Groth16.verify(vk, publicInputs: inputs, proof: parsed) ? .valid : .invalid("")
        }
        let checked = certifiedCommitment(certificate: certificate, certificateKey: certificateKey, vk: vk, layout: layout, publics: inputs)
        guard let sum = checked.sum else { return checked.verdict }
        return Groth16.verify(Groth16.prepare(vk), publicInputs: inputs, commitment: (sum, wires), proof: parsed) ? .valid : .invalid("")
    }
}

// Certified weights, the verifier's side: a model's weight certificate (its range proof and
// link, Prove/Commitment/WeightCertificate.swift) checked against the model's verification key
// and the circuit's certified layout. `verify --circuit` checks it with every proof;
// `check-certificate` checks it once and writes the model's key with the certificate folded in
// (`CertifiedLayout.foldedKey`: IC₀ + D, each input value's ICⱼ + E_j), an ordinary Groth16 key
// for public.json, which then verifies proofs in milliseconds (here with `verify --circuit
// --checked-key`, or with snarkjs and `zktrain verifier`'s contract). The key file records the
// two files it was folded from (FoldedKey.swift).
//
// Trust: a folded key accepts a proof exactly when `verify --circuit` with the unfolded key and
// the certificate it was folded from does (the pairing equation has the same left side, and
// the input sum is the same point). It is as good as the check that made it: a key the verifier
// folded after checking the published files is; a folded key received from someone else (the
// owner's verification_key.certified.json) is only as good as its sender.
import Circuit
import Foundation
import Prove
import Support

extension Pipeline {
    /// The certificate at `certificate`, checked for the model key `vk`, the certificate key at
    /// `certificateKey` and the circuit's `layout`, with the file's bytes and `.valid`; or no
    /// certificate and the verdict saying why it cannot be trusted.
    static func checkedCertificate(certificate: URL, certificateKey: URL, vk: Groth16.VerifyingKey, layout: CertifiedLayout)
        -> (certificate: Groth16.WeightCertificate?, bytes: Data, verdict: Verdict) {
        let bytes: Data, parsed: Groth16.WeightCertificate, key: Groth16.VerifyingKey
        do {
            bytes = try readFileData(certificate, limit: 1 << 30)
            parsed = try Groth16.WeightCertificate(decoding: bytes, path: certificate.path)
            key = try SnarkjsJSON.readVerifyingKey(from: certificateKey)
        } catch {
            return (nil, Data(), .malformed("\(error)"))
        }
        guard let statement = layout.statement(vk: vk, certificateKey: key) else {
            return (nil, bytes, .malformed("the verification key and \(certificateKey.path) do not have the public inputs the circuit's certified layout needs"))
        }
        if let problem = parsed.problem(statement, certificateKey: key) {
            return (nil, bytes, .invalid("weight certificate \(certificate.path): \(problem)"))
        }
        return (parsed, bytes, .valid)
    }

    /// The checked certificate's stand-in for the certified wires in the verifier's input sum
    /// for `publics` (D + Σ x_j·E_j) with `.valid`, or no point and the verdict saying why not.
    static func certifiedCommitment(certificate: URL, certificateKey: URL, vk: Groth16.VerifyingKey, layout: CertifiedLayout,
                                    publics: [Fr]) -> (sum: G1Affine?, verdict: Verdict) {
        let checked = checkedCertificate(certificate: certificate, certificateKey: certificateKey, vk: vk, layout: layout)
        guard let parsed = checked.certificate else { return (nil, checked.verdict) }
        guard let sum = layout.committedSum(parsed, publics: publics) else {
            return (nil, .malformed("public.json does not hold the input values the certificate's evaluations need"))
        }
        return (sum, .valid)
    }

    /// Checks, once, the weight certificate of the certified circuit in `circuit` (a circuit
    /// directory or its circuit.json) for the model key `verificationKey`, under
    /// `certificateKey` (each defaulting to the circuit directory's file, as in `verify`), and if
    /// it holds writes the model's key with the certificate folded in to `out` (atomically).
    /// - Returns: `.valid` once `out` is written; `.invalid` or `.malformed` (nothing written)
    ///   when the certificate or a file fails.
    /// - Throws: when `out` cannot be written.
    public static func checkCertificate(circuit: URL, verificationKey: URL? = nil, certificate: URL? = nil, certificateKey: URL? = nil,
                                        out: URL) throws -> Verdict {
        let dir = CircuitManifest.directory(of: circuit)
        let verificationKey = verificationKey ?? dir.appendingPathComponent(Groth16.ProvingKey.verifyingKeyFileName)
        let manifest: CircuitManifest, vkBytes: Data, vk: Groth16.VerifyingKey
        do {
            manifest = try CircuitManifest(contentsOf: dir)
            try ArtifactSet.recover(in: verificationKey.deletingLastPathComponent())
            vkBytes = try readFileData(verificationKey, limit: 1 << 30)
            vk = try SnarkjsJSON.decodeVerifyingKey(vkBytes, path: verificationKey.path)
        } catch {
            return .malformed("\(error)")
        }
        guard let layout = manifest.certified else {
            return .malformed("\(dir.path) was not compiled with --weights certified: it has no weight certificate")
        }
        let (certificate, certificateKey) = WeightCertification.files(in: dir, certificate: certificate, certificateKey: certificateKey)
        let inputs = [verificationKey, certificate, certificateKey, dir.appendingPathComponent(CircuitManifest.fileName)]
        if inputs.contains(where: { $0.standardizedFileURL.resolvingSymlinksInPath() == out.standardizedFileURL.resolvingSymlinksInPath() }) {
            return .malformed("\(out.path) is one of the files the check reads; write the folded key elsewhere")
        }
        let checked = checkedCertificate(certificate: certificate, certificateKey: certificateKey, vk: vk, layout: layout)
        guard let parsed = checked.certificate else { return checked.verdict }
        guard let folded = layout.foldedKey(vk, parsed) else {
            return .malformed("the certificate's input evaluations do not fit the circuit's certified layout")
        }
        try writeAtomically(try FoldedKey.encode(folded, modelKey: vkBytes, certificate: checked.bytes), to: out)
        return .valid
    }
}

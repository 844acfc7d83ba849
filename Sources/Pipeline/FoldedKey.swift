// The folded key file (verification_key.certified.json, check-certificate's --out): the
// model's verification key with a weight certificate folded in (`CertifiedLayout.foldedKey`),
// and a record of the two files it was folded from, their SHA-256 digests, as two string
// fields after IC that snarkjs and other Groth16 verifiers ignore.
//
// What the record is for: `verify --checked-key` must not accept a proof of one certification
// while the verifier names another. Two certifications of one circuit (another model of the
// same architecture, or the same model certified again with new blindings) share its
// circuit.json and verification_key.json, so only the certificate tells them apart. Comparing
// the record with the named circuit directory's files costs two digests: a certified CNN's
// checked-key verify takes 0.07–0.08 s with its 29 MB of key and certificate beside it, 0.04 s
// without; refolding them, which it replaces, parsed both files (0.71 s per verify).
//
// What it is not: a check of the key's points. A checked key is trusted because the verifier
// made it (CertificateCheck.swift); whoever can rewrite that file can write any key and the
// record to match. The record catches a mix-up of honest files, as the refold did: a refold
// could not make an untrusted key trustworthy either, since the certificate it names was not
// checked again.
import Foundation
import Prove
import Support

enum FoldedKey {
    /// The record: the SHA-256 of each file, lowercase hex.
    private struct Record: Decodable {
        var modelKey: String?
        var certificate: String?
        enum CodingKeys: String, CodingKey {
            case modelKey = "zktrain_folded_verification_key_sha256", certificate = "zktrain_folded_certificate_sha256"
        }
    }

    /// The folded key `folded`'s file: snarkjs's verification_key.json layout plus the record
    /// of `modelKey` and `certificate`, the bytes of the files it was folded from.
    static func encode(_ folded: Groth16.VerifyingKey, modelKey: Data, certificate: Data) throws -> Data {
        try SnarkjsJSON.encode(folded, annotations: [(Record.CodingKeys.modelKey.rawValue, sha256Hex(modelKey)),
                                                     (Record.CodingKeys.certificate.rawValue, sha256Hex(certificate))])
    }

    /// Why the folded key at `path` was not folded from the model key and weight certificate in
    /// the certified circuit's `directory`, or nil if it was, or if the directory holds neither
    /// file (then it names no certification to hold the key to: a verifier may keep only
    /// circuit.json beside the key it folded). One of the two without the other, or either
    /// unreadable (a directory, a link to nowhere), is a problem.
    static func bindingProblem(path: URL, directory: URL) -> String? {
        let modelKey = directory.appendingPathComponent(Groth16.ProvingKey.verifyingKeyFileName)
        let certificate = WeightCertification.files(in: directory, certificate: nil, certificateKey: nil).certificate
        // attributesOfItem does not follow a final symbolic link: a dangling or looping link is
        // there, and unreadable.
        guard [modelKey, certificate].contains(where: { (try? FileManager.default.attributesOfItem(atPath: $0.path)) != nil }) else {
            return nil
        }
        let record: Record, modelDigest: String, certificateDigest: String
        do {
            record = try StrictJSON.decode(Record.self, from: readFileData(path, limit: 1 << 30), path: path.path)
            modelDigest = sha256Hex(try readFileData(modelKey))
            certificateDigest = sha256Hex(try readFileData(certificate))
        } catch {
            return "\(error) (a checked key is held to the circuit directory's \(modelKey.lastPathComponent) and "
                + "\(certificate.lastPathComponent) where it holds either)"
        }
        let refold = "Fold this one with `zktrain check-certificate \(directory.path) --out KEY`"
        guard let modelRecord = record.modelKey, let certificateRecord = record.certificate else {
            return "\(path.path) does not record the files it was folded from (\(Record.CodingKeys.modelKey.rawValue)): "
                + "not a key check-certificate wrote, or one written before zktrain recorded them. \(refold)"
        }
        guard modelRecord == modelDigest, certificateRecord == certificateDigest else {
            return "\(path.path) was not folded from \(modelKey.path) and \(certificate.path): a key check-certificate folded for "
                + "another model or certification? \(refold)"
        }
        return nil
    }
}

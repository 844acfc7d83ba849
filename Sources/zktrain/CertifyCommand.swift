// `zktrain certify MODEL CIRCUIT`: the one-time weight certificate of a model compiled with
// --weights certified and set up (Pipeline.certify).
import ArgumentParser
import Foundation
import Pipeline

struct CertifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certify",
        abstract: "Make a certified model's published commitment and weight certificate (after compile --weights certified and setup).",
        discussion: """
        Writes CIRCUIT/weights.certificate.json: the model's key commitment D (what every \
        proof is checked against), a proof that the committed weights are within their widths, \
        and a proof that D commits to those weights. Publish it with verification_key.json and \
        certificate_vk.json. Also writes verification_key.certified.json, the model's key with \
        the commitments folded in: a stock Groth16 verifier (snarkjs, `zktrain verifier`'s \
        contract) checks proofs with it alone, but only a verifier who has checked the \
        certificate may trust it: a verifier makes their own with `zktrain check-certificate`. The first run draws two secret blindings from the system CSPRNG \
        into MODEL/weights.secret.json (mode 0600), which proving needs; later runs reuse them, \
        so the commitment stays the same for the same keys. A new setup needs a new certify. \
        Construction and security argument: docs/DESIGN.md, "Certified weights".
        """)

    @Argument(help: "Model directory (integer model or QAT checkpoint).") var model: String
    @Argument(help: "Circuit directory (zktrain compile --weights certified, then zktrain setup).") var circuit: String

    func run() throws {
        try reportingErrors {
            let report = try Pipeline.certify(model: URL(fileURLWithPath: model), circuit: URL(fileURLWithPath: circuit))
            print("wrote \(report.path.path) (\(String(format: "%.2f", report.seconds)) s)")
            print("commitment D = (\(report.commitment.x), \(report.commitment.y))")
        }
    }
}

// `zktrain check-certificate CIRCUIT --out KEY`: the verifier's one-time check of a certified
// model's weight certificate, writing the model's key with the certificate folded in
// (Pipeline.checkCertificate).
import ArgumentParser
import Foundation
import Pipeline

struct CheckCertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-certificate",
        abstract: "Check a certified model's weight certificate once and write its folded verification key.",
        discussion: """
        Checks what `verify --circuit` checks before every proof of a certified model: the \
        weight certificate's range proof under the certificate key and its link to the model's \
        verification key. If it holds, writes to --out the model's key with the certificate \
        folded in (IC₀ + D, each input value's ICⱼ + E_j): an ordinary Groth16 key for \
        public.json, which also records the SHA-256 of the two files it was folded from. Then \
        `zktrain verify KEY proof.json public.json --circuit CIRCUIT \
        --checked-key` checks a proof in milliseconds instead of seconds (public.json's layout \
        and input range still checked), and snarkjs or `zktrain verifier`'s contract can use \
        the key too. Trust the folded key as you trust this check: make it yourself from the \
        published files rather than taking the owner's verification_key.certified.json. \
        Prints "valid" (exit 0, key written), "invalid: …" (exit 1) or "malformed: …" (exit 2); \
        nothing is written unless valid.
        """)

    @Argument(help: "The certified circuit's directory (or its circuit.json).") var circuit: String
    @Option(help: "Where to write the folded verification key.") var out: String
    @Option(help: "The model's verification_key.json (default: the circuit directory's).") var verificationKey: String?
    @Option(help: "The model's published weights.certificate.json (default: the circuit directory's).") var certificate: String?
    @Option(help: "The certificate circuit's verification key (default: the circuit directory's certificate_vk.json).")
    var certificateKey: String?

    func run() throws {
        let verdict = try Pipeline.checkCertificate(circuit: URL(fileURLWithPath: circuit),
                                                    verificationKey: verificationKey.map { URL(fileURLWithPath: $0) },
                                                    certificate: certificate.map { URL(fileURLWithPath: $0) },
                                                    certificateKey: certificateKey.map { URL(fileURLWithPath: $0) },
                                                    out: URL(fileURLWithPath: out))
        print(verdict)
        switch verdict {
        case .valid: printError("wrote \(out)")
        case .invalid: throw ExitCode(1)
        case .malformed: throw ExitCode(2)
        }
    }
}

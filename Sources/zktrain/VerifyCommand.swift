// `zktrain verify VK PROOF PUBLIC`: checks a Groth16 proof in snarkjs's JSON layout.
// Prints one line; exit 0 valid, 1 invalid, 2 unreadable or malformed files (including
// points off their curve, public inputs ≥ r, or a public-input count the key does not expect).
import ArgumentParser
import Foundation
import Pipeline

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a Groth16 proof (snarkjs verification_key.json, proof.json, public.json).",
        discussion: """
        Prints "valid" (exit 0), "invalid" (exit 1), or "malformed: …" (exit 2) when a file \
        cannot be read or parsed, a point is off its curve or outside G2's subgroup, a public \
        input is ≥ r, or public.json does not hold nPublic values. With certified weights \
        the weight certificate is checked first (its range proof and link); its commitment \
        stands for the key's public inputs after public.json's. To verify many proofs of one \
        certified model, check its certificate once with `zktrain check-certificate` and pass \
        the key it writes with --checked-key. The key records the SHA-256 of the files it was \
        folded from; where the circuit directory holds verification_key.json or \
        weights.certificate.json, both must be there and be those files (the certificate's range \
        proof is not checked again): a key folded for another model or certification is refused \
        by name.
        """)

    @Argument(help: "verification_key.json") var verificationKey: String
    @Argument(help: "proof.json") var proof: String
    @Argument(help: "public.json") var publicInputs: String
    @Option(help: "A model circuit's circuit.json (or its directory): also check public.json's layout, the input range and the weight commitment.")
    var circuit: String?
    @Option(help: "With --circuit: the weight commitment the model owner published (default: the one recorded in circuit.json).")
    var commitment: String?
    @Option(help: "Certified weights: the model's published weights.certificate.json (default with --circuit: the circuit directory's).")
    var certificate: String?
    @Option(help: "Certified weights: the certificate circuit's verification key (default with --circuit: the circuit directory's certificate_vk.json).")
    var certificateKey: String?
    @Flag(help: "Certified weights: VERIFICATION_KEY is the key `zktrain check-certificate` folded for --circuit; its certificate was checked then and is not checked again (the key must record the circuit directory's key and certificate as the files it was folded from).")
    var checkedKey = false

    func run() throws {
        let verdict = Pipeline.verify(verificationKey: URL(fileURLWithPath: verificationKey), proof: URL(fileURLWithPath: proof),
                                      publicInputs: URL(fileURLWithPath: publicInputs), circuit: circuit.map { URL(fileURLWithPath: $0) },
                                      commitment: commitment, certificate: certificate.map { URL(fileURLWithPath: $0) },
                                      certificateKey: certificateKey.map { URL(fileURLWithPath: $0) }, checkedKey: checkedKey)
        print(verdict)
        switch verdict {
        case .valid: return
        case .invalid: throw ExitCode(1)
        case .malformed: throw ExitCode(2)
        }
    }
}

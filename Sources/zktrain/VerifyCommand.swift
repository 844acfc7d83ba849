// `zktrain verify VK PROOF PUBLIC`: checks a Groth16 proof in snarkjs's JSON layout.
// Prints one line; exit 0 valid, 1 invalid, 2 unreadable or malformed files (including
// points off their curve, public inputs ≥ r, or a public-input count the key does not expect).
import ArgumentParser
import Circuit
import Foundation
import Prove

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a Groth16 proof (snarkjs verification_key.json, proof.json, public.json).",
        discussion: """
        Prints "valid" (exit 0), "invalid" (exit 1), or "malformed: …" (exit 2) when a file \
        cannot be read or parsed, a point is off its curve or outside G2's subgroup, a public \
        input is ≥ r, or public.json does not hold nPublic values.
        """)

    @Argument(help: "verification_key.json") var verificationKey: String
    @Argument(help: "proof.json") var proof: String
    @Argument(help: "public.json") var publicInputs: String
    @Option(help: "A model circuit's circuit.json (or its directory): also check public.json's layout, the input range and the weight commitment.")
    var circuit: String?
    @Option(help: "With --circuit: the weight commitment the model owner published (default: the one recorded in circuit.json).")
    var commitment: String?

    func run() throws {
        let vk: Groth16.VerifyingKey, parsed: Groth16.Proof, inputs: [Fr]
        do {
            vk = try SnarkjsJSON.readVerifyingKey(from: URL(fileURLWithPath: verificationKey))
            parsed = try SnarkjsJSON.readProof(from: URL(fileURLWithPath: proof))
            inputs = try SnarkjsJSON.readPublicInputs(from: URL(fileURLWithPath: publicInputs))
        } catch {
            print("malformed: \(error)")
            throw ExitCode(2)
        }
        guard inputs.count == vk.publicInputCount else {
            print("malformed: \(publicInputs) holds \(inputs.count) public inputs, the key expects \(vk.publicInputCount)")
            throw ExitCode(2)
        }
        if let circuit {
            let manifest: CircuitManifest
            do {
                var url = URL(fileURLWithPath: circuit)
                if url.lastPathComponent == CircuitManifest.fileName { url.deleteLastPathComponent() }
                manifest = try CircuitManifest(contentsOf: url)
            } catch {
                print("malformed: \(error)")
                throw ExitCode(2)
            }
            if let problem = circuitProblem(inputs, manifest: manifest, commitment: commitment) {
                print("\(problem.malformed ? "malformed" : "invalid"): \(problem.message)")
                throw ExitCode(problem.malformed ? 2 : 1)
            }
        }
        if Groth16.verify(vk, publicInputs: inputs, proof: parsed) {
            print("valid")
        } else {
            print("invalid")
            throw ExitCode(1)
        }
    }
}

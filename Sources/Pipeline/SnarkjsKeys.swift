// Groth16 keys outside a model folder as library calls: prove a circom witness with a
// proving.key or a snarkjs .zkey (made by snarkjs or by our ceremony), and export a .zkey's
// verification_key.json. What `zktrain groth16 prove` and `zktrain groth16 export-vk` call.
import Foundation
import Prove
import Support

extension Pipeline {
    /// Proves `witness` (.wtns) for `circuit` (.r1cs) with `key`: a `proving.key` or a snarkjs
    /// `.zkey` (told apart by its magic; made by snarkjs or our ceremony), checks the proof once
    /// under the key's own verification key, and writes proof.json and public.json into `out`
    /// as one `ArtifactSet`. Returns the two files.
    ///
    /// `checkSubgroups: false` skips the G2 subgroup checks when reading the key (for keys the
    /// caller made himself; the proof is still verified before it is written).
    /// - Throws: `FormatError` for an unreadable or malformed file, `PipelineError` naming the
    ///   three files when the key does not fit the circuit, the witness does not fit or satisfy
    ///   it, or the proof does not verify (a damaged key); nothing is written then.
    public static func proveWitness(key: URL, circuit: URL, witness: URL, out: URL, checkSubgroups: Bool = true,
                                    timer: inout PhaseTimer) throws -> (proof: URL, publicInputs: URL) {
        timer.start("read \(key.lastPathComponent)")
        let provingKey = try ModelProvingKey(contentsOf: key.path, checkSubgroups: checkSubgroups)
        timer.start("read .r1cs and .wtns")
        let cs = try R1CSFile.read(from: circuit)
        let values = try WitnessFile.read(from: witness)
        var rng = SystemRandomNumberGenerator()
        let proof: Groth16.Proof
        do {
            switch provingKey {
            case .ours(let pk): proof = try Groth16.prove(pk, cs: cs, witness: values, using: &rng, timer: &timer)
            case .snarkjs(let zkey): proof = try Groth16.prove(zkey.key, cs: cs, witness: values, using: &rng, timer: &timer)
            }
        } catch {
            throw PipelineError("\(key.path), \(circuit.path), \(witness.path): \(error)")
        }
        timer.start("self-check (verify)")
        let inputs = cs.publicSignals(of: values) ?? []
        guard Groth16.verify(provingKey.verifyingKey, publicInputs: inputs, proof: proof) else {
            throw PipelineError("\(key.path) is damaged or altered: its points are valid but a proof made with it does not "
                + "verify under its own verification key. Nothing written")
        }
        timer.start("write files")
        let proofURL = out.appendingPathComponent("proof.json"), publicURL = out.appendingPathComponent("public.json")
        var files = try ArtifactSet(in: out)
        try files.add(proofURL.lastPathComponent, try SnarkjsJSON.encode(proof))
        try files.add(publicURL.lastPathComponent, try SnarkjsJSON.encodePublicInputs(inputs))
        try files.commit()
        timer.stop()
        return (proofURL, publicURL)
    }

    /// Writes the verification key of the snarkjs key `zkey` as snarkjs's verification_key.json
    /// into `folder` (created if missing; the file written atomically), what `snarkjs zkey
    /// export verificationkey` writes. Returns the file.
    /// - Throws: `FormatError` for an unreadable or malformed key, or a failed write.
    public static func exportVerifyingKey(zkey: URL, into folder: URL) throws -> URL {
        let file = try ZkeyFile(contentsOf: zkey)
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw FormatError(path: folder.path, problem: "cannot create the folder (\(error.localizedDescription))")
        }
        let url = folder.appendingPathComponent(Groth16.ProvingKey.verifyingKeyFileName)
        try SnarkjsJSON.write(file.key.verifyingKey, to: url)
        return url
    }
}

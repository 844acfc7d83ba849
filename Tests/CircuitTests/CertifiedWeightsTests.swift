// Certified weights end to end in memory: the model circuit with its certified wires, the
// certificate circuit, both keys, the key commitments, the link and the certificate; then
// every way to cheat the issue lists — other weights under the same commitment, a swapped
// commitment, a tampered link or range proof, a certificate of another model, a weight out
// of range, a forged output — and the shift of D by a published input's base, which only
// the link catches. Each must be rejected.
import BigInt
import Foundation
import Prove
import Quantize
import Support
import Testing
@testable import Circuit

@Suite struct CertifiedWeightsTests {
    /// One certified model, proven and certified.
    struct Setup {
        var circuit: ModelCircuit
        var layout: CertifiedLayout
        var key: Groth16.ProvingKey
        var certificateKey: Groth16.ProvingKey
        var lowered: ModelCircuit.Lowered
        var statement: LinearStatement
        var certificate: Groth16.WeightCertificate
        var proof: Groth16.Proof
        var wires: Int { lowered.certifiedWires!.count }
        var publics: [Fr] { lowered.publishedSignals }

        init(model: IntegerModel, input seed: UInt64, visibility: InputVisibility = .public, blinding: Fr = 1234,
             certificateBlinding: Fr = 5678, keys: (Groth16.ProvingKey, Groth16.ProvingKey)? = nil) throws {
            circuit = try ModelCircuit(model: model, options: CircuitOptions(weights: .certified, input: visibility, output: .logitsAndLabel))
            let certificateCircuit = try WeightCertificateCircuit(circuit)
            let certificateSystem = certificateCircuit.compile().system
            let pixelOffset = visibility == .public ? circuit.plan.outputCount + 1 : nil  // after the logits and the label
            layout = CertifiedLayout(circuit, certificateR1CS: Data(), pixelOffset: pixelOffset)
            (key, certificateKey) = try keys ?? (Groth16.setup(circuit.compile().builder.system), Groth16.setup(certificateSystem))
            let rho = (layout.pixels?.count).map { (0..<$0).map { Fr(1000 + $0) } } ?? []
            lowered = try circuit.witness(input: TestModels.input(for: model, seed: seed),
                                          secrets: CircuitSecrets(weightBlinding: blinding, evaluationBlindings: rho))
            proof = try Groth16.prove(key, cs: lowered.builder.system, witness: lowered.builder.witness)
            statement = try #require(layout.statement(vk: key.verifyingKey, certificateKey: certificateKey.verifyingKey))
            let secrets = CertifiedLayout.secrets(of: circuit, blinding: blinding, certificateBlinding: certificateBlinding, evaluationBlindings: rho)
            let targets = statement.evaluate(secrets)
            var rng = SeededGenerator(seed: seed)
            certificate = Groth16.WeightCertificate(
                commitment: targets[0], inputEvaluations: Array(targets[2...]), certificateCommitment: targets[1],
                rangeProof: try Groth16.prove(certificateKey, cs: certificateSystem, witness: certificateCircuit.witness(blinding: certificateBlinding).witness),
                link: WeightLink.prove(statement, secrets: secrets, targets: targets, using: &rng))
        }

        func problem(_ c: Groth16.WeightCertificate? = nil) -> String? {
            (c ?? certificate).problem(statement, certificateKey: certificateKey.verifyingKey)
        }

        /// Whether `proof` verifies for `publics` with `certificate`'s commitments standing for the certified wires.
        func verifies(_ proof: Groth16.Proof? = nil, publics: [Fr]? = nil, certificate: Groth16.WeightCertificate? = nil) -> Bool {
            let publics = publics ?? self.publics
            guard let sum = layout.committedSum(certificate ?? self.certificate, publics: publics) else { return false }
            return Groth16.verify(Groth16.prepare(key.verifyingKey), publicInputs: publics, commitment: (sum, wires), proof: proof ?? self.proof)
        }
    }

    @Test(arguments: [InputVisibility.public, .private])
    func honestCertificateAndProofAreAccepted(visibility: InputVisibility) throws {
        for seed in UInt64(1)...2 { for model in TestModels.all(seed: seed) {
            let s = try Setup(model: model, input: seed, visibility: visibility)
            // A public input makes the first dense/conv layer the input layer (both test models).
            #expect((s.layout.inputLayer != nil) == (visibility == .public))
            #expect(s.certificate.inputEvaluations.count == (visibility == .public ? model.inputShape.reduce(1, *) : 0))
            #expect(s.layout.problem == nil)
            #expect(s.problem() == nil)
            // D + Σ x_j·E_j is exactly the certified wires' share of the input sum.
            let wires = s.lowered.certifiedWires!
            #expect(s.layout.committedSum(s.certificate, publics: s.publics)
                    == Groth16.commitment(s.key.verifyingKey, values: Array(s.lowered.builder.witness[wires])))
            #expect(s.verifies())
            // The same proof checks with every wire's value public, as plain Groth16.
            let all = s.lowered.builder.system.publicSignals(of: s.lowered.builder.witness)!
            #expect(Groth16.verify(s.key.verifyingKey, publicInputs: all, proof: s.proof))
            // A stock verifier with the folded key (IC₀ + D, ICⱼ + E_j) agrees.
            let folded = try #require(s.layout.foldedKey(s.key.verifyingKey, s.certificate))
            #expect(folded.publicInputCount == s.publics.count)
            #expect(Groth16.verify(folded, publicInputs: s.publics, proof: s.proof))
            var moved = s.publics
            moved[moved.count - 1] += .one
            #expect(!Groth16.verify(folded, publicInputs: moved, proof: s.proof))
            // public.json leaves the certified wires out.
            #expect(s.publics.count + s.wires == all.count)
            // The certificate survives its file format.
            let decoded = try Groth16.WeightCertificate(decoding: s.certificate.encoded(), path: "c.json")
            #expect(decoded == s.certificate)
        } }
    }

    @Test func otherWeightsOrASwappedCommitmentAreRejected() throws {
        let a = try Setup(model: TestModels.mlp(seed: 3), input: 1)
        // A model with other weights of the same shape and widths, under the same keys: one
        // weight of the input layer (in E_0) and one of the last layer (in D) changed.
        var other = TestModels.mlp(seed: 3)
        for l in [1, 3] {
            guard case .dense(var dense) = other.layers[l] else { Issue.record("layout"); return }
            dense.weight[0] = dense.weight[0] == 5 ? 6 : 5
            other.layers[l] = .dense(dense)
        }
        let b = try Setup(model: other, input: 1, keys: (a.key, a.certificateKey))
        #expect(b.problem() == nil)  // b's own certificate is fine …
        #expect(!a.verifies(b.proof, publics: b.publics))  // … but b's proof is not one of a's model
        #expect(!a.verifies(certificate: b.certificate))  // nor is a's proof one of b's
        // A certificate whose commitment is swapped for another model's.
        var swapped = a.certificate
        swapped.commitment = b.certificate.commitment
        #expect(a.problem(swapped) != nil)
        swapped = a.certificate
        swapped.certificateCommitment = b.certificate.certificateCommitment
        #expect(a.problem(swapped) != nil)
        swapped = a.certificate
        swapped.inputEvaluations[0] = b.certificate.inputEvaluations[0]  // the changed weight reads input 0
        #expect(a.problem(swapped) != nil)
    }

    @Test func tamperedLinkOrRangeProofIsRejected() throws {
        let s = try Setup(model: TestModels.everyLayer(seed: 4), input: 2)
        for i in [0, s.statement.secretCount / 2, s.statement.secretCount - 1] {
            var c = s.certificate
            c.link.responses[i] += .one
            #expect(s.problem(c) != nil, "response \(i)")
        }
        for e in [0, 1, s.statement.equations.count - 1] {
            var c = s.certificate
            c.link.commitments[e] = (G1Jacobian(c.link.commitments[e]) + .generator).toAffine()
            #expect(s.problem(c) != nil, "commitment \(e)")
        }
        var c = s.certificate
        c.inputEvaluations[3] = (G1Jacobian(c.inputEvaluations[3]) + .generator).toAffine()
        #expect(s.problem(c) != nil)
        c = s.certificate
        c.inputEvaluations.swapAt(0, 1)
        #expect(s.problem(c) != nil)
        c = s.certificate
        c.link.responses.removeLast()
        #expect(s.problem(c) != nil)
        c = s.certificate
        c.rangeProof.c = (G1Jacobian(c.rangeProof.c) + .generator).toAffine()
        #expect(s.problem(c)?.contains("range proof") == true)
    }

    @Test func certificateOfAnotherModelIsRejected() throws {
        let a = try Setup(model: TestModels.mlp(seed: 5), input: 1)
        let b = try Setup(model: TestModels.everyLayer(seed: 5), input: 1)
        #expect(a.problem(b.certificate) != nil)
        #expect(a.layout.statement(vk: a.key.verifyingKey, certificateKey: b.certificateKey.verifyingKey) == nil)
        #expect(!a.verifies(certificate: b.certificate))
    }

    /// The certificate circuit admits no witness for a value outside its width: the bits hold
    /// value + offset mod 2^b at best, and the range constraint then fails.
    @Test func weightOutOfRangeHasNoCertificate() throws {
        let model = TestModels.mlp(seed: 6)
        let circuit = try ModelCircuit(model: model, options: CircuitOptions(weights: .certified))
        let certificate = try WeightCertificateCircuit(circuit)
        let built = certificate.witness(blinding: 9)
        let system = built.system
        #expect(system.firstUnsatisfied(built.witness) == nil)
        #expect(system.constraints.count == certificate.constraintCount)
        let bits = circuit.plan.layers.first { $0.committedLayer != nil }!.weightBits
        for outOfRange in [BigInt(1) << (bits - 1), -(BigInt(1) << (bits - 1)) - 1, BigInt(1) << 200] {
            var witness = built.witness
            witness[1] = Fr(signed: outOfRange)  // weight 0's public wire
            let offset = BigInt(1) << (bits - 1)
            let wrapped = ((outOfRange + offset) % (BigInt(1) << bits) + (BigInt(1) << bits)) % (BigInt(1) << bits)
            let firstBit = system.publicCount + 1
            for j in 0..<bits { witness[firstBit + j] = wrapped.magnitude[bitAt: j] ? .one : .zero }
            #expect(system.firstUnsatisfied(witness)?.label.hasSuffix(".range") == true, "\(outOfRange)")
        }
        // Every private wire (bit) of the certificate circuit is pinned.
        for index in (system.publicCount + 1)..<built.witness.count {
            var mutated = built.witness
            mutated[index] += .one
            #expect(system.firstUnsatisfied(mutated) != nil, "bit wire \(index)")
        }
    }

    @Test func forgedOutputIsRejected() throws {
        let s = try Setup(model: TestModels.mlp(seed: 7), input: 3)
        // A logit, the label, and an input value (its E term moves with it).
        for i in [0, s.circuit.plan.outputCount, s.publics.count - 1] {
            var forged = s.publics
            forged[i] += .one
            #expect(!s.verifies(publics: forged), "public signal \(i)")
        }
    }

    /// A prover who adds c·IC_j of a published input j to D makes proofs for x_j + c verify as
    /// proofs for x_j: the Groth16 equation alone accepts that; the certificate's link rejects it.
    @Test func commitmentShiftedByAPublishedInputIsCaughtByTheLink() throws {
        let s = try Setup(model: TestModels.mlp(seed: 8), input: 4)
        let j = 0  // the first logit
        var c = s.certificate
        c.commitment = (G1Jacobian(c.commitment) + G1Jacobian(s.key.verifyingKey.gammaABCG1[1 + j])).toAffine()
        var claimed = s.publics
        claimed[j] -= .one  // the proof is for publics[j]; claim one less
        #expect(s.verifies(publics: claimed, certificate: c))  // the pairing check is fooled …
        #expect(s.problem(c) != nil)  // … the certificate is not
    }

    /// Certified wires are pinned by the commitment: changing any one changes D.
    @Test func everyCertifiedWireChangesTheCommitment() throws {
        let s = try Setup(model: TestModels.mlp(seed: 9), input: 1)
        let values = Array(s.lowered.builder.witness[s.lowered.certifiedWires!])
        for i in values.indices {
            var changed = values
            changed[i] += .one
            #expect(Groth16.commitment(s.key.verifyingKey, values: changed) != Groth16.commitment(s.key.verifyingKey, values: values), "wire \(i)")
        }
    }
}

// Certified weights end to end in memory: the model circuit with its certified wires, the
// certificate circuit, both keys, the key commitments, the link and the certificate; then
// every way to cheat the issue lists — other weights under the same commitment, a swapped
// commitment, a tampered link or range proof, a certificate of another model, a weight out
// of range, a forged output — and the shift of D by a published input's base, which only
// the link catches. Each must be rejected.
import BigInt
import Prove
import Quantize
import Support
import Testing
@testable import Circuit

@Suite struct CertifiedWeightsTests {
    /// One certified model, proven and certified.
    struct Setup {
        var circuit: ModelCircuit
        var key: Groth16.ProvingKey
        var certificateKey: Groth16.ProvingKey
        var lowered: ModelCircuit.Lowered
        var certificate: Groth16.WeightCertificate
        var proof: Groth16.Proof
        var wires: Int { lowered.certifiedWires!.count }
        var publics: [Fr] { lowered.publishedSignals }

        init(model: IntegerModel, input seed: UInt64, blinding: Fr = 1234, certificateBlinding: Fr = 5678,
             keys: (Groth16.ProvingKey, Groth16.ProvingKey)? = nil) throws {
            circuit = try ModelCircuit(model: model, options: CircuitOptions(weights: .certified, input: .public, output: .logitsAndLabel))
            let certificateCircuit = try WeightCertificateCircuit(circuit)
            let certificateSystem = certificateCircuit.compile().system
            (key, certificateKey) = try keys ?? (Groth16.setup(circuit.compile().builder.system), Groth16.setup(certificateSystem))
            lowered = try circuit.witness(input: TestModels.input(for: model, seed: seed), secrets: CircuitSecrets(weightBlinding: blinding))
            proof = try Groth16.prove(key, cs: lowered.builder.system, witness: lowered.builder.witness)
            let certificateWitness = certificateCircuit.witness(blinding: certificateBlinding).witness
            let m = lowered.certifiedWires!.count
            let weights = Array(certificateWitness[1..<m])
            #expect(weights + [blinding] == Array(lowered.builder.witness[lowered.certifiedWires!]))
            let d = Groth16.commitment(key.verifyingKey, values: weights + [blinding])!
            let dPrime = Groth16.commitment(certificateKey.verifyingKey, values: weights + [certificateBlinding])!
            var rng = SeededGenerator(seed: seed)
            let link = WeightLink.prove(bases: Groth16.committedBases(key.verifyingKey, count: m)!,
                                        certificateBases: Groth16.committedBases(certificateKey.verifyingKey, count: m)!,
                                        weights: weights, blinding: blinding, certificateBlinding: certificateBlinding,
                                        commitment: d, certificateCommitment: dPrime, using: &rng)
            certificate = Groth16.WeightCertificate(commitment: d, certificateCommitment: dPrime,
                                                    rangeProof: try Groth16.prove(certificateKey, cs: certificateSystem, witness: certificateWitness),
                                                    link: link)
        }

        func problem(_ c: Groth16.WeightCertificate? = nil) -> String? {
            (c ?? certificate).problem(vk: key.verifyingKey, committedWires: wires, certificateKey: certificateKey.verifyingKey)
        }

        func verifies(_ proof: Groth16.Proof? = nil, publics: [Fr]? = nil, commitment: G1Affine? = nil) -> Bool {
            Groth16.verify(Groth16.prepare(key.verifyingKey), publicInputs: publics ?? self.publics,
                           commitment: (commitment ?? certificate.commitment, wires), proof: proof ?? self.proof)
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func honestCertificateAndProofAreAccepted(seed: UInt64) throws {
        for model in TestModels.all(seed: seed) {
            let s = try Setup(model: model, input: seed)
            #expect(s.problem() == nil)
            #expect(s.verifies())
            // The same proof checks with every wire's value public, as plain Groth16.
            let all = s.lowered.builder.system.publicSignals(of: s.lowered.builder.witness)!
            #expect(Groth16.verify(s.key.verifyingKey, publicInputs: all, proof: s.proof))
            // public.json leaves the certified wires out.
            #expect(s.publics.count + s.wires == all.count)
            // The certificate survives its file format.
            let decoded = try Groth16.WeightCertificate(decoding: s.certificate.encoded(), path: "c.json")
            #expect(decoded == s.certificate)
        }
    }

    @Test func otherWeightsOrASwappedCommitmentAreRejected() throws {
        let a = try Setup(model: TestModels.mlp(seed: 3), input: 1)
        // A model with other weights of the same shape and widths, under the same keys.
        var other = TestModels.mlp(seed: 3)
        guard case .dense(var dense) = other.layers[1] else { Issue.record("layout"); return }
        dense.weight[0] = dense.weight[0] == 5 ? 6 : 5
        other.layers[1] = .dense(dense)
        let b = try Setup(model: other, input: 1, keys: (a.key, a.certificateKey))
        #expect(b.problem() == nil)  // b's own certificate is fine …
        #expect(!a.verifies(b.proof, publics: b.publics))  // … but b's proof is not one of a's model
        #expect(!b.verifies(a.proof, publics: a.publics, commitment: b.certificate.commitment))
        // A certificate whose commitment is swapped for another model's.
        var swapped = a.certificate
        swapped.commitment = b.certificate.commitment
        #expect(a.problem(swapped) != nil)
        swapped = a.certificate
        swapped.certificateCommitment = b.certificate.certificateCommitment
        #expect(a.problem(swapped) != nil)
    }

    @Test func tamperedLinkOrRangeProofIsRejected() throws {
        let s = try Setup(model: TestModels.everyLayer(seed: 4), input: 2)
        for i in [0, s.wires - 1, s.wires] {
            var c = s.certificate
            c.link.responses[i] += .one
            #expect(s.problem(c) != nil, "response \(i)")
        }
        var c = s.certificate
        c.link.t = (G1Jacobian(c.link.t) + .generator).toAffine()
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
        #expect(b.certificate.problem(vk: a.key.verifyingKey, committedWires: a.wires, certificateKey: b.certificateKey.verifyingKey) != nil)
        #expect(!a.verifies(commitment: b.certificate.commitment))
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
        for i in [0, s.publics.count - 1] {
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
        let shifted = (G1Jacobian(s.certificate.commitment) + G1Jacobian(s.key.verifyingKey.gammaABCG1[1 + j])).toAffine()
        var claimed = s.publics
        claimed[j] -= .one  // the proof is for publics[j]; claim one less
        #expect(s.verifies(publics: claimed, commitment: shifted))  // the pairing check is fooled …
        var c = s.certificate
        c.commitment = shifted
        #expect(s.problem(c) != nil)  // … the certificate is not
    }

    /// Certified wires are pinned by the commitment: changing any one changes D.
    @Test func everyCertifiedWireChangesTheCommitment() throws {
        let s = try Setup(model: TestModels.mlp(seed: 9), input: 1)
        let values = Array(s.lowered.builder.witness[s.lowered.certifiedWires!])
        for i in values.indices {
            var changed = values
            changed[i] += .one
            #expect(Groth16.commitment(s.key.verifyingKey, values: changed) != s.certificate.commitment, "wire \(i)")
        }
    }
}

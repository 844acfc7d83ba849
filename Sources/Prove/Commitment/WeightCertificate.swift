// The weight certificate of a model with certified weights, made once by the model owner
// and checked by every verifier before trusting the model's key commitment D:
//   1. D' — the certificate key's commitment to the same weights (its own blinding ν');
//   2. a Groth16 proof of the certificate circuit (Circuit/Commitment/
//      WeightCertificateCircuit.swift: every weight and bias within its width) whose
//      committed public inputs are D': L' = IC'₀ + D';
//   3. the link (WeightLink.swift): D and D' open to the same weights, and to nothing but
//      the committed bases.
// Together (knowledge soundness of Groth16 in the algebraic group model, of the link in the
// random-oracle model) a prover who gets the certificate and a proof accepted knows weights
// in range that D binds, and the proof's computation used them. An observer of the
// certificate and of any number of proofs learns D, D' (perfectly hiding: ν, ν' uniform and
// secret), that the weights are in range, and each proof's published signals.
// Stored as `weights.certificate.json` (WeightCertificate+JSON.swift).

extension Groth16 {
    /// The one-time certificate of a key commitment to certified weights.
    public struct WeightCertificate: Equatable, Sendable {
        /// D: the model key's commitment to the weights (the published model commitment).
        public var commitment: G1Affine
        /// D': the certificate key's commitment to the same weights.
        public var certificateCommitment: G1Affine
        /// The certificate circuit's proof (its public inputs replaced by D').
        public var rangeProof: Proof
        public var link: WeightLink

        public init(commitment: G1Affine, certificateCommitment: G1Affine, rangeProof: Proof, link: WeightLink) {
            self.commitment = commitment
            self.certificateCommitment = certificateCommitment
            self.rangeProof = rangeProof
            self.link = link
        }

        /// Why the certificate does not certify its commitment for the model key `vk`, whose
        /// last `committedWires` public inputs are the certified wires (weights, then the
        /// blinding), and the certificate key `certificateKey`; `nil` if it does.
        public func problem(vk: VerifyingKey, committedWires m: Int, certificateKey: VerifyingKey) -> String? {
            guard m >= 1, m <= vk.publicInputCount else {
                return "the model key has \(vk.publicInputCount) public inputs, fewer than the \(m) certified wires"
            }
            guard certificateKey.publicInputCount == m else {
                return "the certificate key has \(certificateKey.publicInputCount) public inputs, the model has \(m) certified wires"
            }
            guard link.responses.count == m + 1 else {
                return "the link has \(link.responses.count) responses, \(m + 1) expected"
            }
            guard verify(prepare(certificateKey), publicInputs: [], commitment: (certificateCommitment, m), proof: rangeProof) else {
                return "the range proof does not verify under the certificate key (weights out of range, or a certificate of another model)"
            }
            guard link.verify(bases: committedBases(vk, count: m)!, certificateBases: committedBases(certificateKey, count: m)!,
                              commitment: commitment, certificateCommitment: certificateCommitment) else {
                return "the link does not show that the commitment opens to the certified weights"
            }
            return nil
        }
    }
}

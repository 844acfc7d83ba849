// The weight certificate of a model with certified weights, made once by the model owner
// and checked by every verifier before trusting the model's published commitment:
//   D    — the model key's commitment to the certified wires (Groth16+Commitment.swift);
//   E_j  — with an input layer (the first dense/conv layer on a public input), one point per
//          input value: E_j = Σ_k (Σ of the weights by which input j reaches output k)·K_{y_k}
//          + ρ_j·K_β, so that Σ_j x_j·E_j is the share of the layer's outputs y (certified
//          wires) and of β = Σ ρ_j·x_j in the verifier's input sum: the layer costs no
//          constraint, the verifier computes it on commitments;
//   D'   — the certificate key's commitment to every weight and bias;
//   a Groth16 proof of the certificate circuit (Circuit/Commitment/WeightCertificateCircuit.swift:
//          every weight and bias within its width) whose committed public inputs are D';
//   the link (WeightLink.swift): D, E and D' open to one vector of weights, over the committed
//          bases only (the statement is built from the public circuit: CertifiedLayout).
// Together (knowledge soundness of Groth16 in the algebraic group model, of the link in the
// random-oracle model) a prover who gets the certificate and a proof accepted knows weights
// in range such that the proof's statement is the model's computation with those weights.
// An observer of the certificate and of any number of proofs learns D, D', E (each a Pedersen
// commitment with its own uniform secret blinding: perfectly hiding), that the weights are in
// range, and each proof's published signals.
// Stored as `weights.certificate.json` (WeightCertificate+JSON.swift).

extension Groth16 {
    /// The one-time certificate of a model's commitment to certified weights.
    public struct WeightCertificate: Equatable, Sendable {
        /// D: the model key's commitment to the certified wires.
        public var commitment: G1Affine
        /// E_j, one per input value with an input layer; empty otherwise.
        public var inputEvaluations: [G1Affine]
        /// D': the certificate key's commitment to every weight and bias.
        public var certificateCommitment: G1Affine
        /// The certificate circuit's proof (its public inputs replaced by D').
        public var rangeProof: Proof
        public var link: WeightLink

        public init(commitment: G1Affine, inputEvaluations: [G1Affine], certificateCommitment: G1Affine, rangeProof: Proof, link: WeightLink) {
            self.commitment = commitment
            self.inputEvaluations = inputEvaluations
            self.certificateCommitment = certificateCommitment
            self.rangeProof = rangeProof
            self.link = link
        }

        /// The link's targets, in the statement's equation order: D, D', E_0, E_1, …
        public var targets: [G1Affine] { [commitment, certificateCommitment] + inputEvaluations }

        /// Why the certificate does not certify its commitments under `statement` (built from
        /// the model circuit and both keys) and the certificate key `certificateKey`; `nil` if
        /// it does.
        public func problem(_ statement: LinearStatement, certificateKey: VerifyingKey) -> String? {
            guard statement.equations.count == 2 + inputEvaluations.count else {
                return "it has \(inputEvaluations.count) input evaluations, the circuit needs \(statement.equations.count - 2)"
            }
            guard link.commitments.count == statement.equations.count, link.responses.count == statement.secretCount else {
                return "the link has \(link.commitments.count) commitments and \(link.responses.count) responses, "
                    + "the circuit needs \(statement.equations.count) and \(statement.secretCount)"
            }
            guard verify(prepare(certificateKey), publicInputs: [], commitment: (certificateCommitment, certificateKey.publicInputCount),
                         proof: rangeProof) else {
                return "the range proof does not verify under the certificate key (weights out of range, or a certificate of another model)"
            }
            guard link.verify(statement, targets: targets) else {
                return "the link does not show that the commitments open to the certified weights"
            }
            return nil
        }
    }
}

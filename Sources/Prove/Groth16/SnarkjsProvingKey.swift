// A Groth16 proving key in snarkjs's conventions (what a snarkjs `.zkey` holds; the file
// format is Formats/ZkeyFile.swift). It differs from `ProvingKey` in two ways that make or
// break compatibility: the H query is the odd Lagrange basis of the doubled domain (so the
// prover evaluates A·B − C on the coset ω₂ₙ·⟨ωₙ⟩ and never divides by Z), and the key carries
// the A and B matrices it was made from instead of a circuit digest.

extension Groth16 {
    /// One entry of the QAP matrices A or B as a snarkjs key lists them (section 4 of a `.zkey`).
    public struct MatrixEntry: Equatable, Sendable {
        /// Which matrix: snarkjs numbers A as 0 and B as 1 (C is not stored).
        public enum Matrix: UInt32, Sendable {
            case a = 0
            case b = 1
        }

        public var matrix: Matrix
        /// The row: a constraint index, or constraintCount + i for the input-consistency row of
        /// public wire i (A only, coefficient 1, i = 0…publicCount).
        public var row: Int
        /// The wire (witness index) the coefficient multiplies.
        public var wire: Int
        public var value: Fr

        public init(matrix: Matrix, row: Int, wire: Int, value: Fr) {
            self.matrix = matrix
            self.row = row
            self.wire = wire
            self.value = value
        }
    }

    /// Everything a snarkjs-convention prover needs besides the constraint system and the witness.
    ///
    /// With n = 2^domainLogSize, ωₙ the domain's root (`Fr.rootOfUnity`, as snarkjs's
    /// `Fr.w[log n]`), QAP polynomials uᵢ, vᵢ, wᵢ over ⟨ωₙ⟩ (the constraints, then one row per
    /// public wire and the constant wire, as `ProvingKey`'s), secrets τ, α, β, γ, δ and
    /// L'ⱼ the Lagrange basis of the doubled domain ⟨ω₂ₙ⟩:
    /// `aQueryG1[i] = [uᵢ(τ)]₁`, `bQueryG1[i] = [vᵢ(τ)]₁`, `bQueryG2[i] = [vᵢ(τ)]₂`,
    /// `lQueryG1[j] = [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/δ]₁` for private wire i = publicCount + 1 + j,
    /// and `hQueryG1[k] = [L'₂ₖ₊₁(τ)/δ]₁` for k < n: H(τ)·Z(τ) = Σₖ (A·B − C)(ω₂ₙ·ωₙᵏ)·L'₂ₖ₊₁(τ),
    /// because A·B − C has degree < 2n and vanishes on the even points ωₙᵏ.
    public struct SnarkjsProvingKey: Equatable, Sendable {
        /// [α]₁, [β]₂, [γ]₂, [δ]₂ and IC (snarkjs sections 2 and 3).
        public var verifyingKey: VerifyingKey
        public var betaG1: G1Affine
        public var deltaG1: G1Affine
        /// [uᵢ(τ)]₁ for every wire (section 5).
        public var aQueryG1: [G1Affine]
        /// [vᵢ(τ)]₁ for every wire (section 6).
        public var bQueryG1: [G1Affine]
        /// [vᵢ(τ)]₂ for every wire (section 7).
        public var bQueryG2: [G2Affine]
        /// [(β·uᵢ(τ) + α·vᵢ(τ) + wᵢ(τ))/δ]₁ for each private wire (section 8, snarkjs's "C").
        public var lQueryG1: [G1Affine]
        /// [L'₂ₖ₊₁(τ)/δ]₁ for k in 0..<2^domainLogSize (section 9).
        public var hQueryG1: [G1Affine]
        /// The A and B entries the key was made from, in the key's order (section 4).
        public var matrixEntries: [MatrixEntry]
        /// Number of wires, the constant wire 0 included (snarkjs nVars).
        public var variableCount: Int
        /// Number of public wires, the constant wire excluded (snarkjs nPublic).
        public var publicCount: Int
        /// log₂ of the evaluation domain size.
        public var domainLogSize: Int

        public var alphaG1: G1Affine { verifyingKey.alphaG1 }
        public var betaG2: G2Affine { verifyingKey.betaG2 }
        public var deltaG2: G2Affine { verifyingKey.deltaG2 }
        /// n = 2^domainLogSize.
        public var domainSize: Int { 1 << domainLogSize }

        /// The largest domain a snarkjs-convention key can use: its H points live on the doubled
        /// domain, and Fr has roots of unity of order up to 2^28. (snarkjs handles 2^28 with
        /// another coset; this prover refuses it.)
        public static let maximumDomainLogSize = Fr.twoAdicity - 1

        /// `true` if every count agrees with the others and every matrix entry lies inside the
        /// domain and the wires (what the file reader enforces).
        public var hasConsistentShape: Bool {
            variableCount >= publicCount + 1 && publicCount >= 0
                && (1...Self.maximumDomainLogSize).contains(domainLogSize)
                && aQueryG1.count == variableCount && bQueryG1.count == variableCount
                && bQueryG2.count == variableCount && lQueryG1.count == variableCount - publicCount - 1
                && hQueryG1.count == domainSize && verifyingKey.gammaABCG1.count == publicCount + 1
                && matrixEntries.allSatisfy { (0..<domainSize).contains($0.row) && (0..<variableCount).contains($0.wire) }
        }
    }
}

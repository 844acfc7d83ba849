// Reusing the MSM work of wires whose values repeat across proofs. A committed model's
// weight wires (range-check bits, Poseidon states, the blinding) hold the same values in
// every proof of that model, as do certified weights (public-input wires whose values are
// never published, Groth16+Commitment.swift), so their shares of the A, B (G1 and G2) and L sums can be
// computed once and added to every later proof; each proof then runs those MSMs over the
// other wires only. The sums are linear in the witness, so the proof's group elements are
// exactly those of a proof without reuse (blinded by fresh r, s as always). H depends on
// every wire through A·B − C and is computed in full each time. The checks that sums fit a
// key and a witness (64-bit digests) catch mistakes; they are not a security measure, and
// wrong sums could only make a proof that does not verify.

extension Groth16 {
    /// The A, B and L MSM shares of a range of wires (private, or certified public inputs,
    /// which have no L share) at the values they had when
    /// `fixedWireSums` computed them (`prove` refuses a witness whose values there differ).
    /// They are sums over secret wires: keep them as private as the witness.
    public struct FixedWireSums: Sendable {
        /// The wires (witness indices), never the constant wire.
        public let wires: Range<Int>
        /// `valuesDigest` of the wires' values.
        public let valuesDigest: UInt64
        /// `keyFingerprint` of the proving key the sums belong to.
        let keyFingerprint: UInt64
        let a: G1Jacobian
        let bG1: G1Jacobian
        let bG2: G2Jacobian
        let l: G1Jacobian
    }

    /// Σ over `wires` of witness[i] times the A, B (G1, G2) and L query points of `pk` (L over
    /// the private ones); throws `ProveError.fixedWires` unless `witness` has the key's wire
    /// count and `wires` lies within wires 1…
    public static func fixedWireSums(_ pk: ProvingKey, witness: [Fr], wires: Range<Int>) throws -> FixedWireSums {
        try fixedWireSums(ProverQueries(pk), fingerprint: keyFingerprint(pk), witness: witness, wires: wires)
    }

    /// The same for a key in snarkjs's conventions (a ceremony's `.zkey`): its A, B and L
    /// queries are laid out as `ProvingKey`'s; only H differs, and H is never reused.
    public static func fixedWireSums(_ key: SnarkjsProvingKey, witness: [Fr], wires: Range<Int>) throws -> FixedWireSums {
        try fixedWireSums(ProverQueries(key), fingerprint: keyFingerprint(key), witness: witness, wires: wires)
    }

    static func fixedWireSums(_ q: ProverQueries, fingerprint: UInt64, witness: [Fr], wires: Range<Int>) throws -> FixedWireSums {
        guard witness.count == q.a.count else { throw ProveError.witnessCount(expected: q.a.count, got: witness.count) }
        guard wires.lowerBound >= 1, wires.upperBound <= witness.count else {
            throw ProveError.fixedWires("wires \(wires) are not within the witness's wires 1..<\(witness.count)")
        }
        var scalars = [Fr](repeating: .zero, count: witness.count)
        scalars.replaceSubrange(wires, with: witness[wires])
        return FixedWireSums(wires: wires, valuesDigest: valuesDigest(witness[wires]), keyFingerprint: fingerprint,
                             a: msmSkippingInfinity(q.a, scalars), bG1: msmSkippingInfinity(q.bG1, scalars),
                             bG2: msmSkippingInfinity(q.bG2, scalars), l: MSM.pippenger(q.l, scalars: scalars[(q.publicCount + 1)...])!)
    }

    /// A 64-bit digest of field elements (their Montgomery limbs, mixed as in `circuitDigest`):
    /// tells whether a witness still holds the values some `FixedWireSums` were made for.
    public static func valuesDigest(_ values: ArraySlice<Fr>) -> UInt64 {
        var hasher = WordHasher()
        hasher.mix(UInt64(values.count))
        for value in values { hasher.mix(value.montgomeryLimbs) }
        return hasher.hash
    }

    /// Tells proving keys apart, also two setups of one circuit: the circuit digest and the
    /// setup's α and δ in G1 (random per setup).
    static func keyFingerprint(_ pk: ProvingKey) -> UInt64 {
        var hasher = WordHasher()
        hasher.mix(pk.circuitDigest)
        for coordinate in [pk.alphaG1.x, pk.alphaG1.y, pk.deltaG1.x, pk.deltaG1.y] { hasher.mix(coordinate.montgomeryLimbs) }
        return hasher.hash
    }

    /// The same for a snarkjs-convention key, which stores no circuit digest: its shape, α and
    /// δ (δ is random per ceremony contribution), after a word that keeps the two kinds apart.
    static func keyFingerprint(_ key: SnarkjsProvingKey) -> UInt64 {
        var hasher = WordHasher()
        hasher.mix(0x736e_6172_6b6a_73)  // "snarkjs"
        for count in [key.variableCount, key.publicCount, key.domainLogSize] { hasher.mix(UInt64(count)) }
        for coordinate in [key.alphaG1.x, key.alphaG1.y, key.deltaG1.x, key.deltaG1.y] { hasher.mix(coordinate.montgomeryLimbs) }
        return hasher.hash
    }

    /// Checks that `fixed` belongs to the key with `fingerprint` and to the values `witness`
    /// holds on its wires.
    static func checkFixedWires(_ fixed: FixedWireSums, fingerprint: UInt64, witness: [Fr]) throws {
        guard fixed.keyFingerprint == fingerprint else {
            throw ProveError.fixedWires("the reused sums were computed with another proving key")
        }
        guard fixed.wires.lowerBound >= 1, fixed.wires.upperBound <= witness.count,
              valuesDigest(witness[fixed.wires]) == fixed.valuesDigest else {
            throw ProveError.fixedWires("the witness's values on wires \(fixed.wires) differ from those the reused sums were computed for")
        }
    }
}

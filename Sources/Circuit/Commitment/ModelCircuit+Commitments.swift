// The commitments of a model circuit computed natively (no constraints): what `zktrain
// commit` prints and what an auditor holding the weights recomputes. Same construction as
// the gadget (Commitment.swift); tests check the two agree.
import BigInt
import Prove

extension ModelCircuit {
    /// The weight commitment of this circuit's model with `blinding` (committed weights only).
    public func weightCommitment(blinding: Fr) -> Fr {
        var values = [(value: BigUInt, bits: Int)]()
        for p in plan.layers {
            guard let layer = p.committedLayer else { continue }
            let weightOffset = BigInt(1) << (p.weightBits - 1), biasOffset = BigInt(1) << (p.biasBits - 1)
            values += layer.weight.map { ((BigInt($0) + weightOffset).magnitude, p.weightBits) }
            values += layer.bias.map { (($0 + biasOffset).magnitude, p.biasBits) }
        }
        return Commitment.commit(elements: Commitment.pack(values), blinding: blinding)
    }

    /// The input commitment of `input` with `blinding` (committed input only).
    public func inputCommitment(_ input: [Int64], blinding: Fr) -> Fr {
        let values = input.map { (BigUInt(UInt64($0 - Int64(plan.inputLower))), plan.inputBits) }
        return Commitment.commit(elements: Commitment.pack(values), blinding: blinding)
    }
}

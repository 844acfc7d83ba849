// The Poseidon gadget: circomlib's Poseidon(n) as R1CS constraints plus, in witness mode,
// their values, in one pass. 3 constraints per S-box (x·x = x², x²·x² = x⁴, x⁴·x = x⁵);
// round constants and the MDS layer are free (linear combinations, taken from the cached
// `PoseidonCircuitTemplate`). Does not range-check or otherwise constrain the inputs.
import Prove

extension CircuitBuilder {
    /// Constrains circomlib `Poseidon(inputs.count)` of `inputs` and returns the hash as a
    /// linear combination of the last round's x⁵ wires (t terms, no constant).
    ///
    /// Adds exactly `Poseidon.constraintCount(inputCount:)` constraints and as many private
    /// wires. The result is a combination rather than a wire because that is free; a caller
    /// that needs a wire (a public output, say) constrains it with one more constraint.
    /// In witness mode its value equals `Poseidon.hash` of the inputs' values.
    /// Each input combination is merged once and copied into three constraints (the first
    /// round's S-box); after that only S-box outputs are referenced, so long inputs (packed
    /// bits) cost nothing further. Traps on an input count outside `Poseidon.inputCounts`.
    public mutating func poseidon(_ inputs: [LinearCombination], label: String) -> LinearCombination {
        precondition(Poseidon.inputCounts.contains(inputs.count),
                     "poseidon(\(label)): \(inputs.count) inputs, supported 1…16")
        let t = inputs.count + 1
        let parameters = PoseidonParameters.forWidth(t)
        let template = PoseidonCircuitTemplate.forWidth(t)

        // Witness: every S-box input from the native permutation (the first is the constant
        // capacity element of round 0, which needs no wires).
        var sBoxInputs: [Fr] = []
        if generatesWitness {
            var state = [Fr.zero] + inputs.map { value(of: $0) }
            sBoxInputs.reserveCapacity(template.sBoxCount + t)
            parameters.permute(&state) { sBoxInputs.append($0) }
            sBoxInputs.removeFirst()
        }
        func input(_ k: Int) -> Fr { generatesWitness ? sBoxInputs[k] : .zero }

        var wires: [Int] = []  // slot → wire index of its x⁵
        wires.reserveCapacity(template.inputCount + template.sBoxCount)
        for i in 0..<inputs.count {
            let x = (inputs[i] + LinearCombination(constant: parameters.roundConstants[i + 1])).normalized()
            wires.append(poseidonSBox(x, value: input(i), label: "\(label).round[0].sbox[\(i + 1)]"))
        }
        func combination(_ terms: ArraySlice<PoseidonCircuitTemplate.Term>) -> LinearCombination {
            LinearCombination(terms: terms.map { ($0.slot < 0 ? 0 : wires[Int($0.slot)], $0.coefficient) })
        }
        for k in 0..<template.sBoxCount {
            let x = combination(template.terms[template.starts[k]..<template.starts[k + 1]])
            let (round, element) = template.positions[k]
            wires.append(poseidonSBox(x, value: input(inputs.count + k),
                                      label: "\(label).round[\(round)].sbox[\(element)]"))
        }
        return combination(template.output[...])
    }

    /// x⁵ of the combination `x` (value `x` in witness mode) with three constraints;
    /// returns the wire index of x⁵.
    private mutating func poseidonSBox(_ x: LinearCombination, value: Fr, label: String) -> Int {
        let x2Value = value.squared(), x4Value = x2Value.squared()
        let x2 = LinearCombination(addPrivate(x2Value))
        let x4 = LinearCombination(addPrivate(x4Value))
        let x5 = addPrivate(x4Value * value)
        constrain(x, x, x2, "\(label).x^2")
        constrain(x2, x2, x4, "\(label).x^4")
        constrain(x4, x, LinearCombination(x5), "\(label).x^5")
        return x5.index
    }
}

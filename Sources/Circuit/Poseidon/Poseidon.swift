// Poseidon hash, circomlib-compatible (circomlib `Poseidon(n)`, circomlibjs `poseidon`), over
// BN254's scalar field: the HADES permutation of Grassi et al. (eprint 2019/458) with x^5,
// state [0, inputs…] of width t = n + 1, output state[0]. One permutation, no sponge: 1…16
// inputs, as circomlib. Not constant-time. The circuit form is in Poseidon+Gadget.swift.
import Prove

/// circomlib's Poseidon hash over Fr (BN254), natively and as a circuit cost.
///
/// `Poseidon.hash([1, 2])` equals circomlibjs's `poseidon([1, 2])` and the output of
/// circomlib's `Poseidon(2)` template, so anyone can recompute a ZKTrain commitment with
/// the standard tools.
public enum Poseidon {
    /// The supported numbers of inputs (circomlib's widths t = 2…17).
    public static let inputCounts = 1...16

    /// circomlib `Poseidon(inputs.count)` of `inputs`.
    ///
    /// The input count is a shape chosen by the calling code, not data, so an unsupported
    /// count (outside `inputCounts`) is a programming error and traps; hash longer
    /// messages by chaining or a tree of hashes.
    public static func hash(_ inputs: [Fr]) -> Fr {
        precondition(inputCounts.contains(inputs.count), "Poseidon.hash: \(inputs.count) inputs, supported 1…16")
        var state = [Fr.zero] + inputs
        PoseidonParameters.forWidth(inputs.count + 1).permute(&state)
        return state[0]
    }

    /// The exact number of constraints `CircuitBuilder.poseidon` adds for `inputCount`
    /// inputs: 3 per S-box (x², x⁴, x⁵), R_F·t + R_P S-boxes, less the first round's S-box
    /// on the constant capacity element (computed as a constant). The output is returned
    /// as a linear combination, so it costs nothing. t = 3: 240; t = 17: 609.
    public static func constraintCount(inputCount: Int) -> Int {
        precondition(inputCounts.contains(inputCount), "Poseidon: \(inputCount) inputs, supported 1…16")
        let t = inputCount + 1
        let sBoxes = PoseidonParameters.fullRounds * t + PoseidonParameters.partialRoundsByWidth[t - 2]
        return 3 * (sBoxes - 1)
    }

    /// The private wires the gadget allocates (x², x⁴, x⁵ per constrained S-box).
    public static func wireCount(inputCount: Int) -> Int { constraintCount(inputCount: inputCount) }
}

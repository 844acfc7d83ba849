// Poseidon commitments to a stream of bits (committed weights or a committed input).
//
// Construction (recomputable with circomlib's Poseidon, e.g. circomlibjs):
// 1. The values are written to a bit stream, each in its circuit width as offset binary
//    (v + 2^(b−1) for signed b-bit values, v − lower for inputs), least significant bit first,
//    in model order: layer by layer, weights (row-major as stored) then biases.
// 2. The stream is cut into 253-bit field elements, e_i = Σ_j 2^j·bit(253·i + j) (2^253 < r;
//    the last element holds the remaining bits).
// 3. h = blinding; for each run of up to 15 elements, h = Poseidon([h, e…]); with no
//    elements, h = Poseidon([blinding]). The commitment is h.
// Binding: every bit is a boolean wire and every element < 2^253 < r, so the elements fix the
// values; Poseidon's collision resistance fixes the elements. Hiding: the blinding is a
// uniformly random field element from the system CSPRNG, kept secret by the model owner.
import BigInt
import Prove

/// The commitment construction, natively and as constraints.
public enum Commitment {
    /// Elements absorbed per Poseidon call besides the running hash (Poseidon(16) in all).
    public static let elementsPerCall = 15

    /// Packs (value, bits) pairs, values already offset to [0, 2^bits), into field elements.
    public static func pack(_ values: [(value: BigUInt, bits: Int)]) -> [Fr] {
        var elements = [Fr](), current = BigUInt(0), filled = 0
        for (value, bits) in values {
            precondition(value.bitWidth <= bits, "Commitment.pack: \(value) does not fit \(bits) bits")
            var rest = value, left = bits
            while left > 0 {
                let take = min(left, CircuitPlan.bitsPerElement - filled)
                current |= (rest & ((BigUInt(1) << take) - 1)) << filled
                rest >>= take
                left -= take
                filled += take
                if filled == CircuitPlan.bitsPerElement {
                    elements.append(Fr(signed: BigInt(current)))
                    current = 0
                    filled = 0
                }
            }
        }
        if filled > 0 { elements.append(Fr(signed: BigInt(current))) }
        return elements
    }

    /// The commitment to `elements` with `blinding` (step 3 above).
    public static func commit(elements: [Fr], blinding: Fr) -> Fr {
        guard !elements.isEmpty else { return Poseidon.hash([blinding]) }
        var h = blinding
        for start in stride(from: 0, to: elements.count, by: elementsPerCall) {
            h = Poseidon.hash([h] + elements[start..<min(start + elementsPerCall, elements.count)])
        }
        return h
    }

    /// Constraints of the commitment gadget over `elementCount` elements.
    public static func constraintCount(elementCount: Int) -> Int {
        guard elementCount > 0 else { return Poseidon.constraintCount(inputCount: 1) }
        var total = 0
        for start in stride(from: 0, to: elementCount, by: elementsPerCall) {
            total += Poseidon.constraintCount(inputCount: 1 + min(elementsPerCall, elementCount - start))
        }
        return total
    }
}

extension Commitment {
    /// Terms of the A, B, C combinations the commitment gadget adds for a stream of
    /// `bitCount` bits (`CircuitBuilder.commitment(to:)` step by step): each Poseidon call's
    /// inputs are the running hash (the blinding wire, then the previous call's output) and
    /// packed elements of 253 bits, each input plus a round constant entering its S-box in
    /// three constraints (x·x, x²·x², x⁴·x: 3n + 3 terms for n terms, plus x², x⁴, x⁵).
    static func entryCount(bitCount: Int) -> Int {
        let size = CircuitPlan.bitsPerElement
        let elements = stride(from: 0, to: bitCount, by: size).map { min(size, bitCount - $0) }
        func sBox(_ n: Int) -> Int { 3 * n + 6 }
        func call(hashTerms: Int, _ run: ArraySlice<Int>) -> (entries: Int, outputTerms: Int) {
            let template = PoseidonCircuitTemplate.forWidth(run.count + 2)
            let inputs = ([hashTerms] + run).reduce(0) { $0 + sBox($1 + 1) }
            let rounds = (0..<template.sBoxCount).reduce(0) { $0 + sBox(template.starts[$1 + 1] - template.starts[$1]) }
            return (inputs + rounds, template.output.count)
        }
        guard !elements.isEmpty else { return call(hashTerms: 1, []).entries }
        var total = 0, hashTerms = 1  // the blinding wire
        for start in stride(from: 0, to: elements.count, by: elementsPerCall) {
            let (entries, output) = call(hashTerms: hashTerms, elements[start..<min(start + elementsPerCall, elements.count)])
            total += entries
            hashTerms = output
        }
        return total
    }
}

extension CircuitBuilder {
    /// The commitment to the bit wires `stream` (already boolean-constrained) with a private
    /// blinding wire holding `blinding`; returns the commitment as a combination.
    mutating func commitment(to stream: [Variable], blinding: Fr, label: String) -> LinearCombination {
        let size = CircuitPlan.bitsPerElement
        let elements = stride(from: 0, to: stream.count, by: size).map { start in
            Self.packed(Array(stream[start..<min(start + size, stream.count)]))
        }
        var h = LinearCombination(addPrivate(blinding))
        guard !elements.isEmpty else { return poseidon([h], label: "\(label).hash") }
        for (call, start) in stride(from: 0, to: elements.count, by: Commitment.elementsPerCall).enumerated() {
            let run = elements[start..<min(start + Commitment.elementsPerCall, elements.count)]
            h = poseidon([h] + run, label: "\(label).hash\(call)")
        }
        return h
    }
}

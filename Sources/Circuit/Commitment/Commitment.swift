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

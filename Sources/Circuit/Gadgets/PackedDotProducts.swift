// Dot products of a committed weight matrix with the non-negative model input, several
// outputs per constraint. For a group of G outputs k, each input j contributes one product
// q_jg = x_j · P_jg with P_jg = Σ_slot 2^(s·slot)·(w_jk + 2^(b−1)) — a combination of the
// weights' bits, so it costs nothing. Then S_g = Σ_j q_jg holds the G sums
// T_k = Σ_j x_j·(w_jk + 2^(b−1)) in s-bit slots, which are unpacked by range-checking each
// T_k to s bits and one linear constraint S_g = Σ 2^(s·slot)·T_k; finally
// y_k = bias_k + T_k − 2^(b−1)·Σ_j x_j (linear).
// Soundness: with 0 ≤ x_j ≤ xmax (range-checked private input, or a public input the verifier
// checks) and 0 ≤ w + 2^(b−1) < 2^b (range-checked weights), every T_k < 2^s by the choice of
// s, and S_g < 2^(s·G) ≤ 2^253 < r, so the slot decomposition is unique and exact.
// Cost per group: n products + G·s bits + 1, against n·G plain products — the packing
// idea of zkCNN-style provers and of "packing" in ZEN (Feng et al., 2021).
import BigInt
import Prove

extension CircuitBuilder {
    /// y[k] = bias[k] + Σ_j weight[j·outCount + k]·x[j] for committed weights and x ≥ 0.
    mutating func packedDotProducts(_ x: [Signal], weights: [Signal], biases: [Signal], weightBits b: Int,
                                    outCount: Int, slotBits s: Int, slots: Int, label: String) -> [Signal] {
        let offset = BigInt(1) << (b - 1), offsetFr = Fr(signed: offset)
        var inputSum = LinearCombination(), inputTotal = BigInt(0)
        for v in x {
            inputSum += v.combination
            inputTotal += v.value
        }
        inputSum = inputSum.normalized()
        var y = [Signal]()
        for first in stride(from: 0, to: outCount, by: slots) {
            let group = first..<min(first + slots, outCount)
            var packedSum = LinearCombination(), totals = [BigInt](repeating: 0, count: group.count)
            for (j, v) in x.enumerated() {
                var packed = LinearCombination(), packedValue = BigInt(0)
                for (slot, k) in group.enumerated() {
                    let w = weights[j * outCount + k], shift = Fr.powerOfTwo(s * slot)
                    packed += shift * w.combination
                    packed.add(.one, coefficient: shift * offsetFr)
                    packedValue += (w.value + offset) << (s * slot)
                    totals[slot] += v.value * (w.value + offset)
                }
                let q = addPrivate(Fr(signed: v.value * packedValue))
                constrain(v.combination, packed.normalized(), LinearCombination(q), "\(label).packed[\(j)]")
                packedSum.add(q)
            }
            var unpacked = LinearCombination()
            for (slot, k) in group.enumerated() {
                let t = Self.packed(allocateBits(of: totals[slot], count: s, label: "\(label).slot[\(k)]"))
                unpacked += Fr.powerOfTwo(s * slot) * t
                let bias = biases[k]
                y.append(Signal((t + bias.combination - offsetFr * inputSum).normalized(),
                                value: totals[slot] + bias.value - offset * inputTotal))
            }
            constrain(packedSum - unpacked, LinearCombination(constant: .one), .zero, "\(label).unpack[\(first)]")
        }
        return y
    }

    /// Constraints (and private wires, one fewer per group) of `packedDotProducts`.
    static func packedDotProductCost(inCount: Int, outCount: Int, slotBits: Int, slots: Int) -> (constraints: Int, wires: Int) {
        let groups = (outCount + slots - 1) / slots
        return (inCount * groups + outCount * slotBits + groups, inCount * groups + outCount * slotBits)
    }
}

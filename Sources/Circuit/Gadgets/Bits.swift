// Bit decomposition, the circuit's range check: an integer v is written as Σ 2^j·b_j with
// every b_j constrained boolean by b_j·(b_j − 1) = 0, one constraint per bit. The sum is a
// linear combination, so a value that is *defined* by its bits (a remainder, a quotient, a
// committed weight, a private pixel) needs no further constraint; an existing value that is
// range-checked needs one linear constraint tying it to its bits (`rangeCheck`).
import BigInt
import Prove

extension Fr {
    /// 2^k for 0 ≤ k ≤ 255 (table built once).
    static func powerOfTwo(_ k: Int) -> Fr { powersOfTwo[k] }
    private static let powersOfTwo: [Fr] = {
        var table = [Fr.one]
        for _ in 1..<256 { table.append(table.last! + table.last!) }
        return table
    }()
}

extension CircuitBuilder {
    /// Allocates `count` boolean wires holding the bits of `value` (0 ≤ value < 2^count in
    /// witness mode; traps otherwise, since that would be a lowering bug) and returns them,
    /// least significant first. Adds `count` constraints.
    public mutating func allocateBits(of value: BigInt, count: Int, label: String) -> [Variable] {
        if generatesWitness {
            precondition(value.sign == .plus && value.magnitude.bitWidth <= count,
                         "allocateBits: \(value) does not fit \(count) unsigned bits (\(label))")
        }
        let magnitude = value.magnitude
        let bitLabel = "\(label).bit"  // one string shared by the bits (the index names the bit)
        return (0..<count).map { j in
            let bit = addPrivate(magnitude[bitAt: j] ? Fr.one : Fr.zero)
            constrain(LinearCombination(bit), LinearCombination(terms: [(0, -Fr.one), (bit.index, .one)]), .zero, bitLabel)
            return bit
        }
    }

    /// Σ 2^j·bits[j] − offset as a linear combination.
    public static func packed(_ bits: [Variable], offset: BigInt = 0) -> LinearCombination {
        var lc = LinearCombination()
        lc.terms.reserveCapacity(bits.count + 1)
        for (j, bit) in bits.enumerated() { lc.add(bit, coefficient: .powerOfTwo(j)) }
        if offset != 0 { lc.add(.one, coefficient: -Fr(signed: offset)) }
        return lc
    }

    /// A signed value in [−2^(bits−1), 2^(bits−1)) defined by its bits (offset binary):
    /// `bits` constraints, no extra wire for the value itself.
    public mutating func signedFromBits(_ value: BigInt, bits: Int, label: String) -> Signal {
        let offset = BigInt(1) << (bits - 1)
        let wires = allocateBits(of: value + offset, count: bits, label: label)
        return Signal(Self.packed(wires, offset: offset), value: value)
    }

    /// Constrains an existing signal to [0, 2^bits): `bits` + 1 constraints.
    public mutating func rangeCheck(_ x: Signal, bits: Int, label: String) {
        let wires = allocateBits(of: x.value, count: bits, label: label)
        constrain(x.combination - Self.packed(wires), LinearCombination(constant: .one), .zero, "\(label).sum")
    }
}

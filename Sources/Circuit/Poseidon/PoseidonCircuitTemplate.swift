// The shape of the Poseidon gadget for one width, computed once by running the permutation
// symbolically (Grassi et al., eprint 2019/458): which linear combination of earlier S-box
// outputs feeds each S-box, and which gives the hash. Everything after the first round's
// S-boxes is independent of the inputs, so each gadget call only renames slots to wires.

import Prove

/// Linear layers of one Poseidon width, resolved into the S-box inputs they produce.
///
/// Slot s is the x⁵ output of the s-th constrained S-box: slots 0..<n are the first round's
/// S-boxes on the inputs (state elements 1…n), later slots follow round by round. Slot −1
/// is the constant wire. Combinations are merged (one term per slot) and in slot order.
struct PoseidonCircuitTemplate: Sendable {
    struct Term: Sendable {
        let slot: Int32
        let coefficient: Fr
    }

    /// Number of inputs n (width n + 1).
    let inputCount: Int
    /// Terms of the S-box inputs after the first round, S-box k in `terms[starts[k]..<starts[k + 1]]`.
    let terms: [Term]
    let starts: [Int]
    /// (round, state element) of each of those S-boxes, for constraint labels.
    let positions: [(round: Int32, element: Int32)]
    /// The hash: state[0] after the last linear layer.
    let output: [Term]

    var sBoxCount: Int { positions.count }

    init(parameters p: PoseidonParameters) {
        let t = p.width
        inputCount = t - 1
        // Rows of the state as dense coefficients over `basis` (column → slot, −1 = constant).
        var basis: [Int32] = [-1] + (0..<Int32(t - 1)).map { $0 }
        var rows = [[Fr]](repeating: [Fr](repeating: .zero, count: t), count: t)
        let c0 = p.roundConstants[0]
        rows[0][0] = c0 * c0.squared().squared()  // round 0: S-box of the constant capacity element
        for i in 1..<t { rows[i][i] = .one }
        var nextSlot = Int32(t - 1)
        var terms: [Term] = [], starts: [Int] = [0], positions: [(Int32, Int32)] = []
        var output: [Term] = []

        func record(_ row: [Fr], into list: inout [Term]) {
            for (column, coefficient) in row.enumerated() where !coefficient.isZero {
                list.append(Term(slot: basis[column], coefficient: coefficient))
            }
        }
        func mix(_ rows: [[Fr]], outputs: Int) -> [[Fr]] {
            let width = rows[0].count
            return (0..<outputs).map { i in
                var out = [Fr](repeating: .zero, count: width)
                for j in 0..<t {
                    let m = p.mds[i * t + j]
                    for (column, value) in rows[j].enumerated() where !value.isZero { out[column] += m * value }
                }
                return out
            }
        }

        rows = mix(rows, outputs: t)
        for round in 1..<p.rounds {
            for i in 0..<t { rows[i][0] += p.roundConstants[round * t + i] }
            if p.isFullRound(round) {
                for i in 0..<t {
                    record(rows[i], into: &terms)
                    starts.append(terms.count)
                    positions.append((Int32(round), Int32(i)))
                }
                basis = [-1] + (0..<Int32(t)).map { nextSlot + $0 }
                nextSlot += Int32(t)
                rows = (0..<t).map { i in (0...t).map { $0 == i + 1 ? Fr.one : Fr.zero } }
            } else {
                record(rows[0], into: &terms)
                starts.append(terms.count)
                positions.append((Int32(round), 0))
                basis.append(nextSlot)
                nextSlot += 1
                for i in 0..<t { rows[i].append(.zero) }
                rows[0] = [Fr](repeating: .zero, count: basis.count)
                rows[0][basis.count - 1] = .one
            }
            if round == p.rounds - 1 {
                record(mix(rows, outputs: 1)[0], into: &output)
            } else {
                rows = mix(rows, outputs: t)
            }
        }
        self.terms = terms
        self.starts = starts
        self.positions = positions
        self.output = output
    }

    /// The template of width `t`, built on first use and cached (thread-safe).
    static func forWidth(_ t: Int) -> PoseidonCircuitTemplate {
        cache.value(for: t) { PoseidonCircuitTemplate(parameters: .forWidth(t)) }
    }

    private static let cache = PerWidthCache<PoseidonCircuitTemplate>()
}

// The integer polynomial activation, y = Σ_i c[i]·x^i element-wise with one coefficient row
// per channel (last axis) or one shared row: its bound, exact evaluation (powers, as the
// circuit's Horner gadget bounds them), model-file entry and the batched path's Horner kernel.
import BigInt

/// Integer polynomial activation: `coefficients[row][i]` multiplies x^i.
public struct IntegerPolynomial: Sendable, Equatable {
    /// One row (shared) or one row per channel; all rows have degree + 1 entries.
    public var coefficients: [[BigInt]]

    public init(coefficients: [[BigInt]]) { self.coefficients = coefficients }

    /// Highest power (the circuit spends degree − 1 multiplications per element).
    public var degree: Int { (coefficients.first?.count ?? 1) - 1 }
}

extension IntegerPolynomial: IntegerLayerKind {
    static let kindName = "polynomial"

    func analyze(inputShape shape: [Int], inputBound bound: BigInt) throws -> LayerAnalysis {
        let rows = coefficients.count, maximum = IntegerModel.maximumDegree
        guard rows == 1 || rows == shape.last!, (1...maximum).contains(degree), coefficients.allSatisfy({ $0.count == degree + 1 }) else {
            throw IntegerModelError("\(rows) coefficient rows of unequal degree, or a degree outside 1…\(maximum), for \(shape.last!) channels")
        }
        // Σ|c_i|·B^i bounds the value; since nonzero integer coefficients have |c_i| ≥ 1,
        // it also bounds every power x^i an evaluation forms (for B ≥ 1).
        var best = BigInt(0)
        for row in coefficients {
            var s = BigInt(0), power = BigInt(1)
            for c in row { s += BigInt(c.magnitude) * power; power *= bound }
            best = max(best, s)
        }
        return LayerAnalysis(name: "poly degree \(degree)\(rows > 1 ? " per channel" : "")", shape: shape, bound: max(best, bound.power(degree)),
                             parameters: rows * (degree + 1), multiplies: shape.reduce(1, *) * max(degree - 1, 0))
    }

    func apply<T: ExactInteger>(_ x: [T], shape: [Int]) -> [T] {
        let rows = coefficients.map { $0.map { T(big: $0) } }, ch = shape.last!
        return x.enumerated().map { i, v in
            let c = rows.count == 1 ? rows[0] : rows[i % ch]
            var sum = c[0], power = T(1)
            for e in 1..<c.count {
                power = power * v
                if c[e] != .zero { sum = sum + c[e] * power }
            }
            return sum
        }
    }

    func write(to record: inout LayerRecord) {
        record.entry.coefficients = coefficients.map { $0.map(\.description) }
    }

    static func read(_ s: LayerSource) throws -> IntegerLayer {
        .polynomial(IntegerPolynomial(coefficients: try (s.entry.coefficients ?? []).map { try $0.map { try s.integer($0, "coefficient") } }))
    }

    func laneOp<X: Lane, T: Lane>(inputShape shape: [Int]) -> LaneOp<X, T>? {
        .polynomial(rows: coefficients.map { $0.map { T(wrapping: $0) } }, plane: shape.count == 3 ? shape[0] * shape[1] : 1)
    }
}

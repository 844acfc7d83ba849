// Polynomial activation in the circuit: the Horner gadget (Gadgets/Polynomial.swift) on every
// element, with the coefficient row of its channel (the last axis) or the one shared row;
// degree − 1 constraints per element. Coefficients stay circuit constants (CircuitOptions).
import BigInt
import Quantize

extension IntegerPolynomial: CircuitLayer {
    func lower(_ x: [Signal], _ plan: LayerPlan, weights: LayerWeights, label: String, in b: inout CircuitBuilder) -> [Signal] {
        let channels = plan.inputShape.last!
        return x.enumerated().map { i, v in
            let row = coefficients.count == 1 ? 0 : i % channels
            return b.polynomial(v, coefficients: coefficients[row], label: "\(label)[\(i)]")
        }
    }

    func cost(_ p: LayerPlan, options: CircuitOptions, into tally: inout CostTally) {
        let products = p.outputCount * max(degree - 1, 0)
        let channels = p.inputShape.last!
        let rows = (0..<p.outputCount).map { coefficients.count == 1 ? coefficients[0] : coefficients[$0 % channels] }
        let entries = rows.reduce(0) { $0 + Self.entries(of: $1, inputTerms: tally.terms) }
        tally.stage(p.name, constraints: products, wires: [(products, p.valueBits)], entries: entries)
        if degree >= 2 {
            tally.termsHaveConstant = rows.first.map { $0[0] != 0 } ?? false
            tally.terms = tally.termsHaveConstant ? 2 : 1  // u, and c₀ unless zero
            tally.termsExact = tally.termsExact && Set(rows.map { $0[0] != 0 }).count <= 1
        }
    }

    /// Terms of the constraints `CircuitBuilder.polynomial` adds for one element whose
    /// combination has `t` terms: x·x = u (2t + 1), or Horner's x·(c_d·x + c_{d−1}) then
    /// x·(u + c_i), a constant counting only where it is not zero.
    static func entries(of c: [BigInt], inputTerms t: Int) -> Int {
        let d = c.count - 1
        guard d >= 2 else { return 0 }
        if d == 2, c[1] == 0 { return 2 * t + 1 }
        let first = t + (t + (c[d - 1] != 0 ? 1 : 0)) + 1
        let rest = stride(from: d - 3, through: 0, by: -1).reduce(0) { $0 + t + (1 + (c[$1 + 1] != 0 ? 1 : 0)) + 1 }
        return first + rest
    }
}

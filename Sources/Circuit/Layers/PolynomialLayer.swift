// Polynomial activation in the circuit: the Horner gadget (Gadgets/Polynomial.swift) on every
// element, with the coefficient row of its channel (the last axis) or the one shared row;
// degree − 1 constraints per element. Coefficients stay circuit constants (CircuitOptions).
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
        tally.stage(p.name, constraints: products, wires: [(products, p.valueBits)], entries: products * (2 * tally.terms + 3))
        if degree >= 2 { tally.terms = 2 }
    }
}

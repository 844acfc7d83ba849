// Flatten in the circuit: [H, W, C] → [H·W·C] row-major, the same signals in the same order.
// No constraint, no wire; the values are still the model input if they were.

/// `IntegerLayer.flatten` in the circuit.
struct FlattenLayer: CircuitLayer {
    var onlyReorders: Bool { true }

    func lower(_ x: [Signal], _ plan: LayerPlan, weights: LayerWeights, label: String, in b: inout CircuitBuilder) -> [Signal] { x }

    func cost(_ p: LayerPlan, options: CircuitOptions, into tally: inout CostTally) {
        tally.stage(p.name, constraints: 0, wires: [], entries: 0)
    }
}

// The analytic cost model: constraints and wires of every stage of a model circuit,
// computed from its `CircuitPlan` alone, without building anything. The formulas mirror the
// lowering (ModelCircuit, Gadgets/, Commitment/) one for one; CircuitTests checks that they
// equal the compiled system, stage by stage, for every layer kind and visibility.
import BigInt
import Prove

/// Cost of a whole model circuit.
public struct CircuitCost: Codable, Equatable, Sendable {
    /// Per stage, in lowering order.
    public var stages: [StageCost]
    /// Totals.
    public var constraints: Int
    public var privateWires: Int
    public var publicWires: Int
    /// log₂ of the Groth16 evaluation domain (constraints + public + 1 rounded up to a power of two).
    public var domainLogSize: Int
    /// Private wires by value width: buckets "1", "2-8", "9-16", "17-32", "33-64", "65-128", "129-254".
    public var wireBits: [Int]
    /// Non-zero entries of the A, B, C matrices (estimated for public weights: dense taps).
    public var matrixEntries: Int

    public static let bitBuckets = ["1", "2-8", "9-16", "17-32", "33-64", "65-128", "129-254"]
    static func bucket(bits: Int) -> Int {
        switch bits {
        case ...1: 0
        case ...8: 1
        case ...16: 2
        case ...32: 3
        case ...64: 4
        case ...128: 5
        default: 6
        }
    }
}

/// Counts model circuits analytically.
public enum CostModel {
    /// The cost of the circuit `plan` describes.
    public static func cost(of plan: CircuitPlan) -> CircuitCost {
        var stages = [StageCost](), bits = [Int](repeating: 0, count: 7), entries = 0
        func stage(_ name: String, constraints: Int, wires: [(count: Int, bits: Int)], publicWires: Int = 0, entries e: Int) {
            stages.append(StageCost(name: name, constraints: constraints, privateWires: wires.reduce(0) { $0 + $1.count },
                                    publicWires: publicWires))
            for w in wires { bits[CircuitCost.bucket(bits: w.bits)] += w.count }
            entries += e
        }
        let options = plan.options
        let commitments = (options.weights == .committed ? 1 : 0) + (options.input == .committed ? 1 : 0)
        let outputs = (options.output.publishesLogits ? plan.outputCount : 0) + (options.output.publishesLabel ? 1 : 0)
        stage("public outputs and commitments", constraints: 0, wires: [], publicWires: outputs + commitments, entries: 0)
        let n = plan.inputCount
        // Terms of each value's combination, tracked per layer to estimate matrix entries.
        var terms: Int
        if options.input == .public {
            stage("input (public)", constraints: 0, wires: [], publicWires: n, entries: 0)
            terms = 1
        } else {
            stage("input (\(options.input.rawValue), range check)", constraints: n * plan.inputBits,
                  wires: [(n * plan.inputBits, 1)], entries: 3 * n * plan.inputBits)
            terms = plan.inputBits + 1
            if options.input == .committed { commitmentStage("input commitment", elements: plan.inputElements) }
        }
        func commitmentStage(_ name: String, elements: Int) {
            let hash = Commitment.constraintCount(elementCount: elements)
            stage(name, constraints: hash + 1, wires: [(1 + hash, 254)],
                  entries: 6 * hash + 2 + elements * CircuitPlan.bitsPerElement)
        }
        if options.weights == .committed {
            let rangeBits = plan.layers.reduce(0) { $0 + $1.layer.weightCount * $1.weightBits + $1.layer.biasCount * $1.biasBits }
            stage("weights (range check)", constraints: rangeBits, wires: [(rangeBits, 1)], entries: 3 * rangeBits)
            commitmentStage("weight commitment", elements: plan.weightElements)
        }
        var bound = BigInt(0)
        for p in plan.layers {
            let count = p.outputCount, valueBits = BigInt.signedBits(bound: p.bound)
            switch p.layer {
            case .dense, .conv2d:
                if options.weights == .committed, p.slots > 0, case .dense(let d) = p.layer {
                    let packed = CircuitBuilder.packedDotProductCost(inCount: d.inCount, outCount: d.outCount, slotBits: p.slotBits, slots: p.slots)
                    let products = packed.wires - d.outCount * p.slotBits
                    stage(p.name, constraints: packed.constraints, wires: [(products, 254), (d.outCount * p.slotBits, 1)],
                          entries: products * (8 * p.slots + 3) + d.outCount * p.slotBits * 4)
                    terms = p.slotBits + d.inCount + p.biasBits + 2
                } else if options.weights == .committed {
                    stage(p.name, constraints: p.products, wires: [(p.products, valueBits)],
                          entries: p.products * (p.weightBits + 2 + terms))
                    terms = p.products / max(count, 1) + p.biasBits + 1
                } else {
                    stage(p.name, constraints: 0, wires: [], entries: 0)
                    terms = p.layer.productCount(inputShape: p.inputShape) / max(count, 1) * terms + 1
                }
            case .sumPool(let k, _):
                stage(p.name, constraints: 0, wires: [], entries: 0)
                terms = k * k * terms
            case .flatten:
                stage(p.name, constraints: 0, wires: [], entries: 0)
            case .polynomial(let poly):
                let products = count * max(poly.degree - 1, 0)
                stage(p.name, constraints: products, wires: [(products, valueBits)], entries: products * (2 * terms + 3))
                if poly.degree >= 2 { terms = 2 }
            case .rescale(let k):
                let perElement = k + p.quotientBits
                stage(p.name, constraints: count * (perElement + 1), wires: [(count * k, 1), (count * p.quotientBits, 1)],
                      entries: count * (3 * perElement + terms + perElement + 2))
                terms = p.quotientBits + 1
            }
            bound = p.bound
        }
        let logitBits = BigInt.signedBits(bound: bound)
        if options.output.publishesLogits {
            stage("logits (public)", constraints: plan.outputCount, wires: [], entries: plan.outputCount * (terms + 2))
        }
        if options.output.publishesLabel {
            let m = plan.outputCount
            stage("label (argmax)", constraints: CircuitBuilder.argmaxConstraintCount(count: m, differenceBits: plan.labelBits) + 1,
                  wires: [(m, 1), (m, logitBits), (m * plan.labelBits, 1)], entries: m * (3 * plan.labelBits + 4 * terms + 2 * m + 8))
        }
        let constraints = stages.reduce(0) { $0 + $1.constraints }
        let privateWires = stages.reduce(0) { $0 + $1.privateWires }, publicWires = stages.reduce(0) { $0 + $1.publicWires }
        var logSize = 1
        while (1 << logSize) < constraints + publicWires + 1 { logSize += 1 }
        return CircuitCost(stages: stages, constraints: constraints, privateWires: privateWires, publicWires: publicWires,
                           domainLogSize: logSize, wireBits: bits, matrixEntries: entries)
    }
}

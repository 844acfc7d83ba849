// The analytic cost model: constraints and wires of every stage of a model circuit,
// computed from its `CircuitPlan` alone, without building anything. The fixed stages (inputs,
// commitments, outputs) are counted here; each layer's stage is its kind's `cost` (Layers/),
// beside its lowering. CircuitTests checks that the counts equal the compiled system, stage
// by stage, for every layer kind and visibility.
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
    /// Terms of the A, B, C combinations as the prover stores and evaluates them (a variable
    /// repeated in one combination counts each time): counted exactly (ModelCircuitTests
    /// checks every stage against the built system), except after layers whose combinations
    /// are merged (public weights, the packed dot products) and in the argmax, where they are
    /// estimated.
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

/// The stages counted so far, in lowering order.
struct CostTally {
    var stages = [StageCost]()
    /// Private wires per `CircuitCost.bitBuckets` bucket.
    var wireBits = [Int](repeating: 0, count: CircuitCost.bitBuckets.count)
    var matrixEntries = 0
    /// Matrix entries per stage, in order, and whether each count is exact.
    var stageEntries = [Int]()
    var stageEntriesExact = [Bool]()
    /// Terms in the linear combination of each current value, for matrix entries.
    var terms = 1
    /// `false` once `terms` is an estimate: after a layer whose combinations are merged
    /// (`normalized()`: public weights, where zero weights drop out and constants combine)
    /// or the packed dot products, whose slots vary.
    var termsExact = true
    /// Whether one of those terms is a constant (wire 0), which sums merge.
    var termsHaveConstant = false

    /// Appends a stage of `constraints`, private `wires` (count and value width each),
    /// `publicWires` and `entries` matrix entries (`exact`: counted, not estimated, given
    /// exact `terms`).
    mutating func stage(_ name: String, constraints: Int, wires: [(count: Int, bits: Int)], publicWires: Int = 0, entries: Int,
                        exact: Bool = true) {
        stages.append(StageCost(name: name, constraints: constraints, privateWires: wires.reduce(0) { $0 + $1.count },
                                publicWires: publicWires))
        for w in wires { wireBits[CircuitCost.bucket(bits: w.bits)] += w.count }
        matrixEntries += entries
        stageEntries.append(entries)
        stageEntriesExact.append(exact && termsExact)
    }

    /// The totals.
    var cost: CircuitCost {
        let constraints = stages.reduce(0) { $0 + $1.constraints }
        let privateWires = stages.reduce(0) { $0 + $1.privateWires }, publicWires = stages.reduce(0) { $0 + $1.publicWires }
        var logSize = 1
        while (1 << logSize) < constraints + publicWires + 1 { logSize += 1 }
        return CircuitCost(stages: stages, constraints: constraints, privateWires: privateWires, publicWires: publicWires,
                           domainLogSize: logSize, wireBits: wireBits, matrixEntries: matrixEntries)
    }
}

/// Counts model circuits analytically.
public enum CostModel {
    /// The cost of the circuit `plan` describes.
    public static func cost(of plan: CircuitPlan) -> CircuitCost { tally(of: plan).cost }

    /// The stages of `plan`'s circuit, counted.
    static func tally(of plan: CircuitPlan) -> CostTally {
        var tally = CostTally()
        let options = plan.options
        let commitments = (options.weights == .committed ? 1 : 0) + (options.input == .committed ? 1 : 0)
        let outputs = (options.output.publishesLogits ? plan.outputCount : 0) + (options.output.publishesLabel ? 1 : 0)
        tally.stage("public outputs and commitments", constraints: 0, wires: [], publicWires: outputs + commitments, entries: 0)
        let n = plan.inputCount
        if options.input == .public {
            tally.stage("input (public)", constraints: 0, wires: [], publicWires: n, entries: 0)
        }
        if options.weights == .certified {
            tally.stage("weights (certified)", constraints: 0, wires: [], publicWires: plan.certifiedWireCount, entries: 0)
        }
        if options.input != .public {
            tally.stage("input (\(options.input.rawValue), range check)", constraints: n * plan.inputBits,
                        wires: [(n * plan.inputBits, 1)], entries: 3 * n * plan.inputBits)
            tally.terms = plan.inputBits + (plan.inputLower != 0 ? 1 : 0)  // its bits and offset
            tally.termsHaveConstant = plan.inputLower != 0
            if options.input == .committed { commitmentStage("input commitment", bits: n * plan.inputBits, &tally) }
        }
        if options.weights == .committed {
            let rangeBits = plan.weightStreamBits
            tally.stage("weights (range check)", constraints: rangeBits, wires: [(rangeBits, 1)], entries: 3 * rangeBits)
            commitmentStage("weight commitment", bits: rangeBits, &tally)
        }
        for (i, p) in plan.layers.enumerated() {
            guard i != plan.inputLayer else {
                tally.stage(p.name, constraints: 0, wires: [], entries: 0)
                tally.terms = 1
                (tally.termsExact, tally.termsHaveConstant) = (true, false)  // public wires, one each
                continue
            }
            p.kind.cost(p, options: options, into: &tally)
        }
        let terms = tally.terms, m = plan.outputCount
        if options.output.publishesLogits {
            tally.stage("logits (public)", constraints: m, wires: [], entries: m * (terms + 2))
        }
        if options.output.publishesLabel {
            let logitBits = BigInt.signedBits(bound: plan.layers.last?.bound ?? 0)
            tally.stage("label (argmax)", constraints: CircuitBuilder.argmaxConstraintCount(count: m, differenceBits: plan.labelBits) + 1,
                        wires: [(m, 1), (m, logitBits), (m * plan.labelBits, 1)], entries: m * (3 * plan.labelBits + 4 * terms + 2 * m + 8),
                        exact: false)  // its differences are normalized
        }
        return tally
    }

    /// A commitment's stage: the Poseidon sponge over a stream of `bits` bits, packed into
    /// field elements, and the constraint tying it to its public wire (c − wire = 0).
    private static func commitmentStage(_ name: String, bits: Int, _ tally: inout CostTally) {
        let elements = (bits + CircuitPlan.bitsPerElement - 1) / CircuitPlan.bitsPerElement
        let hash = Commitment.constraintCount(elementCount: elements)
        let outputTerms = PoseidonCircuitTemplate.forWidth(elements == 0 ? 2 : (elements - 1) % Commitment.elementsPerCall + 3).output.count
        tally.stage(name, constraints: hash + 1, wires: [(1 + hash, 254)], entries: Commitment.entryCount(bitCount: bits) + outputTerms + 2)
    }
}

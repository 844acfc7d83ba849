// `CircuitBuilder`: builds a rank-1 constraint system and, in witness mode, its witness in the
// same pass. Lowering code (ModelCircuit, gadgets, Poseidon) is written once against this type:
// compiling a circuit and generating a witness are the same walk, so the two cannot disagree.
// Wire layout is iden3's (1, public outputs, public inputs, private); see `ConstraintSystem`.
import Prove

/// Builds an R1CS over Fr and optionally the witness that satisfies it.
///
/// In witness mode every allocation takes a value and `value(of:)` evaluates combinations;
/// without it, value closures are never called and the witness stays empty, so the same
/// lowering code compiles a circuit from shapes alone.
public struct CircuitBuilder {
    /// The constraints and wire counts built so far.
    public private(set) var system = ConstraintSystem()
    /// Witness values by wire index (`witness[0] == 1`); empty unless `generatesWitness`.
    public private(set) var witness: [Fr] = []
    /// `true` if values are computed and stored alongside the constraints.
    public let generatesWitness: Bool

    /// An empty builder (only the constant wire).
    public init(generatingWitness: Bool) {
        generatesWitness = generatingWitness
        if generatingWitness { witness = [.one] }
    }

    /// Number of constraints so far (for per-layer accounting).
    public var constraintCount: Int { system.constraints.count }
    /// Terms of the A, B and C combinations added so far, as stored (a variable repeated in
    /// one combination counts each time): what the prover holds and evaluates, and what
    /// `CircuitCost.matrixEntries` predicts.
    public private(set) var termCount = 0

    /// Allocates the next public output wire; its value is set later with `assign`.
    public mutating func addPublicOutput() -> Variable {
        let v = system.addPublicOutput()
        if generatesWitness { witness.append(.zero) }
        return v
    }

    /// Allocates the next public input wire with `value` (evaluated only in witness mode).
    public mutating func addPublicInput(_ value: @autoclosure () -> Fr) -> Variable {
        let v = system.addPublicInput()
        if generatesWitness { witness.append(value()) }
        return v
    }

    /// Allocates a private wire with `value` (evaluated only in witness mode).
    public mutating func addPrivate(_ value: @autoclosure () -> Fr) -> Variable {
        let v = system.addPrivate()
        if generatesWitness { witness.append(value()) }
        return v
    }

    /// Sets the value of an already allocated wire (public outputs are computed last).
    public mutating func assign(_ variable: Variable, _ value: Fr) {
        if generatesWitness { witness[variable.index] = value }
    }

    /// Adds ⟨a,w⟩·⟨b,w⟩ = ⟨c,w⟩ labelled `label` (e.g. "layer 3 rescale[17].bit 4").
    public mutating func constrain(_ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination,
                                   _ label: @autoclosure () -> String) {
        system.addConstraint(a, b, c, label: label())
        termCount += a.terms.count + b.terms.count + c.terms.count
    }

    /// ⟨combination, witness⟩; zero when not generating a witness.
    public func value(of combination: LinearCombination) -> Fr {
        guard generatesWitness else { return .zero }
        var sum = Fr.zero
        for term in combination.terms { sum += term.coefficient * witness[term.variable] }
        return sum
    }

    /// Reserves storage for about `count` constraints (and wires, in witness mode).
    public mutating func reserve(constraints count: Int) {
        system.reserveConstraintCapacity(count)
        if generatesWitness { witness.reserveCapacity(count) }
    }
}

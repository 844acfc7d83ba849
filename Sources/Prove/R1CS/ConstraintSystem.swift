// A rank-1 constraint system over Fr: ⟨a,w⟩·⟨b,w⟩ = ⟨c,w⟩ for every constraint, with the
// circom/iden3 wire layout (1, public outputs, public inputs, private). Builds and checks
// systems; does not compile circuits (Circuit) or prove them (Groth16). File format: Formats/.

import Support

/// One R1CS constraint ⟨a,w⟩·⟨b,w⟩ = ⟨c,w⟩ with a human-readable label
/// (e.g. `"dense[2].rescale[17]"`) so a failure names itself.
public struct Constraint: Sendable {
    public var a: LinearCombination
    public var b: LinearCombination
    public var c: LinearCombination
    public var label: String

    public init(a: LinearCombination, b: LinearCombination, c: LinearCombination, label: String) {
        self.a = a
        self.b = b
        self.c = c
        self.label = label
    }

    /// `true` if the constraint holds for `witness` (variables outside it count as unsatisfied).
    public func isSatisfied(by witness: [Fr]) -> Bool {
        guard let a = a.evaluate(witness), let b = b.evaluate(witness), let c = c.evaluate(witness) else {
            return false
        }
        return a * b == c
    }
}

/// A rank-1 constraint system over the BN254 scalar field.
///
/// Variables are allocated in layout order: all public outputs, then all public inputs,
/// then private variables. Allocating out of order is a programming error and traps.
/// A witness is a vector `w` of length `variableCount` with `w[0] = 1`.
public struct ConstraintSystem: Sendable {
    /// Number of public output wires (indices 1...publicOutputCount).
    public private(set) var publicOutputCount: Int = 0
    /// Number of public input wires (after the outputs).
    public private(set) var publicInputCount: Int = 0
    /// Number of private wires (after all public ones).
    public private(set) var privateCount: Int = 0
    /// The constraints, in the order they were added.
    public private(set) var constraints: [Constraint] = []
    /// `Groth16.circuitDigest`'s word streams over the constraints so far.
    private(set) var digestStreams = CircuitDigestStreams()

    /// Total number of wires, including wire 0 (the constant 1).
    public var variableCount: Int { 1 + publicOutputCount + publicInputCount + privateCount }
    /// Number of public signals (outputs + inputs), i.e. what a verifier sees; snarkjs nPublic.
    public var publicCount: Int { publicOutputCount + publicInputCount }

    /// An empty system (only wire 0).
    public init() {}

    /// A system with the given wire counts already allocated and no constraints
    /// (used by the `.r1cs` reader). Negative counts trap.
    public init(publicOutputCount: Int, publicInputCount: Int, privateCount: Int) {
        precondition(publicOutputCount >= 0 && publicInputCount >= 0 && privateCount >= 0,
                     "ConstraintSystem: negative wire count")
        self.publicOutputCount = publicOutputCount
        self.publicInputCount = publicInputCount
        self.privateCount = privateCount
    }

    /// Allocates the next public output wire. Must precede all inputs and private wires.
    public mutating func addPublicOutput() -> Variable {
        precondition(publicInputCount == 0 && privateCount == 0,
                     "ConstraintSystem: allocate public outputs before public inputs and private variables")
        publicOutputCount += 1
        return Variable(index: publicOutputCount)
    }

    /// Allocates the next public input wire. Must precede all private wires.
    public mutating func addPublicInput() -> Variable {
        precondition(privateCount == 0, "ConstraintSystem: allocate public inputs before private variables")
        publicInputCount += 1
        return Variable(index: publicOutputCount + publicInputCount)
    }

    /// Allocates the next private (witness) wire.
    public mutating func addPrivate() -> Variable {
        privateCount += 1
        return Variable(index: variableCount - 1)
    }

    /// Adds ⟨a,w⟩·⟨b,w⟩ = ⟨c,w⟩. Every variable must already be allocated (traps otherwise).
    public mutating func addConstraint(_ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination,
                                       label: String) {
        let count = variableCount
        func check(_ combination: LinearCombination) {
            for term in combination.terms {
                precondition(term.variable >= 0 && term.variable < count,
                             "ConstraintSystem: constraint '\(label)' uses unallocated variable \(term.variable)")
            }
        }
        check(a)
        check(b)
        check(c)
        digestStreams.add(a, b, c)
        constraints.append(Constraint(a: a, b: b, c: c, label: label))
    }

    /// Reserves storage for `count` constraints in total (an optimization for large circuits).
    public mutating func reserveConstraintCapacity(_ count: Int) { constraints.reserveCapacity(count) }

    /// Why `witness` cannot be a witness of this system regardless of the constraints
    /// (wrong length or w[0] ≠ 1), or `nil` if its shape is right.
    public func witnessShapeProblem(_ witness: [Fr]) -> String? {
        if witness.count != variableCount { return "witness length \(witness.count), expected \(variableCount)" }
        if witness[0] != .one { return "witness[0] is \(witness[0]), expected 1" }
        return nil
    }

    /// `nil` if `witness` satisfies every constraint, else the first failing constraint's
    /// index and label. A malformed witness (wrong length, w[0] ≠ 1) fails at index −1
    /// with the problem as label, e.g. `"witness length 5, expected 7"`.
    public func firstUnsatisfied(_ witness: [Fr]) -> (index: Int, label: String)? {
        if let problem = witnessShapeProblem(witness) { return (-1, problem) }
        // Chunks of constraints are checked in parallel; the first failing chunk in index
        // order holds the first unsatisfied constraint.
        let constraints = self.constraints, count = constraints.count
        let chunks = count >= 1 << 12 ? Parallel.chunkCount : 1
        let firstPerChunk = Parallel.map(count: chunks) { chunk -> Int? in
            ((chunk * count / chunks)..<((chunk + 1) * count / chunks)).first { !constraints[$0].isSatisfied(by: witness) }
        }
        guard let index = firstPerChunk.lazy.compactMap({ $0 }).first else { return nil }
        return (index, constraints[index].label)
    }

    /// `true` if `witness` has the right shape and satisfies every constraint.
    public func isSatisfied(_ witness: [Fr]) -> Bool { firstUnsatisfied(witness) == nil }

    /// The public signals of `witness` (outputs then inputs), as a verifier sees them;
    /// `nil` if the witness is too short.
    public func publicSignals(of witness: [Fr]) -> [Fr]? {
        guard witness.count > publicCount else { return nil }
        return Array(witness[1..<(1 + publicCount)])
    }
}

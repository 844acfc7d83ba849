// Wires and sparse linear combinations over Fr, the building blocks of an R1CS constraint.
// `LinearCombination` keeps terms in insertion order (duplicates allowed) and compares by
// value, so `x + x == 2·x`. No simplification happens unless `normalized()` is called.

/// A variable (wire) index. Layout, as in circom/iden3: 0 = the constant 1, then public
/// outputs, then public inputs, then private (witness) variables.
public struct Variable: Hashable, Sendable {
    /// Position of the wire in the witness vector.
    public let index: Int

    /// The wire with the given index. Prefer the allocators of `ConstraintSystem`.
    public init(index: Int) { self.index = index }

    /// Wire 0, which always holds the constant 1.
    public static let one = Variable(index: 0)
}

/// A sparse linear combination Σ coefficient·w[variable] over Fr.
///
/// Equality is by value: two combinations are equal if they assign the same total
/// coefficient to every variable (order, duplicates and zero terms do not matter).
public struct LinearCombination: Sendable, Equatable {
    /// The terms in insertion order; a variable may appear more than once.
    public var terms: [(variable: Int, coefficient: Fr)]

    /// The empty combination (value 0).
    public init() { terms = [] }
    /// The combination with exactly these terms.
    public init(terms: [(variable: Int, coefficient: Fr)]) { self.terms = terms }
    /// `coefficient · variable` (the default coefficient 1 gives the wire itself).
    public init(_ variable: Variable, coefficient: Fr = .one) { terms = [(variable.index, coefficient)] }
    /// The constant `value`, i.e. `value · w[0]`; zero gives the empty combination.
    public init(constant value: Fr) { terms = value.isZero ? [] : [(0, value)] }

    /// The zero combination.
    public static var zero: LinearCombination { LinearCombination() }

    /// `true` if there are no terms at all (a normalized zero combination is empty).
    public var isEmpty: Bool { terms.isEmpty }

    /// Duplicates merged, zero coefficients dropped, sorted by variable index.
    public func normalized() -> LinearCombination {
        if isNormalized { return self }
        let sorted = terms.sorted { $0.variable < $1.variable }
        var merged = [(variable: Int, coefficient: Fr)]()
        merged.reserveCapacity(sorted.count)
        for term in sorted {
            if let last = merged.last, last.variable == term.variable {
                merged[merged.count - 1].coefficient = last.coefficient + term.coefficient
            } else {
                merged.append(term)
            }
        }
        return LinearCombination(terms: merged.filter { !$0.coefficient.isZero })
    }

    /// `true` if variables strictly increase and no coefficient is zero (what `normalized()` returns).
    public var isNormalized: Bool {
        var previous = -1
        for term in terms {
            guard term.variable > previous, !term.coefficient.isZero else { return false }
            previous = term.variable
        }
        return true
    }

    /// ⟨self, witness⟩, or `nil` if a term's variable is outside `witness`.
    public func evaluate(_ witness: [Fr]) -> Fr? {
        var sum = Fr.zero
        for term in terms {
            guard term.variable >= 0, term.variable < witness.count else { return nil }
            sum += term.coefficient == .one ? witness[term.variable] : term.coefficient * witness[term.variable]
        }
        return sum
    }

    /// The largest variable index used, or `nil` for an empty combination.
    public var maxVariable: Int? { terms.map(\.variable).max() }

    public static func == (lhs: LinearCombination, rhs: LinearCombination) -> Bool {
        let left = lhs.normalized().terms, right = rhs.normalized().terms
        return left.count == right.count
            && zip(left, right).allSatisfy { $0.variable == $1.variable && $0.coefficient == $1.coefficient }
    }

    // MARK: Arithmetic (terms are concatenated; call `normalized()` to merge)

    public static func + (lhs: LinearCombination, rhs: LinearCombination) -> LinearCombination {
        LinearCombination(terms: lhs.terms + rhs.terms)
    }
    public static func - (lhs: LinearCombination, rhs: LinearCombination) -> LinearCombination {
        lhs + (-rhs)
    }
    public static prefix func - (value: LinearCombination) -> LinearCombination {
        LinearCombination(terms: value.terms.map { ($0.variable, -$0.coefficient) })
    }
    public static func * (scalar: Fr, value: LinearCombination) -> LinearCombination {
        LinearCombination(terms: value.terms.map { ($0.variable, scalar * $0.coefficient) })
    }
    public static func * (value: LinearCombination, scalar: Fr) -> LinearCombination { scalar * value }
    public static func += (lhs: inout LinearCombination, rhs: LinearCombination) { lhs.terms += rhs.terms }
    public static func -= (lhs: inout LinearCombination, rhs: LinearCombination) { lhs = lhs - rhs }

    /// `self + coefficient · variable`, appending one term.
    public mutating func add(_ variable: Variable, coefficient: Fr = .one) {
        terms.append((variable.index, coefficient))
    }
}

extension Variable {
    /// `coefficient · variable` as a linear combination.
    public static func * (coefficient: Fr, variable: Variable) -> LinearCombination {
        LinearCombination(variable, coefficient: coefficient)
    }
}

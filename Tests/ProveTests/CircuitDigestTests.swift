// The circuit digest stored in proving.key: pinned values (a key written before the digest
// was streamed from the constraints must still match its circuit), and the prover's
// constraint evaluations against `Constraint.isSatisfied` and the naive inner products.

import Testing
import Support
@testable import Prove

/// A system whose rows are not canonical: unsorted terms, a repeated variable, a zero
/// coefficient and a pair of terms that cancel, in all three matrices.
func messyCircuit() -> ConstraintSystem {
    var cs = ConstraintSystem()
    let out = cs.addPublicOutput(), input = cs.addPublicInput()
    let x = cs.addPrivate(), y = cs.addPrivate(), z = cs.addPrivate()
    cs.addConstraint(LinearCombination(y) + LinearCombination(x, coefficient: 3) + LinearCombination(x),
                     LinearCombination(input) + LinearCombination(z, coefficient: .zero),
                     LinearCombination(out) + LinearCombination(y) - LinearCombination(y), label: "messy.0")
    cs.addConstraint(LinearCombination(z), LinearCombination(constant: 7) + LinearCombination(x, coefficient: -2),
                     LinearCombination(y, coefficient: 5) + LinearCombination(x), label: "messy.1")
    cs.addConstraint(LinearCombination(), LinearCombination(x), LinearCombination(), label: "messy.empty")
    return cs
}

@Suite struct CircuitDigestTests {
    /// Digest version 3 values (proving.key format 3); a change here would make every
    /// existing proving.key refuse its own circuit, so it must come with a format version bump.
    @Test func digestsArePinned() {
        #expect(Groth16.circuitDigest(messyCircuit()) == 12_248_675_101_898_780_077)
        #expect(Groth16.circuitDigest(multiPublicCircuit()) == 5_513_828_560_759_984_130)
        #expect(Groth16.circuitDigest(cubicCircuit()) == 13_185_674_407_416_230_622)
    }

    /// The documented definition, spelled out word list by word list (no streaming, no
    /// threads), on a random system with long rows: equal to `circuitDigest`.
    @Test func digestFollowsItsDefinition() {
        var generator = SeededGenerator(seed: 91)
        var cs = ConstraintSystem()
        _ = cs.addPublicOutput()
        let wires = (0..<40).map { _ in cs.addPrivate() }
        func row() -> LinearCombination {
            (0..<Int.random(in: 0...12, using: &generator)).reduce(LinearCombination()) { sum, _ in
                sum + LinearCombination(wires.randomElement(using: &generator)!, coefficient: Fr.random(using: &generator))
            }
        }
        for k in 0..<300 { cs.addConstraint(row(), row(), row(), label: "random.\(k)") }
        func fold(_ words: [UInt64]) -> UInt64 {
            var hasher = WordHasher()
            words.forEach { hasher.mix($0) }
            return hasher.hash
        }
        var matrices = [UInt64]()
        for matrix in 0..<3 {
            var streams = [[UInt64]](repeating: [], count: 5)
            for constraint in cs.constraints {
                let terms = [constraint.a, constraint.b, constraint.c][matrix].normalized().terms
                streams[0].append(UInt64(terms.count))
                for term in terms {
                    let limbs = term.coefficient.montgomeryLimbs
                    streams[0].append(UInt64(term.variable))
                    for (stream, limb) in [limbs.0, limbs.1, limbs.2, limbs.3].enumerated() { streams[stream + 1].append(limb) }
                }
            }
            matrices.append(fold([UInt64(cs.constraints.count)] + streams.map(fold)))
        }
        #expect(Groth16.circuitDigest(cs) == fold([UInt64(cs.variableCount), UInt64(cs.publicCount)] + matrices))
    }

    /// Equal constraint systems written differently have one digest; a changed coefficient,
    /// term or wire count changes it.
    @Test func digestFollowsTheCanonicalForm() {
        var tidy = ConstraintSystem()
        let out = tidy.addPublicOutput(), input = tidy.addPublicInput()
        let x = tidy.addPrivate(), y = tidy.addPrivate(), _ = tidy.addPrivate()
        tidy.addConstraint(LinearCombination(x, coefficient: 4) + LinearCombination(y), LinearCombination(input),
                           LinearCombination(out), label: "tidy.0")
        tidy.addConstraint(LinearCombination(Variable(index: 5)), LinearCombination(constant: 7) + LinearCombination(x, coefficient: -2),
                           LinearCombination(x) + LinearCombination(y, coefficient: 5), label: "tidy.1")
        tidy.addConstraint(LinearCombination(), LinearCombination(x), LinearCombination(), label: "tidy.empty")
        #expect(Groth16.circuitDigest(tidy) == Groth16.circuitDigest(messyCircuit()))
        var changed = tidy
        changed.addConstraint(LinearCombination(), LinearCombination(), LinearCombination(), label: "extra")
        #expect(Groth16.circuitDigest(changed) != Groth16.circuitDigest(tidy))
        #expect(Groth16.circuitDigest(multiPublicCircuit()) != Groth16.circuitDigest(cubicCircuit()))
    }

    /// The prover's evaluations equal the inner products, carry the input-consistency rows,
    /// and name the first violated constraint exactly as `firstUnsatisfied` does.
    @Test func constraintEvaluations() throws {
        let cs = multiPublicCircuit()
        var witness = multiPublicWitness(i1: 2, i2: 5, i3: 9, p: 41)
        let n = try #require(NTTDomain(minimumSize: cs.constraints.count + cs.publicCount + 1)).size
        let evaluations = Groth16.evaluateConstraints(cs, witness: witness, domainSize: n)
        #expect(evaluations.firstUnsatisfied == nil)
        for (j, constraint) in cs.constraints.enumerated() {
            #expect(evaluations.a[j] == constraint.a.evaluate(witness))
            #expect(evaluations.b[j] == constraint.b.evaluate(witness))
            #expect(evaluations.c[j] == constraint.c.evaluate(witness))
        }
        let count = cs.constraints.count
        #expect(Array(evaluations.a[count...(count + cs.publicCount)]) == Array(witness[0...cs.publicCount]))
        #expect(evaluations.a[(count + cs.publicCount + 1)...].allSatisfy { $0.isZero })
        let paddingB = evaluations.b[count...], paddingC = evaluations.c[count...]
        #expect(paddingB.allSatisfy { $0.isZero })
        #expect(paddingC.allSatisfy { $0.isZero })
        witness[7] += .one  // t = i1·i2 is wrong: constraints 0 and 1 fail
        let failing = Groth16.evaluateConstraints(cs, witness: witness, domainSize: n)
        #expect(failing.firstUnsatisfied == 0)
        #expect(failing.firstUnsatisfied == cs.firstUnsatisfied(witness)?.index)
    }
}

// Poseidon: known answers from circomlibjs, vectors from an independent implementation
// (Tests/CircuitTests/Vectors/poseidon.json, written by scripts/poseidon/reference.py with
// light-poseidon for 1…12 inputs), and the gadget against the native hash for every width.

import Foundation
import Prove
import Quantize
import Testing
import Support
@testable import Circuit

/// The parsed vector file (loaded from the source tree via #filePath, not as a resource).
enum PoseidonVectors {
    static let url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("Vectors/poseidon.json")

    struct Vector {
        let inputs: [Fr]
        let output: Fr
        let source: String
    }

    static var all: [Vector] {
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["vectors"] as? [[String: Any]] else { return [] }
        return list.compactMap { entry in
            guard let inputs = entry["inputs"] as? [String], let output = entry["output"] as? String,
                  let source = entry["source"] as? String, let out = Fr(decimal: output) else { return nil }
            let values = inputs.compactMap(Fr.init(decimal:))
            return values.count == inputs.count ? Vector(inputs: values, output: out, source: source) : nil
        }
    }
}

/// A field element from big-endian hex ("0x…"), as circomlibjs's tests write them.
func frFromHex(_ hex: String) -> Fr? {
    let digits = Array(hex.hasPrefix("0x") ? hex.dropFirst(2) : Substring(hex))
    guard digits.count <= 64 else { return nil }
    let padded = Array(repeating: Character("0"), count: 64 - digits.count) + digits
    var limbs = [UInt64](repeating: 0, count: 4)
    for limb in 0..<4 {
        let chunk = String(padded[(48 - 16 * limb)..<(64 - 16 * limb)])
        guard let value = UInt64(chunk, radix: 16) else { return nil }
        limbs[limb] = value
    }
    return Fr(canonicalLimbs: limbs)
}

@Suite struct PoseidonTests {
    @Test func knownAnswers() throws {
        // The value every circomlib user knows: Poseidon([1, 2]).
        #expect(Poseidon.hash([1, 2])
                == Fr(decimal: "7853200120776062878684798364095072458815029376092732009249414926327459813530"))
        // iden3/circomlibjs test/poseidon.js, "poseidonperm_x5_254_3" and "poseidonperm_x5_254_5".
        #expect(Poseidon.hash([1, 2]) == frFromHex("0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"))
        #expect(Poseidon.hash([1, 2, 3, 4])
                == frFromHex("0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465"))
    }

    @Test func vectorsFromIndependentImplementation() {
        let vectors = PoseidonVectors.all
        #expect(vectors.count >= 16 * 3, "missing or unreadable \(PoseidonVectors.url.path)")
        #expect(Set(vectors.map(\.inputs.count)) == Set(Poseidon.inputCounts))
        // light-poseidon covers 1…12 inputs; 13…16 come from the Python port (see the script).
        #expect(vectors.filter { $0.source == "light-poseidon" }.map(\.inputs.count).max() == 12)
        for vector in vectors {
            #expect(Poseidon.hash(vector.inputs) == vector.output, "\(vector.inputs.count) inputs (\(vector.source))")
        }
    }

    @Test func concurrentFirstUseAgreesWithSequential() {
        // Each width's tables are built once, under a lock, whichever thread asks first.
        let counts = Array(Poseidon.inputCounts)
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [Int: Fr] = [:]
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2 * counts.count) { k in
            let hash = Poseidon.hash((0..<counts[k % counts.count]).map { Fr($0 * 7 + 1) })
            results.lock.withLock { results.values[k] = hash }
        }
        for (k, n) in counts.enumerated() {
            let expected = Poseidon.hash((0..<n).map { Fr($0 * 7 + 1) })
            #expect(results.values[k] == expected && results.values[k + counts.count] == expected)
        }
    }

    @Test func parametersAreWellFormed() {
        for t in PoseidonParameters.widths {
            let p = PoseidonParameters.forWidth(t)
            #expect(p.roundConstants.count == (8 + p.partialRounds) * t)
            #expect(p.mds.count == t * t)
            #expect(p.mds.allSatisfy { !$0.isZero })
            // Cached: a second request returns the same table.
            #expect(PoseidonParameters.forWidth(t).roundConstants == p.roundConstants)
        }
        // Fresh generation is deterministic.
        #expect(PoseidonParameters(width: 5).mds == PoseidonParameters.forWidth(5).mds)
    }

    /// Builds Poseidon over `n` private inputs, with its output tied to a public output wire.
    static func build(_ values: [Fr], witness: Bool)
        -> (builder: CircuitBuilder, output: Variable, firstGadgetWire: Int, result: LinearCombination) {
        var b = CircuitBuilder(generatingWitness: witness)
        let out = b.addPublicOutput()
        let inputs = values.map { value in LinearCombination(b.addPrivate(value)) }
        let first = b.system.variableCount
        let before = b.constraintCount
        let hash = b.poseidon(inputs, label: "poseidon")
        #expect(b.constraintCount - before == Poseidon.constraintCount(inputCount: values.count))
        #expect(b.system.variableCount - first == Poseidon.wireCount(inputCount: values.count))
        b.assign(out, b.value(of: hash))
        b.constrain(hash, LinearCombination(Variable.one), LinearCombination(out), "output")
        return (b, out, first, hash)
    }

    @Test func gadgetMatchesNativeHashForEveryWidth() {
        var rng = SeededGenerator(seed: 0x5EED)
        for n in Poseidon.inputCounts {
            let values = (0..<n).map { _ in Fr.random(using: &rng) }
            let (b, out, _, hash) = Self.build(values, witness: true)
            #expect(b.system.firstUnsatisfied(b.witness) == nil, "\(n) inputs")
            #expect(b.witness[out.index] == Poseidon.hash(values), "\(n) inputs")
            #expect(hash.isNormalized && hash.terms.count == n + 1)
            // Compile mode builds the same system without values.
            let (c, _, _, _) = Self.build(values, witness: false)
            #expect(c.witness.isEmpty)
            #expect(c.system.variableCount == b.system.variableCount)
            #expect(c.constraintCount == b.constraintCount)
            #expect(zip(c.system.constraints, b.system.constraints).allSatisfy { $0.a == $1.a && $0.b == $1.b && $0.c == $1.c })
        }
    }

    @Test func constraintCounts() {
        #expect(Poseidon.constraintCount(inputCount: 2) == 240)  // circom's Poseidon(2)
        #expect(Poseidon.constraintCount(inputCount: 16) == 609)
        for n in Poseidon.inputCounts {
            let t = n + 1
            #expect(Poseidon.constraintCount(inputCount: n) == 3 * (8 * t + PoseidonParameters.forWidth(t).partialRounds - 1))
        }
    }

    @Test func everyMutatedWireIsRejected() {
        let (b, out, first, _) = Self.build([1, 2], witness: true)
        var rejected = 0
        for wire in [out.index] + Array(first..<b.system.variableCount) {
            var w = b.witness
            w[wire] += .one
            if b.system.firstUnsatisfied(w) != nil { rejected += 1 }
        }
        #expect(rejected == 1 + Poseidon.wireCount(inputCount: 2))
        // Other widths: the first, a middle and the last gadget wire, and the output.
        for n in [1, 7, 16] {
            let (b, out, first, _) = Self.build((0..<n).map { Fr($0 + 3) }, witness: true)
            let last = b.system.variableCount - 1
            for wire in [out.index, first, (first + last) / 2, last] {
                var w = b.witness
                w[wire] = w[wire] + Fr(7)
                let failure = b.system.firstUnsatisfied(w)
                #expect(failure != nil, "\(n) inputs, wire \(wire)")
            }
        }
    }

    @Test func longInputCombinations() {
        // A 250-bit packed value with repeated variables and a constant term, as an input.
        var b = CircuitBuilder(generatingWitness: true)
        let bits = (0..<125).map { i in b.addPrivate(Fr(i % 3 == 0 ? 1 : 0)) }
        var packed = LinearCombination(constant: 5)
        var expected = Fr(5)
        var power = Fr.one
        for i in 0..<250 {
            let bit = bits[i % 125]
            packed.add(bit, coefficient: power)
            if (i % 125) % 3 == 0 { expected += power }
            power = power.doubled()
        }
        let other = LinearCombination(b.addPrivate(9))
        let hash = b.poseidon([packed, other, packed], label: "long")
        #expect(b.value(of: hash) == Poseidon.hash([expected, 9, expected]))
        #expect(b.system.isSatisfied(b.witness))
        // Only the first round's S-boxes see the long input, merged to one term per bit.
        let longest = b.system.constraints.map { $0.a.terms.count + $0.b.terms.count + $0.c.terms.count }.max() ?? 0
        #expect(longest <= 2 * 126 + 1)
    }
}

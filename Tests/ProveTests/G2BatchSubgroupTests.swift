// `G2Affine.allInSubgroup` (random-combination membership, G2+BatchSubgroupCheck.swift)
// against the exact check: sets of subgroup points pass; a set holding one twist point
// outside G2 fails wherever it sits, whether that point has full twist order, the smallest
// cofactor order 10069 (the case a single round misses with probability 2^-13), or is a
// subgroup point plus such a component; and a proving key whose B query is large enough to
// be checked in a batch names the point outside G2. A false pass has probability ≤ 2^-65.

import Foundation
import Testing
@testable import Prove
import Support

@Suite struct G2BatchSubgroupTests {
    /// k·G for k = 1…count, with infinity at index 3 (a key has one for every wire absent from B).
    static func subgroupPoints(_ count: Int) -> [G2Affine] {
        var points = [G2Jacobian](), point = G2Jacobian.generator.multiplied(by: 91)
        for index in 0..<count {
            points.append(index == 3 ? .zero : point)
            point = point + .generator
        }
        return G2Jacobian.batchToAffine(points)
    }

    /// Twist points outside G2: one of order r·c, one of order 10069, and 5·G plus the latter.
    static func outsiders() -> [G2Affine] {
        let r = BigInt(BN254.r)
        let full = G2SubgroupTests.twistPoint(start: 5)
        let small = full.multiplied(byInteger: (r * G2SubgroupTests.cofactor / BigInt(10069)).limbs(count: 8))
        let mixed = small + G2Jacobian.generator.multiplied(by: 5)
        return [full, small, mixed].map { $0.toAffine() }
    }

    @Test func outsidersAreOnTheTwistButNotInG2() {
        for point in Self.outsiders() {
            #expect(point.isOnCurve && !point.isInfinity)
            #expect(!point.isInSubgroup && !G2Jacobian(point).isInSubgroupNaive)
        }
        // The small one has order exactly 10069.
        let small = G2Jacobian(Self.outsiders()[1])
        #expect(small.multiplied(by: 10069).isZero)
    }

    @Test func subgroupSetsPass() {
        for count in [0, 1, 15, 16, 17, 100] {
            let passed = G2Affine.allInSubgroup(Self.subgroupPoints(count))
            #expect(passed, "\(count) points")
        }
    }

    @Test func oneOutsiderFailsWhereverItSits() {
        for count in [5, 64] {
            let points = Self.subgroupPoints(count)
            for (kind, outsider) in Self.outsiders().enumerated() {
                for position in [0, count / 2, count - 1] {
                    var mixed = points
                    mixed[position] = outsider
                    let passed = G2Affine.allInSubgroup(mixed)
                    #expect(!passed, "outsider \(kind) at \(position) of \(count)")
                }
            }
        }
    }

    @Test func coefficientsAreFourteenBitsAndVary() {
        let coefficients = G2Affine.randomCoefficients(count: 40_000)
        #expect(coefficients.count == 40_000)
        let values = coefficients.map { $0.canonical.0 }
        #expect(coefficients.allSatisfy { $0.canonical.1 == 0 && $0.canonical.2 == 0 && $0.canonical.3 == 0 })
        #expect(values.allSatisfy { $0 < 1 << 14 })
        // 40,000 draws from 16,384 values: every value about 2.4 times; well over 10,000 distinct.
        #expect(Set(values).count > 10_000)
        #expect(values.contains { $0 >= 1 << 13 })
    }

    /// A key for 20 squarings has 22 B-query G2 points, so it is checked in a batch.
    @Test func keyWithOutsiderInLargeBQueryIsRefusedByIndex() throws {
        var cs = ConstraintSystem()
        let out = cs.addPublicOutput()
        var previous = cs.addPrivate()
        for step in 0..<20 {
            let next = step == 19 ? out : cs.addPrivate()
            cs.addConstraint(LinearCombination(previous), LinearCombination(previous), LinearCombination(next),
                             label: "square.\(step)")
            previous = next
        }
        var rng = SeededGenerator(seed: 11)
        let pk = try Groth16.setup(cs, using: &rng)
        #expect(pk.bQueryG2.filter { !$0.isInfinity }.count >= 16)
        let bytes = pk.serialized()
        #expect(try Groth16.ProvingKey(bytes: bytes) == pk)
        // Offsets: magic 5 + version 4 + notice length 4 + notice + 5 counts × 8.
        let header = 13 + Int(bytes[9]) + Int(bytes[10]) << 8 + 40
        let bQueryG2 = header + 3 * 64 + 3 * 128 + (pk.publicCount + 1) * 64 + 2 * pk.variableCount * 64
        let target = pk.bQueryG2.indices.filter { !pk.bQueryG2[$0].isInfinity }[7]
        let outsider = Self.outsiders()[2]
        var corrupt = bytes
        corrupt.replaceSubrange((bQueryG2 + target * 128)..<(bQueryG2 + (target + 1) * 128),
                                with: [outsider.x.c0, outsider.x.c1, outsider.y.c0, outsider.y.c1].flatMap(\.littleEndianBytes))
        do {
            _ = try Groth16.ProvingKey(bytes: corrupt, path: "corrupt.key")
            Issue.record("accepted a key with a B-query point outside G2")
        } catch let error as FormatError {
            #expect(error.problem.contains("B query (G2)[\(target)] is on the twist but outside the order-r subgroup"), "\(error)")
        }
        #expect((try? Groth16.ProvingKey(bytes: corrupt, path: "trusted.key", checkSubgroups: false)) != nil)
    }
}

// Field laws written once over `Field` and run for Fr, Fq, Fq2, Fq6 and Fq12 on seeded
// random samples plus edge values (0, 1, −1, and for prime fields modulus − 1 from decimal).

import Prove
import Testing
import Support

/// Checks the field axioms on every pair/triple drawn from `samples`.
func checkFieldLaws<F: Field>(_ samples: [F]) {
    for a in samples {
        #expect(a + .zero == a)
        #expect(a * .one == a)
        #expect(a + (-a) == .zero)
        #expect(a - a == .zero)
        #expect(a * .zero == .zero)
        #expect(a.squared() == a * a)
        #expect(a.doubled() == a + a)
        #expect(-(-a) == a)
        if a.isZero {
            #expect(a.inverse == nil)
        } else {
            #expect(a.inverse.map { $0 * a } == .one)
        }
        for b in samples.prefix(4) {
            #expect(a + b == b + a)
            #expect(a * b == b * a)
            #expect(a - b == a + (-b))
            for c in samples.prefix(3) {
                #expect((a + b) + c == a + (b + c))
                #expect((a * b) * c == a * (b * c))
                #expect(a * (b + c) == a * b + a * c)
            }
        }
    }
}

func samples<F: Field>(_ type: F.Type, count: Int, seed: UInt64) -> [F] {
    var generator = SeededGenerator(seed: seed)
    let minusOne = -F.one
    return [F.zero, F.one, minusOne, F.one.doubled()] + (0..<count).map { _ in F.random(using: &generator) }
}

@Suite struct FieldLawTests {
    @Test func frLaws() {
        checkFieldLaws(samples(Fr.self, count: 8, seed: 1) + [Fr(decimal: "21888242871839275222246405745257275088548364400416034343698204186575808495616")!])
    }
    @Test func fqLaws() {
        checkFieldLaws(samples(Fq.self, count: 8, seed: 2) + [Fq(decimal: "21888242871839275222246405745257275088696311157297823662689037894645226208582")!])
    }
    @Test func fq2Laws() { checkFieldLaws(samples(Fq2.self, count: 6, seed: 3)) }
    @Test func fq6Laws() { checkFieldLaws(samples(Fq6.self, count: 3, seed: 4)) }
    @Test func fq12Laws() { checkFieldLaws(samples(Fq12.self, count: 2, seed: 5)) }

    @Test func batchInversionMatchesSingleInversions() {
        var values = samples(Fr.self, count: 6, seed: 6)
        let expected = values.map { $0.inverse ?? .zero }
        Fr.batchInvert(&values)
        #expect(values == expected)
    }

    @Test func batchProductsMatchSingleProducts() {
        checkBatchProducts(Fr.self, seed: 20)
        checkBatchProducts(Fq.self, seed: 21)
        checkBatchProducts(Fq2.self, seed: 22)
        checkBatchProducts(Fq6.self, seed: 23)
    }

    /// `F.multiply(into:count:)` equals element-wise `*` for counts around the group size of
    /// eight, into a separate buffer and in place.
    func checkBatchProducts<F: Field>(_ type: F.Type, seed: UInt64) {
        let a = samples(F.self, count: 21, seed: seed), b = samples(F.self, count: 21, seed: seed + 100)
        for count in [0, 1, 7, 8, 9, 16, 21] {
            let expected = (0..<count).map { a[$0] * b[$0] }
            var out = [F](repeating: .zero, count: count), inPlace = Array(a.prefix(count))
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { F.multiply(a.baseAddress!, b.baseAddress!, into: $0.baseAddress!, count: count) }
                    inPlace.withUnsafeMutableBufferPointer { F.multiply($0.baseAddress!, b.baseAddress!, into: $0.baseAddress!, count: count) }
                }
            }
            #expect(out == expected, "\(F.self) count \(count)")
            #expect(inPlace == expected, "\(F.self) count \(count) in place")
        }
    }

    @Test func sparseLineProductMatchesDense() {
        var generator = SeededGenerator(seed: 7)
        let f = Fq12.random(using: &generator)
        let (a, b0, b1) = (Fq2.random(using: &generator), Fq2.random(using: &generator), Fq2.random(using: &generator))
        let dense = Fq12(Fq6(a, .zero, .zero), Fq6(b0, b1, .zero))
        #expect(f.multiplied(byLine: a, b0, b1) == f * dense)
    }

    @Test func fq2SquareRoots() {
        var generator = SeededGenerator(seed: 8)
        for _ in 0..<6 {
            let x = Fq2.random(using: &generator)
            let root = x.squared().squareRoot()
            #expect(root.map { $0.squared() } == x.squared())
        }
        // ξ = 9 + u is not a square (it is a sextic non-residue).
        #expect(Fq2.xi.squareRoot() == nil)
    }
}

// NTT against the naive O(n²) evaluation, round trips, coset evaluations and products.

import Prove
import Testing
import Support

@Suite struct NTTTests {
    func randomValues(_ count: Int, seed: UInt64) -> [Fr] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Fr.random(using: &generator) }
    }

    /// 5 reaches the eight-wide butterflies (half ≥ 8), 6 and 9 the fused first three passes.
    @Test(arguments: [0, 1, 2, 3, 5, 6, 9])
    func forwardMatchesNaive(logSize: Int) throws {
        let domain = try #require(NTTDomain(logSize: logSize))
        let coefficients = randomValues(domain.size, seed: UInt64(50 + logSize))
        var values = coefficients
        #expect(domain.forward(&values))
        #expect(values == domain.nttNaive(coefficients))
        #expect(domain.inverse(&values))
        #expect(values == coefficients)
    }

    /// 2^12 reaches the multi-threaded path; the O(n²) oracle is too slow there in debug
    /// builds, so a few evaluations are checked by Horner's rule instead.
    @Test func parallelSizeMatchesHornerAndRoundTrips() throws {
        let domain = try #require(NTTDomain(logSize: 12))
        let coefficients = randomValues(domain.size, seed: 58)
        var values = coefficients
        #expect(domain.forward(&values))
        for i in [0, 1, 2047, 4095] {
            let x = domain.root.pow(UInt64(i))
            #expect(values[i] == coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 })
        }
        #expect(domain.inverse(&values))
        #expect(values == coefficients)
    }

    @Test func cosetRoundTripAndEvaluation() throws {
        let domain = try #require(NTTDomain(logSize: 4))
        let coefficients = randomValues(16, seed: 60)
        var values = coefficients
        #expect(domain.cosetForward(&values))
        let shift = Fr.multiplicativeGenerator
        for i in [0, 3, 15] {
            let x = shift * domain.root.pow(UInt64(i))
            #expect(values[i] == coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 })
        }
        #expect(domain.cosetInverse(&values))
        #expect(values == coefficients)
    }

    @Test func convolutionByPointwiseProduct() throws {
        let domain = try #require(NTTDomain(logSize: 3))
        let a: [Fr] = [1, 2, 3, 0, 0, 0, 0, 0], b: [Fr] = [4, 5, 0, 0, 0, 0, 0, 0]
        var (ea, eb) = (a, b)
        domain.forward(&ea)
        domain.forward(&eb)
        var product = zip(ea, eb).map { $0 * $1 }
        domain.inverse(&product)
        #expect(product == [4, 13, 22, 15, 0, 0, 0, 0])
    }

    @Test func rejectsBadSizes() {
        #expect(NTTDomain(logSize: 29) == nil)
        #expect(NTTDomain(logSize: -1) == nil)
        #expect(NTTDomain(minimumSize: 5)?.size == 8)
        #expect(NTTDomain(minimumSize: 1)?.size == 1)
        var values: [Fr] = [1, 2, 3]
        #expect(NTTDomain(logSize: 2)?.forward(&values) == false)
        #expect(values == [1, 2, 3])
    }
}

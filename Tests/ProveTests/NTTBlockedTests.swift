// The cache-blocked, multi-block NTT path (n > NTTDomain.blockSize) against Horner evaluation,
// round trips, and the fused interpolate-then-coset-evaluate used by the Groth16 quotient.

@testable import Prove
import Testing
import Support

@Suite struct NTTBlockedTests {
    @Test func blockedSizeMatchesHornerAndRoundTrips() throws {
        let domain = try #require(NTTDomain(logSize: 15))
        #expect(domain.size > 2 * NTTDomain.blockSize)
        var generator = SeededGenerator(seed: 61)
        let coefficients = (0..<domain.size).map { _ in Fr.random(using: &generator) }
        var values = coefficients
        #expect(domain.forward(&values))
        for i in [0, 1, 8191, 8192, 20_000, domain.size - 1] {
            let x = domain.root.pow(UInt64(i))
            #expect(values[i] == coefficients.reversed().reduce(Fr.zero) { $0 * x + $1 })
        }
        #expect(domain.inverse(&values))
        #expect(values == coefficients)
        #expect(domain.cosetForward(&values))
        #expect(domain.cosetInverse(&values))
        #expect(values == coefficients)
    }

    /// Every output of the blocked, multi-threaded transform against a textbook recursive
    /// radix-2 FFT (even and odd halves, then ω^i-weighted butterflies), written apart from
    /// NTTDomain's passes and kernels.
    @Test(arguments: [13, 15])
    func blockedSizeMatchesRecursiveFFT(logSize: Int) throws {
        let domain = try #require(NTTDomain(logSize: logSize))
        var generator = SeededGenerator(seed: 64 + UInt64(logSize))
        let coefficients = (0..<domain.size).map { _ in Fr.random(using: &generator) }
        func fft(_ values: [Fr], root: Fr) -> [Fr] {
            guard values.count > 1 else { return values }
            let even = fft(stride(from: 0, to: values.count, by: 2).map { values[$0] }, root: root * root)
            let odd = fft(stride(from: 1, to: values.count, by: 2).map { values[$0] }, root: root * root)
            var result = [Fr](repeating: .zero, count: values.count)
            var power = Fr.one
            for i in 0..<values.count / 2 {
                let t = odd[i] * power
                result[i] = even[i] + t
                result[i + values.count / 2] = even[i] - t
                power *= root
            }
            return result
        }
        var values = coefficients
        #expect(domain.forward(&values))
        let reference = fft(coefficients, root: domain.root)
        #expect(values.indices.first { values[$0] != reference[$0] } == nil, "first differing output")
        #expect(domain.inverse(&values))
        #expect(values == coefficients)
    }

    @Test(arguments: [2, 13, 14])
    func fusedInterpolateThenCosetForwardMatchesTwoSteps(logSize: Int) throws {
        let domain = try #require(NTTDomain(logSize: logSize))
        var generator = SeededGenerator(seed: 62 + UInt64(logSize))
        let evaluations = (0..<domain.size).map { _ in Fr.random(using: &generator) }
        var fused = evaluations, twoSteps = evaluations
        #expect(domain.interpolateThenCosetForward(&fused))
        #expect(domain.inverse(&twoSteps))
        #expect(domain.cosetForward(&twoSteps))
        #expect(fused == twoSteps)
    }

    @Test func bitReversalReversesBits() {
        #expect(UInt64(1).bitReversed == 1 << 63)
        #expect(UInt64(0b1011).bitReversed == 0b1101 << 60)
        var generator = SeededGenerator(seed: 63)
        for _ in 0..<100 {
            let x = generator.next()
            var naive: UInt64 = 0
            for bit in 0..<64 where (x >> UInt64(bit)) & 1 == 1 { naive |= 1 << UInt64(63 - bit) }
            #expect(x.bitReversed == naive)
        }
    }
}

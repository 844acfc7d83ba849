// Micro-benchmarks of Prove's kernels for the CLI (`zktrain bench kernels`, `bench prove`):
// each function runs a kernel several times and returns the median time. Not a test: nothing
// here asserts speed.
import Foundation
import Prove
import Support

/// Timings of the arithmetic kernels, in release builds. Each returns a median over `runs`.
public enum ProveBench {
    /// Nanoseconds per independent Fr multiplication (x[i] ← x[i]·y[i] over 1024-element
    /// arrays, the shape of NTT and MSM inner loops): throughput rather than latency.
    public static func frMultiplicationThroughput(count: Int = 1_000_000, runs: Int = 5) -> Double {
        perProductOverArrays(count: count, runs: runs) { xs, ys in
            for i in 0..<1024 { xs[i] = xs[i] * ys[i] }
        }
    }

    /// Nanoseconds per Fr product computed in batches (`Fr.multiply(_:_:into:count:)` over
    /// 1024-element arrays: eight at a time with the IFMA kernel where built), the way the
    /// NTT butterflies and the batch-affine MSM additions multiply.
    public static func frMultiplicationBatched(count: Int = 1_000_000, runs: Int = 5) -> Double {
        perProductOverArrays(count: count, runs: runs) { xs, ys in
            Fr.multiply(xs, ys, into: xs, count: 1024)
        }
    }

    /// Median nanoseconds per product of `body`, which multiplies 1024 random elements x[i] by
    /// y[i] in place, run count/1024 times per measurement.
    static func perProductOverArrays(count: Int, runs: Int,
                                     _ body: (UnsafeMutablePointer<Fr>, UnsafePointer<Fr>) -> Void) -> Double {
        var generator = SystemRandomNumberGenerator()
        var x = (0..<1024).map { _ in Fr.random(using: &generator) }
        let y = (0..<1024).map { _ in Fr.random(using: &generator) }
        let rounds = max(count / 1024, 1)
        let total = median(threadCPUNanoseconds(runs: runs) {
            x.withUnsafeMutableBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    for _ in 0..<rounds { body(xs.baseAddress!, ys.baseAddress!) }
                }
            }
        })
        blackHole(x)
        return total / Double(rounds * 1024)
    }

    /// Nanoseconds per dependent Fr multiplication (a chain x ← x·y of `count` steps): latency
    /// of the kernel, as in the hot loops.
    public static func frMultiplication(count: Int = 1_000_000, runs: Int = 5) -> Double {
        dependentChain(Fr(decimal: "1234567890123456789012345678901234567890")!, Fr(-7), count: count, runs: runs)
    }

    /// Nanoseconds per dependent Fq multiplication (as `frMultiplication`).
    public static func fqMultiplication(count: Int = 1_000_000, runs: Int = 5) -> Double {
        dependentChain(Fq(decimal: "1234567890123456789012345678901234567890")!, Fq(-7), count: count, runs: runs)
    }

    /// Median nanoseconds per step of the chain x ← x·factor from `start`, `count` steps. The
    /// operands pass through `opaque` and the result into `blackHole` inside the timed region,
    /// so the optimizer can neither fold the chain nor move it out of the timed region.
    static func dependentChain<F: Field>(_ start: F, _ factor: F, count: Int, runs: Int) -> Double {
        let total = median(threadCPUNanoseconds(runs: runs) {
            var x = opaque(start)
            let y = opaque(factor)
            for _ in 0..<count { x = x * y }
            blackHole(x)
        })
        return total / Double(count)
    }

    /// Nanoseconds per Fr inversion.
    public static func frInverse(count: Int = 1_000, runs: Int = 5) -> Double {
        var x = Fr(-7)
        let total = median(threadCPUNanoseconds(runs: runs) {
            for _ in 0..<count { x = (x + .one).inverse ?? .one }
            blackHole(x)
        })
        return total / Double(count)
    }

    /// Milliseconds per optimal ate pairing e(G1, G2) (Miller loop + final exponentiation).
    public static func pairing(count: Int = 10, runs: Int = 5) -> Double {
        let p = G1Jacobian.generator.multiplied(by: Fr(12345)).toAffine()
        let q = G2Jacobian.generator.multiplied(by: Fr(67890)).toAffine()
        var result = Fq12.one
        let total = median(threadCPUNanoseconds(runs: runs) {
            for _ in 0..<count { result = Pairing.pairing(p, q) }
            blackHole(result)
        })
        return total / Double(count) / 1e6
    }

    /// Milliseconds per Miller loop (one pair, G2 preparation included).
    public static func millerLoop(count: Int = 10, runs: Int = 5) -> Double {
        let p = G1Affine.generator, q = G2Affine.generator
        var result = Fq12.one
        let total = median(threadCPUNanoseconds(runs: runs) {
            for _ in 0..<count { result = Pairing.multiMillerLoop([(p, q)]) }
            blackHole(result)
        })
        return total / Double(count) / 1e6
    }

    /// Milliseconds per final exponentiation.
    public static func finalExponentiation(count: Int = 10, runs: Int = 5) -> Double {
        var f = Pairing.multiMillerLoop([(G1Affine.generator, G2Affine.generator)])
        let total = median(threadCPUNanoseconds(runs: runs) {
            for _ in 0..<count { f = Pairing.finalExponentiation(f) }
            blackHole(f)
        })
        return total / Double(count) / 1e6
    }

    /// Microseconds per G1 scalar multiplication (double-and-add, 254-bit scalar).
    public static func g1ScalarMultiplication(count: Int = 20, runs: Int = 5) -> Double {
        let scalar = -Fr(3)
        var point = G1Jacobian.generator
        let total = median(threadCPUNanoseconds(runs: runs) {
            for _ in 0..<count { point = point.multiplied(by: scalar) }
            blackHole(point)
        })
        return total / Double(count) / 1e3
    }

    /// Milliseconds (wall clock, all cores) per forward NTT of size 2^logSize (twiddle
    /// precomputation excluded).
    public static func ntt(logSize: Int = 16, runs: Int = 5) -> Double {
        guard let domain = NTTDomain(logSize: logSize) else { return .nan }
        var generator = SystemRandomNumberGenerator()
        var values = (0..<domain.size).map { _ in Fr.random(using: &generator) }
        let samples = wallNanoseconds(runs: runs) { _ = domain.forward(&values) }
        blackHole(values)
        return median(samples) / 1e6
    }

    /// Milliseconds (wall clock, all cores) per G1 MSM of 2^logSize points. Scalars are
    /// random full-size elements, or, with `scalarBits`, random signed integers of magnitude
    /// below 2^scalarBits (the shape of ML witness values, which the MSM exploits).
    public static func g1MSM(logSize: Int = 12, scalarBits: Int? = nil, runs: Int = 3) -> Double {
        var generator = SystemRandomNumberGenerator()
        let points = G1Jacobian.distinctPoints(count: 1 << logSize, using: &generator)
        let scalars = points.map { _ -> Fr in
            guard let bits = scalarBits, bits < 63 else { return Fr.random(using: &generator) }
            let magnitude = Int(generator.next() & ((UInt64(1) << UInt64(max(bits, 0))) - 1))
            return Fr(Bool.random(using: &generator) ? magnitude : -magnitude)
        }
        var result = G1Jacobian.zero
        let samples = wallNanoseconds(runs: runs) { result = MSM.pippenger(points, scalars) ?? .zero }
        blackHole(result)
        return median(samples) / 1e6
    }

    /// Microseconds per G2 subgroup check (ψ-based).
    public static func g2SubgroupCheck(count: Int = 20, runs: Int = 5) -> Double {
        let point = G2Jacobian.generator.multiplied(by: Fr(987654321))
        var accepted = 0
        let total = median(threadCPUNanoseconds(runs: runs) {
            for _ in 0..<count where point.isInSubgroup { accepted += 1 }
            blackHole(accepted)
        })
        return total / Double(count) / 1e3
    }

    /// Microseconds (wall clock, all cores) per point of `G2Affine.allInSubgroup` on 2^logSize
    /// distinct subgroup points (what reading a proving key's B query costs per point).
    public static func g2BatchSubgroupCheck(logSize: Int = 12, runs: Int = 3) -> Double {
        var generator = SystemRandomNumberGenerator()
        let points = G2Jacobian.distinctPoints(count: 1 << logSize, using: &generator)
        var accepted = true
        let samples = wallNanoseconds(runs: runs) { accepted = G2Affine.allInSubgroup(points) }
        blackHole(accepted)
        return median(samples) / 1e3 / Double(points.count)
    }

    /// Every kernel benchmark with its unit, unmeasured (`zktrain bench kernels` runs the
    /// ones it is asked for). NTT and MSM sizes are 2^logSize; the rest are fixed.
    public static func kernels(logSize: Int) -> [(name: String, unit: String, measure: () -> Double)] {
        [
            ("Fr multiplication (dependent chain)", "ns", { frMultiplication() }),
            ("Fr multiplication (independent)", "ns", { frMultiplicationThroughput() }),
            ("Fr multiplication (batched, Fr.multiply)", "ns", { frMultiplicationBatched() }),
            ("Fq multiplication (dependent chain)", "ns", { fqMultiplication() }),
            ("Fr inversion", "µs", { frInverse() / 1e3 }),
            ("G1 scalar multiplication", "µs", { g1ScalarMultiplication() }),
            ("Miller loop", "ms", { millerLoop() }),
            ("final exponentiation", "ms", { finalExponentiation() }),
            ("pairing", "ms", { pairing() }),
            ("G2 subgroup check", "µs", { g2SubgroupCheck() }),
            ("G2 subgroup check, 2^\(logSize) in a batch (per point, wall clock)", "µs", { g2BatchSubgroupCheck(logSize: logSize) }),
            ("NTT 2^\(logSize) (wall clock)", "ms", { ntt(logSize: logSize) }),
            ("G1 MSM 2^\(logSize), full scalars (wall clock)", "ms", { g1MSM(logSize: logSize) }),
            ("G1 MSM 2^\(logSize), 16-bit signed scalars (wall clock)", "ms", { g1MSM(logSize: logSize, scalarBits: 16) }),
        ]
    }
}

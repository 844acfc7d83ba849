// `zktrain bench prove`: medians of the costs that decide a proof's price — Fr multiplication,
// one pairing, Groth16 verify, G1 MSMs of 2^N points (random and 16-bit scalars) — and a
// Groth16 prove of a synthetic circuit filling a 2^N domain whose witness is mostly ≤ 32 bits
// (ML-like), with its peak RSS. A measurement, not a test: nothing here asserts speed.
import Foundation
import Prove
import Support

/// The Groth16 benchmark behind `zktrain bench prove`.
public enum Groth16Bench {
    /// What one run measured. Times are medians; wall clock unless noted.
    public struct Result: Sendable {
        /// log₂ of the MSM size and of the synthetic circuit's evaluation domain.
        public var logSize: Int
        /// The synthetic circuit's constraints and wires (variables, the constant one included).
        public var constraintCount: Int
        public var variableCount: Int
        /// Dependent-chain Fr multiplication, ns (thread CPU time, `ProveBench.frMultiplication`).
        public var frMultiplicationNanoseconds: Double
        /// Fr products in batches of 1024, ns each (`ProveBench.frMultiplicationBatched`).
        public var frBatchedMultiplicationNanoseconds: Double
        /// One optimal ate pairing, ms (thread CPU time, `ProveBench.pairing`).
        public var pairingMilliseconds: Double
        /// `Groth16.verify` with one public input (key preparation included), ms.
        public var verifyMilliseconds: Double
        /// G1 MSM of 2^logSize points with uniformly random scalars, ms.
        public var msmRandomMilliseconds: Double
        /// G1 MSM of 2^logSize points with random 16-bit scalars, ms.
        public var msmSmallMilliseconds: Double
        /// The single-party setup of the synthetic circuit, s (one run).
        public var setupSeconds: Double
        /// `Groth16.prove` on the synthetic circuit, s (median of `proveRuns`).
        public var proveSeconds: Double
        /// How many prove runs the median is over.
        public var proveRuns: Int
        /// Reading the proving key back from its file, as `zktrain groth16 prove` does, s.
        public var keyReadSeconds: Double
        /// Peak resident set size while reading the key and proving (VmHWM, reset after setup
        /// when the kernel allows it; otherwise the whole process's peak), bytes; `nil` if unreadable.
        public var provePeakRSSBytes: Int?
        /// `true` if VmHWM could be reset after setup (so the peak excludes setup).
        public var peakRSSIsProveOnly: Bool
        /// Phases of the median prove run.
        public var proveTimer: PhaseTimer
    }

    /// A circuit whose domain is exactly 2^logSize: one public output `out`, and
    /// 2^logSize − 3 constraints aᵢ·bᵢ = cᵢ with 16-bit aᵢ, bᵢ (so 32-bit cᵢ), plus
    /// (Σ cᵢ)·1 = out. Constraints + public + 1 = 2^logSize. Requires logSize ≥ 2.
    public static func syntheticCircuit(logSize: Int, using rng: inout some RandomNumberGenerator)
        -> (system: ConstraintSystem, witness: [Fr]) {
        let products = (1 << logSize) - 3
        var cs = ConstraintSystem()
        let out = cs.addPublicOutput()
        var witness: [Fr] = [.one, .zero]
        var sumTerms = [(variable: Int, coefficient: Fr)]()
        var total: UInt64 = 0
        for index in 0..<products {
            let x = UInt64.random(in: 0..<(1 << 16), using: &rng), y = UInt64.random(in: 0..<(1 << 16), using: &rng)
            let a = cs.addPrivate(), b = cs.addPrivate(), c = cs.addPrivate()
            witness += [Fr(x), Fr(y), Fr(x * y)]
            total += x * y
            cs.addConstraint(LinearCombination(a), LinearCombination(b), LinearCombination(c), label: "product[\(index)]")
            sumTerms.append((c.index, .one))
        }
        cs.addConstraint(LinearCombination(terms: sumTerms), LinearCombination(constant: .one), LinearCombination(out),
                         label: "sum")
        witness[1] = Fr(total)
        return (cs, witness)
    }

    /// Runs every measurement; `progress` receives a line before each step (for stderr).
    public static func run(logSize: Int, proveRuns: Int = 3, progress: (String) -> Void = { _ in }) throws -> Result {
        guard (2...Fr.twoAdicity).contains(logSize) else { throw BenchError("log size \(logSize) is outside 2...28") }
        var rng = SystemRandomNumberGenerator()
        progress("field and pairing micro-benchmarks")
        let frMultiplication = ProveBench.frMultiplication()
        let frBatchedMultiplication = ProveBench.frMultiplicationBatched()
        let pairing = ProveBench.pairing()

        progress("G1 MSM of 2^\(logSize) points")
        let (msmRandom, msmSmall) = msmMedians(logSize: logSize, using: &rng)

        progress("synthetic circuit and setup (2^\(logSize) domain)")
        let (cs, witness) = syntheticCircuit(logSize: logSize, using: &rng)
        var setupTimer = PhaseTimer()
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("zktrain-bench-\(UUID().uuidString).key").path
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        try Groth16.setup(cs, using: &rng, timer: &setupTimer).write(to: keyFile)
        // The prove runs see what a prover process has: the constraints, the witness and the
        // key read from its file (the in-memory key from setup is gone).
        ProcessMemory.releaseFreedMemory()
        let peakIsProveOnly = ProcessMemory.resetPeakResident()

        progress("read the proving key back (\(keyFile))")
        let read = Stopwatch()
        let pk = try Groth16.ProvingKey(contentsOf: keyFile)
        let keyRead = read.seconds

        progress("prove ×\(proveRuns)")
        var runs = [(seconds: Double, timer: PhaseTimer, proof: Groth16.Proof)]()
        for _ in 0..<max(proveRuns, 1) {
            var timer = PhaseTimer()
            let watch = Stopwatch()
            let proof = try Groth16.prove(pk, cs: cs, witness: witness, using: &rng, timer: &timer)
            runs.append((watch.seconds, timer, proof))
        }
        let peak = ProcessMemory.peakResidentBytes()
        let medianRun = medianElement(of: runs, by: \.seconds)!  // proveRuns ≥ 1

        progress("verify")
        let inputs = [witness[1]]
        var valid = true
        let verify = median(wallNanoseconds(runs: 9) {
            valid = valid && Groth16.verify(pk.verifyingKey, publicInputs: inputs, proof: medianRun.proof)
        }) / 1e9
        guard valid else { throw BenchError("the benchmark's proof did not verify") }

        return Result(logSize: logSize, constraintCount: cs.constraints.count, variableCount: cs.variableCount,
                      frMultiplicationNanoseconds: frMultiplication,
                      frBatchedMultiplicationNanoseconds: frBatchedMultiplication, pairingMilliseconds: pairing,
                      verifyMilliseconds: verify * 1e3, msmRandomMilliseconds: msmRandom * 1e3,
                      msmSmallMilliseconds: msmSmall * 1e3, setupSeconds: setupTimer.totalSeconds,
                      proveSeconds: medianRun.seconds, proveRuns: runs.count, keyReadSeconds: keyRead, provePeakRSSBytes: peak,
                      peakRSSIsProveOnly: peakIsProveOnly, proveTimer: medianRun.timer)
    }

    /// A benchmark that could not run (bad size) or produced a proof that does not verify.
    public struct BenchError: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Median wall-clock seconds of G1 MSMs of 2^logSize points with random and with 16-bit
    /// scalars. A function of its own so that its inputs are freed before the prove runs
    /// whose peak memory is measured.
    static func msmMedians(logSize: Int, using rng: inout some RandomNumberGenerator) -> (random: Double, small: Double) {
        let points = G1Jacobian.distinctPoints(count: 1 << logSize, using: &rng)
        let random = points.map { _ in Fr.random(using: &rng) }
        let small = points.map { _ in Fr(UInt64.random(in: 0..<(1 << 16), using: &rng)) }
        return (median(wallNanoseconds(runs: 3) { _ = MSM.pippenger(points, random) as G1Jacobian? }) / 1e9,
                median(wallNanoseconds(runs: 3) { _ = MSM.pippenger(points, small) as G1Jacobian? }) / 1e9)
    }
}

// `zktrain bench ceremony`: the phase-2 ceremony's costs on a given circuit — a contribution
// (δ and every C and H point rescaled) and a verification from the circuit, the accumulator
// and the initial key (checked by random linear combinations, then the chain, then C and H
// by batched pairings). The accumulator and initial key come from known secrets (INSECURE
// shortcuts, only here) so that phase 1 is not part of the measurement. A measurement, not a test.
import Foundation
import Prove
import Support

/// The ceremony benchmark behind `zktrain bench ceremony`.
public enum CeremonyBench {
    public struct Result: Sendable {
        public var constraintCount: Int
        public var variableCount: Int
        public var domainLogSize: Int
        /// Building the accumulator and the initial key from known secrets (not a ceremony step), s.
        public var setupSeconds: Double
        /// Each contribution (the key after n contributions gets the next), s.
        public var contributeSeconds: [Double]
        /// Each verification of the final key, s.
        public var verifySeconds: [Double]
        /// `Phase2.initialKey` from the accumulator (what `ceremony init` does), s; nil if not measured.
        public var initSeconds: Double?
    }

    /// Runs `runs` contributions, then `runs` verifications of the final key; `measureInit`
    /// also times the initial key from the Lagrange points (minutes for large circuits).
    public static func run(_ cs: ConstraintSystem, runs: Int, measureInit: Bool, progress: (String) -> Void = { _ in }) throws -> Result {
        let k = Phase2.domainLogSize(constraintCount: cs.constraints.count, publicCount: cs.publicCount)
        var rng = SystemRandomNumberGenerator()
        let tau = Fr.random(using: &rng), alpha = Fr.random(using: &rng), beta = Fr.random(using: &rng)
        progress("accumulator 2^\(k) and initial key from known secrets (insecure shortcut)")
        var clock = Stopwatch()
        let ptau = PowersOfTau.insecureForBenchmarks(power: k, tau: tau, alpha: alpha, beta: beta, blocks: [k, k + 1])
        let initial = try Phase2.insecureInitialKeyForBenchmarks(cs, ptau: ptau, tau: tau, alpha: alpha, beta: beta)
        let setup = clock.seconds
        var initSeconds: Double?
        if measureInit {
            progress("Phase2.initialKey from the Lagrange points")
            clock = Stopwatch()
            let computed = try Phase2.initialKey(cs, ptau: ptau)
            initSeconds = clock.seconds
            guard computed == initial else { throw CeremonyError("initialKey disagrees with the known-secret key") }
        }
        var key = initial
        var contribute = [Double]()
        for run in 0..<runs {
            progress("contribution \(run + 1)/\(runs)")
            clock = Stopwatch()
            key = try key.contributing(name: "bench \(run + 1)", entropy: "bench").key
            contribute.append(clock.seconds)
        }
        var verify = [Double]()
        for run in 0..<runs {
            progress("verification \(run + 1)/\(runs)")
            clock = Stopwatch()
            _ = try Phase2.verify(key, circuit: cs, ptau: ptau, initial: initial)
            verify.append(clock.seconds)
        }
        return Result(constraintCount: cs.constraints.count, variableCount: cs.variableCount, domainLogSize: k, setupSeconds: setup,
                      contributeSeconds: contribute, verifySeconds: verify, initSeconds: initSeconds)
    }
}

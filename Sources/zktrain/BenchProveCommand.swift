// `zktrain bench prove`: Groth16 cost medians (Fr multiplication, pairing, verify, G1 MSMs of
// 2^N points with random and 16-bit scalars, setup, and a prove of a synthetic 2^N-domain
// circuit with its peak RSS, the key read back from a file). Glue over `Groth16Bench.run`; use a release build.
import ArgumentParser
import Benchmarks
import Foundation
import Prove

struct BenchProve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Groth16 prover costs: field, pairing, verify, MSM 2^N, prove of a 2^N circuit.",
        discussion: """
        The synthetic circuit has one public output and 2^N − 2 constraints (2^N − 3 products \
        of 16-bit values and one sum), so its evaluation domain is exactly 2^N and its witness \
        is mostly ≤ 32 bits, like a quantized network's. After setup the proving key is written \
        to a temporary file and read back (timed apart), as `zktrain groth16 prove` does, so \
        the peak RSS is a prover process's: key, constraints, witness and the prover's \
        buffers. It is VmHWM from /proc/self/status, reset after setup once the memory setup \
        freed is handed back. Needs the key's size free in the temporary folder (1 GiB at \
        2^20). With --json: one JSON object on stdout.
        """)

    @Option(help: "log₂ of the MSM size and of the circuit's domain (2...20; 2^16 needs ~350 MB, memory grows linearly).") var logSize: Int = 16
    @Option(help: "Number of prove runs (median reported).") var runs: Int = 3
    @Flag(help: "Print one JSON object on stdout.") var json = false
    @Flag(help: "Print the phases of the median prove run (stderr).") var verbose = false

    func validate() throws {
        guard (2...20).contains(logSize) else { throw ValidationError("--log-size must be in 2...20") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be in 1...100") }
    }

    func run() throws {
        try reportingErrors {
            let r = try Groth16Bench.run(logSize: logSize, proveRuns: runs) { printError("bench prove: \($0)") }
            if verbose { printError("median prove run:\n" + r.proveTimer.report) }
            let peakMiB = r.provePeakRSSBytes.map { Double($0) / 1_048_576 }
            if json {
                var obj: [String: Any] = [
                    "log_size": r.logSize, "constraints": r.constraintCount, "wires": r.variableCount,
                    "fr_mul_ns": r.frMultiplicationNanoseconds, "fr_mul_batched_ns": r.frBatchedMultiplicationNanoseconds,
                    "pairing_ms": r.pairingMilliseconds,
                    "verify_ms": r.verifyMilliseconds, "msm_g1_random_ms": r.msmRandomMilliseconds,
                    "msm_g1_16bit_ms": r.msmSmallMilliseconds, "setup_s": r.setupSeconds,
                    "prove_s": r.proveSeconds, "prove_runs": r.proveRuns, "key_read_s": r.keyReadSeconds,
                    "prove_peak_rss_is_prove_only": r.peakRSSIsProveOnly,
                    "prove_phases_s": Dictionary(r.proveTimer.phases.map { ($0.name, $0.seconds) }, uniquingKeysWith: +),
                ]
                if let peakMiB { obj["prove_peak_rss_mib"] = peakMiB }
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self))
            } else {
                print(String(format: "Fr multiplication      %8.2f ns (dependent chain)", r.frMultiplicationNanoseconds))
                print(String(format: "Fr multiplication      %8.2f ns (batched)", r.frBatchedMultiplicationNanoseconds))
                print(String(format: "pairing                %8.2f ms", r.pairingMilliseconds))
                print(String(format: "Groth16 verify         %8.2f ms", r.verifyMilliseconds))
                print(String(format: "G1 MSM 2^%-2d random    %8.1f ms", r.logSize, r.msmRandomMilliseconds))
                print(String(format: "G1 MSM 2^%-2d 16-bit    %8.1f ms", r.logSize, r.msmSmallMilliseconds))
                print(String(format: "setup (%d constraints) %8.2f s", r.constraintCount, r.setupSeconds))
                print(String(format: "read proving key       %8.2f s", r.keyReadSeconds))
                print(String(format: "prove (median of %d)    %8.2f s", r.proveRuns, r.proveSeconds))
                print(peakMiB.map { String(format: "prove peak RSS         %8.1f MiB (key read + prove%@)", $0, r.peakRSSIsProveOnly ? "" : "; process peak") }
                      ?? "prove peak RSS         unavailable")
            }
        }
    }
}

// `zktrain bench kernels`: medians of Prove's arithmetic kernels (field multiplication,
// pairing, NTT, MSM, …) without a Groth16 setup, for quick before/after comparisons.
// Glue over `ProveBench.kernels` (Benchmarks); use a release build.
import ArgumentParser
import Benchmarks
import Foundation
import Prove

struct BenchKernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Prove's kernels: Fr/Fq multiplication, inversion, pairing, NTT 2^N, G1 MSM 2^N.",
        discussion: "Single-threaded kernels report thread CPU time; MSMs report wall clock on all cores.")

    @Option(help: "log₂ of the NTT and MSM sizes (2...22).") var logSize: Int = 16
    @Option(help: "Run only the kernels whose name contains this text (case-insensitive).") var only: String?

    func validate() throws {
        guard (2...22).contains(logSize) else { throw ValidationError("--log-size must be in 2...22") }
    }

    func run() throws {
        for kernel in ProveBench.kernels(logSize: logSize)
        where only.map({ kernel.name.localizedCaseInsensitiveContains($0) }) ?? true {
            let value = kernel.measure()
            print("\(kernel.name.padding(toLength: 52, withPad: " ", startingAt: 0)) \(String(format: "%10.2f", value)) \(kernel.unit)")
        }
    }
}

// `zktrain bench circuit` (median witness + prove time and peak memory of a model circuit,
// next to the cost model's prediction) and `zktrain bench calibrate` (fits this machine's
// cost profile from measured proofs of random calibration models).
import ArgumentParser
import Circuit
import Foundation
import Prove
import Quantize
import Train
import Support

struct BenchCircuit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circuit",
        abstract: "Prove time of a model circuit: median of witness generation + Groth16 prove, with the prediction.",
        discussion: """
        Compiles MODEL (a model directory or an architecture spec with random weights), runs \
        a single-party setup in memory, then proves a Fashion-MNIST-sized random input --runs \
        times. The time excludes setup and key loading, like the prediction of `zktrain cost`.

        With committed weights, --reuse-fixed-wires measures a prover that serves many inputs \
        of one model: the weight wires' share of the A, B and L multi-scalar multiplications \
        is computed once (reported separately) and every run reuses it. The prediction is \
        for proofs without reuse.
        """)

    @OptionGroup var model: ModelOrSpecOptions
    @OptionGroup var visibility: VisibilityOptions
    @Option(help: "Prove runs (median reported).") var runs: Int = 5
    @Flag(help: "Committed weights: compute the weight wires' MSM sums once and reuse them in every run.")
    var reuseFixedWires = false
    @Flag(help: "Print the phases of the median run (stderr).") var verbose = false
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        try reportingErrors {
            let integer = try model.integerModel()
            let circuit = try ModelCircuit(model: integer, options: visibility.circuitOptions)
            let cost = CostModel.cost(of: circuit.plan)
            printError("\(cost.constraints) constraints, domain 2^\(cost.domainLogSize): setup, then \(runs) proofs …")
            var rng = SystemRandomNumberGenerator()
            let input = (0..<circuit.plan.inputCount).map { _ in Int64(Int.random(in: integer.inputRange, using: &rng)) }
            let m = try CircuitBench.measure(circuit, input: input, secrets: CircuitSecrets(weightBlinding: Fr.random(using: &rng), inputBlinding: Fr.random(using: &rng)), runs: runs,
                                             reuseFixedWires: reuseFixedWires)
            let (profile, source) = try CostProfile.current()
            let predicted = profile.predictedSeconds(cost), predictedBytes = profile.predictedBytes(cost)
            if verbose { printError(m.phases.report) }
            if json {
                let obj: [String: Any] = ["constraints": cost.constraints, "domain_log2": cost.domainLogSize, "median_seconds": m.seconds,
                                          "samples": m.samples, "witness_seconds": m.witnessSeconds, "peak_bytes": m.peakBytes ?? -1,
                                          "predicted_seconds": predicted, "predicted_peak_bytes": predictedBytes, "profile": source,
                                          "fixed_wire_sums_seconds": m.fixedWireSumsSeconds ?? -1]
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
            } else {
                print(String(format: "%@: %d constraints (2^%d), witness + prove median %.4f s over %d runs (witness %.4f s), peak %@",
                             integer.arch, cost.constraints, cost.domainLogSize, m.seconds, m.samples.count, m.witnessSeconds,
                             m.peakBytes.map { String(format: "%.0f MiB", Double($0) / 1_048_576) } ?? "?"))
                if let once = m.fixedWireSumsSeconds {
                    print(String(format: "reusing the weight wires' MSM sums, computed once in %.4f s (the prediction is without reuse)", once))
                }
                print(String(format: "predicted %.4f s (%+.0f%%), peak %.0f MiB (%@)", predicted, (predicted / m.seconds - 1) * 100,
                             predictedBytes / 1_048_576, source))
            }
        }
    }
}

struct BenchCalibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit this machine's cost profile (prove time and memory) from measured proofs; writes it for `zktrain cost`.",
        discussion: """
        Proves thirteen random calibration models (MLPs and CNNs; public, committed and certified weights; \
        domains 2^10…2^18), --runs times each, and fits non-negative coefficients minimising \
        relative error. Each model's peak memory is measured again in a process of its own, as a \
        one-off prover's. Takes about two minutes. Writes the profile to --out (default: the user \
        profile that zktrain cost reads).
        """)

    @Option(help: "Prove runs per calibration model (median used).") var runs: Int = 3
    @Option(help: "Where to write the profile (default: ~/.config/zktrain/cost-profile.json).") var out: String?
    @Option(help: .hidden) var peakOfCase: Int?

    func run() throws {
        try reportingErrors {
            if let peakOfCase {  // the child process that measures one case's memory
                print(try CircuitBench.calibrationPeak(case: peakOfCase).map(String.init) ?? "n/a")
                return
            }
            let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
                .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
                .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
            let machine = "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores"
            let (profile, measured) = try CircuitBench.calibrate(runs: runs, machine: machine, peakOfCase: {
                Int(try OwnExecutable.run(["bench", "calibrate", "--peak-of-case", String($0)]).trimmingCharacters(in: .whitespacesAndNewlines))
            }) { printError($0) }
            print("case                              constraints  measured s  predicted s  measured MiB  predicted MiB")
            for (name, m) in measured {
                let peak = m.peakBytes.map { String(format: "%13.0f", Double($0) / 1_048_576) } ?? String(repeating: " ", count: 10) + "n/a"
                print(String(format: "%@ %12d %11.4f %12.4f %@ %14.0f", name.padding(toLength: 32, withPad: " ", startingAt: 0),
                             m.cost.constraints, m.seconds, profile.predictedSeconds(m.cost), peak,
                             profile.predictedBytes(m.cost) / 1_048_576))
            }
            print("seconds per feature [1, N·log2N, H-query MSM additions, witness windows, matrix entries, public wires] (millions): \(profile.secondsPerFeature)")
            print("bytes per feature [1, N, wires, entries] (millions): \(profile.bytesPerFeature)")
            let url = out.map { URL(fileURLWithPath: $0) } ?? CostProfile.userPath
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try writeAtomically(try encoder.encode(profile), to: url)
            print("profile written to \(url.path)")
        }
    }
}

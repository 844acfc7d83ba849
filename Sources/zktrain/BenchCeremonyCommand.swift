// `zktrain bench ceremony CIRCUIT.r1cs`: phase-2 contribution and verification times
// (medians) on a circuit. Glue over `CeremonyBench.run`; use a release build.
import ArgumentParser
import Benchmarks
import Foundation
import Prove
import Support

struct BenchCeremony: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceremony",
        abstract: "Phase-2 ceremony costs on a circuit: contribution and verification (medians).",
        discussion: """
        The accumulator and the initial key are made from known secrets (an insecure shortcut \
        used only here) so that phase 1 is not timed. Then --runs contributions, each on the \
        previous key, and --runs verifications of the final key from the circuit, the \
        accumulator and the initial key. --init also times the initial key from the Lagrange \
        points (what `ceremony init` does; minutes for large circuits).
        """)

    @Argument(help: "The circuit, an iden3 .r1cs file (e.g. from zktrain compile).") var circuit: String
    @Option(help: "Contributions and verifications (median reported).") var runs: Int = 3
    @Flag(help: "Also time the initial key from the accumulator.") var `init` = false
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        try reportingErrors {
            let cs = try R1CSFile.read(from: URL(fileURLWithPath: circuit))
            let r = try CeremonyBench.run(cs, runs: max(runs, 1), measureInit: `init`) { printError("bench ceremony: \($0)") }
            if json {
                var obj: [String: Any] = ["constraints": r.constraintCount, "wires": r.variableCount, "domain_log2": r.domainLogSize,
                                          "setup_s": r.setupSeconds, "contribute_s": r.contributeSeconds, "verify_s": r.verifySeconds,
                                          "contribute_median_s": median(r.contributeSeconds), "verify_median_s": median(r.verifySeconds)]
                if let i = r.initSeconds { obj["init_s"] = i }
                print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self))
            } else {
                print("\(r.constraintCount) constraints, \(r.variableCount) wires, domain 2^\(r.domainLogSize)")
                print(String(format: "contribution  median %.2f s  (runs: %@)", median(r.contributeSeconds), r.contributeSeconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
                print(String(format: "verification  median %.2f s  (runs: %@)", median(r.verifySeconds), r.verifySeconds.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
                if let i = r.initSeconds { print(String(format: "initial key   %.2f s", i)) }
                print(String(format: "(setup from known secrets, not timed above: %.2f s)", r.setupSeconds))
            }
        }
    }
}

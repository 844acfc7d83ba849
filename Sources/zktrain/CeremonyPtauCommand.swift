// `zktrain ceremony ptau new|contribute|beacon|verify|prepare`: phase 1, snarkjs's .ptau files.
// Glue only: the work is `PowersOfTau` (Prove/Ceremony) and `PtauFile` (Prove/Formats).
import ArgumentParser
import Foundation
import Prove
import Support

struct CeremonyPtau: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ptau",
        abstract: "Phase 1 (powers of tau), snarkjs .ptau files: new, contribute, beacon, verify, prepare.",
        discussion: """
        A small local phase 1 for tests and private ceremonies; for large circuits use a \
        published, prepared file (Hermez, PSE) and `ptau verify` it. Files are \
        snarkjs-compatible in both directions.
        """,
        subcommands: [PtauNew.self, PtauContribute.self, PtauBeacon.self, PtauVerify.self, PtauPrepare.self])
}

struct PtauNew: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "A fresh accumulator of 2^POWER powers (τ = α = β = 1; contribute before use).")
    @Argument(help: "log₂ of the number of powers (1…28); a circuit needs constraints + public + 1 ≤ 2^POWER.") var power: Int
    @Option(help: "Output .ptau file.") var out: String

    func run() throws {
        try reportingErrors {
            let ptau = try PowersOfTau.new(power: power)
            try PtauFile.write(ptau, to: URL(fileURLWithPath: out))
            print(out)
        }
    }
}

struct PtauContribute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contribute",
        abstract: "Add a contribution (secrets from the system CSPRNG mixed with --entropy); prints the response hash to publish.")
    @Argument(help: "The current .ptau file.") var input: String
    @Option(help: "Output .ptau file.") var out: String
    @OptionGroup var contributor: ContributorOptions

    func run() throws {
        try reportingErrors {
            let ptau = try PtauFile.read(from: URL(fileURLWithPath: input))
            printError("contributing to 2^\(ptau.power) powers …")
            let (next, response) = try ptau.contributing(name: contributor.name, entropy: contributor.entropy)
            try PtauFile.write(next, to: URL(fileURLWithPath: out))
            print("contribution #\(next.contributions.count) response hash: \(hexString(response))")
        }
    }
}

struct PtauBeacon: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "beacon", abstract: "Apply a public random beacon as the last contribution.")
    @Argument(help: "The current .ptau file.") var input: String
    @Option(help: "Output .ptau file.") var out: String
    @OptionGroup var beacon: BeaconOptions

    func run() throws {
        try reportingErrors {
            let ptau = try PtauFile.read(from: URL(fileURLWithPath: input))
            let (next, response) = try ptau.applyingBeacon(name: beacon.name, beacon: try beacon.parsed())
            try PtauFile.write(next, to: URL(fileURLWithPath: out))
            print("beacon response hash: \(hexString(response))")
        }
    }
}

struct PtauVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a .ptau: its internal consistency (batched pairings) and its contribution chain.",
        discussion: """
        Every contribution's proofs of knowledge are checked against the previous challenge \
        and the points must follow them; only the last contribution's hashes can be \
        recomputed from the points (and not in a file cut down from a larger ceremony). Exit \
        status 1 and the first failed check if anything is wrong.
        """)
    @Argument(help: "The .ptau file.") var input: String

    func run() throws {
        try reportingErrors {
            let ptau = try PtauFile.read(from: URL(fileURLWithPath: input))
            let report = try ptau.verify { printError("verify: \($0)") }
            for (index, c) in report.contributions.enumerated() {
                print("contribution #\(index + 1)\(c.isBeacon ? " (beacon)" : "") \(c.name ?? ""): response hash \(hexString(c.responseHash))")
            }
            print("powers: 2^\(ptau.power) (ceremony 2^\(ptau.ceremonyPower)); last contribution's hashes "
                + (report.lastHashesRecomputed ? "recomputed from the points" : "not recomputable (cut-down file)")
                + "; Lagrange sections " + (report.lagrangeChecked ? "checked" : "absent (run `ceremony ptau prepare`)"))
            print("OK")
        }
    }
}

struct PtauPrepare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Add the Lagrange sections phase 2 needs (snarkjs `powersoftau prepare phase2`).",
        discussion: "A group FFT per domain size: seconds at 2^10, long beyond 2^16 (use a published prepared file there).")
    @Argument(help: "The .ptau file after its last contribution (or beacon).") var input: String
    @Option(help: "Output .ptau file.") var out: String

    func run() throws {
        try reportingErrors {
            let ptau = try PtauFile.read(from: URL(fileURLWithPath: input))
            let prepared = try ptau.preparedForPhase2 { printError("prepare: \($0)") }
            try PtauFile.write(prepared, to: URL(fileURLWithPath: out))
            print(out)
        }
    }
}

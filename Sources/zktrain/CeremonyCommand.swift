// `zktrain ceremony …`: a multi-party trusted setup. `ptau …` is phase 1 (CeremonyPtauCommand);
// init, contribute, beacon, verify and finalize are phase 2 for one circuit, with keys as
// snarkjs .zkey files (ZkeyFile), so snarkjs's own keys and `groth16 prove --key` fit; verify
// and finalize are in CeremonyVerifyCommand. Glue only: the work is `Phase2` (Prove/Ceremony).
import ArgumentParser
import Foundation
import Prove

struct CeremonyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceremony",
        abstract: "Multi-party trusted setup: phase 1 (ptau) and the circuit's phase 2 (init, contribute, beacon, verify, finalize).",
        discussion: """
        A key from a ceremony can be trusted by whoever trusts at least one contributor (or \
        the beacon): each contributor publishes the hash `contribute` prints and checks that \
        `verify` lists it. Three parties: `ceremony init model.r1cs --ptau P.ptau --out k0.zkey`, \
        then each runs `ceremony contribute kN.zkey --out kN+1.zkey`, then `ceremony beacon`, \
        then anyone runs `ceremony verify` and `ceremony finalize`.
        """,
        subcommands: [CeremonyPtau.self, CeremonyInit.self, CeremonyContribute.self, CeremonyBeacon.self, CeremonyVerify.self,
                      CeremonyFinalize.self])
}

struct CeremonyInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "The circuit's initial phase-2 key (δ = 1) from a prepared .ptau (snarkjs `zkey new`).")
    @Argument(help: "The circuit, an iden3 .r1cs file (zktrain compile writes model.r1cs).") var circuit: String
    @Option(help: "A prepared .ptau with 2^power ≥ constraints + public + 1.") var ptau: String
    @Option(help: "Output key file (.zkey).") var out: String

    func run() throws {
        try reportingErrors {
            let cs = try R1CSFile.read(from: URL(fileURLWithPath: circuit))
            let p = try PtauFile.read(from: URL(fileURLWithPath: ptau))
            let key = try Phase2.initialKey(cs, ptau: p) { printError("init: \($0)") }
            if !Phase2.circuitHashMatchesSnarkjs(domainLogSize: key.key.domainLogSize, ptauPower: p.power) {
                printError("note: for a domain of the .ptau's full size snarkjs computes another circuit hash; use a .ptau of power \(key.key.domainLogSize + 1) for snarkjs interop")
            }
            try key.write(to: URL(fileURLWithPath: out))
            print("circuit hash: \(hexString(key.circuitHash))")
        }
    }
}

struct CeremonyContribute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contribute",
        abstract: "Add a contribution to a phase-2 key (secret from the system CSPRNG mixed with --entropy); prints the hash to publish.")
    @Argument(help: "The current key (.zkey).") var key: String
    @Option(help: "Output key file.") var out: String
    @OptionGroup var contributor: ContributorOptions

    func run() throws {
        try reportingErrors {
            let current = try ZkeyFile(contentsOf: URL(fileURLWithPath: key))
            let (next, hash) = try current.contributing(name: contributor.name, entropy: contributor.entropy) { printError("contribute: \($0)") }
            try next.write(to: URL(fileURLWithPath: out))
            print("contribution #\(next.contributions.count) hash: \(hexString(hash))")
        }
    }
}

struct CeremonyBeacon: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "beacon", abstract: "Apply a public random beacon as the last phase-2 contribution.")
    @Argument(help: "The current key (.zkey).") var key: String
    @Option(help: "Output key file.") var out: String
    @OptionGroup var beacon: BeaconOptions

    func run() throws {
        try reportingErrors {
            let current = try ZkeyFile(contentsOf: URL(fileURLWithPath: key))
            let (next, hash) = try current.applyingBeacon(name: beacon.name, beacon: try beacon.parsed())
            try next.write(to: URL(fileURLWithPath: out))
            print("beacon contribution hash: \(hexString(hash))")
        }
    }
}

/// What a contributor adds to either phase: a name for the record and extra entropy.
struct ContributorOptions: ParsableArguments {
    @Option(help: "Your name in the record (at most 64 characters).") var name: String?
    @Option(help: "Extra text mixed into the randomness (the system CSPRNG alone suffices).") var entropy: String = ""
}

/// A public random beacon, for the last contribution of either phase.
struct BeaconOptions: ParsableArguments {
    @Option(help: "The beacon value in hexadecimal (e.g. a future block hash).") var beacon: String
    @Option(help: "log₂ of the SHA-256 iterations (10…63).") var iterationsExponent: Int = 10
    @Option(help: "Name in the record.") var name: String = "beacon"

    /// The beacon; a value that is not hexadecimal is a usage error.
    func parsed() throws -> PowersOfTau.Beacon {
        guard let value = parseHex(beacon) else { throw ValidationError("--beacon must be hexadecimal") }
        return PowersOfTau.Beacon(value: value, iterationsExponent: iterationsExponent)
    }
}

/// Bytes from hexadecimal text (an optional 0x first); nil if malformed or empty.
private func parseHex(_ text: String) -> [UInt8]? {
    let digits = Array(text.hasPrefix("0x") ? text.dropFirst(2) : Substring(text))
    guard !digits.isEmpty, digits.count % 2 == 0 else { return nil }
    var out = [UInt8]()
    for i in stride(from: 0, to: digits.count, by: 2) {
        guard let byte = UInt8(String(digits[i...(i + 1)]), radix: 16) else { return nil }
        out.append(byte)
    }
    return out
}

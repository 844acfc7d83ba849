// `zktrain ceremony verify` and `ceremony finalize`: phase 2's checks from public inputs (the
// circuit, the .ptau, optionally the initial key and the chain), and the final key written into
// a circuit folder. Glue only: the work is `Phase2.verify` (Prove/Ceremony).
import ArgumentParser
import Foundation
import Pipeline
import Prove

/// Options that name the public inputs of a check: the circuit, the accumulator, the initial key.
struct CeremonySources: ParsableArguments {
    @Option(help: "The circuit (.r1cs).") var circuit: String
    @Option(help: "The prepared .ptau the ceremony started from.") var ptau: String
    @Option(help: "The initial key (from `ceremony init`); checked, not trusted. Without it the initial key is recomputed (slow for large circuits).")
    var initial: String?
    @Option(parsing: .upToNextOption, help: "The keys after each contribution but the last, oldest first: a bad step is then named.")
    var chain: [String] = []

    func verify(_ key: ZkeyFile) throws -> (Phase2.Report, ConstraintSystem) {
        let cs = try R1CSFile.read(from: URL(fileURLWithPath: circuit))
        let p = try PtauFile.read(from: URL(fileURLWithPath: ptau))
        let start = try initial.map { try ZkeyFile(contentsOf: URL(fileURLWithPath: $0)) }
        let steps = try chain.map { try ZkeyFile(contentsOf: URL(fileURLWithPath: $0)) }
        return (try Phase2.verify(key, circuit: cs, ptau: p, initial: start, intermediates: steps) { printError("verify: \($0)") }, cs)
    }
}

struct CeremonyVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a phase-2 key against the circuit and the .ptau, and every contribution; lists the contribution hashes.",
        discussion: "Exit status 1 and the first failed check (naming the contribution) if anything is wrong. Run `ceremony ptau verify` on the .ptau once.")
    @Argument(help: "The key to check (.zkey, ours or snarkjs's).") var key: String
    @OptionGroup var sources: CeremonySources

    func run() throws {
        try reportingErrors {
            let (report, _) = try sources.verify(try ZkeyFile(contentsOf: URL(fileURLWithPath: key)))
            printReport(report)
        }
    }
}

func printReport(_ report: Phase2.Report) {
    print("circuit hash: \(hexString(report.circuitHash))\(report.circuitHashMatchesSnarkjs ? "" : " (snarkjs computes another for this domain and .ptau size)")")
    for (index, c) in report.contributions.enumerated() {
        print("contribution #\(index + 1)\(c.isBeacon ? " (beacon)" : "") \(c.name ?? ""): \(hexString(c.hash))")
    }
    print("OK")
}

struct CeremonyFinalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finalize",
        abstract: "Verify the final key, then write proving.zkey and verification_key.json into --out.",
        discussion: """
        proving.zkey is the final key as snarkjs writes it (the contribution record included): \
        `zktrain groth16 prove --key OUT/proving.zkey` and snarkjs both prove with it. \
        verification_key.json is snarkjs's layout (γ = the G2 generator). A certified circuit \
        (compile --weights certified) has two circuits, model.r1cs and certificate.r1cs: run a \
        ceremony for each, finalize the model's into the circuit folder and the certificate's \
        with --certificate into the same folder, then `zktrain certify`.
        """)
    @Argument(help: "The final key (.zkey), normally after a beacon.") var key: String
    @OptionGroup var sources: CeremonySources
    @Option(help: "Output folder (created if missing).") var out: String
    @Flag(help: "The key is a certified circuit's certificate circuit's (certificate.r1cs): write certificate.zkey and certificate_vk.json, the names certify and verify read beside the model's key.")
    var certificate = false

    func run() throws {
        try reportingErrors {
            let final = try ZkeyFile(contentsOf: URL(fileURLWithPath: key))
            let (report, _) = try sources.verify(final)
            printReport(report)
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let names = certificate ? (WeightCertification.zkeyName, WeightCertification.verifyingKeyName)
                : (ZkeyFile.fileName, Groth16.ProvingKey.verifyingKeyFileName)
            try final.writeKeyPair(in: folder, keyName: names.0, verifyingKeyName: names.1)
            print(folder.appendingPathComponent(names.0).path)
            print(folder.appendingPathComponent(names.1).path)
        }
    }
}

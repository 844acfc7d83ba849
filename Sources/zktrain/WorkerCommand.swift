// `zktrain worker`: what a Ray worker runs for scripts/ray/zktrain_ray.py — one candidate's
// training round of a sweep (`train`, Codesign's RemoteTrainingJob) or a batch of encoded
// inputs proven with one read of the proving key (`prove`, Pipeline.proveEncoded). Hidden from
// --help: the driver script prepares the folders these commands read and write.
import ArgumentParser
import Codesign
import Foundation
import Pipeline
import Support

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Tasks a Ray worker runs for `sweep --ray` and `prove --ray` (not for direct use).",
        shouldDisplay: false,
        subcommands: [WorkerTrainCommand.self, WorkerProveCommand.self])
}

struct WorkerTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one candidate for one halving round in a sweep folder: writes its round-R.json, or its failed.json.")

    @Argument(help: "job.json (the search space, cost profile, data encoding, candidate and round).") var job: String
    @Option(help: "The worker's sweep folder (the candidate's checkpoint, if any, is resumed from it).") var out: String
    @Option(help: "This machine's copy of the space's data.") var data: String?
    @Option(help: "This machine's copy of the space's test data.") var testData: String?

    func run() throws {
        try reportingErrors {
            try RemoteTrainingJob.run(URL(fileURLWithPath: job), in: URL(fileURLWithPath: out), data: data, testData: testData,
                                      log: { printError($0) })
        }
    }
}

struct WorkerProveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Prove a batch of encoded inputs with one read of the proving key: OUT/NAME/proof.json, public.json; reports on stdout (JSON).")

    @Argument(help: "Circuit directory (circuit.json, proving.key).") var circuit: String
    @Option(help: "Model directory the circuit was compiled from.") var model: String
    @Option(help: "JSON array of {name, values}: the encoded inputs.") var inputs: String
    @Option(help: "Output directory.") var out: String
    @Flag(help: "Skip G2 subgroup checks when reading proving.key.") var skipSubgroupChecks = false

    func run() throws {
        try reportingErrors {
            var timer = PhaseTimer()
            let reports = try Pipeline.proveEncoded(URL(fileURLWithPath: inputs), circuit: URL(fileURLWithPath: circuit),
                                                    model: URL(fileURLWithPath: model), out: URL(fileURLWithPath: out),
                                                    checkSubgroups: !skipSubgroupChecks, timer: &timer, note: { printError($0) })
            printError(timer.report)
            print(String(decoding: try JSONEncoder().encode(reports), as: UTF8.self))
        }
    }
}

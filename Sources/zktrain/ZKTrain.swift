// The `zktrain` command: one subcommand per pipeline stage. Each parses its options,
// calls the library, and writes one artifact or one result; progress goes to stderr.
import ArgumentParser


struct ZKTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zktrain",
        abstract: "Train neural networks that are cheap to prove in zero knowledge.",
        discussion: """
        Today: train → eval, and Groth16 over BN254 for any iden3 .r1cs circuit
        (groth16 setup → groth16 prove → verify). Quantize and compile are still to come.
        Data: Fashion-MNIST from Debian's dataset-fashion-mnist package, or --data DIR
        (e.g. the committed subset datasets/fashion-mnist-subset).
        """,
        subcommands: [TrainCommand.self, EvalCommand.self, Groth16Command.self, VerifyCommand.self, BenchCommand.self]
    )
}

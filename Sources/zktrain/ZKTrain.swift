// The `zktrain` command: one subcommand per pipeline stage. Each parses its options,
// calls the library, and writes one artifact or one result; progress goes to stderr.
import ArgumentParser


struct ZKTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zktrain",
        abstract: "Train neural networks that are cheap to prove in zero knowledge.",
        discussion: """
        Today: train (optionally quantization-aware) → quantize → eval --integer / inspect,
        and Groth16 over BN254 for any iden3 .r1cs circuit (groth16 setup → groth16 prove →
        verify). Compiling a model to a circuit is still to come.
        Data: Fashion-MNIST from Debian's dataset-fashion-mnist package, or --data DIR
        (e.g. the committed subset datasets/fashion-mnist-subset).
        """,
        subcommands: [TrainCommand.self, EvalCommand.self, QuantizeCommand.self, InspectCommand.self, Groth16Command.self, VerifyCommand.self, BenchCommand.self]
    )
}

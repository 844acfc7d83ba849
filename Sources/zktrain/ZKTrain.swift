// The `zktrain` command: one subcommand per pipeline stage. Each parses its options,
// calls the library, and writes one artifact or one result; progress goes to stderr.
import ArgumentParser


struct ZKTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zktrain",
        abstract: "Train neural networks that are cheap to prove in zero knowledge.",
        discussion: """
        Pipeline: train → (quantize → compile → setup → prove → verify, in later releases).
        Data: Fashion-MNIST from Debian's dataset-fashion-mnist package, or --data DIR
        (e.g. the committed subset datasets/fashion-mnist-subset).
        """,
        subcommands: [TrainCommand.self, EvalCommand.self, BenchCommand.self]
    )
}

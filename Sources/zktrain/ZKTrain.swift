// The `zktrain` command: one subcommand per pipeline stage. Each parses its options,
// calls the library, and writes one artifact or one result; progress goes to stderr.
import ArgumentParser


struct ZKTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zktrain",
        abstract: "Train neural networks that are cheap to prove in zero knowledge.",
        discussion: """
        Pipeline: train (optionally quantization-aware) → quantize → cost → compile → setup →
        prove → verify; `zktrain demo` runs it all. Also eval --integer / inspect, commit (the
        weight commitment), verifier (a Vyper verifier contract and its call data, for
        on-chain verification), and Groth16 for any iden3 .r1cs circuit (groth16 setup / prove).
        Data: Fashion-MNIST from Debian's dataset-fashion-mnist package, or --data DIR
        (e.g. the committed subset datasets/fashion-mnist-subset).
        """,
        subcommands: [TrainCommand.self, EvalCommand.self, QuantizeCommand.self, InspectCommand.self, CostCommand.self, CompileCommand.self, SetupCommand.self, ProveCommand.self, VerifyCommand.self, VerifierCommand.self, CommitCommand.self, CertifyCommand.self, CheckCertificateCommand.self, DescribeCommand.self, ExportCommand.self, ImportCommand.self, SweepCommand.self, SearchCommand.self, DemoCommand.self, Groth16Command.self, CeremonyCommand.self, BenchCommand.self, DataCommand.self, WorkerCommand.self]
    )
}

// `zktrain describe`: a model's public description (model.public.json), from which a verifier
// compiles its committed-weights circuit (Quantize/IntegerModel/IntegerModel+Description.swift).
import ArgumentParser
import Foundation
import Pipeline

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Write a model's public description: what a verifier needs to rebuild its committed-weights circuit.",
        discussion: """
        The description (JSON) is the integer model without weights, biases or bounds: the \
        architecture, input shape, range and encoding, each dense and conv layer's weight and \
        bias widths, the polynomial coefficients and the rescales. Publish it with the weight \
        commitment (zktrain commit) and the circuit: `zktrain compile model.public.json \
        --weights committed …` rebuilds the circuit from it alone, and the two model.r1cs have \
        the same SHA-256. It reveals the widths and the architecture, which the circuit \
        reveals anyway, and nothing of the weights' values.
        """)

    @Argument(help: "Model directory (integer model or QAT checkpoint).") var model: String
    @Option(help: "Description file to write (e.g. model.public.json).") var out: String

    func run() throws {
        try reportingErrors {
            try Pipeline.describe(model: URL(fileURLWithPath: model), out: URL(fileURLWithPath: out))
            print("public description → \(out)")
        }
    }
}

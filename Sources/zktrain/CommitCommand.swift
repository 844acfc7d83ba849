// `zktrain commit`: the weight commitment of a model — created with a fresh CSPRNG blinding
// on first use (MODEL/commitment.json, mode 0600), recomputed from the weights after that.
// `zktrain cost`: a circuit's cost.
import ArgumentParser
import Circuit
import Foundation
import Pipeline

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit",
        abstract: "Print a model's Poseidon weight commitment (what proofs with --weights committed carry).",
        discussion: """
        The first call draws a secret blinding from the system CSPRNG and writes \
        MODEL/commitment.json (mode 0600); later calls recompute the commitment from the \
        weights and that blinding, and fail if the weights changed. An auditor given the \
        weights and commitment.json recomputes the same value (circomlib-compatible Poseidon; \
        construction in Sources/Circuit/Commitment/Commitment.swift).
        """)

    @Argument(help: "Model directory (integer model or QAT checkpoint).") var model: String

    func run() throws {
        try reportingErrors {
            print(try Pipeline.commitment(model: URL(fileURLWithPath: model)))
        }
    }
}

struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Circuit cost of a model or an architecture spec, without compiling: constraints, wires, predicted prove time and memory.",
        discussion: """
        TARGET is a model directory or an architecture spec such as "dense(64) sq dense(10)" \
        (costed with random weights of --weight-bits, exported like a trained model). Counts \
        are exact for a model directory and equal to what `zktrain compile` builds. Predictions \
        use the profile written by `zktrain bench calibrate` if there is one, else the shipped one.
        """)

    @OptionGroup var model: ModelOrSpecOptions
    @OptionGroup var visibility: VisibilityOptions
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        try reportingErrors {
            let integer = try model.integerModel()
            let circuit = try ModelCircuit(model: integer, options: visibility.circuitOptions)
            let cost = CostModel.cost(of: circuit.plan)
            let profile = try CostProfile.current()
            if json {
                struct Output: Encodable {
                    var cost: CircuitCost
                    var predictedProveSeconds: Double
                    var predictedPeakBytes: Double
                    var profile: String
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let output = Output(cost: cost, predictedProveSeconds: profile.profile.predictedSeconds(cost),
                                    predictedPeakBytes: profile.profile.predictedBytes(cost), profile: profile.source)
                print(String(decoding: try encoder.encode(output), as: UTF8.self))
            } else {
                print("\(integer.arch)  (weights \(visibility.weights.rawValue), input \(visibility.input.rawValue), outputs \(visibility.output.rawValue))")
                printCostTable(cost, profile: profile)
            }
        }
    }
}

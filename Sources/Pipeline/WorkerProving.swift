// A Ray worker's share of `prove --ray` (`zktrain worker prove`): inputs the driver already
// encoded, proven by one proving session, so with one read of the proving key; each proof goes
// to OUT/NAME, whatever the batch's size, for the driver script to send back. The driver checks
// every proof before it writes it (ProvingOnRay.swift).
import Foundation
import Support

/// One encoded input of a batch (`zktrain worker prove --inputs`).
public struct EncodedInput: Codable, Sendable {
    /// Output sub-directory name: image-N or input-K, as a local prove names it.
    public var name: String
    /// The model's integer inputs.
    public var values: [Int64]

    public init(name: String, values: [Int64]) {
        self.name = name
        self.values = values
    }
}

extension Pipeline {
    /// Proves the inputs in `inputs` (a JSON array of `EncodedInput`) with the circuit in
    /// `circuit` and the model in `model`, like `prove(circuit:model:inputs:out:data:checkSubgroups:timer:note:)`,
    /// writing each proof to `out/NAME`.
    /// - Throws: `PipelineError` for an empty list, a name that is not a plain folder name, or
    ///   whatever the proving session throws.
    public static func proveEncoded(_ inputs: URL, circuit: URL, model: URL, out: URL, checkSubgroups: Bool = true,
                                    timer: inout PhaseTimer, note: (String) -> Void = { _ in }) throws -> [ProofReport] {
        let batch = try StrictJSON.decode([EncodedInput].self, from: readFileData(inputs, limit: 1 << 30), path: inputs.path)
        guard let first = batch.first else { throw PipelineError("\(inputs.path): no inputs") }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        if let bad = batch.first(where: { $0.name.isEmpty || $0.name.hasPrefix(".") || !$0.name.allSatisfy(allowed.contains) }) {
            throw PipelineError("\(inputs.path): \(bad.name.debugDescription) is not a plain folder name")
        }
        // One input is written to `out` itself by the session; keep OUT/NAME either way.
        let target = batch.count == 1 ? out.appendingPathComponent(first.name) : out
        return try prove(circuit: circuit, model: model, inputs: batch.map { .encoded(name: $0.name, values: $0.values) }, out: target,
                         checkSubgroups: checkSubgroups, timer: &timer, note: note)
    }
}

// The model owner's weight-commitment secret: `commitment.json` in the model directory,
// holding the blinding value (drawn once from the system CSPRNG) and the commitment it gives.
// Every proof for the model reuses it, so all proofs carry the one published commitment.
// The file is written atomically with mode 0600; whoever holds it and the weights can open
// the commitment (e.g. to an auditor), whoever holds only the commitment learns nothing.
import Foundation
import Prove
import Support

/// Contents of a model directory's commitment.json.
public struct WeightSecret: Codable, Equatable, Sendable {
    public static let fileName = "commitment.json"
    public var format = "zktrain-weight-commitment"
    public var note = "SECRET: the blinding opens the commitment; share it only with an auditor who also gets the weights."
    /// The blinding value (decimal).
    public var blinding: String
    /// The commitment it gives for this model (decimal), as published.
    public var commitment: String

    public init(blinding: Fr, commitment: Fr) {
        self.blinding = blinding.description
        self.commitment = commitment.description
    }

    /// The blinding as a field element; throws a `FormatError` naming `path` if malformed.
    public func blindingValue(path: String) throws -> Fr {
        guard let value = Fr(decimal: blinding) else { throw FormatError(path: path, problem: "blinding is not a decimal field element") }
        return value
    }

    /// Reads `dir/commitment.json`, or `nil` if there is none.
    public static func read(in dir: URL) throws -> WeightSecret? {
        let url = dir.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            let secret = try StrictJSON.decode(WeightSecret.self, from: readFileData(url, limit: 1 << 16), path: url.path)
            _ = try secret.blindingValue(path: url.path)
            return secret
        } catch let error as FormatError { throw error } catch {
            throw FormatError(path: url.path, problem: "not a weight commitment file: \(error)")
        }
    }

    /// The secret of `circuit`'s model in `dir`: read if present (and checked against the
    /// weights), else created with a fresh CSPRNG blinding and written (mode 0600).
    public static func loadOrCreate(in dir: URL, for circuit: ModelCircuit) throws -> (secret: WeightSecret, blinding: Fr) {
        let url = dir.appendingPathComponent(fileName)
        if let existing = try read(in: dir) {
            let blinding = try existing.blindingValue(path: url.path)
            let recomputed = circuit.weightCommitment(blinding: blinding)
            guard recomputed.description == existing.commitment else {
                throw FormatError(path: url.path, problem: "its commitment \(existing.commitment) does not match the weights in \(dir.path) "
                    + "(they give \(recomputed)); the weights changed after the commitment was made")
            }
            return (existing, blinding)
        }
        var rng = SystemRandomNumberGenerator()
        let blinding = Fr.random(using: &rng)
        let secret = WeightSecret(blinding: blinding, commitment: circuit.weightCommitment(blinding: blinding))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(secret), to: url, permissions: 0o600)
        return (secret, blinding)
    }
}

// What a verifier must check besides the pairing equation when a proof is for a model
// circuit (`zktrain verify --circuit`, and the prover's own check before proving) — that public.json has the circuit's layout, that public
// input values are within the model's input range (the circuit does not range-check a
// public input: the verifier sees it), and that a committed-weights proof carries the
// model's published commitment.
import Foundation
import Prove

/// Why a proof's public inputs are not acceptable for a model circuit.
public struct PublicInputProblem: Sendable, Equatable {
    /// True when public.json does not have the circuit's layout (malformed), false when a
    /// value fails a check (invalid).
    public var malformed: Bool
    public var message: String
}

extension CircuitManifest {
    /// Why `publics` is not acceptable for this circuit, or nil: the layout, every public input
    /// within the model's range (the circuit does not range-check a public input), and the
    /// weight commitment equal to `commitment` (default: the one recorded here).
    public func problem(with publics: [Fr], commitment expected: String? = nil) -> PublicInputProblem? {
        circuitProblem(publics, manifest: self, commitment: expected).map { PublicInputProblem(malformed: $0.malformed, message: $0.message) }
    }
}

private func circuitProblem(_ publics: [Fr], manifest: CircuitManifest, commitment expected: String?) -> (malformed: Bool, message: String)? {
    guard publics.count == manifest.publicCount else {
        return (true, "public.json holds \(publics.count) values, circuit.json's layout has \(manifest.publicCount)")
    }
    if let start = manifest.offset(of: "input") {
        let range = manifest.inputRange[0]...manifest.inputRange[1]
        for i in 0..<manifest.publicSignals.first(where: { $0.name == "input" })!.count {
            let v = publics[start + i].signedInteger
            guard let int = Int(exactly: v), range.contains(int) else {
                return (false, "public input value \(i) is \(v), outside the model's input range \(range)")
            }
        }
    }
    if let index = manifest.offset(of: "weight commitment") {
        guard let published = expected ?? manifest.weightCommitment else {
            return (false, "circuit.json records no weight commitment (compiled from a public description): give the one the model owner published with --commitment")
        }
        guard publics[index].description == published else {
            return (false, "the proof's weight commitment \(publics[index]) is not the published \(published)")
        }
    }
    return nil
}

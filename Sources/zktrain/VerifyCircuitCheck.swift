// `zktrain verify --circuit`: what a verifier must check besides the pairing equation when a
// proof is for a model circuit — that public.json has the circuit's layout, that public
// input values are within the model's input range (the circuit does not range-check a
// public input: the verifier sees it), and that a committed-weights proof carries the
// model's published commitment.
import Circuit
import Foundation
import Prove

/// Why `publics` is not acceptable for the circuit in `manifest`, or nil. The first element
/// says whether the problem is malformed input (layout) rather than a failed check.
func circuitProblem(_ publics: [Fr], manifest: CircuitManifest, commitment expected: String?) -> (malformed: Bool, message: String)? {
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
        let published = expected ?? manifest.weightCommitment
        guard publics[index].description == published else {
            return (false, "the proof's weight commitment \(publics[index]) is not the published \(published ?? "?")")
        }
    }
    return nil
}

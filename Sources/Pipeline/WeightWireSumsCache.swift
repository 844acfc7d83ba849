// Where the weight wires' MSM sums of a committed model are kept between proving runs: in the
// model directory, next to the other secret (commitment.json), mode 0600. A file that cannot
// be read or written costs a notice and the computation, never the proof.
import Foundation
import Prove
import Support

/// The saved `Groth16.FixedWireSums` of one model directory.
struct WeightWireSumsCache {
    let path: String

    init(model: URL) { path = model.appendingPathComponent("weight-wire-sums.bin").path }

    /// The sums for `key` and these weights: read from `path` if it holds sums for this proving
    /// key and these weights (fromFile: true), else computed and saved there for later runs.
    func sums(_ key: ModelProvingKey, witness: [Fr], wires: Range<Int>, timer: inout PhaseTimer,
              note: (String) -> Void) throws -> (sums: Groth16.FixedWireSums, fromFile: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            timer.start("weight wires' MSM sums (read)")
            do {
                let sums = try Groth16.FixedWireSums(contentsOf: path)
                if sums.wires == wires, key.fits(sums, witness: witness) { return (sums, true) }
                note("note: \(path) holds sums for another proving key or other weights; computing them again")
            } catch {
                note("warning: \(error); computing the sums again")
            }
        }
        timer.start("weight wires' MSM sums (computed once)")
        let sums = try key.fixedWireSums(witness: witness, wires: wires)
        do {
            try sums.write(to: path)
            note("saved the weight wires' MSM sums to \(path) (mode 0600, secret like the weights): "
                 + "later proofs of this model with this proving key skip that work")
        } catch {
            note("warning: could not save the weight wires' MSM sums (\(error)); the next run computes them again")
        }
        return (sums, false)
    }

    /// Removes the file (after a proof made with it failed to verify).
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

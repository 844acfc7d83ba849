// The proving key of a compiled model circuit (or of its certificate circuit), in either
// layout: `proving.key` (ZKTrain's format, from `zktrain setup`; H as [τⁱZ(τ)/δ]) or
// `proving.zkey` (snarkjs's layout, from `zktrain ceremony finalize` or snarkjs; H on the odd
// coset of the doubled domain). Both reuse the weight wires' MSM sums. `proving.key` wins when
// both are in the folder (likewise `certificate.key` over `certificate.zkey`).
import Foundation
import Prove
import Support

enum ModelProvingKey {
    case ours(Groth16.ProvingKey)
    case snarkjs(ZkeyFile)

    /// `circuit/proving.key`, or `circuit/proving.zkey` when only that exists.
    static func path(in circuit: URL) -> String { path(in: circuit, ours: "proving.key", zkey: ZkeyFile.fileName) }

    /// `circuit/ours`, or `circuit/zkey` when only that exists (the certificate circuit's key:
    /// `certificate.key` from setup, `certificate.zkey` from a ceremony).
    static func path(in circuit: URL, ours: String, zkey: String) -> String {
        let ours = circuit.appendingPathComponent(ours).path, zkey = circuit.appendingPathComponent(zkey).path
        return !FileManager.default.fileExists(atPath: ours) && FileManager.default.fileExists(atPath: zkey) ? zkey : ours
    }

    /// Reads the key at `path` (a `.zkey` by its magic).
    init(contentsOf path: String, checkSubgroups: Bool) throws {
        if ZkeyFile.hasMagic(at: URL(fileURLWithPath: path)) {
            self = .snarkjs(try ZkeyFile(contentsOf: URL(fileURLWithPath: path), checkSubgroups: checkSubgroups))
        } else {
            self = .ours(try Groth16.ProvingKey(contentsOf: path, checkSubgroups: checkSubgroups))
        }
    }

    var verifyingKey: Groth16.VerifyingKey {
        switch self {
        case .ours(let pk): pk.verifyingKey
        case .snarkjs(let zkey): zkey.key.verifyingKey
        }
    }

    /// `Groth16.fixedWireSums` with this key.
    func fixedWireSums(witness: [Fr], wires: Range<Int>) throws -> Groth16.FixedWireSums {
        switch self {
        case .ours(let pk): try Groth16.fixedWireSums(pk, witness: witness, wires: wires)
        case .snarkjs(let zkey): try Groth16.fixedWireSums(zkey.key, witness: witness, wires: wires)
        }
    }

    /// Whether `sums` belong to this key and to the values `witness` holds on their wires.
    func fits(_ sums: Groth16.FixedWireSums, witness: [Fr]) -> Bool {
        switch self {
        case .ours(let pk): sums.fits(pk, witness: witness)
        case .snarkjs(let zkey): sums.fits(zkey.key, witness: witness)
        }
    }

    /// `Groth16.prove` with this key.
    func prove(cs: ConstraintSystem, witness: [Fr], reusing fixed: Groth16.FixedWireSums?,
               using rng: inout some RandomNumberGenerator, timer: inout PhaseTimer) throws -> Groth16.Proof {
        switch self {
        case .ours(let pk): try Groth16.prove(pk, cs: cs, witness: witness, reusing: fixed, using: &rng, timer: &timer)
        case .snarkjs(let zkey): try Groth16.prove(zkey.key, cs: cs, witness: witness, reusing: fixed, using: &rng, timer: &timer)
        }
    }
}

// The proving key of a compiled model circuit, in either layout: `proving.key` (ZKTrain's
// format, from `zktrain setup`; H as [τⁱZ(τ)/δ], with the weight-wire-sums cache) or
// `proving.zkey` (snarkjs's layout, from `zktrain ceremony finalize` or snarkjs; H on the odd
// coset of the doubled domain). `proving.key` wins when both are in the folder.
import Foundation
import Prove
import Support

enum ModelProvingKey {
    case ours(Groth16.ProvingKey)
    case snarkjs(ZkeyFile)

    /// `circuit/proving.key`, or `circuit/proving.zkey` when only that exists.
    static func path(in circuit: URL) -> String {
        let ours = circuit.appendingPathComponent("proving.key").path, zkey = circuit.appendingPathComponent("proving.zkey").path
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
}

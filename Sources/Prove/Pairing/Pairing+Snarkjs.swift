// snarkjs compatibility of target-group values. ffjavascript's final exponentiation
// (Fuentes-Castañeda et al.'s chain) returns e^m with m = 2x(6x² + 3x + 1) instead of the
// canonical e. Verification (== 1) is unaffected, but a `vk_alphabeta_12` written for
// snarkjs must hold e(α, β)^m. Not on any hot path.

extension Pairing {
    /// m = 2x(6x² + 3x + 1) as little-endian limbs (about 190 bits), x = `bn254X`.
    public static let snarkjsExponent: [UInt64] = {
        let x = bn254X
        let (squareHigh, squareLow) = x.multipliedFullWidth(by: x)
        var t: Limbs = limbsMultiplyAdd((squareLow, squareHigh, 0, 0), 6, 1).0  // 6x² + 1
        let (tripleHigh, tripleLow) = x.multipliedFullWidth(by: 3)
        t = limbsAdd(t, (tripleLow, tripleHigh, 0, 0)).0                        // + 3x
        t = limbsMultiplyAdd(t, x, 0).0
        t = limbsMultiplyAdd(t, 2, 0).0
        return limbsArray(t)
    }()

    /// The target-group value snarkjs computes for e(p, q): `pairing(p, q)^snarkjsExponent`.
    public static func snarkjsPairing(_ p: G1Affine, _ q: G2Affine) -> Fq12 {
        pairing(p, q).pow(snarkjsExponent)
    }
}

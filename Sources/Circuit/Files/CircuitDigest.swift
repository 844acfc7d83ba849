// A digest of a constraint system (64-bit FNV-1a over wire counts and every normalized
// constraint), stored in circuit.json so that `zktrain prove` can tell at once whether a
// model lowers to the circuit that was set up. Not a cryptographic hash: it detects
// mistakes; the proving key's own check and the proof itself carry the security.
import Prove

public enum CircuitDigest {
    /// The digest of `system` as 16 hex digits.
    public static func of(_ system: ConstraintSystem) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: UInt64) {
            var x = x
            for _ in 0..<8 {
                h = (h ^ (x & 0xff)) &* 0x100_0000_01b3
                x >>= 8
            }
        }
        mix(UInt64(system.publicOutputCount))
        mix(UInt64(system.publicInputCount))
        mix(UInt64(system.privateCount))
        mix(UInt64(system.constraints.count))
        for constraint in system.constraints {
            for combination in [constraint.a, constraint.b, constraint.c] {
                let terms = combination.normalized().terms
                mix(UInt64(terms.count))
                for term in terms {
                    mix(UInt64(term.variable))
                    term.coefficient.canonicalLimbs.forEach(mix)
                }
            }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

// The CMontgomery kernels behind `MontgomeryField`'s products where the build has them
// (Package.swift defines MONTGOMERY_ASM on x86-64 with BMI2 and ADX, MONTGOMERY_IFMA with
// AVX-512 IFMA): the dispatch to them, written once, then the table of which kernel serves
// which field. Without them the portable defaults of MontgomeryField.swift serve.

#if MONTGOMERY_ASM || MONTGOMERY_IFMA
import CMontgomery

/// The signature of a MULX/ADX Montgomery product (CMontgomeryMULX.h).
public typealias MULXProduct = @convention(c) (zk_limbs, zk_limbs) -> zk_limbs
/// The signature of an eight-product AVX-512 IFMA kernel (CMontgomeryIFMA.h): out[k] = a[k]·b[k].
public typealias IFMAEightProducts =
    @convention(c) (UnsafeMutablePointer<zk_limbs>?, UnsafePointer<zk_limbs>?, UnsafePointer<zk_limbs>?) -> Void

/// A `MontgomeryField` whose modulus has CMontgomery kernels; their use comes from this protocol.
public protocol AcceleratedMontgomeryField: MontgomeryField {
    #if MONTGOMERY_ASM
    /// The MULX/ADX product for this modulus.
    static var mulxProduct: MULXProduct { get }
    #endif
    #if MONTGOMERY_IFMA
    /// The AVX-512 IFMA eight products for this modulus.
    static var ifmaEightProducts: IFMAEightProducts { get }
    #endif
}

extension AcceleratedMontgomeryField {
    #if MONTGOMERY_ASM
    /// The MULX/ADX kernel in place of the portable CIOS.
    @inline(__always)
    public static func montgomeryMultiplyLimbs(_ a: Limbs, _ b: Limbs) -> Limbs {
        mulxProduct(zk_limbs(limb: a), zk_limbs(limb: b)).limb
    }
    #endif

    #if MONTGOMERY_IFMA
    /// The IFMA kernel in place of eight single products, on `out`, `a` and `b` viewed as
    /// `zk_limbs` (the same four Montgomery-form limbs per element).
    @inline(__always)
    public static func multiplyEight(_ out: UnsafeMutablePointer<Self>, _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>) {
        out.withMemoryRebound(to: zk_limbs.self, capacity: 8) { out in
            a.withMemoryRebound(to: zk_limbs.self, capacity: 8) { a in
                b.withMemoryRebound(to: zk_limbs.self, capacity: 8) { b in ifmaEightProducts(out, a, b) }
            }
        }
    }
    #endif
}

extension Fr: AcceleratedMontgomeryField {
    #if MONTGOMERY_ASM
    public static var mulxProduct: MULXProduct { zk_fr_multiply }
    #endif
    #if MONTGOMERY_IFMA
    public static var ifmaEightProducts: IFMAEightProducts { zk_fr_multiply8 }
    #endif
}

extension Fq: AcceleratedMontgomeryField {
    #if MONTGOMERY_ASM
    public static var mulxProduct: MULXProduct { zk_fq_multiply }
    #endif
    #if MONTGOMERY_IFMA
    public static var ifmaEightProducts: IFMAEightProducts { zk_fq_multiply8 }
    #endif
}
#endif

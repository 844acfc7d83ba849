// Kernels of batched exact integer inference over a block of items: convolution as transposed
// im2col + GEMM over pixels (channel-major CHW), with a register-tiled SIMD kernel (4 channels ×
// 8 pixels) for Int32 inputs that dense layers share; row-axpy for other lanes; sum pooling,
// polynomials by Horner, rescale by shifts, CHW⇄HWC. Wrapping ops let fixed-width loops
// vectorise. The naive twins and test oracles are the kinds' `apply` (Layers/, via `evaluate`).
import BigInt

/// A lane type of fast exact inference: Int32, Int64, Int128 (arithmetic modulo 2^bits) or
/// BigInt (exact). Dense, conv, sum pooling and polynomials are ring computations, so a
/// fixed-width result is exact whenever the true result and the inputs fit the lane.
protocol Lane: Sendable, Equatable, Comparable {
    /// acc + a·b (modulo 2^bits for fixed widths).
    static func mac(_ acc: Self, _ a: Self, _ b: Self) -> Self
    /// a + b (modulo 2^bits for fixed widths).
    static func sum(_ a: Self, _ b: Self) -> Self
    static var zero: Self { get }
    /// The value modulo 2^bits (exact for BigInt).
    init(wrapping value: BigInt)
    init(wrapping value: Int64)
    /// x, a value of another lane that fits this one.
    static func widen<X: Lane>(_ x: X) -> Self
    var big: BigInt { get }
    /// floor((self + 2^(k−1)) / 2^k), for k ≥ 1.
    func roundedShift(_ k: Int) -> Self
    /// Digit l of self in base 2^bits: in 0..<2^bits, or floor(self / 2^(bits·l)) for the top digit
    /// (which the caller ensures fits Int32).
    func digit(_ l: Int, bits: Int, top: Bool) -> Int32
}

extension Lane where Self: FixedWidthInteger {
    @inline(__always) static func mac(_ acc: Self, _ a: Self, _ b: Self) -> Self { acc &+ a &* b }
    @inline(__always) static func sum(_ a: Self, _ b: Self) -> Self { a &+ b }
    /// Through the magnitude: BigInt 6.0's two's-complement `words` are wrong for negative values
    /// beyond 64 bits (so `Int128(truncatingIfNeeded:)` and `Int128(_:)` of them are too).
    init(wrapping value: BigInt) {
        let m = Self(truncatingIfNeeded: value.magnitude)
        self = value.sign == .minus ? 0 &- m : m
    }
    init(wrapping value: Int64) { self.init(truncatingIfNeeded: value) }
    var big: BigInt { BigInt(self) }
    /// The casts fold away once specialized; Int32 → Int64 becomes a sign extension, which
    /// lets x86 multiply with VPMULDQ (32×32→64) instead of the slower VPMULLQ.
    @inline(__always)
    static func widen<X: Lane>(_ x: X) -> Self {
        if let v = x as? Self { return v }
        if let v = x as? Int32 { return Self(truncatingIfNeeded: v) }
        if let v = x as? Int64 { return Self(truncatingIfNeeded: v) }
        if let v = x as? Int128 { return Self(truncatingIfNeeded: v) }
        return Self(wrapping: x.big)
    }
    func digit(_ l: Int, bits: Int, top: Bool) -> Int32 {
        let q = self >> (bits * l)  // floor division; a shift past the width gives 0 or −1
        return Int32(truncatingIfNeeded: top ? q : q & Self(truncatingIfNeeded: (Int64(1) << bits) - 1))
    }
    /// With x = q·2^k + r (0 ≤ r < 2^k), floor((x + 2^(k−1)) / 2^k) = q + bit k−1 of x: no
    /// addition, so no headroom is needed. For k ≥ bitWidth every lane value has
    /// |x| ≤ 2^(k−1), so the result is 0.
    @inline(__always)
    func roundedShift(_ k: Int) -> Self {
        let m = Self(truncatingIfNeeded: k >= Self.bitWidth ? 0 : -1)  // all ones unless the result is 0
        return ((self &>> k) &+ ((self &>> (k - 1)) & 1)) & m
    }
}

extension Int32: Lane {}
extension Int64: Lane {}
extension Int128: Lane {}

extension BigInt: Lane {
    static func mac(_ acc: BigInt, _ a: BigInt, _ b: BigInt) -> BigInt { acc + a * b }
    static func sum(_ a: BigInt, _ b: BigInt) -> BigInt { a + b }
    init(wrapping value: BigInt) { self = value }
    init(wrapping value: Int64) { self.init(value) }
    static func widen<X: Lane>(_ x: X) -> BigInt { x as? BigInt ?? x.big }
    func roundedShift(_ k: Int) -> BigInt { rescaled(by: k) }
    func digit(_ l: Int, bits: Int, top: Bool) -> Int32 {
        let q = floorDivide(self, byPowerOfTwo: bits * l)
        return Int32(Int64(top ? q : q - (floorDivide(q, byPowerOfTwo: bits) << bits)))
    }
}

/// Geometry of one convolution on a planar [channels, height, width] item.
struct ConvGeometry: Sendable {
    var inChannels, outChannels, kernel, stride, padding, height, width: Int
    var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Rows of the patch matrix: (ky, kx, ci), the weight tensor's order.
    var patchRows: Int { kernel * kernel * inChannels }
}

enum Kernels {
    /// y[b, k] = bias[k] + Σ_j x[b, j]·w[j, k]; x [items, inCount], w [inCount, outCount] (and its
    /// transpose weightT). Inputs and weights in lane X, sums in lane T (X = T, or Int32 → Int64).
    /// Int32 inputs go through `convTiles` as [inCount, items] "patches"; others by row-axpy.
    static func dense<X: Lane, T: Lane>(_ x: [X], items: Int, inCount: Int, outCount: Int, weight: [X], weightT: [X], bias: [T]) -> [T] {
        if X.self == Int32.self, T.self == Int64.self || T.self == Int32.self, items >= 8, outCount >= 4 {
            let xt = transpose(x, channels: items, plane: inCount)  // [items, inCount] → [inCount, items]
            var yt = [T](repeating: .zero, count: items * outCount)
            xt.withUnsafeBufferPointer { xb in weightT.withUnsafeBufferPointer { wb in yt.withUnsafeMutableBufferPointer { yb in
                let p = UnsafeRawPointer(xb.baseAddress!).assumingMemoryBound(to: Int32.self)
                let w = UnsafeRawPointer(wb.baseAddress!).assumingMemoryBound(to: Int32.self), out = UnsafeMutableRawPointer(yb.baseAddress!)
                if T.self == Int64.self {
                    convTiles(p, w, bias: unsafeBitCast(bias, to: [Int64].self), out.assumingMemoryBound(to: Int64.self), plane: items, rows: inCount)
                } else {
                    convTiles(p, w, bias: unsafeBitCast(bias, to: [Int32].self), out.assumingMemoryBound(to: Int32.self), plane: items, rows: inCount)
                }
            } } }
            return transpose(yt, channels: outCount, plane: items)  // [outCount, items] → [items, outCount]
        }
        var y = [T](repeating: .zero, count: items * outCount)
        y.withUnsafeMutableBufferPointer { yb in x.withUnsafeBufferPointer { xb in weight.withUnsafeBufferPointer { wb in
            for b in 0..<items { for k in 0..<outCount { yb[b * outCount + k] = bias[k] } }
            for j in 0..<inCount {
                let wrow = wb.baseAddress! + j * outCount
                for b in 0..<items {
                    let v = xb[b * inCount + j]
                    if v == .zero { continue }
                    let yrow = yb.baseAddress! + b * outCount, tv = T.widen(v)
                    for k in 0..<outCount { yrow[k] = .mac(yrow[k], tv, .widen(wrow[k])) }
                }
            }
        } } }
        return y
    }

    /// x [items, inC, h, w] → y [items, outC, oh, ow]; weightT [outC, patchRows].
    /// Per item: patches[t, p] (im2col, transposed), then y[o, p] = bias[o] + Σ_t w[o, t]·patches[t, p]:
    /// `convTiles` for Int32 inputs, else the pixel loop innermost, two output channels per pass.
    static func conv<X: Lane, T: Lane>(_ x: [X], items: Int, _ g: ConvGeometry, weightT: [X], bias: [T]) -> [T] {
        let (h, w, oh, ow, kk) = (g.height, g.width, g.outHeight, g.outWidth, g.patchRows)
        let plane = oh * ow, inSize = g.inChannels * h * w
        var patches = [X](repeating: .zero, count: kk * plane)
        var y = [T](repeating: .zero, count: items * g.outChannels * plane)
        y.withUnsafeMutableBufferPointer { yb in x.withUnsafeBufferPointer { xb in
        patches.withUnsafeMutableBufferPointer { pb in weightT.withUnsafeBufferPointer { wb in
            for n in 0..<items {
                let xi = xb.baseAddress! + n * inSize
                for ky in 0..<g.kernel { for kx in 0..<g.kernel { for ci in 0..<g.inChannels {
                    let row = pb.baseAddress! + ((ky * g.kernel + kx) * g.inChannels + ci) * plane
                    // Columns ox with 0 ≤ ox·stride − padding + kx < w: lo..<hi.
                    let shift = g.padding - kx, lo = shift <= 0 ? 0 : (shift + g.stride - 1) / g.stride
                    let hi = w + shift <= 0 ? 0 : min(ow, (w - 1 + shift) / g.stride + 1)
                    for oy in 0..<oh {
                        let iy = oy * g.stride - g.padding + ky, dst = row + oy * ow
                        guard iy >= 0, iy < h, lo < hi else { for ox in 0..<ow { dst[ox] = .zero }; continue }
                        let src = xi + (ci * h + iy) * w - shift
                        for ox in 0..<lo { dst[ox] = .zero }
                        if g.stride == 1 { (dst + lo).update(from: src + lo, count: hi - lo) }
                        else { for ox in lo..<hi { dst[ox] = src[ox &* g.stride] } }
                        for ox in hi..<ow { dst[ox] = .zero }
                    }
                } } }
                if X.self == Int32.self, T.self == Int64.self || T.self == Int32.self {
                    let pt = UnsafeRawPointer(pb.baseAddress!).assumingMemoryBound(to: Int32.self)
                    let wt = UnsafeRawPointer(wb.baseAddress!).assumingMemoryBound(to: Int32.self)
                    let yi = UnsafeMutableRawPointer(yb.baseAddress! + n * g.outChannels * plane)
                    if T.self == Int64.self {
                        convTiles(pt, wt, bias: unsafeBitCast(bias, to: [Int64].self), yi.assumingMemoryBound(to: Int64.self), plane: plane, rows: kk)
                    } else {
                        convTiles(pt, wt, bias: unsafeBitCast(bias, to: [Int32].self), yi.assumingMemoryBound(to: Int32.self), plane: plane, rows: kk)
                    }
                    continue
                }
                var o = 0
                while o < g.outChannels {
                    let pair = o + 1 < g.outChannels
                    let y0 = yb.baseAddress! + (n * g.outChannels + o) * plane, y1 = pair ? y0 + plane : y0
                    for p in 0..<plane { y0[p] = bias[o] }
                    if pair { for p in 0..<plane { y1[p] = bias[o + 1] } }
                    for t in 0..<kk {
                        let a = T.widen(wb[o * kk + t]), b = pair ? T.widen(wb[(o + 1) * kk + t]) : .zero
                        let prow = pb.baseAddress! + t * plane
                        if pair && b != .zero {
                            for p in 0..<plane { let v = T.widen(prow[p]); y0[p] = .mac(y0[p], a, v); y1[p] = .mac(y1[p], b, v) }
                        } else if a != .zero {
                            for p in 0..<plane { y0[p] = .mac(y0[p], a, .widen(prow[p])) }
                        }
                    }
                    o += pair ? 2 : 1
                }
            }
        } } } }
        return y
    }

    /// y[o, p] = bias[o] + Σ_t w[o, t]·patches[t, p] for one item, Int32 patches and weights, sums in
    /// A (Int32 or Int64): register tiles of 4 output channels × 8 pixels, accumulated over all t.
    static func convTiles<A: FixedWidthInteger & SIMDScalar>(_ patches: UnsafePointer<Int32>, _ weight: UnsafePointer<Int32>, bias: [A],
                                                             _ y: UnsafeMutablePointer<A>, plane: Int, rows kk: Int) {
        let channels = bias.count, tiled = plane / 8 * 8
        var o = 0
        while o + 4 <= channels {
            let w0 = weight + o * kk, w1 = w0 + kk, w2 = w1 + kk, w3 = w2 + kk
            for p in stride(from: 0, to: tiled, by: 8) {
                var a0 = SIMD8<A>(repeating: bias[o]), a1 = SIMD8<A>(repeating: bias[o + 1])
                var a2 = SIMD8<A>(repeating: bias[o + 2]), a3 = SIMD8<A>(repeating: bias[o + 3])
                for t in 0..<kk {
                    let v = SIMD8<A>(truncatingIfNeeded: UnsafeRawPointer(patches + t * plane + p).loadUnaligned(as: SIMD8<Int32>.self))
                    a0 &+= v &* SIMD8(repeating: A(truncatingIfNeeded: w0[t]))
                    a1 &+= v &* SIMD8(repeating: A(truncatingIfNeeded: w1[t]))
                    a2 &+= v &* SIMD8(repeating: A(truncatingIfNeeded: w2[t]))
                    a3 &+= v &* SIMD8(repeating: A(truncatingIfNeeded: w3[t]))
                }
                for (c, a) in [a0, a1, a2, a3].enumerated() { UnsafeMutableRawPointer(y + (o + c) * plane + p).storeBytes(of: a, as: SIMD8<A>.self) }
            }
            o += 4
        }
        // Leftover pixels (all channels) and leftover channels (all pixels), plainly.
        for c in 0..<channels {
            for p in (c < o ? tiled : 0)..<plane {
                var sum = bias[c]
                for t in 0..<kk { sum = sum &+ A(truncatingIfNeeded: weight[c * kk + t]) &* A(truncatingIfNeeded: patches[t * plane + p]) }
                y[c * plane + p] = sum
            }
        }
    }

    /// Sum over window×window patches of planar items: [items, c, h, w] → [items, c, oh, ow].
    static func sumPool<T: Lane>(_ x: [T], items: Int, channels: Int, height h: Int, width w: Int, window k: Int, stride s: Int) -> [T] {
        let oh = (h - k) / s + 1, ow = (w - k) / s + 1
        var y = [T](repeating: .zero, count: items * channels * oh * ow)
        y.withUnsafeMutableBufferPointer { yb in x.withUnsafeBufferPointer { xb in
            for plane in 0..<(items * channels) {
                let src = xb.baseAddress! + plane * h * w, dst = yb.baseAddress! + plane * oh * ow
                for oy in 0..<oh {
                    let yrow = dst + oy * ow
                    for dy in 0..<k { for dx in 0..<k {
                        let xrow = src + (oy * s + dy) * w + dx
                        for ox in 0..<ow { yrow[ox] = .sum(yrow[ox], xrow[ox &* s]) }
                    } }
                }
            }
        } }
        return y
    }

    /// Σ_i c[row][i]·v^i element-wise by Horner; element i of an item uses row (i / plane) % rows.count
    /// (plane = h·w for planar items, 1 for flat ones; one shared row when rows.count == 1).
    static func polynomial<T: Lane>(_ x: [T], rows: [[T]], plane: Int) -> [T] {
        var y = x
        let degree = rows[0].count - 1
        y.withUnsafeMutableBufferPointer { yb in x.withUnsafeBufferPointer { xb in
            var start = 0, segment = 0
            while start < xb.count {
                let end = rows.count == 1 ? xb.count : min(start + plane, xb.count)
                let c = rows[rows.count == 1 ? 0 : segment % rows.count]
                for i in start..<end { yb[i] = c[degree] }
                for e in stride(from: degree - 1, through: 0, by: -1) {
                    let ce = c[e]
                    for i in start..<end { yb[i] = .mac(ce, yb[i], xb[i]) }
                }
                start = end
                segment += 1
            }
        } }
        return y
    }

    static func rescale<T: Lane>(_ x: [T], bits: Int) -> [T] {
        var y = x
        y.withUnsafeMutableBufferPointer { yb in for i in yb.indices { yb[i] = yb[i].roundedShift(bits) } }
        return y
    }

    /// [items, c, plane] → [items, plane, c] (planar to the model's row-major HWC); `inverse` goes back.
    static func transpose<T>(_ x: [T], channels c: Int, plane: Int, inverse: Bool = false) -> [T] {
        if c == 1 || plane == 1 { return x }
        var y = x
        y.withUnsafeMutableBufferPointer { yb in x.withUnsafeBufferPointer { xb in
            for base in stride(from: 0, to: xb.count, by: c * plane) {
                let src = xb.baseAddress! + base, dst = yb.baseAddress! + base
                for ch in 0..<c { for p in 0..<plane {
                    if inverse { dst[ch * plane + p] = src[p * c + ch] } else { dst[p * c + ch] = src[ch * plane + p] }
                } }
            }
        } }
        return y
    }

    /// Index of the largest value of each item (first on ties); x [items, size].
    static func argmax<T: Comparable>(_ x: [T], size: Int) -> [Int] {
        stride(from: 0, to: x.count, by: size).map { base in
            var best = 0
            for i in stride(from: 1, to: size, by: 1) where x[base + i] > x[base + best] { best = i }
            return best
        }
    }
}

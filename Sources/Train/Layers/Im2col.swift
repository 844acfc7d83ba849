// im2col / col2im for NHWC convolutions (Chellapilla, Puri, Simard 2006: "High
// performance convolutional neural networks for document processing"), and the direct
// 7-loop convolution beside them as the test oracle. Columns are ordered (ky, kx, cin).

/// Geometry of a 2-D convolution or pooling window over an NHWC tensor.
struct ConvGeometry: Equatable {
    var height: Int, width: Int, inChannels: Int
    var kernel: Int, stride: Int, padding: Int
    var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Length of one im2col row: kernel² · inChannels.
    var patchSize: Int { kernel * kernel * inChannels }
}

/// Fills `cols` ([batch · outH · outW, kernel² · inC]) with the receptive fields of `x`
/// ([batch, H, W, inC]); padding positions are zero. Where a kernel row lies inside the
/// image its k taps are contiguous in NHWC, so it is one run of k·inC floats.
func im2col(_ x: UnsafePointer<Float>, batch: Int, _ g: ConvGeometry, into cols: UnsafeMutablePointer<Float>) {
    let oh = g.outHeight, ow = g.outWidth, c = g.inChannels, k = g.kernel
    let patch = g.patchSize, run = k &* c
    parallelFor(batch) { n in
        let img = x + n &* g.height &* g.width &* c
        var dst = cols + n &* oh &* ow &* patch
        for oy in 0..<oh {
            for ox in 0..<ow {
                let ix0 = ox &* g.stride &- g.padding
                let rowInside = ix0 >= 0 && ix0 &+ k <= g.width
                for ky in 0..<k {
                    let iy = oy &* g.stride &- g.padding &+ ky
                    if iy < 0 || iy >= g.height {
                        zeroRun(dst, run)
                    } else if rowInside {
                        copyRun(dst, img + (iy &* g.width &+ ix0) &* c, run)
                    } else {
                        let rowStart = img + iy &* g.width &* c
                        for kx in 0..<k {
                            let ix = ix0 &+ kx
                            if ix >= 0, ix < g.width { copyRun(dst + kx &* c, rowStart + ix &* c, c) } else { zeroRun(dst + kx &* c, c) }
                        }
                    }
                    dst += run
                }
            }
        }
    }
}

/// Copies `count` floats: 16-wide SIMD chunks then a scalar tail (runs are short, so this
/// beats a memmove call).
@inline(__always)
func copyRun(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ count: Int) {
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    var i = 0
    while i &+ 16 <= count {
        d.storeBytes(of: s.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self), toByteOffset: i &* 4, as: SIMD16<Float>.self)
        i &+= 16
    }
    while i < count { dst[i] = src[i]; i &+= 1 }
}

@inline(__always)
func zeroRun(_ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    for i in 0..<count { dst[i] = 0 }
}

/// Adjoint of `im2col`: scatters-adds `cols` back into `dx` ([batch, H, W, inC]), which it
/// zeroes first.
func col2im(_ cols: UnsafePointer<Float>, batch: Int, _ g: ConvGeometry, into dx: UnsafeMutablePointer<Float>) {
    let oh = g.outHeight, ow = g.outWidth, c = g.inChannels, k = g.kernel
    let patch = g.patchSize
    parallelFor(batch) { n in
        let img = dx + n * g.height * g.width * c
        img.initialize(repeating: 0, count: g.height * g.width * c)
        var row = cols + n * oh * ow * patch
        for oy in 0..<oh {
            for ox in 0..<ow {
                var src = row
                for ky in 0..<k {
                    let iy = oy * g.stride - g.padding + ky
                    for kx in 0..<k {
                        let ix = ox * g.stride - g.padding + kx
                        if iy >= 0, iy < g.height, ix >= 0, ix < g.width {
                            let d = img + (iy * g.width + ix) * c
                            for ch in 0..<c { d[ch] += src[ch] }
                        }
                        src += c
                    }
                }
                row += patch
            }
        }
    }
}

/// Reference convolution: y[n, oy, ox, co] = b[co] + Σ x[n, iy, ix, ci] · w[(ky, kx, ci), co].
func conv2dNaive(_ x: [Float], batch: Int, _ g: ConvGeometry, weight w: [Float], bias: [Float]) -> [Float] {
    let co = bias.count, oh = g.outHeight, ow = g.outWidth, c = g.inChannels
    var y = [Float](repeating: 0, count: batch * oh * ow * co)
    for n in 0..<batch { for oy in 0..<oh { for ox in 0..<ow { for o in 0..<co {
        var s = Double(bias[o])
        for ky in 0..<g.kernel { for kx in 0..<g.kernel {
            let iy = oy * g.stride - g.padding + ky, ix = ox * g.stride - g.padding + kx
            guard iy >= 0, iy < g.height, ix >= 0, ix < g.width else { continue }
            for ci in 0..<c {
                s += Double(x[((n * g.height + iy) * g.width + ix) * c + ci]) * Double(w[((ky * g.kernel + kx) * c + ci) * co + o])
            }
        } }
        y[((n * oh + oy) * ow + ox) * co + o] = Float(s)
    } } } }
    return y
}

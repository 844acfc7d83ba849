// Buffer kernels for training hot loops: p(x) and p'(x) over contiguous Float buffers.
// No allocation; degrees 0...4 get a straight-line Horner loop the compiler vectorizes,
// higher degrees a plain per-element Horner loop. Bit-identical to the scalar Float path
// (same operation order), which is the test oracle. Not multithreaded.

extension PolyActivation {
    /// `y[i] = p(x[i])` for every `i`. `x` and `y` must have the same count; they may be
    /// the same memory (in-place), since each output depends only on the same-index input.
    public func apply(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == y.count, "apply: x has \(x.count) elements, y has \(y.count)")
        Self.hornerKernel(floatCoefficients, x, y)
    }

    /// `y[i] = p'(x[i])` for every `i`. Same count and aliasing rules as `apply`.
    public func applyDerivative(_ x: UnsafeBufferPointer<Float>, into y: UnsafeMutableBufferPointer<Float>) {
        precondition(x.count == y.count, "applyDerivative: x has \(x.count) elements, y has \(y.count)")
        Self.hornerKernel(floatDerivativeCoefficients, x, y)
    }

    /// Horner over a buffer, `acc = acc·x + c[k]` from the top coefficient down.
    static func hornerKernel(_ c: [Float], _ xb: UnsafeBufferPointer<Float>, _ yb: UnsafeMutableBufferPointer<Float>) {
        let n = xb.count
        guard n > 0, let x = xb.baseAddress, let y = yb.baseAddress else { return }
        switch c.count {
        case 1:
            let c0 = c[0]
            for i in 0..<n { y[i] = c0 }
        case 2:
            let (c0, c1) = (c[0], c[1])
            for i in 0..<n { y[i] = c1 * x[i] + c0 }
        case 3:
            let (c0, c1, c2) = (c[0], c[1], c[2])
            for i in 0..<n {
                let v = x[i]
                y[i] = (c2 * v + c1) * v + c0
            }
        case 4:
            let (c0, c1, c2, c3) = (c[0], c[1], c[2], c[3])
            for i in 0..<n {
                let v = x[i]
                y[i] = ((c3 * v + c2) * v + c1) * v + c0
            }
        case 5:
            let (c0, c1, c2, c3, c4) = (c[0], c[1], c[2], c[3], c[4])
            for i in 0..<n {
                let v = x[i]
                y[i] = (((c4 * v + c3) * v + c2) * v + c1) * v + c0
            }
        default:
            // Degree > 4: element by element (rare; still allocation-free and in-place safe).
            for i in 0..<n {
                let v = x[i]
                var acc = c[c.count - 1]
                var k = c.count - 2
                while k >= 0 {
                    acc = acc * v + c[k]
                    k -= 1
                }
                y[i] = acc
            }
        }
    }
}

// Learnable quadratic: value and gradients vs finite differences, buffer forward/backward
// vs the scalar formulas, and agreement with the equivalent PolyActivation.

import Testing
@testable import PolyActivations

@Suite struct QuadraticTests {
    let q = QuadraticCoefficients(a: 0.3, b: -0.7, c: 0.2)

    @Test func matchesPolyActivation() {
        let p = q.polynomial
        #expect(p.kind == .learned)
        #expect(p.coefficients == [Double(Float(0.2)), Double(Float(-0.7)), Double(Float(0.3))])
        for x in stride(from: Float(-4), through: 4, by: 0.25) {
            #expect(q(x) == p(x))
            #expect(abs(q.derivative(x) - p.derivative(x)) <= 1e-6 * max(1, abs(q.derivative(x))))
        }
        #expect(QuadraticCoefficients(p) == q)
        #expect(QuadraticCoefficients(.square) == .square)
        #expect(QuadraticCoefficients(PolyActivation(coefficients: [0, 0, 0, 1])) == nil)
    }

    /// Central differences in Double (h = 1e-3) of y(a, b, c, x) against the analytic
    /// gradients; y is quadratic in every variable, so the difference is exact up to round-off.
    @Test func gradientsMatchFiniteDifferences() {
        let h = 1e-3
        let (a, b, c) = (Double(q.a), Double(q.b), Double(q.c))
        func y(_ a: Double, _ b: Double, _ c: Double, _ x: Double) -> Double { a * x * x + b * x + c }
        for x in [-3.0, -0.5, 0, 1.25, 2.75] {
            let g = QuadraticCoefficients.parameterGradient(at: Float(x))
            #expect(abs(Double(g.a) - (y(a + h, b, c, x) - y(a - h, b, c, x)) / (2 * h)) < 1e-6)
            #expect(abs(Double(g.b) - (y(a, b + h, c, x) - y(a, b - h, c, x)) / (2 * h)) < 1e-6)
            #expect(abs(Double(g.c) - (y(a, b, c + h, x) - y(a, b, c - h, x)) / (2 * h)) < 1e-6)
            #expect(abs(Double(q.derivative(Float(x))) - (y(a, b, c, x + h) - y(a, b, c, x - h)) / (2 * h)) < 1e-5)
        }
    }

    @Test func bufferForwardAndBackward() {
        let x = pseudoRandom(257, seed: 7, scale: 3).map { Float($0) }
        let dy = pseudoRandom(257, seed: 8, scale: 1).map { Float($0) }
        var y = [Float](repeating: 0, count: x.count)
        var dx = y
        var sum = QuadraticCoefficients.zero
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { q.forward(xb, into: $0) }
            dy.withUnsafeBufferPointer { gb in
                dx.withUnsafeMutableBufferPointer { sum = q.backward(x: xb, outputGradient: gb, inputGradient: $0) }
            }
        }
        #expect(y == x.map { q($0) })
        #expect(dx == zip(x, dy).map { v, g in g * (2 * q.a * v + q.b) })
        let want = zip(x, dy).reduce(into: (0.0, 0.0, 0.0)) { s, e in
            let (v, g) = (Double(e.0), Double(e.1))
            s.0 += g * v * v; s.1 += g * v; s.2 += g
        }
        #expect(abs(Double(sum.a) - want.0) < 1e-4 && abs(Double(sum.b) - want.1) < 1e-4 && abs(Double(sum.c) - want.2) < 1e-4)
    }
}

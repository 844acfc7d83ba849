// Evaluation: Horner vs a naive power sum, buffer kernels vs the scalar path (bit-exact,
// including in place), x², constraint cost, trimming of zeros, and the Codable round trip.

import Foundation
import Testing
@testable import PolyActivations

/// Naive twin of Horner: Σ c_k·x^k with pow.
func powerSum(_ c: [Double], _ x: Double) -> Double {
    c.enumerated().reduce(0) { $0 + $1.element * pow(x, Double($1.offset)) }
}

/// Deterministic coefficients and inputs (a simple LCG), so failures reproduce.
func pseudoRandom(_ count: Int, seed: UInt64, scale: Double) -> [Double] {
    var s = seed
    return (0..<count).map { _ in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return (Double(s >> 11) / Double(1 << 53) * 2 - 1) * scale
    }
}

@Suite struct EvaluationTests {
    @Test(arguments: 0...6)
    func hornerMatchesPowerSum(degree: Int) {
        let c = pseudoRandom(degree, seed: 1, scale: 2) + [1.5]
        let p = PolyActivation(coefficients: c)
        #expect(p.degree == degree)
        for x in pseudoRandom(50, seed: 2, scale: 3) {
            #expect(abs(p(x) - powerSum(c, x)) < 1e-12 * max(1, abs(powerSum(c, x))))
            let d = (1..<max(c.count, 1)).map { Double($0) * c[$0] }
            #expect(abs(p.derivative(x) - powerSum(d.isEmpty ? [0] : d, x)) < 1e-11 * max(1, abs(p.derivative(x))))
        }
    }

    @Test(arguments: 0...6)
    func bufferApplyEqualsScalar(degree: Int) {
        let p = PolyActivation(coefficients: pseudoRandom(degree, seed: 3, scale: 1) + [0.75])
        let x = pseudoRandom(1037, seed: 4, scale: 4).map { Float($0) }
        var y = [Float](repeating: .nan, count: x.count)
        var dy = y
        x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { p.apply(xb, into: $0) }
            dy.withUnsafeMutableBufferPointer { p.applyDerivative(xb, into: $0) }
        }
        #expect(y == x.map { p($0) })
        #expect(dy == x.map { p.derivative($0) })

        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { b in p.apply(UnsafeBufferPointer(b), into: b) }
        #expect(inPlace == y)
    }

    @Test func emptyBuffersAreFine() {
        let empty: [Float] = []
        var out: [Float] = []
        empty.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { PolyActivation.square.apply(xb, into: $0) }
        }
        #expect(out.isEmpty)
    }

    @Test func square() {
        let s = PolyActivation.square
        #expect(s.coefficients == [0, 0, 1])
        #expect(s.degree == 2)
        #expect(s.kind == .square)
        #expect(s.validRange == -Double.infinity...Double.infinity)
        #expect(s(Float(-3)) == 9)
        #expect(s.derivative(Float(-3)) == -6)
        #expect(s(2.5) == 6.25)
        #expect(s.name == "x^2")
    }

    @Test func constraintCost() {
        #expect(PolyActivation.square.constraintCost(neurons: 100) == 100)
        #expect(PolyActivation(coefficients: [1, 2, 3, 4]).constraintCost(neurons: 10) == 20)
        #expect(PolyActivation(coefficients: [0, 0, 0, 0, 1]).constraintCost(neurons: 784) == 3 * 784)
        #expect(PolyActivation(coefficients: [1, 2]).constraintCost(neurons: 50) == 0)
        #expect(PolyActivation(coefficients: [3]).constraintCost(neurons: 50) == 0)
        #expect(PolyActivation.square.constraintCost(neurons: 0) == 0)
        #expect(PolyActivation.square.constraintCost(neurons: -5) == 0)
    }

    @Test func trailingZerosAreTrimmed() {
        #expect(PolyActivation(coefficients: [1, 2, 0, 0]).coefficients == [1, 2])
        #expect(PolyActivation(coefficients: [0, 0]).coefficients == [0])
        #expect(PolyActivation(coefficients: []).degree == 0)
        let zero = PolyActivation(coefficients: [])
        #expect(zero(Float(5)) == 0 && zero.derivative(Float(5)) == 0 && zero.derivative(5.0) == 0)
    }

    @Test func codableRoundTrip() throws {
        let cases = [
            PolyActivation.square,
            try PolyActivation.fit(.silu, degree: 4, range: 6),
            PolyActivation(coefficients: [0.5, -1], validRange: 0...Double.infinity, kind: .learned),
        ]
        for p in cases {
            let data = try JSONEncoder().encode(p)
            let back = try JSONDecoder().decode(PolyActivation.self, from: data)
            #expect(back == p)
        }
        let json = String(decoding: try JSONEncoder().encode(PolyActivation.square), as: UTF8.self)
        #expect(json.contains("\"validRange\":{}"))
    }

    @Test func decodingRejectsBadData() {
        let bad = [
            #"{"coefficients":[1],"kind":{"custom":{}},"validRange":{"lower":2,"upper":1}}"#,
            #"{"coefficients":[1],"kind":{"nope":{}},"validRange":{}}"#,
        ]
        for text in bad {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(PolyActivation.self, from: Data(text.utf8))
            }
        }
    }
}

// Integer-coefficient form: rounding rule (half away from zero), exact round trip,
// idempotent quantization, and the errors for out-of-range values.

import Testing
@testable import PolyActivations

@Suite struct IntegerTests {
    @Test func roundsHalfAwayFromZero() throws {
        // With f = 1: c·2 = 0.5, −0.5, 2.5, −2.5, 1.4, −1.6
        let p = PolyActivation(coefficients: [0.25, -0.25, 1.25, -1.25, 0.7, -0.8])
        #expect(try p.integerCoefficients(fractionalBits: 1) == [1, -1, 3, -3, 1, -2])
        #expect(try p.integerCoefficients(fractionalBits: 0) == [0, 0, 1, -1, 1, -1])
    }

    @Test(arguments: FitTarget.allCases, [0, 4, 8, 16, 30])
    func roundTrip(target: FitTarget, fractionalBits f: Int) throws {
        let p = try PolyActivation.fit(target, degree: 4, range: 4)
        let q = try p.integerCoefficients(fractionalBits: f)
        let back = try PolyActivation(integerCoefficients: q, fractionalBits: f, validRange: p.validRange, kind: p.kind)
        // Each coefficient moves by at most half a unit in the last place, 2^−(f+1).
        for k in 0..<q.count {
            let got = k < back.coefficients.count ? back.coefficients[k] : 0
            #expect(abs(got - p.coefficients[k]) <= 0.5 / Double(1 << f))
            #expect(got * Double(1 << f) == Double(q[k]))  // exactly the integers
        }
        // Converting back gives the same integers (minus trailing zeros dropped by init).
        let again = try back.integerCoefficients(fractionalBits: f)
        #expect(again == Array(q.prefix(again.count)))
        #expect(q.dropFirst(again.count).allSatisfy { $0 == 0 })
        let reQuantized = try back.quantized(fractionalBits: f)
        #expect(reQuantized == back)
        #expect(try p.quantized(fractionalBits: f) == back)
    }

    @Test func roundingCanLowerTheDegree() throws {
        // c3 ≈ 1e-18 of a degree-3 ReLU fit rounds to 0, so the quantized model is degree 2.
        let p = try PolyActivation.fit(.relu, degree: 3, range: 4)
        #expect(p.degree == 3)
        let q = try p.quantized(fractionalBits: 16)
        #expect(q.degree == 2)
        #expect(q.constraintCost(neurons: 10) == 10)
    }

    @Test func integerErrors() {
        let p = PolyActivation(coefficients: [1, 2])
        #expect(throws: PolyActivationError.invalidFractionalBits(-1, supported: 0...62)) {
            try p.integerCoefficients(fractionalBits: -1)
        }
        #expect(throws: PolyActivationError.invalidFractionalBits(63, supported: 0...62)) {
            try PolyActivation(integerCoefficients: [1], fractionalBits: 63)
        }
        #expect(throws: PolyActivationError.coefficientOutOfRange(index: 1, value: 2, fractionalBits: 62)) {
            try p.integerCoefficients(fractionalBits: 62)
        }
        #expect(throws: PolyActivationError.integerCoefficientNotExact(index: 0, value: (1 << 53) + 1)) {
            try PolyActivation(integerCoefficients: [(1 << 53) + 1], fractionalBits: 0)
        }
        #expect(throws: PolyActivationError.self) {
            try PolyActivation(coefficients: [.nan]).integerCoefficients(fractionalBits: 8)
        }
    }
}

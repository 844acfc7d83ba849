// Least-squares fits: exact recovery of polynomial targets, agreement with the normal
// equations solved independently, error decreasing with degree, derivative vs central
// finite differences, and the errors thrown for bad parameters.

import Foundation
import Testing
@testable import PolyActivations

/// Max |p(x) − f(x)| on 10 001 evenly spaced points of [-range, range] (denser than the fit grid).
func maxError(_ p: PolyActivation, _ f: (Double) -> Double, range: Double) -> Double {
    (0...10_000).reduce(0) { e, i in
        let x = -range + 2 * range * Double(i) / 10_000
        return max(e, abs(p(x) - f(x)))
    }
}

@Suite struct FitTests {
    @Test func recoversExactQuadratic() throws {
        let p = try PolyActivation.fit(function: { 1 - 2 * $0 + 3 * $0 * $0 }, degree: 2, range: 3)
        #expect(p.degree == 2)
        for (got, want) in zip(p.coefficients, [1.0, -2, 3]) { #expect(abs(got - want) < 1e-9) }
        #expect(p.validRange == -3...3)
        #expect(p.kind == .custom)
    }

    @Test func recoversExactCubicWithDegreeFour() throws {
        // The top coefficient of an over-parameterised exact fit is pure round-off.
        let f: (Double) -> Double = { x in 0.25 + 0.5 * x - 0.125 * x * x + 0.0625 * x * x * x }
        let p = try PolyActivation.fit(function: f, degree: 4, range: 5, samples: 101)
        let want = [0.25, 0.5, -0.125, 0.0625, 0]
        for k in 0..<want.count {
            let got = k < p.coefficients.count ? p.coefficients[k] : 0
            #expect(abs(got - want[k]) < 1e-9, "c\(k) = \(got)")
        }
    }

    @Test func squareFitIsExact() throws {
        let p = try PolyActivation.fit(function: { $0 * $0 }, degree: 2, range: 4)
        #expect(abs(p.coefficients[0]) < 1e-12)
        #expect(abs(p.coefficients[1]) < 1e-12)
        #expect(abs(p.coefficients[2] - 1) < 1e-12)
    }

    /// Degree-2 fit of |x| on symmetric evenly spaced points. By symmetry c1 = 0 and
    /// (c0, c2) solve the 2×2 normal equations [[N, Σx²], [Σx², Σx⁴]]·(c0, c2) = (Σ|x|, Σ|x|x²),
    /// solved here by Cramer's rule without LAPACK.
    @Test(arguments: [(1.0, 11), (4.0, 2001), (7.5, 64)])
    func absFitMatchesNormalEquations(range: Double, samples: Int) throws {
        let xs = (0..<samples).map { -range + 2 * range * Double($0) / Double(samples - 1) }
        let n = Double(samples)
        let s2 = xs.reduce(0) { $0 + $1 * $1 }
        let s4 = xs.reduce(0) { $0 + $1 * $1 * $1 * $1 }
        let f0 = xs.reduce(0) { $0 + abs($1) }
        let f2 = xs.reduce(0) { $0 + abs($1) * $1 * $1 }
        let det = n * s4 - s2 * s2
        let c0 = (f0 * s4 - s2 * f2) / det
        let c2 = (n * f2 - s2 * f0) / det

        let p = try PolyActivation.fit(function: { abs($0) }, degree: 2, range: range, samples: samples)
        #expect(abs(p.coefficients[0] - c0) < 1e-9 * max(1, abs(c0)))
        #expect(abs(p.coefficients[1]) < 1e-9)
        #expect(abs(p.coefficients[2] - c2) < 1e-9 * max(1, abs(c2)))
    }

    /// ReLU, GELU and SiLU are x/2 + (even function), so on a symmetric range the degree-3
    /// fit equals the degree-2 fit (c3 is round-off) and only degree 4 improves.
    @Test(arguments: FitTarget.allCases, [2.0, 4.0, 8.0])
    func errorDecreasesWithDegree(target: FitTarget, range: Double) throws {
        let errors = try (2...4).map { d in
            try maxError(PolyActivation.fit(target, degree: d, range: range), { target($0) }, range: range)
        }
        #expect(errors[1] <= errors[0] + 1e-12)
        #expect(errors[2] <= errors[1] + 1e-12)
        #expect(errors[2] < 0.8 * errors[0], "errors \(errors)")
        let p3 = try PolyActivation.fit(target, degree: 3, range: range)
        #expect(abs(p3.coefficients[1] - 0.5) < 1e-12)
        #expect(abs(p3.coefficients[3]) < 1e-12)
    }

    @Test func fitMetadata() throws {
        let p = try PolyActivation.fit(.gelu, degree: 4, range: 4)
        #expect(p.degree == 4)
        #expect(p.validRange == -4...4)
        #expect(p.kind == .fit(target: .gelu, range: 4))
        #expect(p.name == "gelu fit [-4.0, 4.0], degree 4")
    }

    @Test func targetsKnownValues() {
        #expect(FitTarget.relu(-1.5) == 0)
        #expect(FitTarget.relu(2.5) == 2.5)
        #expect(abs(FitTarget.gelu(1) - 0.8413447460685429) < 1e-15)  // Φ(1)
        #expect(abs(FitTarget.silu(1) - 1 / (1 + exp(-1.0))) < 1e-15)
        #expect(FitTarget.gelu(0) == 0 && FitTarget.silu(0) == 0)
    }

    /// Central differences with h = 1e-3 in Double: truncation error h²/6·|p'''| ≤ 1e-6·max|p'''|
    /// and round-off ≈ 1e-16·|p|/h, so an absolute tolerance of 1e-6 is generous.
    /// The Float derivative must agree with the Double one to 1e-5 relative.
    @Test(arguments: FitTarget.allCases, 2...4)
    func derivativeMatchesFiniteDifferences(target: FitTarget, degree: Int) throws {
        let range = 4.0, h = 1e-3
        let p = try PolyActivation.fit(target, degree: degree, range: range)
        for i in 0...80 {
            let x = -range + 2 * range * Double(i) / 80
            let fd = (p(x + h) - p(x - h)) / (2 * h)
            #expect(abs(p.derivative(x) - fd) < 1e-6, "x = \(x)")
            let d = p.derivative(x)
            #expect(abs(Double(p.derivative(Float(x))) - d) <= 1e-5 * max(1, abs(d)), "x = \(x)")
        }
    }

    @Test(arguments: [-1, 0, 1, 5, 10])
    func rejectsUnsupportedDegree(degree: Int) {
        #expect(throws: PolyActivationError.unsupportedDegree(degree, supported: 2...4)) {
            try PolyActivation.fit(.relu, degree: degree, range: 4)
        }
    }

    @Test(arguments: [0.0, -1, .infinity, -.infinity, .nan])
    func rejectsInvalidRange(range: Double) {
        #expect {
            try PolyActivation.fit(.silu, degree: 2, range: range)
        } throws: { error in
            guard case .invalidRange = error as? PolyActivationError else { return false }
            return true
        }
    }

    @Test func rejectsTooFewSamplesAndNonFiniteTargets() {
        #expect(throws: PolyActivationError.tooFewSamples(3, degree: 3)) {
            try PolyActivation.fit(.gelu, degree: 3, range: 2, samples: 3)
        }
        #expect {
            try PolyActivation.fit(function: { 1 / $0 }, degree: 2, range: 1, samples: 3)
        } throws: { error in
            guard case let .nonFiniteTarget(x, _) = error as? PolyActivationError else { return false }
            return x == 0
        }
    }

    @Test func errorMessagesAreSpecific() {
        #expect(PolyActivationError.unsupportedDegree(7, supported: 2...4).description
            == "polynomial fit degree 7 is not supported; use 2...4")
        #expect(PolyActivationError.invalidRange(-2).description.contains("-2.0"))
        #expect(PolyActivationError.lapackFailure(routine: "dgels", info: 3).description
            == "LAPACK dgels failed with info = 3 (the Vandermonde matrix is rank deficient)")
    }
}

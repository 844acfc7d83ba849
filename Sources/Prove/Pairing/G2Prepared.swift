// Line coefficients of the optimal ate Miller loop for one G2 point, precomputed once:
// the doubling and addition steps in homogeneous projective coordinates on the D-type
// twist (Costello, Lange, Naehrig, "Faster Pairing Computations on Curves with High-Degree
// Twists", PKC 2010, as arranged in arkworks' `bn` module). Not constant-time.

/// One line through points of the twist: evaluated at P = (px, py) in G1 it is the sparse
/// Fq12 element (a·py) + (b0·px + b1·v)·w, correct up to a factor in Fq2 (which the final
/// exponentiation removes).
struct LineCoefficients: Sendable {
    let a: Fq2
    let b0: Fq2
    let b1: Fq2
}

/// A G2 point with the Miller loop's line coefficients precomputed (reusable across pairings).
public struct G2Prepared: Sendable {
    let lines: [LineCoefficients]
    /// `true` if the point was infinity; its pairings are 1.
    public let isInfinity: Bool

    /// The signed binary (NAF) digits of 6x + 2, least significant first.
    static let loopDigits: [Int8] = {
        var n = UInt128(bn254X) * 6 + 2
        var digits = [Int8]()
        while n > 0 {
            if n & 1 == 1 {
                let digit: Int8 = (n & 3) == 1 ? 1 : -1
                n = digit == 1 ? n - 1 : n + 1
                digits.append(digit)
            } else {
                digits.append(0)
            }
            n >>= 1
        }
        return digits
    }()

    /// Runs the loop over the digits of 6x + 2 on T = Q, recording each line, then the two
    /// extra additions of π(Q) and −π²(Q) (π = the p-power Frobenius on the twist).
    public init(_ q: G2Affine) {
        isInfinity = q.isInfinity
        guard !q.isInfinity else {
            lines = []
            return
        }
        var t = HomogeneousPoint(x: q.x, y: q.y, z: .one)
        let negativeQ = q.negated()
        var lines = [LineCoefficients]()
        lines.reserveCapacity(90)
        for digit in Self.loopDigits.dropLast().reversed() {
            lines.append(t.double())
            if digit == 1 { lines.append(t.add(q)) }
            if digit == -1 { lines.append(t.add(negativeQ)) }
        }
        let q1 = q.psi()
        let q2 = q1.psi().negated()
        lines.append(t.add(q1))
        lines.append(t.add(q2))
        self.lines = lines
    }
}

/// A twist point in homogeneous projective coordinates (x = X/Z, y = Y/Z).
struct HomogeneousPoint {
    var x: Fq2
    var y: Fq2
    var z: Fq2

    static let twoInverse = Fq(2).inverse!
    static let threeB = G2Affine.b.doubled() + G2Affine.b

    /// T ← 2T; returns the tangent line at T.
    mutating func double() -> LineCoefficients {
        let a = (x * y).scaled(by: Self.twoInverse)
        let b = y.squared()
        let c = z.squared()
        let e = Self.threeB * c
        let f = e.doubled() + e
        let g = (b + f).scaled(by: Self.twoInverse)
        let h = (y + z).squared() - (b + c)
        let i = e - b
        let j = x.squared()
        let eSquared = e.squared()
        x = a * (b - f)
        y = g.squared() - (eSquared.doubled() + eSquared)
        z = b * h
        return LineCoefficients(a: -h, b0: j.doubled() + j, b1: i)
    }

    /// T ← T + Q; returns the line through T and Q.
    mutating func add(_ q: G2Affine) -> LineCoefficients {
        let theta = y - q.y * z
        let lambda = x - q.x * z
        let c = theta.squared()
        let d = lambda.squared()
        let e = lambda * d
        let f = z * c
        let g = x * d
        let h = e + f - g.doubled()
        x = lambda * h
        y = theta * (g - h) - e * y
        z = z * e
        let j = theta * q.x - lambda * q.y
        return LineCoefficients(a: lambda, b0: -theta, b1: j)
    }
}

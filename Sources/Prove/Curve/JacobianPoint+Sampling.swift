// Runs of distinct curve points for tests and benchmarks: k·G, (k+1)·G, … from a random k,
// which is what MSM and subgroup-check inputs need (no two equal, none at infinity for any
// practical count). Not for cryptographic use: the points' discrete logs are consecutive.

extension JacobianPoint {
    /// `count` distinct points k·G + i·G (i < count, k random), affine.
    public static func distinctPoints(count: Int, using rng: inout some RandomNumberGenerator) -> [Affine] {
        var jacobian = [Self]()
        jacobian.reserveCapacity(count)
        var point = generator.multiplied(by: Fr.random(using: &rng))
        for _ in 0..<count {
            jacobian.append(point)
            point = point + generator
        }
        return batchToAffine(jacobian)
    }
}

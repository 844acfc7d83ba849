// Predicted prove time and peak memory of a model circuit from its analytic cost, through a
// per-machine profile of non-negative coefficients fitted to measured proofs
// (`CircuitBench.calibrate`, `zktrain bench calibrate`). The features follow where a Groth16
// prove spends its time: a fixed part; the NTTs (N·log₂N for domain N); the H-query MSM of
// N − 1 full-width scalars, as Prove's own estimate of its additions (`MSM.estimatedCost`:
// small MSMs need more additions per point, with narrower windows and no batch-affine
// buckets, which a feature linear in N missed by ~30 % on circuits under 2^12; the plan's
// batch-affine windows priced at their measured cost, without which the tiny certified
// circuits, 2^12, were over-predicted by 40–85 %); the witness
// MSMs, whose Pippenger windows grow with the bit width of each wire (Σ ⌈bits/16⌉ over
// private wires), and the public wires they also cover (the A and B queries run over every
// wire: a certified CNN's weights and first-layer outputs are public; without them the
// certified CNNs were under-predicted by up to 19 %); and building and evaluating the
// constraint matrices (their terms as stored). Memory is fitted the same way on N, all wires
// (the key holds A and B points for each) and the terms, each calibration circuit's peak
// measured in a process of its own.
import Foundation
import Prove
import Support

/// Fitted coefficients for one machine.
public struct CostProfile: Codable, Equatable, Sendable {
    /// Where and when it was measured.
    public var machine: String
    public var created: String
    /// Seconds per unit of each `features` entry.
    public var secondsPerFeature: [Double]
    /// Bytes per unit of each `memoryFeatures` entry.
    public var bytesPerFeature: [Double]
    /// The `features` the time coefficients were fitted to: `currentFeatures`, or `nil` in
    /// profiles written before the H-query feature became an MSM estimate (2026-11-22);
    /// 2 before its batch-affine windows were priced at their measured cost (2026-12-07);
    /// 3 before matrix entries were counted as stored and public wires entered the time
    /// (2026-12-07, evening).
    public var featureVersion: Int?

    /// The version of `features`.
    public static let currentFeatures = 4

    public init(machine: String, created: String, secondsPerFeature: [Double], bytesPerFeature: [Double]) {
        self.machine = machine
        self.created = created
        self.secondsPerFeature = secondsPerFeature
        self.bytesPerFeature = bytesPerFeature
        featureVersion = Self.currentFeatures
    }

    /// [1, N·log₂N, H-query MSM additions (`MSM.estimatedCost` on this machine's cores),
    /// Σ⌈bits/16⌉ over private wires, matrix entries, public wires], in millions except the first.
    public static func features(_ cost: CircuitCost) -> [Double] {
        let n = 1 << cost.domainLogSize
        let windows = [1.0, 1, 1, 2, 4, 8, 16]
        let witness = zip(cost.wireBits, windows).reduce(0.0) { $0 + Double($1.0) * $1.1 }
        let hQuery = MSM.estimatedCost(count: n - 1, maxBits: 254, cores: ProcessInfo.processInfo.activeProcessorCount)
        return [1, Double(n) * Double(cost.domainLogSize) / 1e6, hQuery / 1e6, witness / 1e6, Double(cost.matrixEntries) / 1e6,
                Double(cost.publicWires) / 1e6]
    }

    /// [1, N, wires (private and public), matrix entries], in millions except the first.
    public static func memoryFeatures(_ cost: CircuitCost) -> [Double] {
        [1, Double(1 << cost.domainLogSize) / 1e6, Double(cost.privateWires + cost.publicWires) / 1e6, Double(cost.matrixEntries) / 1e6]
    }

    /// Predicted seconds for witness generation plus proving.
    public func predictedSeconds(_ cost: CircuitCost) -> Double {
        zip(Self.features(cost), secondsPerFeature).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Predicted peak resident memory of a prove, bytes.
    public func predictedBytes(_ cost: CircuitCost) -> Double {
        zip(Self.memoryFeatures(cost), bytesPerFeature).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Non-negative weighted least squares: coefficients c ≥ 0 minimising Σ ((c·xᵢ − yᵢ)/yᵢ)²,
    /// i.e. relative error, by trying every subset of active features (few features: exact).
    static func fitRelative(_ rows: [[Double]], _ targets: [Double]) -> [Double] {
        let k = rows[0].count
        var best = [Double](repeating: 0, count: k), bestError = Double.infinity
        for mask in 1..<(1 << k) {
            let active = (0..<k).filter { mask & (1 << $0) != 0 }
            guard let solution = solveWeighted(rows, targets, columns: active), solution.allSatisfy({ $0 >= 0 }) else { continue }
            var full = [Double](repeating: 0, count: k)
            for (j, c) in zip(active, solution) { full[j] = c }
            let error = zip(rows, targets).reduce(0.0) { sum, pair in
                let predicted = zip(pair.0, full).reduce(0) { $0 + $1.0 * $1.1 }
                return sum + pow((predicted - pair.1) / pair.1, 2)
            }
            if error < bestError { (best, bestError) = (full, error) }
        }
        return best
    }

    /// Least squares of the relative error over `columns`: rows scaled by 1/y so the normal
    /// equations are O(1) whatever the units (Gaussian elimination with partial pivoting);
    /// `nil` if singular.
    private static func solveWeighted(_ rows: [[Double]], _ targets: [Double], columns: [Int]) -> [Double]? {
        let m = columns.count
        var a = [[Double]](repeating: [Double](repeating: 0, count: m + 1), count: m)
        for (row, y) in zip(rows, targets) {
            let scaled = columns.map { row[$0] / y }
            for i in 0..<m {
                for j in 0..<m { a[i][j] += scaled[i] * scaled[j] }
                a[i][m] += scaled[i]
            }
        }
        let scale = a.flatMap { $0.prefix(m) }.map(abs).max() ?? 0
        for col in 0..<m {
            guard let pivot = (col..<m).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-12 * scale else { return nil }
            a.swapAt(col, pivot)
            for r in 0..<m where r != col {
                let f = a[r][col] / a[col][col]
                for c in col...m { a[r][c] -= f * a[col][c] }
            }
        }
        return (0..<m).map { a[$0][m] / a[$0][$0] }
    }
}

extension CostProfile {
    /// Where `zktrain bench calibrate` writes and `zktrain cost` looks: $XDG_CONFIG_HOME or ~/.config.
    public static var userPath: URL {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".config")
        return base.appendingPathComponent("zktrain/cost-profile.json")
    }

    /// The user's calibrated profile if there is one, else `shipped`.
    public static func current() throws -> (profile: CostProfile, source: String) {
        let url = userPath
        guard FileManager.default.fileExists(atPath: url.path) else { return (shipped, "shipped default profile") }
        return (try CostProfile(contentsOf: url), url.path)
    }

    /// Reads and checks a profile file: the feature version, the coefficient counts and
    /// finite non-negative values; errors name the file and say how to make a new one.
    public init(contentsOf url: URL) throws {
        let remedy = "run `zktrain bench calibrate` again or delete it"
        do {
            self = try StrictJSON.decode(CostProfile.self, from: readFileData(url, limit: 1 << 20), path: url.path)
        } catch let e as FormatError {
            throw CircuitError("\(url.path): not a cost profile (\(e.problem)); \(remedy)")
        }
        guard featureVersion == Self.currentFeatures else {
            throw CircuitError("\(url.path) was fitted by an older zktrain to other features; \(remedy)")
        }
        let coefficients: [Double] = secondsPerFeature + bytesPerFeature
        guard secondsPerFeature.count == 6, bytesPerFeature.count == 4, coefficients.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw CircuitError("\(url.path): not a cost profile (needs 6 time and 4 memory coefficients, finite and non-negative); \(remedy)")
        }
    }
}

extension CostProfile {
    /// Measured with `zktrain bench calibrate --runs 9` on the reference machine (2-core Intel
    /// Xeon with AVX-512, release build) on 2026-12-07 at 19:27, load 1.6–1.8, with thirteen
    /// calibration cases (a certified CNN with 113,000 public wires added), matrix entries
    /// counted as stored, public wires in the time and each case's peak memory measured in a
    /// process of its own. Of three fits in a row, this is the one with the smallest time
    /// error on its own calibration cases (rms 6.8 %; the others 7.1 and 8.1 %). Against the
    /// medians of three rounds of the goal circuits measured between the fits (19:21–19:31)
    /// it predicts prove time within −12 … +20 % and peak memory within −11 … +10 % for the
    /// certified `784-64-10` and `784-128-10`, the certified CNNs, the seed-style certified
    /// CNN and the committed `784-64-10`; the public `784-64-10` at +19 % and +1 %, the public
    /// 90.1 % CNN at −13 % and −20 %. The other two fits are within −15 … +28 % and −20 … +10 %.
    public static let shipped = CostProfile(
        machine: "Intel(R) Xeon(R) Processor, 2 cores (reference machine)", created: "2026-12-07T19:29:38Z",
        secondsPerFeature: [0.000885151, 0.0068612, 0.530088, 0.556425, 0.0675371, 0.208551],
        bytesPerFeature: [3.76553e+07, 5.6745e+08, 3.24448e+07, 3.34122e+07])
}

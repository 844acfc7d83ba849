// A phase timer in the spirit of arkworks' `start_timer!`/`end_timer!`: records wall-clock
// time per named phase so that `--verbose` can print where a setup or proof spent its time.
// Not a profiler: phases are sequential and non-overlapping; starting one ends the previous.
// Groth16 setup and prove, the cost calibration and the CLI's `--verbose` share it.
import Foundation

/// Wall-clock durations of consecutive named phases.
public struct PhaseTimer: Sendable {
    /// Finished phases in order: name and seconds.
    public private(set) var phases: [(name: String, seconds: Double)] = []
    private var current: (name: String, watch: Stopwatch)?

    /// A timer with no phases yet.
    public init() {}

    /// Ends the running phase (if any) and starts `name`.
    public mutating func start(_ name: String) {
        stop()
        current = (name, Stopwatch())
    }

    /// Ends the running phase (if any).
    public mutating func stop() {
        guard let current else { return }
        phases.append((current.name, current.watch.seconds))
        self.current = nil
    }

    /// Sum of the finished phases, in seconds.
    public var totalSeconds: Double { phases.reduce(0) { $0 + $1.seconds } }

    /// One line per phase name ("  12.3 ms  41.0%  MSM: A"), in order of first appearance,
    /// with repeated phases (several proofs in one run) summed and counted ("×4"); then the total.
    public var report: String {
        let total = max(totalSeconds, 1e-12)
        var order = [String](), sums = [String: (seconds: Double, count: Int)]()
        for phase in phases {
            if sums[phase.name] == nil { order.append(phase.name) }
            sums[phase.name, default: (0, 0)].seconds += phase.seconds
            sums[phase.name, default: (0, 0)].count += 1
        }
        var lines = order.map { name in
            let (seconds, count) = sums[name]!
            return String(format: "%10.1f ms %6.1f%%  %@", seconds * 1e3, 100 * seconds / total, name + (count > 1 ? " (×\(count))" : ""))
        }
        lines.append(String(format: "%10.1f ms %6.1f%%  total", total * 1e3, 100.0))
        return lines.joined(separator: "\n")
    }
}

// Wall-clock timing for phase timers and benchmarks: a monotonic stopwatch, the median of
// measured samples, and the median sample itself (a benchmark reports that run, with its
// phases or its proof, not only its time). Not a profiler.
import Dispatch

/// Monotonic wall-clock time since the stopwatch was made (DispatchTime's uptime clock, which
/// clock adjustments do not move).
public struct Stopwatch: Sendable {
    private let start = DispatchTime.now().uptimeNanoseconds

    /// Starts the stopwatch.
    public init() {}

    /// Nanoseconds since `init`.
    public var nanoseconds: UInt64 { DispatchTime.now().uptimeNanoseconds - start }

    /// Seconds since `init`.
    public var seconds: Double { Double(nanoseconds) / 1e9 }
}

/// The median of `values`: the middle value, or the mean of the two middle values for an
/// even count; NaN for no values.
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted(), n = sorted.count
    guard n > 0 else { return .nan }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

/// The middle one of `items` ordered by `key` (for an even count the upper of the two middle
/// ones, so that it is always a run that happened); nil for no items.
public func medianElement<T>(of items: [T], by key: (T) -> Double) -> T? {
    guard !items.isEmpty else { return nil }
    return items.sorted { key($0) < key($1) }[items.count / 2]
}

// The timing loops the benchmarks share: run a body several times and keep one sample per
// run, on the wall clock (work spread over cores) or the calling thread's CPU clock
// (single-threaded kernels, so that other processes on a shared machine do not inflate the
// numbers), and the two guards that keep the optimizer from folding or deleting the work
// being timed. Nothing here asserts speed.
import Foundation
import Support

/// Wall-clock nanoseconds of each of `runs` runs of `body` (at least one run).
func wallNanoseconds(runs: Int, _ body: () -> Void) -> [Double] {
    (0..<max(runs, 1)).map { _ in
        let watch = Stopwatch()
        body()
        return Double(watch.nanoseconds)
    }
}

/// The calling thread's CPU nanoseconds of each of `runs` runs of `body` (at least one run).
func threadCPUNanoseconds(runs: Int, _ body: () -> Void) -> [Double] {
    (0..<max(runs, 1)).map { _ in
        let start = threadCPUNanoseconds()
        body()
        return Double(threadCPUNanoseconds() - start)
    }
}

/// CPU time consumed by the calling thread, nanoseconds.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// CPU time of this process, all threads, seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Consumes a value: folds its bytes into a global, so the optimizer cannot treat the
/// computation behind it as dead (an empty `@inline(never)` function was seen through).
@inline(never) func blackHole<T>(_ value: T) {
    withUnsafeBytes(of: value) { bytes in sink = bytes.reduce(sink, ^) }
}

/// Returns `value` unchanged, opaquely to the optimizer (no constant folding through it).
@_optimize(none) @inline(never) func opaque<T>(_ value: T) -> T { value }

/// Written by `blackHole` only; read by nobody.
nonisolated(unsafe) private var sink: UInt8 = 0

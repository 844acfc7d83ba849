// The one parallelism helper of the trainer: a chunked `concurrentPerform` over an index
// range. Kernels call it; nothing else spawns threads (OpenBLAS has its own pool).
import Dispatch

/// Number of worker threads for element-wise kernels (and the size of per-worker partial
/// sums). Set once at start-up through `setComputeThreads` before any training work; results
/// are bit-reproducible for a given value.
nonisolated(unsafe) private(set) var parallelWorkers = 2

/// Sets the threads used by training: OpenBLAS's pool and the element-wise kernels.
/// Call before training starts (not while kernels run).
public func setComputeThreads(_ n: Int) {
    parallelWorkers = max(1, n)
    setBLASThreads(max(1, n))
}

/// Runs `body(i)` for i in 0..<count, split into contiguous chunks across workers
/// (`parallelChunks` with at least `minimumPerWorker` items per worker).
@inline(__always)
func parallelFor(_ count: Int, minimumPerWorker: Int = 8, _ body: (Int) -> Void) {
    parallelChunks(count, minimumChunk: minimumPerWorker) { range, _ in for i in range { body(i) } }
}

/// Carries a non-Sendable value into `concurrentPerform`. Callers guarantee that the
/// chunks touch disjoint memory.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Splits 0..<count into one contiguous range per worker (at least `minimumChunk` long) and
/// runs `body(range, worker)` concurrently. Reductions give each worker its own partials.
@inline(__always)
func parallelChunks(_ count: Int, minimumChunk: Int = 4096, _ body: (Range<Int>, Int) -> Void) {
    let workers = max(1, min(parallelWorkers, count / max(minimumChunk, 1)))
    if workers == 1 {
        body(0..<count, 0)
        return
    }
    withoutActuallyEscaping(body) { body in
        let task = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            task.value((count * w / workers)..<(count * (w + 1) / workers), w)
        }
    }
}

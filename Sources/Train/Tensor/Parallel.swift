// How many workers the trainer's element-wise kernels use, and the two loops they call, on
// Support's `Parallel.chunks` (contiguous ranges, one per worker). Nothing else in Train
// spawns threads (OpenBLAS has its own pool).
import Support

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

/// Splits 0..<count into one contiguous range per worker (at least `minimumChunk` long) and
/// runs `body(range, worker)` concurrently. Chunks touch disjoint memory; reductions give
/// each worker its own partials.
@inline(__always)
func parallelChunks(_ count: Int, minimumChunk: Int = 4096, _ body: (Range<Int>, Int) -> Void) {
    Parallel.chunks(count, workers: parallelWorkers, minimumChunk: minimumChunk, body)
}

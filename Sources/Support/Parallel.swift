// The one parallelism helper, over DispatchQueue.concurrentPerform: an ordered map and a
// loop with one iteration per index (Prove's kernels, the CSV reader, sweep scoring, integer
// inference), and contiguous chunks over a worker count (the trainer's element-wise
// kernels). Nothing else in ZKTrain starts data-parallel work. Chunking is fixed by the
// arguments alone, so results are reproducible for a given core or worker count.
import Dispatch
import Foundation

/// Data-parallel loops.
public enum Parallel {
    /// The number of chunks to split data-parallel work into: the active processor count.
    public static var chunkCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Calls `body(index)` for every index in 0..<count, possibly concurrently, and returns
    /// the results in index order.
    @inlinable
    public static func map<T>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let storage = UnsafeMutablePointer<T?>.allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
        defer {
            storage.deinitialize(count: count)
            storage.deallocate()
        }
        let slots = UncheckedSendable(storage)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.value[index] = body(index)  // each index is written by exactly one iteration
        }
        return (0..<count).map { storage[$0]! }
    }

    /// Calls `body(index)` for every index in 0..<count, possibly concurrently.
    @inlinable
    public static func forEach(count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            body(0)
        } else if count > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }

    /// Splits 0..<count into one contiguous range per worker — min(`workers`,
    /// count / `minimumChunk`) of them, at least one — and runs `body(range, worker)`
    /// concurrently. Callers guarantee that the ranges touch disjoint memory; reductions
    /// give each worker its own partials.
    @inlinable @inline(__always)
    public static func chunks(_ count: Int, workers: Int, minimumChunk: Int, _ body: (Range<Int>, Int) -> Void) {
        let workers = max(1, min(workers, count / max(minimumChunk, 1)))
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
}

/// Wraps a value shared across threads under an invariant the compiler cannot check
/// (disjoint writes, read-only sharing); the code that wraps it states the invariant.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    public let value: Value
    /// Wraps `value`.
    @inlinable public init(_ value: Value) { self.value = value }
}

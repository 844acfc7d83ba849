// The one parallelism helper of Prove: `Parallel.map` and `Parallel.forEach` over
// DispatchQueue.concurrentPerform. Kernels (MSM, NTT, Groth16) call it; nothing else in
// Prove spawns threads.

import Dispatch
import Foundation

/// Data-parallel loops for Prove's kernels.
enum Parallel {
    /// The number of chunks to split data-parallel work into: the active processor count.
    static var chunkCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Calls `body(index)` for every index in 0..<count, possibly concurrently, and returns
    /// the results in index order.
    static func map<T>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
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
    static func forEach(count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            body(0)
        } else if count > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }
}

/// Wraps a value that is shared across threads under an invariant the compiler cannot
/// check (disjoint writes). Internal to Prove's kernels.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

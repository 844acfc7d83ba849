// The CSV reader's one parallelism helper: an ordered map over DispatchQueue.concurrentPerform.
// Pieces of a file are parsed, and columns assembled, through it; nothing else in the reader
// starts threads.
import Dispatch

/// Data-parallel loops for the CSV reader.
enum CSVParallel {
    /// `body(i)` for every i in 0..<count, run on all cores, results in index order.
    static func map<T>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = UnsafeMutablePointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
        defer {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
        let shared = SharedSlots(pointer: slots)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            shared.pointer[index] = body(index)  // each index is written by exactly one iteration
        }
        return (0..<count).compactMap { slots[$0] }  // every slot is set: concurrentPerform ran them all
    }
}

/// The result slots, shared across threads that each write a different index.
private struct SharedSlots<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T?>
}

// Work started on a thread of its own while the command goes on, joined where its result is
// needed (the prover reads the proving key while it lowers the model).
import Foundation

/// The result of `work`, computed on a new thread from the moment of creation.
public final class Background<Value: Sendable>: @unchecked Sendable {
    // Written once by the worker before `finished` is signalled, read only after waiting on it.
    private var result: Result<Value, any Error>?
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `work` on a new thread.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            finished.signal()
        }
    }

    /// Waits for the work to finish; returns its value or rethrows its error. Call it once.
    public func value() throws -> Value {
        finished.wait()
        return try result!.get()
    }
}

// Where a Ray cluster is and what its workers run, as `sweep --ray` and `prove --ray` give
// it, and the error a Ray session ends with. Only values: RayDriver.swift runs the session.
import Foundation
import Support

/// Where the Ray cluster is and what its workers run.
public struct RayOptions: Sendable, Equatable {
    /// `auto` (the RAY_ADDRESS variable, else the cluster started on this machine by `ray start`),
    /// `HOST:PORT` of the head node, or a Ray client address `ray://HOST:10001`.
    public var address: String
    /// Path of the zktrain binary on every worker (built for the worker's CPU).
    public var workerBinary: String

    /// Options for `address`; `workerBinary` defaults to this executable's own path, right when
    /// the workers are this machine or share its installation.
    public init(address: String, workerBinary: String? = nil) {
        self.address = address
        self.workerBinary = workerBinary ?? OwnExecutable.path
    }
}

/// A Ray session that cannot go on: names the cause and, where it can, the remedy.
public struct RayError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

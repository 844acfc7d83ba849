// A scratch directory for tests that write files.
import Foundation

/// Runs `body` with the path of a fresh temporary directory, removed with everything in it
/// afterwards.
public func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    let path = FileManager.default.temporaryDirectory.path + "/zktrain-test-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try body(path)
}

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

/// Fresh temporary folders, removed with everything in them when this object goes: a test
/// suite holds one, so each test's folders go when its instance does.
public final class TemporaryFolders {
    private var folders = [URL]()

    public init() {}

    deinit { for url in folders { try? FileManager.default.removeItem(at: url) } }

    /// A new empty folder named `prefix`-UUID in the system's temporary directory.
    public func make(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        folders.append(url)
        return url
    }
}

// The error every reader in Formats/ throws (which file, what is wrong with it) and the
// atomic file write used for every artifact Prove produces. No parsing lives here.

import Foundation

/// A file that could not be read, written or parsed: `path` names it, `problem` says why
/// in words a user can act on ("section 2 truncated: needs 96 bytes, 40 remain").
public struct FormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (or a caller-chosen name for in-memory data).
    public var path: String
    /// What is wrong.
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// Writes `data` to `url` atomically (see `writeAtomically(to:permissions:_:)`).
public func writeAtomically(_ data: Data, to url: URL, permissions: Int? = nil) throws {
    try writeAtomically(to: url, permissions: permissions) { try $0.write(contentsOf: data) }
}

/// Writes a file atomically: `write` fills a temporary file in the same folder (in pieces, if
/// it likes, so that a large file need not be held in memory), which is flushed and then
/// renamed over `url`, so readers never see a half-written file. `permissions` (e.g. 0o600
/// for secrets) are set when the temporary file is created, so the data is never readable
/// more widely. Throws `FormatError` naming `url` on any failure (the temporary file is removed).
public func writeAtomically(to url: URL, permissions: Int? = nil, _ write: (FileHandle) throws -> Void) throws {
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
    let attributes = permissions.map { [FileAttributeKey.posixPermissions: $0] }
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: attributes) else {
        throw FormatError(path: url.path, problem: "cannot create a temporary file in \(folder.path)")
    }
    do {
        let handle = try FileHandle(forWritingTo: temporary)
        defer { try? handle.close() }
        try write(handle)
        try handle.synchronize()
    } catch {
        try? FileManager.default.removeItem(at: temporary)
        throw FormatError(path: url.path, problem: "cannot write: \(error.localizedDescription)")
    }
    guard rename(temporary.path, url.path) == 0 else {
        let code = errno
        try? FileManager.default.removeItem(at: temporary)
        throw FormatError(path: url.path, problem: "cannot move the temporary file into place (errno \(code))")
    }
}

/// Reads a whole file, or throws `FormatError` naming it.
func readFileData(_ url: URL) throws -> Data {
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw FormatError(path: url.path, problem: "cannot read the file (missing or unreadable)")
    }
    return data
}

// Durable atomic file writes, the one way every ZKTrain artifact reaches the disk: a
// temporary file in the same folder, flushed (fsync), renamed over the target, then the
// folder flushed, so a reader sees the old file or the new one, never a mix, even after a
// power cut. Several files that belong together go through `ArtifactSet` instead.
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

/// Writes `data` to `url` atomically and durably (see `writeAtomically(to:permissions:_:)`).
public func writeAtomically(_ data: Data, to url: URL, permissions: Int? = nil) throws {
    try writeAtomically(to: url, permissions: permissions) { try $0.write(contentsOf: data) }
}

/// Writes a file atomically: `write` fills a temporary file in the same folder (in pieces, if
/// it likes, so that a large file need not be held in memory), which is flushed and renamed
/// over `url`; then the folder is flushed. Readers never see a half-written file. `permissions`
/// (e.g. 0o600 for secrets) are set when the temporary file is created, so the data is never
/// readable more widely. Throws `FormatError` naming `url` (the temporary file is removed).
public func writeAtomically(to url: URL, permissions: Int? = nil, _ write: (FileHandle) throws -> Void) throws {
    let temporary = try TemporaryFile.write(for: url, permissions: permissions, write)
    guard rename(temporary.path, url.path) == 0 else {
        let code = errno
        try? FileManager.default.removeItem(at: temporary)
        throw FormatError(path: url.path, problem: "cannot move the temporary file into place (\(String(cString: strerror(code))))")
    }
    syncDirectory(url.deletingLastPathComponent())
    TemporaryFile.removeStale(in: url.deletingLastPathComponent(), prefix: ".\(url.lastPathComponent)\(TemporaryFile.marker)")
}

/// Temporary files: `.NAME.tmp-PID-UUID` beside their target, so that a later writer can tell
/// the leftovers of a killed process (its PID is gone) from a running writer's.
enum TemporaryFile {
    static let marker = ".tmp-"

    /// Creates and fills the temporary file for `target`, flushed to disk; returns its URL.
    static func write(for target: URL, permissions: Int?, _ write: (FileHandle) throws -> Void) throws -> URL {
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent)\(marker)\(getpid())-\(UUID().uuidString)")
        // open(2), not FileManager.createFile: on Linux the latter writes through a temporary
        // file of its own (".dat.nosync…"), which a kill would leave behind under another name.
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(permissions ?? 0o644))
        guard fd >= 0 else {
            throw FormatError(path: target.path, problem: "cannot create a temporary file in \(folder.path) (\(String(cString: strerror(errno))))")
        }
        if let permissions { _ = fchmod(fd, mode_t(permissions)) }  // exactly, whatever the umask
        do {
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            defer { try? handle.close() }
            try write(handle)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let known = error as? FormatError { throw known }
            throw FormatError(path: target.path, problem: "cannot write: \(error.localizedDescription)")
        }
        return temporary
    }

    /// The PID in a temporary file's name, or nil when `name` is not one of ours.
    static func owner(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let range = name.range(of: marker, options: .backwards) else { return nil }
        return pid_t(name[range.upperBound...].prefix { $0.isNumber })
    }

    /// Removes the temporary files in `folder` (those whose name starts with `prefix`) left by
    /// processes that no longer run, except those in `keep`. Returns how many were removed.
    @discardableResult
    static func removeStale(in folder: URL, prefix: String = "", keep: Set<String> = []) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) && !keep.contains(name) {
            guard let pid = owner(name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil { removed += 1 }
        }
        return removed
    }
}

/// Flushes a folder's entries (the renames in it) to disk; best effort.
func syncDirectory(_ folder: URL) {
    let fd = open(folder.path, O_RDONLY | O_DIRECTORY)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
}

/// Reads a whole file, or throws `FormatError` naming it. `limit` caps the size accepted
/// (bytes), so that a huge file is refused before it is read.
public func readFileData(_ url: URL, limit: Int = Int.max) throws -> Data {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
        throw FormatError(path: url.path, problem: "not found")
    }
    guard !isFolder.boolValue else { throw FormatError(path: url.path, problem: "is a folder, expected a file") }
    if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > limit {
        throw FormatError(path: url.path, problem: "is \(size) bytes, more than the \(limit) this file can hold")
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw FormatError(path: url.path, problem: "cannot read the file (unreadable, or a symbolic-link loop)")
    }
    return data
}

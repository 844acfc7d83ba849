// Files that belong together — a checkpoint's three files, a key pair, a proof with its
// public inputs — committed so that a reader sees the whole old set or the whole new one,
// even when the writer is killed between two renames. A redo journal, as databases do:
// every new file is written and flushed under a temporary name, then one small journal
// naming the renames is written atomically (the commit point), then the renames run and the
// journal is removed. Whoever opens the folder next finishes a journal it finds
// (`ArtifactSet.recover`), so a kill after the commit point rolls forward and a kill before
// it leaves the old set and a few temporary files, which the next writer removes.
// Not a lock: two processes writing the same set at once is not supported.
import Foundation

/// A set of files written into one folder and committed together.
public struct ArtifactSet {
    /// The journal's name inside the folder.
    public static let journalName = ".zktrain-commit.json"

    /// The folder the set is written into.
    public let folder: URL
    private var staged: [(temporary: String, name: String)] = []

    /// A set in `folder`, which is created if needed; an interrupted earlier commit there is
    /// finished first and temporary files of killed writers are removed.
    public init(in folder: URL) throws {
        self.folder = folder
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw FormatError(path: folder.path, problem: "cannot create the folder (\(error.localizedDescription))")
        }
        try Self.recover(in: folder)
    }

    /// Stages `data` as the file `name` of the set.
    public mutating func add(_ name: String, _ data: Data, permissions: Int? = nil) throws {
        try add(name, permissions: permissions) { try $0.write(contentsOf: data) }
    }

    /// Stages the file `name`, filled by `write` in as many pieces as it likes.
    public mutating func add(_ name: String, permissions: Int? = nil, _ write: (FileHandle) throws -> Void) throws {
        precondition(!name.contains("/") && !staged.contains { $0.name == name }, "ArtifactSet: bad or repeated name \(name)")
        let temporary = try TemporaryFile.write(for: folder.appendingPathComponent(name), permissions: permissions, write)
        staged.append((temporary.lastPathComponent, name))
    }

    /// Makes every staged file visible at once (from a reader's point of view).
    public func commit() throws {
        let journal = Journal(renames: staged.map { Journal.Rename(from: $0.temporary, to: $0.name) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try writeAtomically(try encoder.encode(journal), to: folder.appendingPathComponent(Self.journalName))
        try Self.finish(journal, in: folder)
    }

    /// Finishes a commit that was interrupted after its commit point, and removes temporary
    /// files left by killed writers. Every reader of a set calls this before reading.
    /// - Throws: `FormatError` when the folder holds an unreadable journal or a rename fails
    ///   (e.g. the folder is read-only: the set stays consistent but cannot be finished).
    public static func recover(in folder: URL) throws {
        let url = folder.appendingPathComponent(journalName)
        var keep: Set<String> = []
        if FileManager.default.fileExists(atPath: url.path) {
            let data = try readFileData(url, limit: 1 << 20)
            guard let journal = try? JSONDecoder().decode(Journal.self, from: data),
                  journal.renames.allSatisfy({ !$0.from.contains("/") && !$0.to.contains("/") }) else {
                throw FormatError(path: url.path, problem: "damaged commit journal: the files of \(folder.path) may be a mix of two versions; write them again")
            }
            keep = Set(journal.renames.map(\.from))
            try finish(journal, in: folder)
        }
        TemporaryFile.removeStale(in: folder, keep: keep)
    }

    private static func finish(_ journal: Journal, in folder: URL) throws {
        for r in journal.renames {
            let from = folder.appendingPathComponent(r.from), to = folder.appendingPathComponent(r.to)
            // A rename already done (by the writer, or by another recovery, perhaps at this
            // very moment on another thread) left no source.
            guard rename(from.path, to.path) == 0 || errno == ENOENT else {
                throw FormatError(path: to.path, problem: "cannot finish an interrupted write (\(String(cString: strerror(errno))))")
            }
        }
        syncDirectory(folder)
        let url = folder.appendingPathComponent(journalName)
        guard unlink(url.path) == 0 || errno == ENOENT else {
            throw FormatError(path: url.path, problem: "cannot remove the commit journal (\(String(cString: strerror(errno))))")
        }
        syncDirectory(folder)
    }

    private struct Journal: Codable {
        struct Rename: Codable { var from, to: String }
        var renames: [Rename]
    }
}

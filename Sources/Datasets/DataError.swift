// The one error type of the data loaders: which file, and what is wrong with it, in words.
// Loaders never trap on a bad file; every failure ends up here.

/// A dataset file that is missing, unreadable, or not what it claims to be.
///
/// `description` is "`path`: `reason`", e.g.
/// "…/t10k-images-idx3-ubyte.gz: truncated: header declares 10000×28×28 = 7840000 pixel
/// bytes, file has 123 bytes after the header".
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or directory) the problem is about, as the caller spelled it.
    public var path: String
    /// What is wrong, in plain words, without the path.
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

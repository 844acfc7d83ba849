// Reads a whole dataset file into memory, gunzipping it when the name ends in ".gz".
// Whether a file is compressed is decided by its name alone, never by sniffing its bytes.

import Foundation
import Support

/// Whole-file reads for dataset files.
public enum DataFile {
    /// The bytes of the file at `path`, decompressed if `path` ends in `.gz`; `sizeLimit`
    /// bounds the decompressed size from the bytes decompressed so far (see `Gzip.decompress`).
    /// - Throws: `FormatError` if the file is missing, a directory, unreadable, or bad gzip.
    public static func read(path: String, sizeLimit: (ArraySlice<UInt8>) -> Int? = { _ in nil }) throws -> [UInt8] {
        let raw = try readRaw(path: path)
        return path.hasSuffix(".gz") ? try Gzip.decompress(raw, path: path, sizeLimit: sizeLimit) : raw
    }

    /// The bytes of the file at `path`, exactly as stored.
    public static func readRaw(path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FormatError(path: path, problem: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw FormatError(path: path, problem: "is a directory, expected a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FormatError(path: path, problem: "cannot read the file (permissions?)")
        }
        return [UInt8](data)
    }

    /// Whether `path` names an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether `path` names an existing file (or anything that is not a directory).
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}

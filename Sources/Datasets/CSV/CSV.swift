// Reading CSV files (RFC 4180) into typed columns: the entry points, the rules and the
// limits. The parse itself: CSVReader (pieces on all cores), CSVChunk (numbers, the hot
// loop), CSVTextPass (text columns), NumberParser (correctly rounded decimals).
// Only commas separate fields; no other dialects, no type inference beyond number or text.
import Foundation
import Support

/// Reads CSV files into a `CSVTable`.
///
/// The rules:
/// - The first line is the header: one non-empty, distinct name per column. At least one
///   data row must follow, and every row has exactly as many fields as the header.
/// - A UTF-8 byte-order mark is skipped. Lines end in LF or CRLF; the last line may lack one.
///   Blank lines at the end of the file are ignored; a blank line anywhere else is an error
///   ("line 7 is empty"), since it more likely means a damaged or concatenated file than
///   data (pandas would skip it silently).
/// - A field whose first non-blank character is `"` is quoted: it may hold commas, line
///   breaks and quotes written `""`, and after its closing quote only blanks and then a
///   comma or the end of the line may follow. A quote elsewhere is an ordinary character
///   (`5" screen` is text). Spaces and tabs around unquoted fields are trimmed; quoted text
///   is kept as written.
/// - A cell is missing if its text is one of the missing-value markers, else a number if it
///   matches `[+-]digits[.digits][e[+-]digits]` (`.5`, `5.`, `+3`, `-1.5e-3`) or is
///   `inf`/`infinity` with an optional sign (any case), read correctly rounded; else text.
///   A column is numeric if none of its cells is text.
/// - Text must be valid UTF-8.
///
/// Every failure is a `FormatError` naming the file and, where there is one, the line and
/// column (characters from the start of the line) or the header field. No input traps.
public enum CSV {
    /// The missing-value markers used unless the caller gives others: "", "NA", "N/A",
    /// "NaN", "nan", "NULL", "null", compared with the field's text (unquoted fields
    /// without their surrounding blanks).
    public static let defaultMissingMarkers: Set<String> = ["", "NA", "N/A", "NaN", "nan", "NULL", "null"]

    /// The largest file accepted: 2^31 bytes (2 GiB), read into memory whole.
    public static let sizeLimit = 1 << 31

    /// The most cells (rows × columns) a file may hold: 2^28, so that the numbers need at
    /// most 2 GiB (twice that while parsing). Checked before parsing, from the line count:
    /// a file with fewer cells but more lines (quoted line breaks) than this allows is refused too.
    public static let cellLimit = 1 << 28

    /// Reads the CSV file at `path`; see `CSV` for the rules.
    /// - Throws: `FormatError` naming `path`: a missing or unreadable file, one over
    ///   `sizeLimit` bytes, or any violation of the rules.
    public static func read(path: String, missingMarkers: Set<String> = defaultMissingMarkers) throws -> CSVTable {
        let bytes = try readWholeFile(path: path)
        return try parse(bytes, path: path, missingMarkers: missingMarkers)
    }

    /// Parses CSV text already in memory; `path` names it in errors and in the table.
    /// `pieces` sets how many pieces the data rows are cut into to be parsed in parallel
    /// (default: by size, pieces of at least 1 MiB, up to four per core; 1 parses on one
    /// thread). The result never depends on it.
    public static func parse(_ bytes: UnsafeRawBufferPointer, path: String,
                             missingMarkers: Set<String> = defaultMissingMarkers, pieces: Int? = nil) throws -> CSVTable {
        do {
            return try CSVReader.parse(bytes, path: path, markers: missingMarkers, pieces: pieces)
        } catch {
            throw FormatError(path: path, problem: error.reason)
        }
    }

    /// Parses CSV text already in memory (see `parse(_:path:missingMarkers:pieces:)`).
    public static func parse(_ bytes: [UInt8], path: String,
                             missingMarkers: Set<String> = defaultMissingMarkers, pieces: Int? = nil) throws -> CSVTable {
        try bytes.withUnsafeBytes { try parse($0, path: path, missingMarkers: missingMarkers, pieces: pieces) }
    }
}

/// The bytes of the regular file at `path`, refused before reading if over `CSV.sizeLimit`.
/// A large file is read in pieces on all cores (the copy from the page cache and the page
/// faults of the new buffer are a fifth of a read's time).
private func readWholeFile(path: String) throws -> [UInt8] {
    func failure(_ what: String, _ code: Int32) -> FormatError {
        FormatError(path: path, problem: "\(what) (\(String(cString: strerror(code))))")
    }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw errno == ENOENT ? FormatError(path: path, problem: "no such file") : failure("cannot open", errno) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw failure("cannot read the file's size", errno) }
    guard info.st_mode & S_IFMT != S_IFDIR else { throw FormatError(path: path, problem: "is a directory, expected a file") }
    guard info.st_mode & S_IFMT == S_IFREG else { throw FormatError(path: path, problem: "is not a regular file") }
    let size = Int(info.st_size)
    guard size <= CSV.sizeLimit else { throw FormatError(path: path, problem: CSVProblem.tooLarge(bytes: size, limit: CSV.sizeLimit).reason) }
    let pieces = size >= 1 << 22 ? ProcessInfo.processInfo.activeProcessorCount : 1
    var errors: [Int32] = []
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        guard let base = buffer.baseAddress else { return }
        let target = SharedPointer(base: base)
        errors = Parallel.map(count: pieces) { k in
            var offset = size / pieces * k
            let end = k == pieces - 1 ? size : size / pieces * (k + 1)
            while offset < end {
                let n = pread(fd, target.base + offset, end - offset, off_t(offset))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return n < 0 ? errno : -1 }  // an error, or the file shrank (-1)
                offset += n
            }
            return 0
        }
        count = errors.allSatisfy { $0 == 0 } ? size : 0
    }
    if let code = errors.first(where: { $0 != 0 }) {
        throw code < 0 ? FormatError(path: path, problem: "the file shrank while it was read") : failure("cannot read", code)
    }
    return bytes
}

/// The buffer the pieces of a file are read into; each piece writes its own bytes.
private struct SharedPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
}

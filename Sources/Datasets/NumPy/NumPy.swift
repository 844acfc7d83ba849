// Reading NumPy's .npy (format versions 1.0, 2.0 and 3.0) and .npz files into `NumPyArray`s.
// .npy: magic "\x93NUMPY", version, header length, a Python dict literal header, raw C-order
// data (spec: numpy/lib/format.py, NEP 1). .npz: a ZIP archive of .npy entries (ZIP.swift).
// Reads whole files into memory; no memory mapping, no writing, no pickles.

import Support

/// Readers for NumPy's `.npy` and `.npz` files.
///
/// Every failure is a `FormatError` naming the file (and, inside an `.npz`, the entry) and what
/// is wrong, e.g. "x.npy: truncated: declares 3×4 float64 = 96 bytes, the file holds 80".
/// No input makes these functions trap or allocate more than its declared sizes allow.
public enum NumPy {
    /// The most elements one array may hold (2^28, 2 GiB as `Double`s): enough for any dataset
    /// this tool trains on, small enough that a corrupt shape cannot exhaust the machine.
    public static let elementLimit = 1 << 28

    /// The longest .npy header accepted, in bytes (NumPy's own reader also stops at 10,000).
    public static let headerLimit = 10_000

    /// The most dimensions an array may have (NumPy's `NPY_MAXDIMS`).
    public static let dimensionLimit = 64

    /// Reads the .npy file at `path`.
    /// - Throws: `FormatError` if the file is missing or unreadable, or as `parseNPY`.
    public static func readNPY(path: String) throws -> NumPyArray {
        try parseNPY(DataFile.readRaw(path: path), path: path)
    }

    /// Parses the bytes of a whole .npy file. `path` names it in error messages only.
    ///
    /// Accepts bool, int8…uint64, float32 and float64 in either byte order, C order, any
    /// shape (`()` is 0-d, a dimension may be 0). Rejects bad magic, other format versions,
    /// Fortran order, object, structured, string, float16 and complex dtypes, a header that is
    /// not a well-formed dict with exactly the keys descr, fortran_order and shape, more than
    /// `elementLimit` elements, data shorter or longer than the header declares, bool bytes
    /// other than 0 and 1, and uint64 values above `Int64.max`.
    /// - Throws: `FormatError`.
    public static func parseNPY(_ bytes: [UInt8], path: String) throws -> NumPyArray {
        try bytes.withUnsafeBytes { try NPY.parse($0, context: NumPyErrorContext(path: path, entry: nil)) }
    }

    /// The arrays of the .npz file at `path` by name without ".npy" (what `np.savez` and
    /// `np.savez_compressed` write; `np.savez(f, x)` names its array "arr_0").
    /// - Throws: `FormatError` if the file is missing or unreadable, or as `parseNPZ`.
    public static func readNPZ(path: String) throws -> [String: NumPyArray] {
        try parseNPZ(DataFile.readRaw(path: path), path: path)
    }

    /// Parses the bytes of a whole .npz file (a ZIP archive, ZIP64 included, of stored or
    /// deflated `.npy` entries). `path` names it in error messages only.
    ///
    /// Rejects anything but a single-disk ZIP whose central directory ends at its end record,
    /// encrypted entries, compression methods other than stored and deflate, names not ending
    /// in ".npy" or repeated, entries overlapping each other or the central directory, local
    /// headers or data descriptors that disagree with the central directory, a wrong CRC-32,
    /// data that inflates to another size than declared, and each entry as `parseNPY` does.
    /// - Throws: `FormatError`; for an entry, its reason starts with "entry 'NAME.npy': ".
    public static func parseNPZ(_ bytes: [UInt8], path: String) throws -> [String: NumPyArray] {
        var arrays: [String: NumPyArray] = [:]
        for entry in try ZIPArchive.entries(of: bytes, path: path) {
            let context = NumPyErrorContext(path: path, entry: entry.name)
            let array = try ZIPArchive.withContents(of: entry, in: bytes, context: context) { contents in
                try NPY.parse(contents, context: context)
            }
            arrays[String(entry.name.dropLast(".npy".count))] = array
        }
        return arrays
    }
}

/// Where a NumPy reading error is: the file, and the entry inside an .npz.
struct NumPyErrorContext {
    var path: String
    var entry: String?

    func error(_ reason: String) -> FormatError {
        FormatError(path: path, problem: (entry.map { "entry '\($0)': " } ?? "") + reason)
    }
}

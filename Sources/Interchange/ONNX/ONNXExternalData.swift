// Tensor data stored outside an ONNX file (TensorProto.data_location = EXTERNAL). torch.onnx.export
// writes it by default since torch 2.9: every initializer above 256 bytes goes to NAME.onnx.data
// beside NAME.onnx. A location is a path relative to the model's folder and may not leave it (no
// absolute path, no "..", no symbolic link pointing outside). Each file is read once, and all of
// them together are held to the model's own size limit.
import Foundation
import Support

/// The external-data files of one model being read.
final class ONNXExternalData {
    private let folder: URL
    private var budget: Int
    private var files: [String: [UInt8]] = [:]
    /// The location each tensor read so far came from, by tensor name.
    private(set) var locations: [String: String] = [:]

    /// Reads files in `folder`, at most `limit` bytes in all.
    init(folder: URL, limit: Int) {
        self.folder = folder
        budget = limit
    }

    /// Notes that tensor `name`'s data came from `location` (for errors about its values).
    func record(tensor name: String, location: String) { locations[name] = location }

    /// `length` bytes of the file `location` from `offset` (the rest of the file when `length`
    /// is nil). Throws `FormatError` for a location outside the folder, an unreadable file, a
    /// range past its end, or files larger than the limit together.
    func bytes(location: String, offset: Int, length: Int?) throws -> [UInt8] {
        let parts = location.split(separator: "/", omittingEmptySubsequences: false)
        guard !location.isEmpty, !location.hasPrefix("/"), !location.contains("\0"), !location.contains("\\"),
              !parts.contains(where: { $0 == ".." || $0.isEmpty }) else {
            throw FormatError(path: location, problem: "is not a relative path inside the model's folder")
        }
        let url = folder.appendingPathComponent(location)
        let base = folder.resolvingSymlinksInPath().path
        guard url.resolvingSymlinksInPath().path.hasPrefix(base.hasSuffix("/") ? base : base + "/") else {
            throw FormatError(path: url.path, problem: "leads outside the model's folder (a symbolic link)")
        }
        let data: [UInt8]
        if let cached = files[location] {
            data = cached
        } else {
            data = [UInt8](try readFileData(url, limit: budget))
            budget -= data.count
            files[location] = data
        }
        let end = length.map { offset.addingReportingOverflow($0) }
        guard offset <= data.count, end.map({ !$0.overflow && $0.partialValue <= data.count }) ?? true else {
            throw FormatError(path: url.path, problem: "offset \(offset), length \(length.map(String.init) ?? "rest") run past its \(data.count) bytes")
        }
        return Array(data[offset..<(end?.partialValue ?? data.count)])
    }
}

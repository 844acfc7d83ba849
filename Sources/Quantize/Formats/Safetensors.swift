// Reader and writer for the safetensors layout (8-byte little-endian header length, a JSON
// header mapping names to dtype/shape/byte offsets, then the raw little-endian data).
// It lives in Quantize, the lowest module that stores tensors (integer models); Train's
// checkpoints use it too. Validates everything it reads; never trusts the header.
import Foundation
import Support

/// A named tensor in a safetensors file.
public struct StoredTensor: Equatable, Sendable {
    /// Element type and its raw little-endian bytes.
    public enum Storage: Equatable, Sendable {
        case f32([Float]), i8([Int8]), i32([Int32]), i64([Int64])
        var dtype: String {
            switch self { case .f32: "F32"; case .i8: "I8"; case .i32: "I32"; case .i64: "I64" }
        }
        var count: Int {
            switch self { case .f32(let a): a.count; case .i8(let a): a.count; case .i32(let a): a.count; case .i64(let a): a.count }
        }
    }
    public var shape: [Int]
    public var storage: Storage

    public init(shape: [Int], storage: Storage) {
        precondition(storage.count == CheckedSize.product(shape, limit: .max), "StoredTensor: shape \(shape) for \(storage.count) elements")
        self.shape = shape
        self.storage = storage
    }

    /// The float elements, or nil when the tensor is not F32.
    public var floats: [Float]? { if case .f32(let a) = storage { a } else { nil } }
}

/// A safetensors file's error, naming the file and what is wrong.
public struct SafetensorsError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(path): \(problem)" }
}

/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors).
public enum Safetensors {
    /// Encodes tensors (sorted by name, data aligned in that order) with optional string metadata.
    public static func encode(_ tensors: [String: StoredTensor], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var body = Data()
        for name in tensors.keys.sorted() {
            let t = tensors[name]!
            let start = body.count
            switch t.storage {
            case .f32(let a): a.withUnsafeBytes { body.append(contentsOf: $0) }
            case .i8(let a): a.withUnsafeBytes { body.append(contentsOf: $0) }
            case .i32(let a): a.withUnsafeBytes { body.append(contentsOf: $0) }
            case .i64(let a): a.withUnsafeBytes { body.append(contentsOf: $0) }
            }
            header[name] = ["dtype": t.storage.dtype, "shape": t.shape, "data_offsets": [start, body.count]]
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces to 8-byte alignment
        var out = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        out.append(body)
        return out
    }

    /// Decodes a safetensors blob read from `path` (used in error messages).
    public static func decode(_ data: Data, path: String) throws -> (tensors: [String: StoredTensor], metadata: [String: String]) {
        func fail(_ m: String) -> SafetensorsError { SafetensorsError(path: path, problem: m) }
        guard data.count >= 8 else { throw fail("truncated: \(data.count) bytes, not even the 8-byte header length") }
        let n = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard n <= UInt64(data.count - 8) else { throw fail("truncated: header declares \(n) bytes, file has \(data.count - 8) after the length") }
        let headerData = data.subdata(in: 8..<(8 + Int(n)))
        guard (try? StrictJSON.check(headerData, path: path)) != nil else { throw fail("header repeats a key or nests too deeply") }
        guard let header = try? JSONSerialization.jsonObject(with: headerData) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let body = data.subdata(in: (8 + Int(n))..<data.count)
        var tensors: [String: StoredTensor] = [:], metadata: [String: String] = [:], covered = 0
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else { throw fail("tensor '\(name)': entry needs dtype, shape and data_offsets") }
            let size = ["F32": 4, "I8": 1, "I32": 4, "I64": 8][dtype]
            guard let size else { throw fail("tensor '\(name)': unsupported dtype \(dtype) (expected F32, I8, I32 or I64)") }
            // The data section bounds every tensor: a shape needing more bytes than the file has is corrupt.
            guard shape.count <= 8, let count = CheckedSize.product(shape, limit: body.count / size) else {
                throw fail("tensor '\(name)': shape \(shape) of \(dtype) does not fit the \(body.count)-byte data section")
            }
            let (lo, hi) = (offsets[0], offsets[1])
            guard lo >= 0, hi >= lo, hi <= body.count else {
                throw fail("tensor '\(name)': data_offsets [\(lo), \(hi)] outside the \(body.count)-byte data section (truncated file?)")
            }
            guard hi - lo == count * size else {
                throw fail("tensor '\(name)': shape \(shape) of \(dtype) needs \(count * size) bytes, offsets give \(hi - lo)")
            }
            covered += hi - lo
            let bytes = body.subdata(in: lo..<hi)
            let storage: StoredTensor.Storage
            switch dtype {
            case "F32": storage = .f32(load(bytes, count, Float.self))
            case "I8": storage = .i8(load(bytes, count, Int8.self))
            case "I32": storage = .i32(load(bytes, count, Int32.self))
            default: storage = .i64(load(bytes, count, Int64.self))
            }
            tensors[name] = StoredTensor(shape: shape, storage: storage)
        }
        guard covered == body.count else { throw fail("data section has \(body.count) bytes but tensors cover \(covered) (corrupt or overlapping)") }
        return (tensors, metadata)
    }

    private static func load<T>(_ bytes: Data, _ count: Int, _: T.Type) -> [T] {
        if count == 0 { return [] }
        return [T](unsafeUninitializedCapacity: count) { buf, n in
            _ = bytes.withUnsafeBytes { memcpy(buf.baseAddress!, $0.baseAddress!, count * MemoryLayout<T>.size) }
            n = count
        }
    }
}

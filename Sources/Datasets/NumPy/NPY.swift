// The .npy layout (numpy/lib/format.py, NEP 1): 6 magic bytes "\x93NUMPY", major and minor
// version bytes, the header length (little-endian UInt16 in version 1.0, UInt32 in 2.0 and
// 3.0, whose header may be UTF-8), the header (a Python dict literal padded with spaces and a
// newline), then the data. The header's alignment padding is not required of a file.

import Support

/// Parsing one .npy file held in memory.
enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The size of the largest file `parse` accepts: magic, version, a 4-byte header length,
    /// the longest header and `NumPy.elementLimit` 8-byte elements.
    static let largestFile = 12 + NumPy.headerLimit + NumPy.elementLimit * 8

    /// The array in `bytes`, a whole .npy file (or .npz entry); errors through `context`.
    static func parse(_ bytes: UnsafeRawBufferPointer, context: NumPyErrorContext) throws -> NumPyArray {
        func fail(_ reason: String) -> FormatError { context.error(reason) }
        guard bytes.count >= magic.count, bytes.starts(with: magic) else {
            if bytes.count < magic.count && magic.starts(with: bytes) {
                throw fail("truncated: \(bytes.count) bytes, too short for the .npy magic")
            }
            var reason = "not an .npy file: it does not start with the magic \\x93NUMPY"
            if bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4b, 0x05, 0x06]) {
                reason += "; it is a ZIP archive (an .npz?): read it with NumPy.readNPZ"
            } else if bytes.starts(with: [0x1f, 0x8b]) {
                reason += "; it is gzip data: decompress it first"
            }
            throw fail(reason)
        }
        guard bytes.count >= 8 else { throw fail("truncated: the file ends inside the format version") }
        let (major, minor) = (bytes[6], bytes[7])
        guard [1, 2, 3].contains(major), minor == 0 else {
            throw fail("unsupported .npy format version \(major).\(minor) (this reader knows 1.0, 2.0 and 3.0)")
        }
        let lengthSize = major == 1 ? 2 : 4
        let headerStart = 8 + lengthSize
        guard bytes.count >= headerStart else { throw fail("truncated: the file ends inside the header length") }
        let headerLength = (8..<headerStart).reversed().reduce(0) { $0 << 8 | Int(bytes[$1]) }
        guard headerLength <= NumPy.headerLimit else {
            throw fail("the header length is \(headerLength) bytes, more than the \(NumPy.headerLimit) this reader accepts")
        }
        guard bytes.count - headerStart >= headerLength else {
            throw fail("truncated: the header length is \(headerLength) bytes, the file holds \(bytes.count - headerStart) after it")
        }
        let header = try NPYHeader(Array(bytes[headerStart..<headerStart + headerLength]), context: context)

        let declared = "declares \(shapeText(header.shape)) \(header.format.dtype.rawValue)"
        guard let count = CheckedSize.product(header.shape, limit: NumPy.elementLimit) else {
            let overflows = CheckedSize.product(header.shape, limit: .max) == nil
            throw fail("shape \(PythonLiteral.tuple(header.shape.map { .integer($0) }).repr) "
                + (overflows ? "overflows: its element count does not fit in 64 bits"
                             : "has more than the \(NumPy.elementLimit) elements this reader accepts"))
        }
        let byteCount = count * header.format.dtype.byteCount  // At most 2^28 · 8: no overflow.
        let dataStart = headerStart + headerLength
        let held = bytes.count - dataStart
        guard held >= byteCount else {
            throw fail("truncated: \(declared) = \(byteCount) bytes, the file holds \(held)")
        }
        guard held == byteCount else {
            throw fail("\(held - byteCount) trailing bytes: \(declared) = \(byteCount) bytes, the file holds \(held)")
        }
        let data = UnsafeRawBufferPointer(rebasing: bytes[dataStart...])
        let elements = try header.format.decode(data, count: count, context: context)
        return NumPyArray(shape: header.shape, dtype: header.format.dtype, elements: elements)
    }

    /// "3×4", "5", "a 0-d", "0×3".
    static func shapeText(_ shape: [Int]) -> String {
        shape.isEmpty ? "a 0-d" : shape.map(String.init).joined(separator: "×")
    }
}

/// The three header keys, checked.
struct NPYHeader {
    var format: NPYElementFormat
    var shape: [Int]

    init(_ text: [UInt8], context: NumPyErrorContext) throws {
        func fail(_ reason: String) -> FormatError { context.error(reason) }
        let entries: [(key: String, value: PythonLiteral)]
        do {
            entries = try PythonDictParser.parse(text)
        } catch {
            throw fail(error.reason)
        }
        let keys = ["descr", "fortran_order", "shape"]
        var values: [String: PythonLiteral] = [:]
        for (key, value) in entries {
            guard keys.contains(key) else {
                throw fail("the header has an unexpected key '\(key)' (expected exactly 'descr', 'fortran_order' and 'shape')")
            }
            guard values.updateValue(value, forKey: key) == nil else { throw fail("the header repeats the key '\(key)'") }
        }
        guard let descr = values["descr"], let fortranOrder = values["fortran_order"], let shape = values["shape"] else {
            let missing = keys.filter { values[$0] == nil }.map { "'\($0)'" }.joined(separator: " and ")
            throw fail("the header has no \(missing) key")
        }
        format = try NPYElementFormat(descr: descr, context: context)

        guard case .boolean(let isFortran) = fortranOrder else {
            throw fail("fortran_order is \(fortranOrder.repr), not True or False")
        }
        guard !isFortran else { throw fail("fortran_order is True: save with np.ascontiguousarray or C order") }

        guard case .tuple(let dimensions) = shape else {
            throw fail("shape is \(shape.repr), not a tuple of integers")
        }
        guard dimensions.count <= NumPy.dimensionLimit else {
            throw fail("shape has \(dimensions.count) dimensions, more than NumPy's \(NumPy.dimensionLimit)")
        }
        self.shape = []
        for dimension in dimensions {
            guard case .integer(let size) = dimension, size >= 0 else {
                throw fail("shape \(shape.repr) holds \(dimension.repr), not a size ≥ 0")
            }
            self.shape.append(size)
        }
    }
}

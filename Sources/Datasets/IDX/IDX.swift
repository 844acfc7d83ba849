// IDX (LeCun's MNIST file format) for unsigned-byte arrays: parse, validate, encode.
// Header: two zero bytes, type code 0x08 (ubyte), dimension count, then each dimension as a
// big-endian UInt32, then exactly the product of the dimensions in data bytes.
// Other element types (int8, int16, int32, float, double) are rejected, not converted.

import Support

/// An IDX array of unsigned bytes: its shape and its elements in row-major order.
public struct IDXArray: Sendable, Equatable {
    /// The shape, outermost first, e.g. `[count, rows, cols]` for images, `[count]` for labels.
    public var dimensions: [Int]
    /// `dimensions.reduce(1, *)` bytes, row-major.
    public var elements: [UInt8]

    public init(dimensions: [Int], elements: [UInt8]) {
        self.dimensions = dimensions
        self.elements = elements
    }
}

/// Reading and writing IDX files of unsigned bytes (type code 0x08).
public enum IDX {
    /// The IDX type code for unsigned bytes, the only element type supported.
    public static let ubyteTypeCode: UInt8 = 0x08

    /// Largest accepted single dimension; larger values mean a corrupt header.
    public static let maximumDimension = 1 << 31

    /// Reads the IDX file at `path` (gunzipped first if the name ends in `.gz`) and checks
    /// that it holds unsigned bytes with exactly `dimensionCount` dimensions.
    public static func read(path: String, dimensionCount: Int) throws -> IDXArray {
        try parse(DataFile.read(path: path) { declaredSize($0, dimensionCount: dimensionCount) }, dimensionCount: dimensionCount, path: path)
    }

    /// The file size (header + elements) that the header at the start of `prefix` declares;
    /// nil until the header is complete, and `Int.max` for a header `parse` will refuse.
    static func declaredSize(_ prefix: ArraySlice<UInt8>, dimensionCount: Int) -> Int? {
        let headerLength = 4 + 4 * dimensionCount
        guard prefix.count >= headerLength else { return nil }
        var total = 1
        for axis in 0..<dimensionCount {
            let start = prefix.startIndex + 4 + 4 * axis
            let value = prefix[start..<start + 4].reduce(0) { $0 << 8 | Int($1) }
            guard let product = CheckedSize.times(total, value) else { return .max }
            total = product
        }
        return CheckedSize.plus(total, headerLength) ?? .max
    }

    /// Parses a whole (already decompressed) IDX file. `path` is used in error messages only.
    ///
    /// Rejects a wrong magic number (including a wrong element type or dimension count), a zero
    /// or absurd dimension, a header or data shorter than declared, and trailing bytes.
    public static func parse(_ bytes: consuming [UInt8], dimensionCount: Int, path: String) throws -> IDXArray {
        precondition((1...255).contains(dimensionCount), "IDX has 1 to 255 dimensions")
        func fail(_ reason: String) -> FormatError { FormatError(path: path, problem: reason) }
        let kind = Kind(dimensionCount: dimensionCount)
        guard bytes.count >= 4 else {
            throw fail("truncated: file has \(bytes.count) bytes, too short for an IDX header")
        }
        let magic = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let expectedMagic = UInt32(ubyteTypeCode) << 8 | UInt32(dimensionCount)
        guard magic == expectedMagic else {
            var reason = "wrong magic \(hex(magic)), expected \(hex(expectedMagic)) (\(kind.magicMeaning))"
            if bytes[0] == 0x1f && bytes[1] == 0x8b {
                reason += "; this is gzip data, so the file name should end in .gz"
            } else if bytes[0] != 0 || bytes[1] != 0 {
                reason += "; not an IDX file"
            } else if bytes[2] != ubyteTypeCode {
                reason += "; element type \(hex(UInt32(bytes[2]), digits: 2)) is not ubyte (0x08)"
            } else {
                reason += "; the file has \(bytes[3]) dimension(s), not \(dimensionCount)"
            }
            throw fail(reason)
        }
        let headerLength = 4 + 4 * dimensionCount
        guard bytes.count >= headerLength else {
            throw fail("truncated: file has \(bytes.count) bytes, the IDX header with "
                + "\(dimensionCount) dimension(s) needs \(headerLength)")
        }
        var dimensions: [Int] = []
        var elementCount = 1
        for axis in 0..<dimensionCount {
            let offset = 4 + 4 * axis
            let value = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard value > 0 else { throw fail("dimension \(axis) is 0 in the header") }
            guard value <= maximumDimension else {
                throw fail("dimension \(axis) is \(value) in the header, more than \(maximumDimension)")
            }
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: value)
            guard !overflow else { throw fail("header dimensions overflow: \(dimensions + [value])") }
            dimensions.append(value)
            elementCount = product
        }
        let dataLength = bytes.count - headerLength
        let declared = "header declares \(shapeText(dimensions))"
            + (dimensionCount > 1 ? " = \(elementCount)" : "") + " \(kind.elementNoun) bytes"
        guard dataLength >= elementCount else {
            throw fail("truncated: \(declared), file has \(dataLength) bytes after the header")
        }
        guard dataLength == elementCount else {
            throw fail("\(dataLength - elementCount) trailing bytes: \(declared), "
                + "file has \(dataLength) bytes after the header")
        }
        bytes.removeSubrange(0..<headerLength)  // In place when the caller passed its last copy.
        return IDXArray(dimensions: dimensions, elements: bytes)
    }

    /// Encodes `array` as an uncompressed IDX file of unsigned bytes.
    /// - Precondition: every dimension is in 1...UInt32.max and their product is `elements.count`.
    public static func encode(_ array: IDXArray) -> [UInt8] {
        precondition(array.dimensions.count <= 255, "IDX allows at most 255 dimensions")
        precondition(array.dimensions.allSatisfy { $0 > 0 && $0 <= Int(UInt32.max) },
                     "IDX dimensions must be in 1...UInt32.max")
        precondition(array.dimensions.reduce(1, *) == array.elements.count,
                     "IDX element count must equal the product of the dimensions")
        var bytes: [UInt8] = [0, 0, ubyteTypeCode, UInt8(array.dimensions.count)]
        bytes.reserveCapacity(4 + 4 * array.dimensions.count + array.elements.count)
        for dimension in array.dimensions {
            let value = UInt32(dimension)
            bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
        }
        bytes += array.elements
        return bytes
    }

    /// "10000×28×28".
    static func shapeText(_ dimensions: [Int]) -> String {
        dimensions.map(String.init).joined(separator: "×")
    }

    /// "0x00000803".
    static func hex(_ value: UInt32, digits: Int = 8) -> String {
        let text = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Words used in messages for the two kinds of file Fashion-MNIST has.
    private struct Kind {
        var magicMeaning: String
        var elementNoun: String

        init(dimensionCount: Int) {
            switch dimensionCount {
            case 1: (magicMeaning, elementNoun) = ("ubyte labels, 1 dimension", "label")
            case 3: (magicMeaning, elementNoun) = ("ubyte images, 3 dimensions", "pixel")
            default: (magicMeaning, elementNoun) = ("ubyte, \(dimensionCount) dimensions", "data")
            }
        }
    }
}

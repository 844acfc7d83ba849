// An .npy header's 'descr' (NumPy's array-protocol type string, e.g. '<f8', '>i2', '|u1') and
// the decoding of the data it describes into Int64 or Double values. Type strings NumPy writes
// for dtypes this reader refuses (objects, records, strings, float16, complex, datetimes) get
// an error saying what they are. Spec: numpy/lib/format.py and NumPy's __array_interface__.
import Support

/// The element type and byte order of an .npy file's data.
struct NPYElementFormat {
    var dtype: NumPyDType
    var bigEndian: Bool

    private static let typeCodes: [String: NumPyDType] = [
        "b1": .bool, "i1": .int8, "u1": .uint8, "i2": .int16, "u2": .uint16, "i4": .int32, "u4": .uint32,
        "i8": .int64, "u8": .uint64, "f4": .float32, "f8": .float64,
    ]

    /// The format `descr` names, or an error saying why it cannot be read.
    init(descr: PythonLiteral, context: NumPyErrorContext) throws {
        func fail(_ reason: String) -> FormatError { context.error(reason) }
        let accepted = "this reader takes bool, int8…int64, uint8…uint64, float32 and float64"
        guard case .string(let text) = descr else {
            if case .list = descr {
                throw fail("descr is a list of fields: structured (record) dtypes are not supported; save each field as its own array")
            }
            throw fail("descr is \(descr.repr), not a type string such as '<f8'")
        }
        let order = text.first
        let code = String(text.dropFirst())
        guard let order, "<>|=".contains(order) else {
            throw fail("unknown descr '\(text)': expected a byte order (<, >, | or =) and a type such as '<f8'")
        }
        guard let dtype = Self.typeCodes[code] else {
            throw fail(Self.refusal(descr: text, code: code) ?? "unknown descr '\(text)' (\(accepted))")
        }
        if dtype.byteCount > 1 && order == "|" {
            throw fail("descr '\(text)' has no byte order ('|'), which a \(dtype.byteCount)-byte type needs")
        }
        self.dtype = dtype
        // '=' is the byte order of the machine reading the file, as NumPy reads it.
        bigEndian = order == ">" || (order == "=" && 1.bigEndian == 1)
    }

    /// Why a known NumPy type string is refused, or nil for one NumPy does not write either.
    private static func refusal(descr: String, code: String) -> String? {
        guard let kind = code.first else { return nil }
        let size = code.dropFirst()
        let isSize = !size.isEmpty && size.allSatisfy(\.isASCII) && size.allSatisfy(\.isNumber)
        switch kind {
        case "O" where size.isEmpty || isSize:
            return "descr '\(descr)': object arrays cannot be read: they hold pickled Python objects"
        case "f" where size == "2":
            return "descr '\(descr)': float16 is not supported: convert with .astype(np.float32)"
        case "f" where isSize:
            return "descr '\(descr)': \(size)-byte floats are not supported (float32 and float64 are)"
        case "U", "S", "a":
            return "descr '\(descr)': strings are not supported, only numbers"
        case "c" where isSize:
            return "descr '\(descr)': complex numbers are not supported"
        case "M", "m":
            return "descr '\(descr)': datetime and timedelta arrays are not supported"
        case "V" where isSize:
            return "descr '\(descr)': void (raw bytes or record) dtypes are not supported"
        default:
            return nil
        }
    }

    /// The `count` elements in `data` (exactly `count · dtype.byteCount` bytes).
    func decode(_ data: UnsafeRawBufferPointer, count: Int, context: NumPyErrorContext) throws -> NumPyArray.Elements {
        switch dtype {
        case .bool:
            if let index = data.firstIndex(where: { $0 > 1 }) {
                throw context.error("bool element \(index) is \(data[index]), not 0 or 1")
            }
            return .integers(integers(data, count: count, as: UInt8.self))
        case .int8: return .integers(integers(data, count: count, as: Int8.self))
        case .uint8: return .integers(integers(data, count: count, as: UInt8.self))
        case .int16: return .integers(integers(data, count: count, as: Int16.self))
        case .uint16: return .integers(integers(data, count: count, as: UInt16.self))
        case .int32: return .integers(integers(data, count: count, as: Int32.self))
        case .uint32: return .integers(integers(data, count: count, as: UInt32.self))
        case .int64: return .integers(integers(data, count: count, as: Int64.self))
        case .uint64:
            let values = integers(data, count: count, as: UInt64.self)
            if let index = values.firstIndex(where: { $0 < 0 }) {
                throw context.error("uint64 element \(index) is \(UInt64(bitPattern: values[index])), "
                    + "more than Int64.max (\(Int64.max)), the largest integer this reader holds")
            }
            return .integers(values)
        case .float32:
            return .floats(floats(data, count: count, as: UInt32.self) { Double(Float(bitPattern: $0)) })
        case .float64:
            return .floats(floats(data, count: count, as: UInt64.self) { Double(bitPattern: $0) })
        }
    }

    /// The elements of type `T` in file byte order, widened to Int64 (a uint64 above Int64.max
    /// becomes negative: the caller checks).
    private func integers<T: FixedWidthInteger>(_ data: UnsafeRawBufferPointer, count: Int, as _: T.Type) -> [Int64] {
        [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let raw = data.loadUnaligned(fromByteOffset: index &* MemoryLayout<T>.size, as: T.self)
                buffer[index] = Int64(truncatingIfNeeded: bigEndian ? T(bigEndian: raw) : T(littleEndian: raw))
            }
            initialized = count
        }
    }

    /// The elements whose bit patterns are `Bits` in file byte order, made Doubles by `widen`.
    private func floats<Bits: FixedWidthInteger>(_ data: UnsafeRawBufferPointer, count: Int, as _: Bits.Type,
                                                 widen: (Bits) -> Double) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let raw = data.loadUnaligned(fromByteOffset: index &* MemoryLayout<Bits>.size, as: Bits.self)
                buffer[index] = widen(bigEndian ? Bits(bigEndian: raw) : Bits(littleEndian: raw))
            }
            initialized = count
        }
    }
}

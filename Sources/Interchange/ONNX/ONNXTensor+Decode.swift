// Reading a `TensorProto`: dims, element type and data, from raw_data, the typed repeated
// fields, or external data (a file beside the model, see ONNXExternalData). The data must
// match the dims exactly.
import Support

extension ONNXTensor {
    init(_ r: inout ProtoReader) throws {
        var dims: [Int64] = [], dataType: Int32 = 0, name = ""
        var floatData: [Float] = [], doubleData: [Double] = [], int64Data: [Int64] = [], int32Data: [Int64] = []
        var raw: [UInt8]?
        var external: [String: String] = [:], dataLocation: Int32 = 0
        while let (n, w) = try r.nextField() {
            switch n {
            case 1: try r.appendInt64s(w, to: &dims, field: "dims")
            case 2: dataType = try r.int32(w, field: "data_type")
            case 4: try r.appendFloats(w, to: &floatData, field: "float_data")
            case 5: try r.appendInt64s(w, to: &int32Data, field: "int32_data")
            case 7: try r.appendInt64s(w, to: &int64Data, field: "int64_data")
            case 8: name = try r.string(w, field: "name")
            case 9: raw = try r.bytes(w, field: "raw_data")
            case 10: try r.appendDoubles(w, to: &doubleData, field: "double_data")
            case 13:
                let entry = try r.stringEntry(w, field: "external_data[\(external.count)]")
                external[entry.key] = entry.value
            case 14: dataLocation = try r.int32(w, field: "data_location")
            default: try r.skip(w, number: n)
            }
        }
        guard let type = ElementType(rawValue: dataType) else {
            throw r.error("tensor '\(name)' has data_type \(dataType); supported: float (1), double (11), int64 (7), int32 (6), int8 (3), uint8 (2)")
        }
        guard dims.allSatisfy({ $0 >= 0 && $0 <= Int64(CheckedSize.valueLimit) }),
              let count = CheckedSize.product(dims.map { Int($0) }, limit: CheckedSize.valueLimit) else {
            throw r.error("tensor '\(name)' has dims \(dims): negative, or more than \(CheckedSize.valueLimit) elements", field: "dims")
        }
        let width: Int = switch type { case .float, .int32: 4; case .double, .int64: 8; case .int8, .uint8: 1 }
        func mismatch(_ field: String, _ got: Int) -> FormatError {
            r.error("tensor '\(name)' with dims \(dims) needs \(count) values, \(field) holds \(got)", field: field)
        }
        // External data is read once the dims and type are known to be sane.
        if dataLocation == 1 {
            guard raw == nil else { throw r.error("tensor '\(name)' has both raw_data and external data", field: "data_location") }
            let bytes = try Self.externalBytes(external, name: name, reader: r)
            guard bytes.count == count * width else { throw mismatch("external_data", bytes.count / width) }
            raw = bytes
        } else if dataLocation != 0 {
            throw r.error("tensor '\(name)' has data_location \(dataLocation) (0: in the file, 1: external)", field: "data_location")
        }
        let storage: Storage
        if let raw {
            guard raw.count == count * width else { throw mismatch("raw_data", raw.count / width) }
            storage = Self.decodeRaw(raw, type: type, count: count)
        } else {
            switch type {
            case .float: guard floatData.count == count else { throw mismatch("float_data", floatData.count) }; storage = .floats(floatData)
            case .double: guard doubleData.count == count else { throw mismatch("double_data", doubleData.count) }; storage = .doubles(doubleData)
            case .int64: guard int64Data.count == count else { throw mismatch("int64_data", int64Data.count) }; storage = .integers(int64Data)
            case .int32, .int8, .uint8: guard int32Data.count == count else { throw mismatch("int32_data", int32Data.count) }; storage = .integers(int32Data)
            }
        }
        self.name = name
        self.dims = dims.map { Int($0) }
        self.elementType = type
        self.storage = storage
    }

    /// The bytes an external-data tensor names: `location` (a file beside the model), `offset`
    /// and `length` (decimal; by default the whole file). A `checksum` is not checked.
    private static func externalBytes(_ entries: [String: String], name: String, reader r: ProtoReader) throws -> [UInt8] {
        guard let store = r.externalData else {
            throw r.error("tensor '\(name)' stores its data in another file; read the model from its file (ONNXModel(contentsOf:))", field: "external_data")
        }
        guard let location = entries["location"] else { throw r.error("tensor '\(name)' has external data without a location", field: "external_data") }
        func number(_ key: String) throws -> Int? {
            guard let text = entries[key] else { return nil }
            guard let v = Int(text), v >= 0 else { throw r.error("tensor '\(name)': external data \(key) '\(text)' is not a byte count", field: "external_data") }
            return v
        }
        let offset = try number("offset") ?? 0, length = try number("length")
        do {
            let bytes = try store.bytes(location: location, offset: offset, length: length)
            store.record(tensor: name, location: location)
            return bytes
        } catch let e as FormatError {
            throw r.error("tensor '\(name)' stores its data in '\(location)': \(e.problem)", field: "external_data")
        }
    }

    private static func decodeRaw(_ raw: [UInt8], type: ElementType, count: Int) -> Storage {
        func word(_ i: Int, _ width: Int) -> UInt64 {
            var v: UInt64 = 0
            for b in 0..<width { v |= UInt64(raw[i * width + b]) << (8 * UInt64(b)) }
            return v
        }
        switch type {
        case .float: return .floats((0..<count).map { Float(bitPattern: UInt32(word($0, 4))) })
        case .double: return .doubles((0..<count).map { Double(bitPattern: word($0, 8)) })
        case .int64: return .integers((0..<count).map { Int64(bitPattern: word($0, 8)) })
        case .int32: return .integers((0..<count).map { Int64(Int32(bitPattern: UInt32(word($0, 4)))) })
        case .int8: return .integers(raw.map { Int64(Int8(bitPattern: $0)) })
        case .uint8: return .integers(raw.map { Int64($0) })
        }
    }
}

extension ProtoReader {
    /// ONNX's StringStringEntryProto (key = 1, value = 2) in the length-delimited field `field`:
    /// a model's metadata_props and a tensor's external_data.
    mutating func stringEntry(_ wire: WireType, field: String) throws -> (key: String, value: String) {
        var m = try message(wire, field: field)
        var key = "", value = ""
        while let (number, w) = try m.nextField() {
            switch number {
            case 1: key = try m.string(w, field: "key")
            case 2: value = try m.string(w, field: "value")
            default: try m.skip(w, number: number)
            }
        }
        return (key, value)
    }
}

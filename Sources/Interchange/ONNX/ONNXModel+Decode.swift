// Reading an ONNX file: `ONNXModel(contentsOf:)` and `ONNXModel(bytes:path:)`. Strict at the
// boundary: truncation, lengths past their message, wrong wire types, tensors whose data does
// not match their dims, element counts above `CheckedSize.valueLimit` and unsupported element
// types are `FormatError`s naming the file and the field (`graph.node[2].attribute[0].t.dims`).
// Unknown fields are skipped, as protobuf readers do.
import Foundation
import Support

extension ONNXModel {
    /// The largest ONNX file read (1 GiB).
    public static let fileLimit = 1 << 30

    /// Reads the ONNX model in `url`.
    public init(contentsOf url: URL) throws {
        let data = try readFileData(url, limit: Self.fileLimit)
        try self.init(bytes: [UInt8](data), path: url.path)
    }

    /// Parses a serialized `ModelProto`; `path` names it in errors.
    public init(bytes: [UInt8], path: String) throws {
        guard !bytes.isEmpty else { throw FormatError(path: path, problem: "empty file, not an ONNX model") }
        var r = ProtoReader(bytes, path: path, context: "ModelProto")
        self.init()
        var sawGraph = false
        while let (n, w) = try r.nextField() {
            switch n {
            case 1: irVersion = try r.int64(w, field: "ir_version")
            case 2: producerName = try r.string(w, field: "producer_name")
            case 3: producerVersion = try r.string(w, field: "producer_version")
            case 6: docString = try r.string(w, field: "doc_string")
            case 7:
                var g = try r.message(w, field: "graph")
                graph = try ONNXGraph(&g)
                sawGraph = true
            case 8:
                var m = try r.message(w, field: "opset_import[\(opsetImports.count)]")
                var opset = ONNXOpset(version: 0)
                while let (n2, w2) = try m.nextField() {
                    switch n2 {
                    case 1: opset.domain = try m.string(w2, field: "domain")
                    case 2: opset.version = try m.int64(w2, field: "version")
                    default: try m.skip(w2, number: n2)
                    }
                }
                opsetImports.append(opset)
            case 14:
                var m = try r.message(w, field: "metadata_props[\(metadata.count)]")
                var key = "", value = ""
                while let (n2, w2) = try m.nextField() {
                    switch n2 {
                    case 1: key = try m.string(w2, field: "key")
                    case 2: value = try m.string(w2, field: "value")
                    default: try m.skip(w2, number: n2)
                    }
                }
                metadata.append((key, value))
            default: try r.skip(w, number: n)
            }
        }
        guard sawGraph else { throw FormatError(path: path, problem: "ModelProto has no graph (field 7): not an ONNX model") }
        guard irVersion >= 3 else { throw FormatError(path: path, problem: "ModelProto.ir_version \(irVersion) is not an ONNX model this reader knows (3 or later)") }
    }
}

extension ONNXGraph {
    init(_ r: inout ProtoReader) throws {
        self.init()
        while let (n, w) = try r.nextField() {
            switch n {
            case 1:
                var m = try r.message(w, field: "node[\(nodes.count)]")
                nodes.append(try ONNXNode(&m))
            case 2: name = try r.string(w, field: "name")
            case 5:
                var m = try r.message(w, field: "initializer[\(initializers.count)]")
                initializers.append(try ONNXTensor(&m))
            case 11:
                var m = try r.message(w, field: "input[\(inputs.count)]")
                inputs.append(try ONNXValueInfo(&m))
            case 12:
                var m = try r.message(w, field: "output[\(outputs.count)]")
                outputs.append(try ONNXValueInfo(&m))
            case 13:
                var m = try r.message(w, field: "value_info[\(valueInfo.count)]")
                valueInfo.append(try ONNXValueInfo(&m))
            case 15: throw r.error("sparse initializers are not supported", field: "sparse_initializer")
            default: try r.skip(w, number: n)
            }
        }
    }
}

extension ONNXNode {
    init(_ r: inout ProtoReader) throws {
        self.init("", inputs: [], outputs: [])
        while let (n, w) = try r.nextField() {
            switch n {
            case 1: inputs.append(try r.string(w, field: "input[\(inputs.count)]"))
            case 2: outputs.append(try r.string(w, field: "output[\(outputs.count)]"))
            case 3: name = try r.string(w, field: "name")
            case 4: opType = try r.string(w, field: "op_type")
            case 5:
                var m = try r.message(w, field: "attribute[\(attributes.count)]")
                attributes.append(try ONNXAttribute(&m))
            case 7: domain = try r.string(w, field: "domain")
            default: try r.skip(w, number: n)
            }
        }
        guard !opType.isEmpty else { throw r.error("node without op_type") }
    }
}

extension ONNXAttribute {
    init(_ r: inout ProtoReader) throws {
        var name = "", type: Int32 = 0
        var f: Float?, i: Int64?, s: [UInt8]?, t: ONNXTensor?
        var floats: [Float] = [], ints: [Int64] = []
        var other = false
        while let (n, w) = try r.nextField() {
            switch n {
            case 1: name = try r.string(w, field: "name")
            case 20: type = try r.int32(w, field: "type")
            case 2: f = try r.float(w, field: "f")
            case 3: i = try r.int64(w, field: "i")
            case 4: s = try r.bytes(w, field: "s")
            case 5:
                var m = try r.message(w, field: "t")
                t = try ONNXTensor(&m)
            case 7: try r.appendFloats(w, to: &floats, field: "floats")
            case 8: try r.appendInt64s(w, to: &ints, field: "ints")
            case 6, 9, 10, 11, 12, 14, 15, 22, 23:
                other = true
                try r.skip(w, number: n)
            default: try r.skip(w, number: n)
            }
        }
        guard !name.isEmpty else { throw r.error("attribute without a name") }
        let value: Value
        switch type {
        case 1: guard let f else { throw r.error("FLOAT attribute '\(name)' has no value f") }; value = .float(f)
        case 2: guard let i else { throw r.error("INT attribute '\(name)' has no value i") }; value = .int(i)
        case 3: value = .string(s ?? [])
        case 4: guard let t else { throw r.error("TENSOR attribute '\(name)' has no tensor t") }; value = .tensor(t)
        case 6: value = .floats(floats)
        case 7: value = .ints(ints)
        case 0: throw r.error("attribute '\(name)' has no type (field 20)")
        default: _ = other; value = .unsupported(type: type)
        }
        self.init(name, value)
    }
}

extension ONNXTensor {
    init(_ r: inout ProtoReader) throws {
        var dims: [Int64] = [], dataType: Int32 = 0, name = ""
        var floatData: [Float] = [], doubleData: [Double] = [], int64Data: [Int64] = [], int32Data: [Int64] = []
        var raw: [UInt8]?
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
            case 13, 14:
                throw r.error("tensor '\(name)' stores its data outside the file (external data is not supported)")
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

extension ONNXValueInfo {
    init(_ r: inout ProtoReader) throws {
        self.init(name: "", elementType: 0, shape: nil)
        while let (n, w) = try r.nextField() {
            switch n {
            case 1: name = try r.string(w, field: "name")
            case 2:
                var type = try r.message(w, field: "type")
                while let (n2, w2) = try type.nextField() {
                    guard n2 == 1 else { try type.skip(w2, number: n2); continue }
                    var tensor = try type.message(w2, field: "tensor_type")
                    while let (n3, w3) = try tensor.nextField() {
                        switch n3 {
                        case 1: elementType = try tensor.int32(w3, field: "elem_type")
                        case 2:
                            var shapeReader = try tensor.message(w3, field: "shape")
                            var dims: [Dimension] = []
                            while let (n4, w4) = try shapeReader.nextField() {
                                guard n4 == 1 else { try shapeReader.skip(w4, number: n4); continue }
                                var d = try shapeReader.message(w4, field: "dim[\(dims.count)]")
                                var dim = Dimension.unknown
                                while let (n5, w5) = try d.nextField() {
                                    switch n5 {
                                    case 1: dim = .value(try d.int64(w5, field: "dim_value"))
                                    case 2: dim = .symbol(try d.string(w5, field: "dim_param"))
                                    default: try d.skip(w5, number: n5)
                                    }
                                }
                                dims.append(dim)
                            }
                            shape = dims
                        default: try tensor.skip(w3, number: n3)
                        }
                    }
                }
            default: try r.skip(w, number: n)
            }
        }
    }
}

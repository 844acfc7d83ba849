// Reading an ONNX file: `ONNXModel(contentsOf:)` and `ONNXModel(bytes:path:)` (tensors in
// ONNXTensor+Decode.swift, external data in ONNXExternalData.swift). Strict at the
// boundary: truncation, lengths past their message, wrong wire types, tensors whose data does
// not match their dims, element counts above `CheckedSize.valueLimit` and unsupported element
// types are `FormatError`s naming the file and the field (`graph.node[2].attribute[0].t.dims`).
// Unknown fields are skipped, as protobuf readers do.
import Foundation
import Support

extension ONNXModel {
    /// The largest ONNX file read (1 GiB).
    public static let fileLimit = 1 << 30

    /// Reads the ONNX model in `url`, and the external data of its tensors from files in the
    /// same folder (as torch.onnx.export writes `NAME.onnx.data`).
    public init(contentsOf url: URL) throws {
        let data = try readFileData(url, limit: Self.fileLimit)
        try self.init(bytes: [UInt8](data), path: url.path, externalDataFolder: url.deletingLastPathComponent())
    }

    /// Parses a serialized `ModelProto`; `path` names it in errors. Tensors stored outside the
    /// model are read from `externalDataFolder` (without one, they are an error).
    public init(bytes: [UInt8], path: String, externalDataFolder: URL? = nil) throws {
        guard !bytes.isEmpty else { throw FormatError(path: path, problem: "empty file, not an ONNX model") }
        var r = ProtoReader(bytes, path: path, context: "ModelProto")
        r.externalData = externalDataFolder.map { ONNXExternalData(folder: $0, limit: Self.fileLimit) }
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
                metadata.append(try r.stringEntry(w, field: "metadata_props[\(metadata.count)]"))
            default: try r.skip(w, number: n)
            }
        }
        guard sawGraph else { throw FormatError(path: path, problem: "ModelProto has no graph (field 7): not an ONNX model") }
        guard irVersion >= 3 else { throw FormatError(path: path, problem: "ModelProto.ir_version \(irVersion) is not an ONNX model this reader knows (3 or later)") }
        externalDataLocations = r.externalData?.locations ?? [:]
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

// Writing an ONNX file: `ONNXModel.serialized()` gives a `ModelProto`'s bytes (floats as
// little-endian raw_data, integers as int64_data, field order as onnx.proto numbers them).
import Foundation
import Support

extension ONNXModel {
    /// The serialized `ModelProto`.
    public func serialized() -> [UInt8] {
        var w = ProtoWriter()
        w.int64(1, irVersion)
        if !producerName.isEmpty { w.string(2, producerName) }
        if !producerVersion.isEmpty { w.string(3, producerVersion) }
        if !docString.isEmpty { w.string(6, docString) }
        w.message(7, graph.encoded())
        for o in opsetImports {
            var m = ProtoWriter()
            if !o.domain.isEmpty { m.string(1, o.domain) }
            m.int64(2, o.version)
            w.message(8, m)
        }
        for (k, v) in metadata {
            var m = ProtoWriter()
            m.string(1, k)
            m.string(2, v)
            w.message(14, m)
        }
        return w.bytes
    }

    /// Writes the model to `url` atomically.
    public func write(to url: URL) throws {
        try writeAtomically(Data(serialized()), to: url)
    }
}

extension ONNXGraph {
    func encoded() -> ProtoWriter {
        var w = ProtoWriter()
        for n in nodes { w.message(1, n.encoded()) }
        if !name.isEmpty { w.string(2, name) }
        for t in initializers { w.message(5, t.encoded()) }
        for v in inputs { w.message(11, v.encoded()) }
        for v in outputs { w.message(12, v.encoded()) }
        for v in valueInfo { w.message(13, v.encoded()) }
        return w
    }
}

extension ONNXNode {
    func encoded() -> ProtoWriter {
        var w = ProtoWriter()
        for i in inputs { w.string(1, i) }
        for o in outputs { w.string(2, o) }
        if !name.isEmpty { w.string(3, name) }
        w.string(4, opType)
        for a in attributes { w.message(5, a.encoded()) }
        if !domain.isEmpty { w.string(7, domain) }
        return w
    }
}

extension ONNXAttribute {
    func encoded() -> ProtoWriter {
        var w = ProtoWriter()
        w.string(1, name)
        switch value {
        case .float(let f): w.float(2, f); w.int64(20, 1)
        case .int(let i): w.int64(3, i); w.int64(20, 2)
        case .string(let s): w.bytes(4, s); w.int64(20, 3)
        case .tensor(let t): w.message(5, t.encoded()); w.int64(20, 4)
        case .floats(let v): for f in v { w.float(7, f) }; w.int64(20, 6)
        case .ints(let v): for i in v { w.int64(8, i) }; w.int64(20, 7)
        case .unsupported(let type): w.int64(20, Int64(type))
        }
        return w
    }
}

extension ONNXTensor {
    func encoded() -> ProtoWriter {
        var w = ProtoWriter()
        w.packedInt64s(1, dims.map { Int64($0) })
        w.int64(2, Int64(elementType.rawValue))
        w.string(8, name)
        switch storage {
        case .floats(let v): w.bytes(9, littleEndianBytes(v))
        case .doubles(let v):
            var raw = [UInt8]()
            for d in v { for i in 0..<8 { raw.append(UInt8(truncatingIfNeeded: d.bitPattern >> (8 * UInt64(i)))) } }
            w.bytes(9, raw)
        case .integers(let v):
            if elementType == .int64 { w.packedInt64s(7, v) } else { w.packedInt64s(5, v) }
        }
        return w
    }
}

extension ONNXValueInfo {
    func encoded() -> ProtoWriter {
        var w = ProtoWriter()
        w.string(1, name)
        var tensor = ProtoWriter()
        tensor.int64(1, Int64(elementType))
        if let shape {
            var s = ProtoWriter()
            for d in shape {
                var dim = ProtoWriter()
                switch d {
                case .value(let v): dim.int64(1, v)
                case .symbol(let p): dim.string(2, p)
                case .unknown: break
                }
                s.message(1, dim)
            }
            tensor.message(2, s)
        }
        var type = ProtoWriter()
        type.message(1, tensor)
        w.message(2, type)
        return w
    }
}

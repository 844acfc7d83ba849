// Tensors stored beside the ONNX file (external data, as torch.onnx.export writes NAME.onnx.data
// by default since torch 2.9): read from the model's folder and imported like inline ones;
// locations outside the folder, ranges past the file and sizes that do not match are errors
// naming the tensor's field.
import Testing
import Foundation
@testable import Interchange
import Support

@Suite struct ExternalDataTests {
    static let weights: [Float] = [0.5, -1, 2, 0.25, -0.75, 1.5, 3, -2]

    /// A MatMul graph ([N, 4] → [N, 2]) whose weight `w` lies in external data.
    static func model(location: String, offset: String, length: String?) -> [UInt8] {
        var m = ONNXModel()
        m.opsetImports = [ONNXOpset(version: 18)]
        m.graph.inputs = [ONNXValueInfo(name: "x", shape: [.symbol("N"), .value(4)])]
        m.graph.outputs = [ONNXValueInfo(name: "y", shape: [.symbol("N"), .value(2)])]
        m.graph.nodes = [ONNXNode("MatMul", name: "mm", inputs: ["x", "w"], outputs: ["y"])]
        var t = ProtoWriter()
        t.packedInt64s(1, [4, 2])
        t.int64(2, 1)
        t.string(8, "w")
        for (key, value) in [("location", location), ("offset", offset)] + (length.map { [("length", $0)] } ?? []) {
            var entry = ProtoWriter()
            entry.string(1, key)
            entry.string(2, value)
            t.message(13, entry)
        }
        t.int64(14, 1)
        var g = m.graph.encoded()
        g.message(5, t)
        var w = ProtoWriter()
        w.int64(1, 8)
        w.message(7, g)
        var opset = ProtoWriter()
        opset.int64(2, 18)
        w.message(8, opset)
        return w.bytes
    }

    /// A fresh folder holding m.onnx.data: 4 other bytes, then the weights.
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zktrain-external-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data([9, 9, 9, 9] + littleEndianBytes(weights)).write(to: dir.appendingPathComponent("m.onnx.data"))
        return dir
    }

    @Test func readsTensorsBesideTheFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("m.onnx")
        // Without a length the tensor runs to the end of the file.
        for length: String? in ["32", nil] {
            try Data(Self.model(location: "m.onnx.data", offset: "4", length: length)).write(to: url)
            let m = try ONNXModel(contentsOf: url)
            #expect(m.graph.initializers.first?.floatValues == Self.weights)
            let g = try ONNXImporter.graph(m, path: url.path)
            #expect(g.spec.description == "dense(2)" && g.parameters[0]["weight"] == Self.weights)
        }
    }

    @Test func hostileLocationsAndRangesAreErrors() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("out").path, withDestinationPath: "/etc")
        let url = dir.appendingPathComponent("m.onnx")
        let cases: [(String, String, String?, String)] = [
            ("../m.onnx.data", "4", "32", "not a relative path"), ("/etc/hostname", "0", nil, "not a relative path"),
            ("a//m.onnx.data", "4", "32", "not a relative path"), ("out/hostname", "0", nil, "leads outside"),
            ("missing.data", "0", "32", "not found"), ("m.onnx.data", "4", "64", "run past"),
            ("m.onnx.data", "-4", "32", "not a byte count"), ("m.onnx.data", "4", "99999999999999999999", "not a byte count"),
            ("m.onnx.data", "0", "16", "needs 8 values"), ("m.onnx.data", "40", nil, "run past"),
        ]
        for (location, offset, length, expected) in cases {
            try Data(Self.model(location: location, offset: offset, length: length)).write(to: url)
            do { _ = try ONNXModel(contentsOf: url); Issue.record("\(location) \(offset) \(length ?? "-") accepted") } catch let e as FormatError {
                #expect(e.path == url.path && e.problem.contains("graph.initializer[0]") && e.problem.contains(expected), "\(e)")
            }
        }
        // Parsed from memory, there is no folder to read from.
        do {
            _ = try ONNXModel(bytes: Self.model(location: "m.onnx.data", offset: "4", length: "32"), path: "mem.onnx")
            Issue.record("external data read without a folder")
        } catch let e as FormatError {
            #expect(e.problem.contains("read the model from its file"), "\(e)")
        }
    }

    /// A NaN among the external weights (a damaged m.onnx.data) is named with the tensor and
    /// the file its data came from, before any network is built.
    @Test func nonFiniteExternalWeightsNameTheDataFile() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var damaged = Self.weights
        damaged[5] = .nan
        try Data([9, 9, 9, 9] + littleEndianBytes(damaged)).write(to: dir.appendingPathComponent("m.onnx.data"))
        let url = dir.appendingPathComponent("m.onnx")
        try Data(Self.model(location: "m.onnx.data", offset: "4", length: "32")).write(to: url)
        let m = try ONNXModel(contentsOf: url)
        #expect(m.externalDataLocations == ["w": "m.onnx.data"])
        let error = #expect(throws: FormatError.self) { try ONNXImporter.graph(m, path: url.path) }
        #expect(error?.description == url.path + ": initializer 'w' (its data in 'm.onnx.data') holds NaN or infinite values (as float32)")
    }
}

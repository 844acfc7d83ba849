// Regression tests for the crashes a hostile-input campaign found (issue 22): a safetensors
// shape whose element count overflows, an integer model whose input range holds Int.min,
// whose padding overflows, or whose polynomial degree would take forever. Each must be an
// error naming the problem, never a trap.
import BigInt
import Datasets
import Foundation
import Quantize
import Support
import Testing

@Suite struct HostileInputTests {
    /// A safetensors blob with one tensor entry given as raw header JSON and `body` data bytes.
    func blob(_ entry: String, body: Int = 8) -> Data {
        var header = Data(#"{"t": \#(entry)}"#.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        return out + header + Data(count: body)
    }

    @Test func safetensorsShapesThatOverflowAreErrors() {
        for shape in ["[2147483647, 2147483647, 4]", "[4611686018427387904, 4]", "[3037000500, 3037000500]", "[-1, 2]", "[1,1,1,1,1,1,1,1,1,1,1,1]"] {
            #expect(throws: SafetensorsError.self) {
                try Safetensors.decode(blob(#"{"dtype": "I64", "shape": \#(shape), "data_offsets": [0, 8]}"#), path: "x.safetensors")
            }
        }
        #expect(throws: SafetensorsError.self) {  // a repeated key means two different tensors to two readers
            try Safetensors.decode(blob(#"{"dtype": "I8", "shape": [8], "data_offsets": [0, 8], "shape": [4]}"#), path: "x.safetensors")
        }
        #expect((try? Safetensors.decode(blob(#"{"dtype": "I8", "shape": [8], "data_offsets": [0, 8]}"#), path: "x")) != nil)
    }

    func dense(_ inputRange: ClosedRange<Int> = 0...255, layers: [IntegerLayer]? = nil) -> IntegerModel {
        IntegerModel(inputShape: [1, 1, 2], inputRange: inputRange, layers: layers ?? [
            .flatten, .dense(IntegerDense(inCount: 2, outCount: 2, weight: [1, -2, 3, 4], bias: [0, 1])),
        ], outputScale: 1, arch: "test")
    }

    @Test func encodingMustNameAsManyClassesAsTheModelOutputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zktrain-classes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var m = dense()
        m.encoding = .pixels(shape: [1, 1, 2], classNames: ["a", "b"])
        try m.write(to: dir)
        #expect(try IntegerModel(contentsOf: dir) == m)
        m.encoding = .pixels(shape: [1, 1, 2], classNames: ["a", "b", "c"])
        try m.write(to: dir)
        #expect { try IntegerModel(contentsOf: dir) } throws: { "\($0)".contains("names 3 classes, the model outputs [2]") }
    }

    @Test func integerModelExtremesAreErrorsNotTraps() throws {
        // Int.min as the input range's end: |Int.min| does not fit an Int, the bound is exact anyway.
        let wide = try dense(Int.min...Int.max).analyze()
        #expect(wide.last!.bound > BigInt(Int.max))
        let conv = { (padding: Int, kernel: Int) -> IntegerModel in
            IntegerModel(inputShape: [2, 2, 1], inputRange: 0...255, layers: [
                .conv2d(IntegerConv2D(inChannels: 1, outChannels: 1, kernel: kernel, stride: 1, padding: padding, weight: [1], bias: [0])),
            ], outputScale: 1, arch: "test")
        }
        for (padding, kernel) in [(Int.max / 2, 1), (Int.max, 1), (1 << 40, 1), (0, Int.max)] {
            #expect(throws: IntegerModelError.self) { try conv(padding, kernel).analyze() }
        }
        #expect(throws: IntegerModelError.self) {
            try IntegerModel(inputShape: [Int.max, 2, 1], inputRange: 0...1, layers: [], outputScale: 1, arch: "t").analyze()
        }
        #expect(throws: IntegerModelError.self) {  // degree 1000: x^1000 of every bound, refused before it is computed
            try dense(layers: [.flatten, .polynomial(IntegerPolynomial(coefficients: [[BigInt](repeating: 1, count: 1001)]))]).analyze()
        }
        #expect(throws: IntegerModelError.self) {
            try dense(layers: [.flatten, .dense(IntegerDense(inCount: 2, outCount: Int.max / 2 + 1, weight: [], bias: []))]).analyze()
        }
    }

    @Test func integerModelFileWithDuplicateKeysIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("int-dup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try dense().write(to: dir)
        let url = dir.appendingPathComponent(IntegerModel.manifestName)
        let text = try String(contentsOf: url, encoding: .utf8)
        try Data(text.replacingOccurrences(of: #""arch" : "test","#, with: #""arch" : "test", "arch" : "other","#).utf8).write(to: url)
        #expect { try IntegerModel(contentsOf: dir) } throws: { "\($0)".contains("appears twice") }
    }
}

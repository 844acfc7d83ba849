// The ONNX reader and writer: round trips, known wire bytes, and hostile files (truncation,
// flipped bytes, inflated lengths, wrong wire types, absurd sizes) that must be clear errors
// naming the field, never a trap.
import Testing
import Foundation
@testable import Interchange
import Support
import Train

/// A small exported network: every layer kind the exporter emits.
func sampleModel() throws -> ONNXModel {
    let net = try Network(spec: ArchSpec(parsing: "conv(2,k3,p1) bn sq avgpool(2) poly(relu,d3,r4) flatten dense(4) quad(ch) dense(3)"),
                          inputShape: [6, 6, 2], classCount: 3, seed: 7)
    return ONNXExporter.model(steps: net.inferenceSteps(), inputShape: net.inputShape, classCount: 3,
                              metadata: [("zktrain.arch", net.spec.description)])
}

@Suite struct ProtobufTests {
    @Test func roundTrip() throws {
        let m = try sampleModel()
        let bytes = m.serialized()
        let back = try ONNXModel(bytes: bytes, path: "sample.onnx")
        #expect(back == m)
        #expect(back.serialized() == bytes)
        #expect(back.defaultOpset == 13)
    }

    @Test func knownWireBytes() throws {
        var w = ProtoWriter()
        w.int64(1, 300)            // key 0x08, varint 300 = ac 02
        w.int64(2, -1)             // ten bytes for a negative int64
        w.string(3, "ab")
        w.float(4, 1)
        #expect(w.bytes == [0x08, 0xac, 0x02, 0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
                            0x1a, 0x02, 0x61, 0x62, 0x25, 0x00, 0x00, 0x80, 0x3f])
        var r = ProtoReader(w.bytes, path: "x", context: "M")
        let (n1, w1) = try #require(try r.nextField())
        let a = try r.int64(w1, field: "a")
        #expect(n1 == 1 && a == 300)
        let (_, w2) = try #require(try r.nextField())
        let b = try r.int64(w2, field: "b")
        #expect(b == -1)
        let (_, w3) = try #require(try r.nextField())
        let c = try r.string(w3, field: "c")
        #expect(c == "ab")
        let (_, w4) = try #require(try r.nextField())
        let d = try r.float(w4, field: "d")
        #expect(d == 1)
        let end = try r.nextField()
        #expect(end == nil)
    }

    /// Packed and unpacked repeated fields read the same; int32 negatives are sign-extended.
    @Test func packedAndUnpacked() throws {
        var packed = ProtoWriter(), loose = ProtoWriter()
        packed.packedInt64s(1, [3, -2, 1 << 40])
        for v: Int64 in [3, -2, 1 << 40] { loose.int64(1, v) }
        for bytes in [packed.bytes, loose.bytes] {
            var r = ProtoReader(bytes, path: "x", context: "M")
            var values: [Int64] = []
            while let (_, w) = try r.nextField() { try r.appendInt64s(w, to: &values, field: "dims") }
            #expect(values == [3, -2, 1 << 40])
        }
    }

    @Test func truncationAtEveryLengthIsAnErrorOrAValidPrefix() throws {
        let bytes = try sampleModel().serialized()
        var errors = 0
        for n in 0..<bytes.count {
            do { _ = try ONNXModel(bytes: Array(bytes[..<n]), path: "cut.onnx") } catch let e as FormatError {
                #expect(e.path == "cut.onnx")
                errors += 1
            }
        }
        // Only cuts at the end of a top-level field after the graph can still parse.
        #expect(errors >= bytes.count - 64)
    }

    @Test func truncatedGraphNamesTheField() throws {
        let bytes = try sampleModel().serialized()
        do {
            _ = try ONNXModel(bytes: Array(bytes[..<(bytes.count / 2)]), path: "half.onnx")
            Issue.record("a model cut in half parsed")
        } catch let e as FormatError {
            #expect(e.problem.contains("ModelProto") && e.problem.contains("graph") && e.problem.contains("runs past the end"), "\(e)")
        }
    }

    @Test func inflatedLengthIsAnError() throws {
        var bytes = try sampleModel().serialized()
        // Find the first initializer tensor's raw_data (key 0x4a) inside the graph and make its
        // length huge: the error names the tensor's field.
        let m = try sampleModel()
        let tensor = m.graph.initializers[0].encoded().bytes
        let start = try #require(find(tensor, in: bytes))
        var inner = tensor
        // The raw_data (key 0x4a) length becomes 16383, more than the file holds.
        let keyIndex = try #require(findKey(0x4a, tensor))
        #expect(inner[keyIndex + 1] >= 0x80 && inner[keyIndex + 2] < 0x80)   // a two-byte length (144)
        (inner[keyIndex + 1], inner[keyIndex + 2]) = (0xff, 0x7f)           // 16383: past the end
        bytes.replaceSubrange(start..<start + tensor.count, with: inner)
        do {
            _ = try ONNXModel(bytes: bytes, path: "inflated.onnx")
            Issue.record("an inflated length parsed")
        } catch let e as FormatError {
            #expect(e.problem.contains("initializer[0]"), "\(e)")
        }
    }

    @Test func wrongWireTypeNamesTheField() throws {
        var bytes = try sampleModel().serialized()
        #expect(bytes[0] == 0x08)
        bytes[0] = 0x0d  // ir_version as fixed32
        #expect(throws: FormatError.self) { try ONNXModel(bytes: bytes, path: "w.onnx") }
        do { _ = try ONNXModel(bytes: bytes, path: "w.onnx") } catch let e as FormatError {
            #expect(e.problem.contains("ir_version") && e.problem.contains("wire type"), "\(e)")
        }
        bytes[0] = 0x0b  // wire type 3: a group
        do { _ = try ONNXModel(bytes: bytes, path: "w.onnx"); Issue.record("group accepted") } catch let e as FormatError {
            #expect(e.problem.contains("wire type 3"), "\(e)")
        }
    }

    @Test func absurdTensorSizesAreErrors() throws {
        for dims: [Int64] in [[1 << 40], [-1], [1 << 20, 1 << 20], [Int64.max, 2]] {
            var t = ProtoWriter()
            t.packedInt64s(1, dims)
            t.int64(2, 1)
            t.bytes(9, [0, 0, 0, 0])
            var g = ProtoWriter()
            g.message(5, t)
            var m = ProtoWriter()
            m.int64(1, 8)
            m.message(7, g)
            do { _ = try ONNXModel(bytes: m.bytes, path: "big.onnx"); Issue.record("dims \(dims) accepted") } catch let e as FormatError {
                #expect(e.problem.contains("graph.initializer[0].dims"), "\(e)")
            }
        }
    }

    @Test func varintOverflowAndEmptyFile() {
        #expect(throws: FormatError.self) { try ONNXModel(bytes: [], path: "e.onnx") }
        let long = [UInt8](repeating: 0xff, count: 11) + [0x01]
        do { _ = try ONNXModel(bytes: [0x08] + long, path: "v.onnx") } catch let e as FormatError {
            #expect(e.problem.contains("longer than 64 bits"), "\(e)")
        } catch { Issue.record("\(error)") }
        #expect(throws: FormatError.self) { try ONNXModel(bytes: [0x08, 0x80], path: "t.onnx") }
    }

    /// Seeded mutations of a valid file (byte flips, chunk deletion and duplication, length
    /// bytes set to extremes): every one parses or is a FormatError; none traps.
    @Test func mutationsNeverTrap() throws {
        let bytes = try sampleModel().serialized()
        var rng = SeededGenerator(seed: 18)
        var rejected = 0
        for _ in 0..<3000 {
            var b = bytes
            switch rng.next() % 4 {
            case 0:
                for _ in 0..<(1 + Int(rng.next() % 4)) { b[Int(rng.next() % UInt64(b.count))] ^= UInt8(1 << (rng.next() % 8)) }
            case 1:
                let i = Int(rng.next() % UInt64(b.count)), n = min(Int(rng.next() % 64), b.count - i)
                b.removeSubrange(i..<i + n)
            case 2:
                let i = Int(rng.next() % UInt64(b.count)), n = min(Int(rng.next() % 64), b.count - i)
                b.insert(contentsOf: b[i..<i + n], at: i)
            default:
                b[Int(rng.next() % UInt64(b.count))] = [0x00, 0xff, 0x7f, 0x80][Int(rng.next() % 4)]
            }
            do { _ = try ONNXModel(bytes: b, path: "m.onnx") } catch is FormatError { rejected += 1 }
        }
        #expect(rejected > 1000)
    }
}

/// The offset of `needle` in `haystack`.
func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    for i in 0...(haystack.count - needle.count) where haystack[i..<i + needle.count].elementsEqual(needle) { return i }
    return nil
}

/// The index of the first top-level field key `key` in a message's bytes.
func findKey(_ key: UInt8, _ message: [UInt8]) -> Int? {
    var r = ProtoReader(message, path: "", context: "")
    while true {
        let at = r.offset
        guard let (n, w) = try? r.nextField() else { return nil }
        if message[at] == key { return at }
        guard (try? r.skip(w, number: n)) != nil else { return nil }
    }
}

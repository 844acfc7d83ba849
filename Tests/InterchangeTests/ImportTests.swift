// The importer: export → bytes → import gives a network with the same forward pass; graphs
// the importer cannot take fail naming the node, its operator and the supported list.
import Testing
import Foundation
@testable import Interchange
import Support
import Train

@Suite struct ImportTests {
    /// A network with non-trivial batch-norm statistics and quadratics, exported, serialized,
    /// read back and imported, computes the same logits (the NHWC ↔ NCHW permutations cancel;
    /// degree-2 polynomials come back as learnable quadratics).
    @Test(arguments: ["conv(3,k3,p1) bn sq avgpool(2) dense(8) bn sq dense(3)",
                      "conv(2,k3,s2) sq sumpool(2) flatten dense(3)",
                      "dense(5) bn relu dense(3)",
                      "conv(3,k3,p1) quad(ch) avgpool(2) flatten dense(6) quad dense(3)",
                      "conv(2,k3) avgpool(2) flatten quad(ch) dense(5) poly(relu,d2,r3) dense(3)"])
    func exportImportRoundTrip(spec: String) throws {
        let net = try Network(spec: ArchSpec(parsing: spec), inputShape: [8, 8, 2], classCount: 3, seed: 3)
        var rng = SeededGenerator(seed: 9)
        for case let q as LearnableQuadratic in net.layers {
            q.a.value = q.a.value.map { _ in rng.nextGaussian() * 0.1 }
            q.c.value = q.c.value.map { _ in rng.nextGaussian() * 0.1 }
        }
        for case let bn as BatchNorm in net.layers {
            bn.runningMean.value = bn.runningMean.value.map { _ in rng.nextGaussian() * 0.1 }
            bn.runningVar.value = bn.runningVar.value.map { _ in 0.5 + abs(rng.nextGaussian()) }
            bn.beta.value = bn.beta.value.map { _ in rng.nextGaussian() * 0.1 }
        }
        let m = ONNXExporter.model(steps: net.inferenceSteps(), inputShape: net.inputShape, classCount: 3)
        let read = try ONNXModel(bytes: m.serialized(), path: "round.onnx")
        let imported = try ONNXImporter.graph(read, path: "round.onnx")
        let back = try imported.network(inputScale: net.inputScale, inputRange: net.inputRange)
        let x = Tensor(shape: [4, 8, 8, 2], data: (0..<(4 * 128)).map { _ in Float(rng.next() % 256) / 255 })
        let a = net.forward(x, training: false), b = back.forward(x, training: false)
        let scale = a.data.map(abs).max()!
        for (u, v) in zip(a.data, b.data) { #expect(abs(u - v) <= 1e-5 * max(1, scale), "\(spec): \(u) vs \(v)") }
    }

    @Test func unsupportedOperatorNamesNodeAndList() throws {
        var m = ONNXModel()
        m.opsetImports = [ONNXOpset(version: 13)]
        m.graph.inputs = [ONNXValueInfo(name: "x", shape: [.symbol("N"), .value(4)])]
        m.graph.outputs = [ONNXValueInfo(name: "y", shape: [.symbol("N"), .value(2)])]
        m.graph.initializers = [ONNXTensor(name: "w", dims: [4, 2], floats: .init(repeating: 0.5, count: 8))]
        m.graph.nodes = [ONNXNode("MatMul", name: "mm", inputs: ["x", "w"], outputs: ["h"]),
                         ONNXNode("Tanh", name: "squash", inputs: ["h"], outputs: ["y"])]
        do { _ = try ONNXImporter.graph(m, path: "t.onnx"); Issue.record("Tanh accepted") } catch let e as FormatError {
            #expect(e.path == "t.onnx" && e.problem.contains("'squash'") && e.problem.contains("Tanh") && e.problem.contains("supported: Gemm"), "\(e)")
        }
        m.graph.nodes[1] = ONNXNode("Identity", name: "id", inputs: ["h"], outputs: ["y"])
        let ok = try ONNXImporter.graph(m, path: "t.onnx")
        #expect(ok.spec.description == "dense(2)" && ok.classCount == 2)
        // A branch (the node does not read the previous output) is refused.
        m.graph.nodes[1] = ONNXNode("Identity", name: "side", inputs: ["x"], outputs: ["y"])
        #expect(throws: FormatError.self) { try ONNXImporter.graph(m, path: "t.onnx") }
    }

    /// MaxPool is an error naming --convert, unless asked to become an average pool.
    @Test func maxPoolOnlyWhenConverting() throws {
        let net = try Network(spec: ArchSpec(parsing: "conv(2,k3) relu avgpool(2) dense(3)"), inputShape: [8, 8, 1], classCount: 3, seed: 1)
        var m = ONNXExporter.model(steps: net.inferenceSteps(), inputShape: net.inputShape, classCount: 3)
        let pool = try #require(m.graph.nodes.firstIndex { $0.opType == "AveragePool" })
        m.graph.nodes[pool].opType = "MaxPool"
        do { _ = try ONNXImporter.graph(m, path: "max.onnx"); Issue.record("MaxPool accepted") } catch let e as FormatError {
            #expect(e.problem.contains("MaxPool") && e.problem.contains("--convert"), "\(e)")
        }
        let g = try ONNXImporter.graph(m, path: "max.onnx", maxPoolAsAverage: true)
        #expect(g.spec.description == "conv(2,k3) relu avgpool(2) flatten dense(3)" && g.maxPoolsReplaced == 1)
    }

    /// An input whose size overflows, and an Add that would broadcast along the wrong axis,
    /// are errors, not traps or silently different models.
    @Test func hostileShapesAndBroadcasts() throws {
        var m = ONNXModel()
        m.opsetImports = [ONNXOpset(version: 13)]
        m.graph.inputs = [ONNXValueInfo(name: "x", shape: [.symbol("N"), .value(1 << 24), .value(1 << 24), .value(1 << 24)])]
        m.graph.outputs = [ONNXValueInfo(name: "y", shape: nil)]
        m.graph.nodes = [ONNXNode("Flatten", inputs: ["x"], outputs: ["y"])]
        #expect(throws: FormatError.self) { try ONNXImporter.graph(m, path: "huge.onnx") }

        m.graph.inputs = [ONNXValueInfo(name: "x", shape: [.symbol("N"), .value(1), .value(4), .value(4)])]
        m.graph.initializers = [ONNXTensor(name: "w", dims: [2, 1, 3, 3], floats: .init(repeating: 0.1, count: 18)),
                                ONNXTensor(name: "c", dims: [2], floats: [1, 2])]
        m.graph.nodes = [ONNXNode("Conv", inputs: ["x", "w"], outputs: ["h"], attributes: [ONNXAttribute("kernel_shape", .ints([3, 3]))]),
                         ONNXNode("Add", name: "wrong_axis", inputs: ["h", "c"], outputs: ["y"])]
        do { _ = try ONNXImporter.graph(m, path: "b.onnx"); Issue.record("a [C] add after conv accepted") } catch let e as FormatError {
            #expect(e.problem.contains("wrong_axis") && e.problem.contains("[2, 1, 1]"), "\(e)")
        }
    }

    /// A degree-3 polynomial's Horner chain is refused, not read as a quadratic.
    @Test func cubicIsRefused() throws {
        let net = try Network(spec: ArchSpec(parsing: "dense(4) poly(relu,d3,r2) dense(3)"), inputShape: [5], classCount: 3, seed: 1)
        let m = ONNXExporter.model(steps: net.inferenceSteps(), inputShape: net.inputShape, classCount: 3)
        do { _ = try ONNXImporter.graph(m, path: "cubic.onnx"); Issue.record("a cubic imported") } catch let e as FormatError {
            #expect(e.problem.contains("degree above 2"), "\(e)")
        }
    }
}

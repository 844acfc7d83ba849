// A committed- or certified-weights circuit is a function of public information (issue 17):
// the model's public description compiles to the same model.r1cs (and certificate.r1cs),
// byte for byte, as the model itself
// and as any other model with the same description; the description holds no weights; a
// changed width changes the circuit; hostile descriptions are errors naming the file.
import BigInt
import Circuit
import Foundation
import Prove
import Quantize
import Support
import Testing

@Suite struct PublicDescriptionTests {
    static let committedOptions: [CircuitOptions] = [WeightVisibility.committed, .certified].flatMap { w in
        InputVisibility.allCases.flatMap { i in OutputVisibility.allCases.map { CircuitOptions(weights: w, input: i, output: $0) } }
    }

    /// A temporary file holding `data`, removed by the caller.
    static func file(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString).public.json")
        try data.write(to: url)
        return url
    }

    /// `model`'s description, written and read back as a placeholder model.
    static func described(_ model: IntegerModel) throws -> IntegerModel {
        let url = try file(try model.publicDescription())
        defer { try? FileManager.default.removeItem(at: url) }
        return try IntegerModel(describedBy: url)
    }

    /// model.r1cs, and with certified weights certificate.r1cs after it.
    static func r1cs(_ model: IntegerModel, _ options: CircuitOptions) throws -> Data {
        let circuit = try ModelCircuit(model: model, options: options)
        var data = try R1CSFile.encode(circuit.compile().builder.system, path: "model.r1cs")
        if options.weights == .certified {
            data += try R1CSFile.encode(WeightCertificateCircuit(circuit).compile().system, path: "certificate.r1cs")
        }
        return data
    }

    /// `model` with other weights and biases within its stored widths.
    static func reweighted(_ model: IntegerModel, seed: UInt64) -> IntegerModel {
        var rng = SeededGenerator(seed: seed), copy = model
        for (i, layer) in model.layers.enumerated() {
            let w = { (bits: Int) in Int64.random(in: -(Int64(1) << (bits - 1))...((Int64(1) << (bits - 1)) - 1), using: &rng) }
            switch layer {
            case .dense(var d):
                d.weight = d.weight.map { _ in w(d.weightBits) }
                d.bias = d.bias.map { _ in BigInt(w(min(d.biasBits, 63))) }
                copy.layers[i] = .dense(d)
            case .conv2d(var c):
                c.weight = c.weight.map { _ in w(c.weightBits) }
                c.bias = c.bias.map { _ in BigInt(w(min(c.biasBits, 63))) }
                copy.layers[i] = .conv2d(c)
            default: break
            }
        }
        return copy
    }

    @Test(arguments: committedOptions)
    func descriptionCompilesToTheModelsCircuit(options: CircuitOptions) throws {
        for seed in UInt64(1)...3 { for model in TestModels.all(seed: seed) {
            let placeholder = try Self.described(model)
            #expect(placeholder.layers.map(\.weightBits) == model.layers.map(\.weightBits))
            #expect(placeholder.layers.map(\.biasBits) == model.layers.map(\.biasBits))
            let expected = try Self.r1cs(model, options)
            #expect(try Self.r1cs(placeholder, options) == expected)
            #expect(try Self.r1cs(Self.reweighted(model, seed: seed + 50), options) == expected)
        } }
    }

    @Test func descriptionHoldsNoWeightsButEveryWidth() throws {
        let model = TestModels.everyLayer(seed: 7)
        let json = try #require(try JSONSerialization.jsonObject(with: model.publicDescription()) as? [String: Any])
        #expect(json["format"] as? String == IntegerModel.descriptionFormat)
        #expect(json["bounds"] == nil)
        let layers = try #require(json["layers"] as? [[String: Any]])
        for layer in layers { #expect(layer["weight"] == nil && layer["bias"] == nil) }
        let linear = layers.filter { ["dense", "conv2d"].contains($0["kind"] as? String) }
        #expect(linear.count == 4 && linear.allSatisfy { $0["weightBits"] is Int && $0["biasBits"] is Int })
        // The same description for other weights within the widths: nothing of the values shows.
        #expect(try Self.reweighted(model, seed: 9).publicDescription() == model.publicDescription())
    }

    @Test func aChangedWidthChangesTheCircuit() throws {
        let model = TestModels.mlp(seed: 4), options = CircuitOptions(weights: .committed)
        var json = try #require(try JSONSerialization.jsonObject(with: model.publicDescription()) as? [String: Any])
        var layers = try #require(json["layers"] as? [[String: Any]])
        layers[1]["biasBits"] = (layers[1]["biasBits"] as! Int) + 1
        json["layers"] = layers
        let url = try Self.file(try JSONSerialization.data(withJSONObject: json))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.r1cs(IntegerModel(describedBy: url), options) != Self.r1cs(model, options))
    }

    @Test func hostileDescriptionsAreErrorsNamingTheFile() throws {
        let good = try #require(try JSONSerialization.jsonObject(with: TestModels.mlp(seed: 5).publicDescription()) as? [String: Any])
        func problem(_ edit: (inout [String: Any], inout [[String: Any]]) -> Void) throws -> String? {
            var json = good, layers = good["layers"] as! [[String: Any]]
            edit(&json, &layers)
            json["layers"] = layers
            let url = try Self.file(try JSONSerialization.data(withJSONObject: json))
            defer { try? FileManager.default.removeItem(at: url) }
            do { _ = try IntegerModel(describedBy: url); return nil } catch {
                #expect("\(error)".contains(url.path))
                return "\(error)"
            }
        }
        #expect(try problem { _, _ in } == nil)
        #expect(try problem { _, l in l[1]["biasBits"] = nil }?.contains("layer 1: missing 'biasBits'") == true)
        #expect(try problem { _, l in l[3]["weightBits"] = nil }?.contains("layer 3: missing 'weightBits'") == true)
        #expect(try problem { _, l in l[1]["biasBits"] = 251 }?.contains("bias width 251") == true)
        #expect(try problem { _, l in l[1]["weightBits"] = 0 }?.contains("weight width 0") == true)
        #expect(try problem { _, l in l[1]["bias"] = ["1"] }?.contains("must not") == true)
        #expect(try problem { _, l in l[1]["kind"] = "lstm" }?.contains("unknown kind 'lstm'") == true)
        #expect(try problem { _, l in l[1]["outCount"] = 1 << 40 }?.isEmpty == false)
        #expect(try problem { j, _ in j["version"] = 2 }?.contains("version 2") == true)
        #expect(try problem { j, _ in j["bounds"] = ["1", "2", "3", "4"] }?.contains("holds bounds") == true)
        #expect(try problem { j, _ in j["format"] = "zktrain.integer-model" }?.contains("format") == true)
        #expect(try problem { j, _ in j["inputRange"] = [9, 1] }?.contains("inputRange") == true)
        let truncated = try Self.file(try TestModels.mlp(seed: 5).publicDescription().prefix(40))
        defer { try? FileManager.default.removeItem(at: truncated) }
        #expect { try IntegerModel(describedBy: truncated) } throws: { "\($0)".contains(truncated.path) }
        #expect(!IntegerModel.isPublicDescription(truncated))
    }
}

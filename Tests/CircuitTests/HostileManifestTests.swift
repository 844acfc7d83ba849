// Regression tests for what a hostile-input campaign found in circuit.json (issue 22): a
// reversed input range trapped `verify --circuit`, a huge public-signal count overflowed, and
// a repeated key would mean two layouts to two readers. Each must be an error naming the file.
import Circuit
import Foundation
import Prove
import Support
import Testing

@Suite struct HostileManifestTests {
    /// circuit.json of a small compiled model, as a JSON object.
    static func manifestObject() throws -> [String: Any] {
        let circuit = try ModelCircuit(model: TestModels.mlp(seed: 3), options: CircuitOptions(weights: .public, input: .public, output: .logits))
        let system = circuit.compile().builder.system
        let r1cs = try R1CSFile.encode(system, path: CircuitManifest.r1csName)
        let data = try CircuitManifest(circuit, system: system, r1cs: r1cs, cost: CostModel.cost(of: circuit.plan), weightCommitment: nil).encoded()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The problem reading `object` as circuit.json, or nil if it was accepted.
    static func problem(_ object: [String: Any], text: ((String) -> String)? = nil) throws -> String? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var json = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        if let text { json = text(json) }
        try Data(json.utf8).write(to: dir.appendingPathComponent(CircuitManifest.fileName))
        do { _ = try CircuitManifest(contentsOf: dir); return nil } catch { return "\(error)" }
    }

    @Test func hostileManifestsAreErrors() throws {
        let good = try Self.manifestObject()
        #expect(try Self.problem(good) == nil)
        var reversed = good
        reversed["inputRange"] = [255, 0]
        #expect(try Self.problem(reversed)?.contains("inputRange") == true)
        var huge = good
        var groups = try #require(good["publicSignals"] as? [[String: Any]])
        groups[0]["count"] = Int.max
        huge["publicSignals"] = groups
        #expect(try Self.problem(huge)?.contains("publicSignals") == true)
        var shape = good
        shape["inputShape"] = [Int.max, 2, 1]
        #expect(try Self.problem(shape)?.contains("inputShape") == true)
        let twice = try Self.problem(good) { $0.replacingOccurrences(of: #""arch":"#, with: #""arch":"x","arch":"#) }
        #expect(twice?.contains("appears twice") == true)
        for digest in ["", "00", String(repeating: "A", count: 64), String(repeating: "g", count: 64)] {
            var bad = good
            bad["r1csSHA256"] = digest
            #expect(try Self.problem(bad)?.contains("r1csSHA256") == true)
        }
    }
}

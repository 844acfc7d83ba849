// Regression tests for what a hostile-input campaign found in sweep specs (issue 22): a huge
// perBudget (segfault), huge depths (stack overflow in the recursive enumeration), a batch
// size of 0 (division by zero), and a space too large to enumerate. Each must be an error
// naming the field, found before anything is enumerated or trained.
@testable import Codesign
import Foundation
import Testing

@Suite struct HostileSpecTests {
    nonisolated(unsafe) static let valid: [String: Any] = [
        "name": "t", "data": "datasets/fashion-mnist-subset",
        "mlp": ["depths": [1], "widths": [4, 8]], "activations": ["sq"], "weightBits": ["8"], "rescale": ["auto"],
        "budgets": [["weights": "public", "constraints": 1000]],
        "selection": ["perBudget": 2, "maxMACs": 1_000_000], "schedule": ["rounds": [["epochs": 1]]],
        "training": ["batchSize": 64, "learningRate": 0.003, "seed": 5, "qatWarmup": 1, "threads": 1], "measureProofs": 0,
    ]

    /// The error message for `valid` with `change` applied, or nil if it was accepted.
    func problem(_ change: (inout [String: Any]) -> Void) throws -> String? {
        var object = Self.valid
        change(&object)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("space-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do { _ = try SearchSpace(contentsOf: url); return nil } catch { return "\(error)" }
    }

    @Test func validSpaceIsAccepted() throws { #expect(try problem { _ in } == nil) }

    @Test func absurdValuesAreErrorsNamingTheField() throws {
        func check(_ field: String, _ change: (inout [String: Any]) -> Void) throws {
            let message = try problem(change)
            #expect(message?.contains(field) == true, "\(field): \(message ?? "accepted")")
        }
        try check("perBudget") { $0["selection"] = ["perBudget": Int.max, "maxMACs": 1_000_000] }
        try check("mlp.depths") { $0["mlp"] = ["depths": [1_000_000], "widths": [4]] }
        try check("batchSize") { $0["training"] = ["batchSize": 0, "learningRate": 0.003, "seed": 5, "qatWarmup": 1, "threads": 1] }
        try check("batchSize") { $0["training"] = ["batchSize": -64, "learningRate": 0.003, "seed": 5, "qatWarmup": 1, "threads": 1] }
        try check("threads") { $0["training"] = ["batchSize": 64, "learningRate": 0.003, "seed": 5, "qatWarmup": 1, "threads": 0] }
        try check("candidates") { $0["mlp"] = ["depths": [8], "widths": Array(1...200)] }  // C(207, 8) ≈ 10^14
        try check("mlp.widths") { $0["mlp"] = ["depths": [1], "widths": [4, 4]] }
        try check("activations") { $0["activations"] = [String]() }
        try check("epochs") { $0["schedule"] = ["rounds": [["epochs": Int.max]]] }
    }

    @Test func candidateCountMatchesTheEnumeration() throws {
        var space = try #require(try? JSONDecoder().decode(SearchSpace.self, from: JSONSerialization.data(withJSONObject: Self.valid)))
        space.mlp = .init(depths: [1, 2, 3], widths: [4, 8, 16, 32])
        space.cnn = .init(blocks: [1, 2], channels: [4, 8, 16], kernels: [3, 5], strides: [1], pooling: ["none", "after"], heads: [0, 16])
        space.activations = ["sq", "quad"]
        #expect(space.candidateCount == space.candidates(classes: 10).count)
    }
}

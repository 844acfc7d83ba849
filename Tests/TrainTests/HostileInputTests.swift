// Regression tests for what a hostile-input campaign found in Train (issue 22): a model.json
// whose input shape or layer sizes would overflow or allocate exabytes, a batch size of 0 or
// NaN in the optimiser state reached through `train --resume`, and a small gzip file that
// inflates to gigabytes. Each must be an error naming the problem, before anything large is
// allocated.
import Foundation
import Quantize
import Support
import TestSupport
import Testing
import Datasets
@testable import Train

@Suite(.serialized) struct HostileInputTests {
    @Test func networkSizesAreCheckedBeforeAllocating() throws {
        let spec = try ArchSpec(parsing: "dense(16) bn sq dense(10)")
        for shape in [[Int.max, 1, 1], [-28, 28, 1], [1 << 30], [1 << 20, 1 << 20, 1], [], [1, 2, 3, 4]] {
            #expect(throws: SpecError.self, "input shape \(shape)") { try Network(spec: spec, inputShape: shape, classCount: 10, seed: 1) }
        }
        #expect(throws: SpecError.self) { try Network(spec: spec, inputShape: [28, 28, 1], classCount: Int.max, seed: 1) }
        // Each layer alone within the parser's limits, together 2^20 · 2^20 weights (4 TB).
        let huge = try ArchSpec(parsing: "dense(1048576) dense(1048576) dense(10)")
        #expect(throws: SpecError.self) { try Network(spec: huge, inputShape: [28, 28, 1], classCount: 10, seed: 1) }
        let wideConv = try ArchSpec(parsing: "conv(1048576,k3,p1048576) dense(10)")
        #expect(throws: SpecError.self) { try Network(spec: wideConv, inputShape: [28, 28, 1], classCount: 10, seed: 1) }
    }

    @Test func resumeRefusesBadConfigurationAndNonFiniteOptimiserState() throws {
        let (train, test) = try loadSubset()
        let t = try makeTrainer("dense(8) bn sq dense(10)", epochs: 1, data: train)
        try t.run(train: train, test: test)
        let dir = tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var manifest = ModelManifest(arch: "dense(8) bn sq dense(10)", inputShape: train.itemShape, classCount: 10, parameterCount: 0,
                                     training: t.config, epochsCompleted: 1, history: t.history, trainData: train.fingerprint,
                                     testData: test.fingerprint, dataDirectory: committedSubsetDirectory)
        try Checkpoint.save(t, manifest: manifest, to: dir)
        #expect((try? Checkpoint.loadTrainer(dir, manifest: Checkpoint.loadManifest(dir))) != nil)
        for batch in [0, -5, 1] {
            manifest.training.batchSize = batch
            try Checkpoint.save(t, manifest: manifest, to: dir)
            #expect { try Checkpoint.loadManifest(dir) } throws: { "\($0)".contains("batchSize is \(batch)") }
        }
        manifest.training.batchSize = 64
        manifest.training.optimizer.learningRate = -1  // (JSON holds no NaN)
        try Checkpoint.save(t, manifest: manifest, to: dir)
        #expect { try Checkpoint.loadManifest(dir) } throws: { "\($0)".contains("learningRate") }
        manifest.training.optimizer.learningRate = 1e-3
        // NaN in a saved moment.
        let name = try #require(t.optimizer.firstMoment.keys.sorted().first)
        t.optimizer.firstMoment[name]![0] = .nan
        try Checkpoint.save(t, manifest: manifest, to: dir)
        #expect { try Checkpoint.loadTrainer(dir, manifest: Checkpoint.loadManifest(dir)) } throws: { "\($0)".contains("NaN") }
    }

    @Test func gzipBombIsStoppedAtTheSizeItsHeaderDeclares() throws {
        // An IDX label file declaring 10 labels, followed by 64 MiB of zeros: ~64 KB compressed.
        let bomb = Gzip.compress([0, 0, 8, 1, 0, 0, 0, 10] + [UInt8](repeating: 0, count: 64 << 20), level: 9)
        #expect(bomb.count < 1 << 20)
        let dir = tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("labels-idx1-ubyte.gz").path
        try Data(bomb).write(to: URL(fileURLWithPath: path))
        #expect { try IDX.read(path: path, dimensionCount: 1) } throws: { "\($0)".contains("more than the 18 bytes its header declares") }
        // A well-formed compressed file still reads.
        try Data(Gzip.compress([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9])).write(to: URL(fileURLWithPath: path))
        #expect(try IDX.read(path: path, dimensionCount: 1).elements == [7, 8, 9])
    }
}

// The parts of running a sweep on a cluster that need no cluster: what the driver accepts from
// a worker (SweepStore.adopt: only a training round's files, whole sets, the job's result),
// job files, a worker's run in a folder laid out as a sweep folder, and how a sweep records an
// executor's results and resumes after one that lost some jobs. scripts/ray/test_ray.sh runs
// the real thing on a two-node Ray cluster.
@testable import Codesign
import Circuit
import Foundation
import Support
import TestSupport
import Testing
import Train

@Suite struct RemoteTrainingTests {
    static let candidate = Candidate(arch: "dense(4) bn sq dense(10)", weightBits: .b8, rescale: .auto())
    static let job = TrainingJob(candidate: candidate, round: 1, epochs: 2)
    static let base = SweepStore.candidatePath(candidate)

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remote-training-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func resultData(_ candidate: Candidate = candidate, round: Int = 1) throws -> Data {
        var result = FakeResults.result("x", constraints: 10, accuracy: 0.5)
        result.candidate = candidate
        result.round = round
        return try JSONEncoder().encode(result)
    }

    static var setPaths: [String] {
        SweepStore.checkpointNames.map { base + "/" + $0 } + SweepStore.integerModelNames.map { base + "/int/" + $0 }
    }

    /// A worker's files for a finished round: the checkpoint, the integer model, round-1.json.
    static func files() throws -> [String: Data] {
        var files = [String: Data]()
        for path in setPaths { files[path] = Data(path.utf8) }
        files[SweepStore.resultPath(candidate, round: 1)] = try resultData()
        return files
    }

    @Test func storesTheSetsAndReturnsTheResult() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = SweepStore(folder: dir)
        let outcome = try store.adopt(try Self.files(), of: Self.job)
        #expect(try outcome.get().candidate == Self.candidate)
        for path in Self.setPaths { #expect(try Data(contentsOf: dir.appendingPathComponent(path)) == Data(path.utf8)) }
        // The sweep, not the store, writes round-R.json; nothing temporary is left.
        let left = try FileManager.default.contentsOfDirectory(atPath: store.directory(Self.candidate).path)
        #expect(Set(left) == Set(SweepStore.checkpointNames + ["int"]))
        #expect(try store.checkpointFiles(Self.candidate).keys.sorted() == SweepStore.checkpointNames.map { Self.base + "/" + $0 }.sorted())
    }

    @Test(arguments: ["../escape.json", "candidates/x/model.json", "\(base)/int/../../escape", "\(base)/notes.txt",
                      "\(base)/round-0.json", "\(base)/int/model.json", "model.json"])
    func refusesFilesOutsideARound(_ path: String) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files = try Self.files()
        files[path] = Data("x".utf8)
        #expect(throws: CodesignError.self) { try SweepStore(folder: dir).adopt(files, of: Self.job) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("candidates").path))
    }

    @Test func refusesAPartialSet() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for missing in Self.setPaths {
            var files = try Self.files()
            files[missing] = nil
            #expect(throws: CodesignError.self) { try SweepStore(folder: dir).adopt(files, of: Self.job) }
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("candidates").path))
    }

    @Test func refusesAnotherJobsResult() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = SweepStore(folder: dir), path = SweepStore.resultPath(Self.candidate, round: 1)
        var files = try Self.files()
        files[path] = try Self.resultData(Candidate(arch: "dense(8) bn sq dense(10)", weightBits: .b8, rescale: .auto()))
        #expect(throws: CodesignError.self) { try store.adopt(files, of: Self.job) }
        files[path] = try Self.resultData(round: 0)
        #expect(throws: CodesignError.self) { try store.adopt(files, of: Self.job) }
        files[path] = nil
        #expect(throws: CodesignError.self) { try store.adopt(files, of: Self.job) }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("candidates").path))
    }

    @Test func aWorkersFailureIsTheCandidatesFailure() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let failure = CandidateFailure(candidate: Self.candidate, round: 1, error: "no integer model")
        let outcome = try SweepStore(folder: dir).adopt([SweepStore.failurePath(Self.candidate): try JSONEncoder().encode(failure)], of: Self.job)
        #expect(throws: CodesignError("no integer model")) { try outcome.get() }
    }

    @Test func jobFilesRoundTripAndAreChecked() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let space = try SearchSpace(contentsOf: ResumeTests.spaceFile(in: dir))
        let context = try TrainingContext(data: space.dataSource, settings: space.training, scheduleEpochs: 2)
        var job = RemoteTrainingJob(space: space, profile: .shipped, context: context, candidate: Self.candidate, round: 1)
        let url = dir.appendingPathComponent("job.json")
        try JSONEncoder().encode(job).write(to: url)
        let read = try RemoteTrainingJob(contentsOf: url)
        #expect(read.space == space && read.candidate == Self.candidate && read.round == 1 && read.encoding == context.train.encoding)
        job.round = 2
        try JSONEncoder().encode(job).write(to: url)
        #expect(throws: CodesignError.self) { try RemoteTrainingJob(contentsOf: url) }
    }

    /// A worker's run writes what a local sweep's round writes, in the same layout, and refuses
    /// data that is not the driver's.
    @Test func aWorkersRoundIsALocalRound() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let space = try SearchSpace(contentsOf: ResumeTests.spaceFile(in: dir))
        let local = try Sweep(space: space, out: dir.appendingPathComponent("local"), profile: .shipped, profileSource: "shipped", command: "test")
        let c = try local.plan().selected[0].candidate
        let expected = try trainCandidate(c, epochs: 1, round: 0, in: local.store.directory(c), context: local.context, scorer: local.scorer)
        let jobURL = dir.appendingPathComponent("job.json"), worker = dir.appendingPathComponent("worker")
        try JSONEncoder().encode(RemoteTrainingJob(space: space, profile: .shipped, context: local.context, candidate: c, round: 0)).write(to: jobURL)
        try RemoteTrainingJob.run(jobURL, in: worker, data: committedSubsetDirectory, testData: nil, log: { _ in })
        let store = SweepStore(folder: worker)
        var result = try #require(store.result(c, round: 0))
        result.trainSeconds = expected.trainSeconds
        #expect(result == expected)
        for name in SweepStore.checkpointNames where name != Checkpoint.manifestName {
            #expect(try Data(contentsOf: store.directory(c).appendingPathComponent(name))
                    == Data(contentsOf: local.store.directory(c).appendingPathComponent(name)))
        }
        for name in SweepStore.integerModelNames {
            #expect(try Data(contentsOf: store.integerModelURL(c).appendingPathComponent(name))
                    == Data(contentsOf: local.store.integerModelURL(c).appendingPathComponent(name)))
        }
        // Other data of the same kind (the test images as training images): refused by its fingerprint.
        let other = dir.appendingPathComponent("other-data"), subset = URL(fileURLWithPath: committedSubsetDirectory)
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        for (from, to) in [("t10k-images", "train-images"), ("t10k-labels", "train-labels"), ("t10k-images", "t10k-images"), ("t10k-labels", "t10k-labels")] {
            let suffix = from.hasSuffix("images") ? "-idx3-ubyte.gz" : "-idx1-ubyte.gz"
            try FileManager.default.copyItem(at: subset.appendingPathComponent(from + suffix), to: other.appendingPathComponent(to + suffix))
        }
        try FileManager.default.copyItem(at: subset.appendingPathComponent("classes.txt"), to: other.appendingPathComponent("classes.txt"))
        #expect(throws: CodesignError.self) {
            try RemoteTrainingJob.run(jobURL, in: dir.appendingPathComponent("other"), data: other.path, testData: nil, log: { _ in })
        }
    }

    /// A round whose job for `lose` is lost for good: the others train here, then it throws.
    struct LossyExecutor: CandidateExecutor {
        var lose: String
        func train(_ jobs: [TrainingJob], for sweep: Sweep, finished: (TrainingJob, Result<CandidateResult, any Error>) throws -> Void) throws {
            try LocalExecutor().train(jobs.filter { $0.candidate.id != lose }, for: sweep, finished: finished)
            if jobs.contains(where: { $0.candidate.id == lose }) { throw CodesignError("lost") }
        }
    }

    /// Trains here and remembers what it was asked to train.
    final class CountingExecutor: CandidateExecutor {
        var jobs = [TrainingJob]()
        func train(_ jobs: [TrainingJob], for sweep: Sweep, finished: (TrainingJob, Result<CandidateResult, any Error>) throws -> Void) throws {
            self.jobs += jobs
            try LocalExecutor().train(jobs, for: sweep, finished: finished)
        }
    }

    @Test func aLostJobStopsTheSweepAndTheRerunTrainsOnlyIt() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let space = try SearchSpace(contentsOf: ResumeTests.spaceFile(in: dir)), out = dir.appendingPathComponent("sweep")
        func sweep() throws -> Sweep { try Sweep(space: space, out: out, profile: .shipped, profileSource: "shipped", command: "test") }
        let first = try sweep()
        let candidates = try first.plan().selected.map(\.candidate), lost = candidates[1]
        #expect(throws: CodesignError("lost")) { try first.run(LossyExecutor(lose: lost.id)) }
        let round0 = { (c: Candidate) in first.store.resultURL(c, round: 0) }
        #expect(candidates.filter { FileManager.default.fileExists(atPath: round0($0).path) } == candidates.filter { $0 != lost })
        let written = try candidates.filter { $0 != lost }.map { try Data(contentsOf: round0($0)) }

        let counting = CountingExecutor()
        try sweep().run(counting)
        #expect(counting.jobs.filter { $0.round == 0 }.map(\.candidate) == [lost])
        #expect(try candidates.filter { $0 != lost }.map { try Data(contentsOf: round0($0)) } == written)
        #expect(counting.jobs.filter { $0.round == 1 }.count == 2)
    }
}

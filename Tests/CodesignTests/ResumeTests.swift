// Resume after a crash: `zktrain sweep` on the committed subset is killed with SIGKILL as
// soon as its first round result is on disk, then rerun. The rerun must keep every file the
// killed run finished (byte for byte, not rewritten) and end with the same results as an
// uninterrupted sweep (training is deterministic; only wall-clock columns may differ).
@testable import Codesign
import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct ResumeTests {

    /// The zktrain executable built next to the test bundle (swift build --build-tests builds it).
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zktrain")
    }

    static func spaceFile(in dir: URL) throws -> URL {
        let json = """
            {"name": "resume test", "data": "\(committedSubsetDirectory)",
             "mlp": {"depths": [1], "widths": [4, 8, 16, 32]}, "activations": ["sq"], "weightBits": ["8"], "rescale": ["auto"],
             "budgets": [{"weights": "public", "constraints": 1000}],
             "selection": {"perBudget": 4, "maxMACs": 1000000}, "schedule": {"rounds": [{"epochs": 1, "keep": 0.5}, {"epochs": 2}]},
             "training": {"batchSize": 64, "learningRate": 0.003, "seed": 5, "qatWarmup": 1, "threads": 1}, "measureProofs": 0}
            """
        let url = dir.appendingPathComponent("space.json")
        try Data(json.utf8).write(to: url)
        return url
    }

    static func sweep(_ space: URL, out: URL) throws -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = ["sweep", space.path, "--out", out.path]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Every regular file under `dir` (relative path → contents).
    static func files(_ dir: URL) -> [String: Data] {
        var out = [String: Data]()
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        while let url = e?.nextObject() as? URL {
            if let d = try? Data(contentsOf: url), !url.hasDirectoryPath { out[String(url.path.dropFirst(dir.path.count))] = d }
        }
        return out
    }

    /// results.csv without the train_seconds column.
    static func results(_ dir: URL) throws -> [String] {
        // Without train_seconds, found by its distance from the end (arch cells may hold commas).
        let lines = try String(contentsOf: dir.appendingPathComponent("results.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",")
        let fromEnd = header.count - header.firstIndex(of: "train_seconds")!
        return lines.map { line in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false)
            cells.remove(at: cells.count - fromEnd)
            return cells.joined(separator: ",")
        }
    }

    @Test func killedSweepResumesWithoutLosingWork() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable.path) else {
            Issue.record("\(Self.executable.path) is missing: build with `swift build --build-tests` first")
            return
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("codesign-resume-\(getpid())")
        try? FileManager.default.removeItem(at: tmp)
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let space = try Self.spaceFile(in: tmp)

        let clean = tmp.appendingPathComponent("clean")
        let cleanRun = try Self.sweep(space, out: clean)
        cleanRun.waitUntilExit()
        try #require(cleanRun.terminationStatus == 0)

        let killed = tmp.appendingPathComponent("killed")
        let run = try Self.sweep(space, out: killed)
        var firstResult: [String: Data] = [:]
        let deadline = Date().addingTimeInterval(300)
        while run.isRunning, Date() < deadline {
            firstResult = Self.files(killed).filter { $0.key.hasSuffix("round-0.json") }
            if !firstResult.isEmpty { break }
            usleep(2000)
        }
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        #expect(run.terminationReason == .uncaughtSignal, "the sweep finished before it could be killed")
        #expect(!firstResult.isEmpty)
        let survived = Self.files(killed).filter { $0.key.hasSuffix(".json") && $0.key.contains("round-") }
        #expect(survived.count < Self.files(clean).filter { $0.key.contains("round-") }.count)

        let rerun = try Self.sweep(space, out: killed)
        rerun.waitUntilExit()
        #expect(rerun.terminationStatus == 0)
        let after = Self.files(killed)
        for (path, data) in survived { #expect(after[path] == data, "\(path) was rewritten or lost") }
        #expect(try Self.results(killed) == Self.results(clean))
    }
}

// A sweep's trainings as Ray tasks, one per candidate and round, each reserving the sweep's
// training threads as CPUs. The driver script (scripts/ray/zktrain_ray.py) ships each job
// (job.json, the candidate's checkpoint, the data once per node) to a worker that runs
// `zktrain worker train` in a folder laid out as a sweep folder, and sends the files it made
// back here, where SweepStore+Worker.swift checks them and writes them as a local round would.
// Workers need no shared filesystem. Ray retries a task whose worker or node died; a task lost
// for good is left for the next run of the same command.
import Cluster
import Foundation

/// Trains on a Ray cluster through scripts/ray/zktrain_ray.py.
final class RayExecutor: CandidateExecutor {
    private let driver: RayDriver
    private let options: RayOptions

    /// Connects to the cluster at `options.address`; `log` gets a line naming it.
    /// - Throws: `RayError` when Python or Ray is missing or the cluster cannot be reached.
    init(options: RayOptions, log: (String) -> Void) throws {
        self.options = options
        driver = try RayDriver(options)
        let c = driver.connection
        log("Ray \(c.ray) at \(options.address): \(c.nodes) nodes, \(String(format: "%g", c.cpus)) CPUs")
    }

    func train(_ jobs: [TrainingJob], for sweep: Sweep,
               finished: (TrainingJob, Result<CandidateResult, any Error>) throws -> Void) throws {
        guard let first = jobs.first else { return }
        let rounds = sweep.space.schedule.rounds.count
        var byKey = [String: TrainingJob](), tasks = [TrainRequest.Task]()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for job in jobs {
            let key = "\(job.candidate.id)-r\(job.round)"
            byKey[key] = job
            let remote = RemoteTrainingJob(space: sweep.space, profile: sweep.scorer.profile, context: sweep.context,
                                           candidate: job.candidate, round: job.round)
            let files = try sweep.store.checkpointFiles(job.candidate).mapValues(\.path)
            tasks.append(.init(key: key, job: String(decoding: try encoder.encode(remote), as: UTF8.self), files: files))
        }
        let data = sweep.context.data
        let request = TrainRequest(binary: options.workerBinary, cpus: sweep.space.training.threads,
                                   data: data.data.map(Self.absolute), testData: data.testData.map(Self.absolute), tasks: tasks)
        sweep.log("round \(first.round + 1)/\(rounds): \(jobs.count) candidates submitted to Ray")
        var problems = [String]()
        try driver.send(request) { line in
            let event = try RayDriver.decode(TrainEvent.self, line)
            guard let job = byKey.removeValue(forKey: event.key) else {
                throw RayError("the Ray driver script sent a result for \(event.key), which was not asked for or came twice")
            }
            guard event.event == "trained", let files = event.files else {
                sweep.log("  \(job.candidate.label), round \(job.round + 1): not trained on Ray: \(event.message ?? event.event)")
                problems.append("\(job.candidate.id): \(event.message ?? event.event)")
                return
            }
            sweep.log(String(format: "round %d/%d: %@ → %d epochs, trained on node %@ in %.1f s", job.round + 1, rounds,
                             job.candidate.label, job.epochs, String((event.node ?? "?").prefix(12)), event.seconds ?? 0))
            if let log = event.log, !log.isEmpty { sweep.log(log.hasSuffix("\n") ? String(log.dropLast()) : log) }
            try finished(job, try sweep.store.adopt(files, of: job))
        }
        problems += byKey.keys.sorted().map { "\($0): no result" }
        if !problems.isEmpty {
            throw CodesignError("\(problems.count) of \(jobs.count) trainings did not finish on Ray (\(problems[0])); "
                + "those that finished are saved: fix the cause and rerun the same command to train the rest")
        }
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}

/// The request for one round (scripts/ray/zktrain_ray.py, `train`).
private struct TrainRequest: Encodable {
    struct Task: Encodable {
        /// "ID-rR": the task's name and its sweep folder's name on the worker.
        var key: String
        /// job.json's text (a RemoteTrainingJob).
        var job: String
        /// The candidate's checkpoint: path relative to the sweep folder → path on this machine.
        var files: [String: String]
    }
    var kind = "train"
    var binary: String
    var cpus: Int
    /// The data and test files or folders on this machine, shipped to each node once.
    var data: String?
    var testData: String?
    var tasks: [Task]
}

/// One finished task: "trained" with the files of its sweep folder, or "error" / "lost" with a message.
private struct TrainEvent: Decodable {
    var event: String
    var key: String
    var node: String?
    var seconds: Double?
    /// The worker's stderr (its epoch lines).
    var log: String?
    var message: String?
    /// Path relative to the worker's sweep folder → contents (base64 in the JSON line).
    var files: [String: Data]?
}

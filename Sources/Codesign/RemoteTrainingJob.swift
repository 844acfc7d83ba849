// One training job as a Ray worker runs it (`zktrain worker train`), without the sweep's
// folder: everything it needs travels in job.json — the search space (training settings,
// schedule, data options), the driver's cost profile and input encoding, the candidate and the
// round — and the candidate's checkpoint, if it has one, is shipped into a folder laid out as a
// sweep folder (SweepStore). The training itself is `trainCandidate`, the function a local
// sweep calls; nothing here decides anything.
import Circuit
import Datasets
import Foundation
import Support

/// A candidate's training round, self-contained (job.json on a worker).
public struct RemoteTrainingJob: Codable, Sendable {
    public var space: SearchSpace
    /// The driver's cost profile, so that the result's predicted prove times are the driver's.
    public var profile: CostProfile
    /// The driver's input encoding of the data (class names included), applied on the worker
    /// rather than fitted again, and the training set's fingerprint, checked there.
    public var encoding: InputEncoding
    public var trainFingerprint: String
    public var candidate: Candidate
    public var round: Int

    /// The job of `candidate` in `round` of a sweep that trains on `context`.
    public init(space: SearchSpace, profile: CostProfile, context: TrainingContext, candidate: Candidate, round: Int) {
        self.space = space
        self.profile = profile
        encoding = context.train.encoding
        trainFingerprint = context.train.fingerprint
        self.candidate = candidate
        self.round = round
    }

    /// Reads and checks a job file.
    /// - Throws: `CodesignError`, `DataError` or `FormatError` naming the file and the problem.
    public init(contentsOf url: URL) throws {
        self = try StrictJSON.decode(RemoteTrainingJob.self, from: readFileData(url, limit: 1 << 26), path: url.path)
        do { try space.validate() } catch let e as CodesignError { throw CodesignError("\(url.path): \(e.message)") }
        try encoding.validate(path: url.path)
        guard space.schedule.rounds.indices.contains(round) else {
            throw CodesignError("\(url.path): round \(round) is not in the schedule (\(space.schedule.rounds.count) rounds)")
        }
    }

    /// Runs the job in `file` in the sweep folder `out`: trains the candidate (resuming its
    /// checkpoint there, if any) to the round's epochs and writes its round-R.json, or its
    /// failed.json when the candidate cannot be trained (as a local sweep records it). The data
    /// is read from `data` and `testData`, this machine's copies of the space's data and test
    /// files, while the checkpoint records the space's own data options, so it is the file a
    /// local sweep writes. `log` gets the epoch lines.
    /// - Throws: when the job cannot start: an unreadable job file or data, data that is not the
    ///   driver's, or a folder it cannot write.
    public static func run(_ file: URL, in out: URL, data: String?, testData: String?, log: @escaping (String) -> Void) throws {
        let job = try RemoteTrainingJob(contentsOf: file)
        var local = job.space.dataSource
        if let data { local.data = data }
        if let testData { local.testData = testData }
        var context = try TrainingContext(data: local, encoding: job.encoding, settings: job.space.training,
                                          scheduleEpochs: job.space.schedule.finalEpochs)
        guard context.train.fingerprint == job.trainFingerprint else {
            throw CodesignError("the training data on this worker (\(local.data ?? "the default")) is not the driver's: fingerprint "
                + "\(context.train.fingerprint), expected \(job.trainFingerprint)")
        }
        context.data = job.space.dataSource
        let store = SweepStore(folder: out), c = job.candidate
        do {
            let result = try trainCandidate(c, epochs: job.space.schedule.rounds[job.round].epochs, round: job.round,
                                            in: store.directory(c), context: context,
                                            scorer: Scorer(profile: job.profile, input: context.train.encoding.dataShape), progress: log)
            try store.write(result, to: store.resultURL(c, round: job.round))
        } catch {
            try store.write(CandidateFailure(candidate: c, round: job.round, error: "\(error)"), to: store.failureURL(c))
        }
    }
}

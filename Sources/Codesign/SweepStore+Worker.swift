// A training round's files on their way to a Ray worker and back. A worker's folder is laid
// out as a sweep folder (SweepStore's paths), so files travel by their path relative to it:
// the candidate's checkpoint goes out, and what the round made comes back — the checkpoint and
// the integer model, each written here as one ArtifactSet, and round-R.json or failed.json,
// which the sweep records itself. A path outside that short list is refused, so a worker cannot
// write anywhere else; nothing is written before all of it is checked.
import Foundation
import Support

extension SweepStore {
    /// `c`'s checkpoint files by path relative to the sweep folder (none before its first round),
    /// after finishing a commit a killed run left half done.
    func checkpointFiles(_ c: Candidate) throws -> [String: URL] {
        let dir = directory(c)
        guard FileManager.default.fileExists(atPath: dir.path) else { return [:] }
        try ArtifactSet.recover(in: dir)
        var files = [String: URL]()
        for name in Self.checkpointNames where FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path) {
            files[Self.candidatePath(c) + "/" + name] = dir.appendingPathComponent(name)
        }
        return files
    }

    /// Writes the files a worker returned for `job` (by path relative to its sweep folder) into
    /// this folder, and returns the round's outcome: its round-R.json, or its failed.json.
    /// - Throws: `CodesignError` naming the problem when a path is not one a training round of
    ///   `job` writes, a set is incomplete (a result comes with both sets, a failure with whole
    ///   sets or none), or the result is not `job`'s; then nothing is written.
    func adopt(_ files: [String: Data], of job: TrainingJob) throws -> Result<CandidateResult, any Error> {
        let c = job.candidate
        let sets = [(folder: directory(c), path: Self.candidatePath(c), names: Self.checkpointNames),
                    (folder: integerModelURL(c), path: Self.integerModelPath(c), names: Self.integerModelNames)]
        let resultPath = Self.resultPath(c, round: job.round), failurePath = Self.failurePath(c)
        let allowed = Set(sets.flatMap { set in set.names.map { set.path + "/" + $0 } } + [resultPath, failurePath])
        if let stray = files.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw CodesignError("a worker returned \(stray) for \(c.id) round \(job.round), which is not a file of that training round")
        }
        let origin = "\(resultPath) from Ray"
        let outcome: Result<CandidateResult, any Error>
        if let data = files[resultPath] {
            let result = try StrictJSON.decode(CandidateResult.self, from: data, path: origin)
            guard result.candidate == c, result.round == job.round else {
                throw CodesignError("\(origin) is the result of \(result.candidate.id) round \(result.round)")
            }
            outcome = .success(result)
        } else if let data = files[failurePath] {
            outcome = .failure(CodesignError(try StrictJSON.decode(CandidateFailure.self, from: data, path: "\(failurePath) from Ray").error))
        } else {
            throw CodesignError("a worker returned neither round-\(job.round).json nor failed.json for \(c.id)")
        }
        for set in sets {
            let present = set.names.filter { files[set.path + "/" + $0] != nil }
            guard present.count == set.names.count || (present.isEmpty && !outcome.succeeded) else {
                throw CodesignError("a worker returned \(present.isEmpty ? "no file" : present.joined(separator: ", ")) "
                    + "of \(set.path) for \(c.id) round \(job.round), not the whole set")
            }
        }
        for set in sets where files[set.path + "/" + set.names[0]] != nil {
            var artifacts = try ArtifactSet(in: set.folder)
            for name in set.names { try artifacts.add(name, files[set.path + "/" + name]!) }
            try artifacts.commit()
        }
        return outcome
    }
}

private extension Result {
    var succeeded: Bool { if case .success = self { true } else { false } }
}

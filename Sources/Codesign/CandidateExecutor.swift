// Where a sweep's trainings run. The sweep decides what to train (planning, halving) and
// records what comes back (round-R.json, failed.json, the outputs); an executor only trains:
// here, one candidate after the other in this process, or as Ray tasks (RayExecutor.swift).
import Foundation

/// One candidate's halving round: train it until it has finished `epochs` epochs.
struct TrainingJob: Sendable, Equatable {
    var candidate: Candidate
    /// Halving round, 0-based.
    var round: Int
    /// Epochs the candidate has finished at the end of the round.
    var epochs: Int
}

/// Runs the trainings of a sweep's rounds.
protocol CandidateExecutor {
    /// Trains every job of `jobs` (one halving round of `sweep`), leaving each candidate's
    /// checkpoint and integer model in `sweep.store.directory(job.candidate)`, and calls
    /// `finished` with each job's result, or the error that stopped its training, as soon as it
    /// is done: on the calling thread, one job at a time.
    /// - Throws: what `finished` throws, or an error when some jobs could not be run at all
    ///   (after `finished` was called for all the others); the next run retries those.
    func train(_ jobs: [TrainingJob], for sweep: Sweep,
               finished: (TrainingJob, Result<CandidateResult, any Error>) throws -> Void) throws
}

/// Trains in this process, one candidate after the other, with the sweep's loaded data.
struct LocalExecutor: CandidateExecutor {
    func train(_ jobs: [TrainingJob], for sweep: Sweep,
               finished: (TrainingJob, Result<CandidateResult, any Error>) throws -> Void) throws {
        for (i, job) in jobs.enumerated() {
            sweep.log("round \(job.round + 1)/\(sweep.space.schedule.rounds.count), candidate \(i + 1)/\(jobs.count): "
                      + "\(job.candidate.label) → \(job.epochs) epochs")
            let result = Result {
                try trainCandidate(job.candidate, epochs: job.epochs, round: job.round, in: sweep.store.directory(job.candidate),
                                   context: sweep.context, scorer: sweep.scorer, progress: sweep.log)
            }
            try finished(job, result)
        }
    }
}

// A sweep's output folder: where each file lives, the records it holds, and how they are
// read and written. Every file is written atomically (pretty-printed JSON with sorted keys);
// reads are strict (no duplicate keys) and bounded. The layout:
//   plan.json                           the scored selection (`SweepPlan`), written once
//   results.csv, pareto.svg, REPORT.md  rewritten after every trained candidate
//   candidates/ID/                      the candidate's training checkpoint (three files, one set)
//   candidates/ID/int/                  its exact integer model (two files, one set)
//   candidates/ID/round-R.json          its result after round R (`CandidateResult`)
//   candidates/ID/failed.json           why it could not be trained (`CandidateFailure`)
//   candidates/ID/prove-WEIGHTS.json    its measured proof (`ProofMeasurement`)
import Circuit
import Foundation
import Quantize
import Support
import Train

/// The scored selection a sweep trains (plan.json).
public struct SweepPlan: Codable, Equatable, Sendable {
    /// The search space the plan was made from (a resumed sweep must have the same).
    public var space: SearchSpace
    /// Candidates enumerated and scored, and the wall seconds scoring took.
    public var enumerated: Int
    public var scored: Int
    public var scoreSeconds: Double
    /// Where the prove-time predictions come from.
    public var profileSource: String
    /// Skeleton scores of the candidates picked for training, per budget in order.
    public var selected: [CandidateScore]
}

/// A candidate that could not be trained or exported (failed.json).
public struct CandidateFailure: Codable, Equatable, Sendable {
    /// The candidate, the round (from 0) it failed in, and the error.
    public var candidate: Candidate
    public var round: Int
    public var error: String
}

/// A measured proof of a trained candidate (prove-WEIGHTS.json).
public struct ProofMeasurement: Codable, Equatable, Sendable {
    /// The candidate measured.
    public var candidate: Candidate
    /// The weights' visibility ("public" or "committed" in the file).
    public var weights: WeightVisibility
    /// The circuit's constraints and the cost model's predicted witness + prove seconds.
    public var constraints: Int
    public var predictedSeconds: Double
    /// Median witness + prove seconds over `samples`; the last proof verified.
    public var measuredSeconds: Double
    public var samples: [Double]
}

/// The files of a sweep in `folder`.
struct SweepStore {
    /// The sweep's output folder.
    let folder: URL

    /// plan.json.
    var planURL: URL { folder.appendingPathComponent("plan.json") }

    /// The files of a candidate's training checkpoint, in its folder, committed as one set.
    static let checkpointNames = [Checkpoint.manifestName, Checkpoint.weightsName, Checkpoint.stateName]
    /// The files of a candidate's integer model, in its int/ folder, committed as one set.
    static let integerModelNames = [IntegerModel.manifestName, IntegerModel.tensorsName]

    // A candidate's paths relative to the sweep folder. A Ray worker's folder has the same
    // layout (SweepStore+Worker.swift), so what it returns lands where a local round writes.

    /// `c`'s folder: its checkpoint, integer model and records.
    static func candidatePath(_ c: Candidate) -> String { "candidates/\(c.id)" }
    /// `c`'s integer model folder (`trainCandidate` exports to DIR/int).
    static func integerModelPath(_ c: Candidate) -> String { candidatePath(c) + "/int" }
    /// `c`'s result after round `round`.
    static func resultPath(_ c: Candidate, round: Int) -> String { candidatePath(c) + "/round-\(round).json" }
    /// `c`'s failure.
    static func failurePath(_ c: Candidate) -> String { candidatePath(c) + "/failed.json" }

    /// The folder of `c`'s checkpoint, integer model and records.
    func directory(_ c: Candidate) -> URL { folder.appendingPathComponent(Self.candidatePath(c)) }

    /// The folder of `c`'s exact integer model.
    func integerModelURL(_ c: Candidate) -> URL { folder.appendingPathComponent(Self.integerModelPath(c)) }

    /// Where `c`'s result after round `round` goes.
    func resultURL(_ c: Candidate, round: Int) -> URL { folder.appendingPathComponent(Self.resultPath(c, round: round)) }

    /// Where `c`'s failure goes.
    func failureURL(_ c: Candidate) -> URL { folder.appendingPathComponent(Self.failurePath(c)) }

    /// Where `c`'s measured proof with `weights` goes.
    func proofURL(_ c: Candidate, weights: WeightVisibility) -> URL {
        directory(c).appendingPathComponent("prove-\(weights.rawValue).json")
    }

    /// `c`'s result after round `round`, if that round is done.
    func result(_ c: Candidate, round: Int) -> CandidateResult? { try? read(resultURL(c, round: round)) }

    /// `c`'s failure, if it could not be trained.
    func failure(_ c: Candidate) -> CandidateFailure? { try? read(failureURL(c)) }

    /// `c`'s measured proof with `weights`, if any.
    func proof(_ c: Candidate, weights: WeightVisibility) -> ProofMeasurement? { try? read(proofURL(c, weights: weights)) }

    /// Writes results.csv, pareto.svg and REPORT.md for `outcome`.
    func writeOutputs(_ outcome: SweepOutcome, command: String) throws {
        try writeAtomically(Data(outcome.csv().utf8), to: folder.appendingPathComponent("results.csv"))
        try writeAtomically(Data(ParetoPlot.svg(outcome).utf8), to: folder.appendingPathComponent("pareto.svg"))
        try writeAtomically(Data(outcome.report(command: command).utf8), to: folder.appendingPathComponent("REPORT.md"))
    }

    /// Writes `value` as JSON to `url`, creating its folder.
    func write<T: Encodable>(_ value: T, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(try encoder.encode(value), to: url)
    }

    /// Reads a `T` from the JSON file at `url`.
    func read<T: Decodable>(_ url: URL) throws -> T {
        try StrictJSON.decode(T.self, from: readFileData(url, limit: 1 << 28), path: url.path)
    }
}

// One point of a search space: an architecture spec, a weight width and a rescale policy,
// with a stable identifier (the name of its directory in a sweep). Width and policy are typed,
// so a misspelt one fails when a file is decoded; in files they keep their string forms
// ("8", "every:8"). The successive-halving schedule that decides how long candidates train
// lives here too.
import Quantize
import Train

/// A model to cost and perhaps train.
public struct Candidate: Codable, Hashable, Sendable {
    /// Canonical architecture spec.
    public var arch: String
    /// The weight width ("8", "4", "2" or "ternary" in files).
    public var weightBits: WeightBits
    /// Where rescales go ("never", "auto" or "every:K" in files).
    public var rescale: RescalePolicy

    /// Stable identifier: "c" + 16 hex digits of the FNV-1a hash of the three fields' string forms.
    public var id: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(arch)|\(weightBits.rawValue)|\(rescale.description)".utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return "c" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The parsed spec (throws `SpecError`).
    public func spec() throws -> ArchSpec { try ArchSpec(parsing: arch) }

    /// `weightBits`. It no longer fails; kept, with its `throws`, for ModelSkeleton until the
    /// quantizers' move into Quantize rewrites that file to read the field.
    public func bits() throws -> WeightBits { weightBits }

    /// `rescale`. It no longer fails; kept, with its `throws`, for ModelSkeleton (see `bits()`).
    public func rescalePolicy() throws -> RescalePolicy { rescale }

    /// Short label for plots: the spec without batch-norms, plus the weight width.
    public var label: String {
        arch.replacingOccurrences(of: " bn", with: "") + " w" + weightBits.rawValue
    }
}

/// Successive halving: every trained candidate runs round 0; after round r only the best
/// `keep` fraction (by Pareto rank, see `Halving`) continues to round r+1's epoch count.
/// The learning-rate schedule spans the last round's epochs from the start, so a
/// continued candidate trains exactly as if it had run uninterrupted.
public struct HalvingSchedule: Codable, Equatable, Sendable {
    public struct Round: Codable, Equatable, Sendable {
        /// Total epochs a candidate has finished at the end of the round.
        public var epochs: Int
        /// Fraction of this round's candidates promoted to the next (ignored for the last).
        public var keep: Double?
    }
    public var rounds: [Round]

    /// Epochs of the last round: the length of every candidate's learning-rate schedule.
    public var finalEpochs: Int { rounds.last?.epochs ?? 0 }

    func validate() throws {
        guard !rounds.isEmpty else { throw CodesignError("schedule: give at least one round") }
        for (r, next) in zip(rounds, rounds.dropFirst()) {
            guard next.epochs > r.epochs else { throw CodesignError("schedule: epochs must increase from round to round") }
            guard let keep = r.keep, keep > 0, keep <= 1 else { throw CodesignError("schedule: every round but the last needs keep in (0, 1]") }
        }
        guard rounds[0].epochs > 0 else { throw CodesignError("schedule: epochs must be positive") }
    }
}

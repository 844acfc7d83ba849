// The search space of a sweep, as read from an `experiments/NAME.json` file: MLP and CNN
// shapes, activations, weight bits, rescale policies, the proving budgets, how many
// candidates to train and the successive-halving schedule. Enumerating it yields
// `Candidate`s; nothing here trains or costs anything.
import Circuit
import Foundation
import Support
import Quantize
import Train
import Datasets

/// A sweep's whole configuration (the JSON file's layout; every field is documented there too).
public struct SearchSpace: Codable, Equatable, Sendable {
    /// Name used in reports.
    public var name: String
    /// The data: a CSV or .npz file, or a directory of NumPy or IDX files (see `DataOptions`).
    public var data: String
    /// How the data is split and encoded (label column, test file or fraction, imputation…);
    /// `data` above overrides its `data` field.
    public var dataOptions: DataOptions?
    public var mlp: MLPSpace?
    public var cnn: CNNSpace?
    /// Activation tokens used for every activation of a candidate: `sq`, `quad`, `quad(ch)`,
    /// `poly(silu|gelu|relu,dD,rR)`.
    public var activations: [String]
    /// Weight widths: "8", "4", "2", "ternary" in the file.
    public var weightBits: [WeightBits]
    /// Rescale policies: "never", "auto", "every:K" in the file.
    public var rescale: [RescalePolicy]
    /// Candidates always trained (reference points the space's author wants on the plot), if they fit a budget.
    public var include: [Candidate]?
    /// A candidate is kept if it fits at least one budget.
    public var budgets: [Budget]
    /// Candidates trained (spread along each budget's cost axis) and training limits.
    public var selection: Selection
    public var schedule: HalvingSchedule
    public var training: TrainingSettings
    /// Pareto members whose prove time is measured (per budget), after the last round.
    public var measureProofs: Int

    /// Dense hidden layers: every depth, widths non-increasing with depth.
    public struct MLPSpace: Codable, Equatable, Sendable {
        public var depths: [Int]
        public var widths: [Int]
    }

    /// Convolutional blocks `conv(c,kK,sS,pK/2) bn [avgpool(2)] act [avgpool(2)]`, then an
    /// optional dense head `dense(h) bn act`, then `dense(classes)`. Kernel, stride and pooling are
    /// shared by the blocks of a candidate; channels are non-decreasing block to block.
    public struct CNNSpace: Codable, Equatable, Sendable {
        public var blocks: [Int]
        public var channels: [Int]
        public var kernels: [Int]
        public var strides: [Int]
        /// "none", "before" (pool, then activate: 4× fewer activations) or "after".
        public var pooling: [String]
        /// Width of the dense head; 0 for none.
        public var heads: [Int]
    }

    /// A proving budget for one weight visibility: a constraint count and/or predicted seconds.
    public struct Budget: Codable, Equatable, Sendable {
        /// "public" or "committed" in the file.
        public var weights: WeightVisibility
        /// The most constraints a candidate may have, if limited.
        public var constraints: Int?
        /// The most predicted prove seconds, if limited.
        public var seconds: Double?

        /// A budget for `weights` with the limits given.
        public init(weights: WeightVisibility, constraints: Int? = nil, seconds: Double? = nil) {
            self.weights = weights
            self.constraints = constraints
            self.seconds = seconds
        }
    }

    /// How many candidates are trained per budget, and a cap on training cost.
    public struct Selection: Codable, Equatable, Sendable {
        public var perBudget: Int
        /// Candidates with more multiply-accumulates per image are not trained.
        public var maxMACs: Int
    }

    public struct TrainingSettings: Codable, Equatable, Sendable {
        public var batchSize: Int
        public var learningRate: Float
        public var seed: UInt64
        /// Float epochs before quantization-aware training.
        public var qatWarmup: Int
        public var threads: Int
    }

    /// Reads a space file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw CodesignError("\(url.path): cannot read (\(error.localizedDescription))") }
        do { self = try StrictJSON.decode(SearchSpace.self, from: data, path: url.path) } catch let e as FormatError {
            throw CodesignError("\(url.path): not a search space (\(e.problem))")
        }
        do { try validate() } catch let e as CodesignError { throw CodesignError("\(url.path): \(e.message)") }
    }

    /// The data options of the sweep: `dataOptions` with `data` set.
    public var dataSource: DataOptions {
        var o = dataOptions ?? DataOptions()
        o.data = data
        return o
    }

    /// Every candidate of the space for data with `classes` classes, in a fixed order
    /// (architectures × activations × bits × rescale).
    public func candidates(classes: Int) -> [Candidate] {
        var archs = [(String) -> String]()
        if let mlp {
            for depth in mlp.depths {
                for widths in nonIncreasing(mlp.widths, count: depth) {
                    archs.append { act in (widths.map { "dense(\($0)) bn \(act)" } + ["dense(\(classes))"]).joined(separator: " ") }
                }
            }
        }
        if let cnn {
            for blocks in cnn.blocks {
                for channels in nonIncreasing(cnn.channels, count: blocks).map({ Array($0.reversed()) }) {
                    for k in cnn.kernels {
                        for s in cnn.strides {
                            for pooling in cnn.pooling {
                                for head in cnn.heads {
                                    archs.append { act in
                                        let convs = channels.map { c -> String in
                                            let conv = "conv(\(c),k\(k)" + (s > 1 ? ",s\(s)" : "") + (k / 2 > 0 ? ",p\(k / 2)" : "") + ") bn"
                                            switch pooling {
                                            case "before": return "\(conv) avgpool(2) \(act)"
                                            case "after": return "\(conv) \(act) avgpool(2)"
                                            default: return "\(conv) \(act)"
                                            }
                                        }
                                        return (convs + (head > 0 ? ["dense(\(head)) bn \(act)"] : []) + ["dense(\(classes))"]).joined(separator: " ")
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var out = [Candidate]()
        for arch in archs {
            for act in activations {
                for bits in weightBits {
                    for r in rescale { out.append(Candidate(arch: canonical(arch(act)), weightBits: bits, rescale: r)) }
                }
            }
        }
        return out
    }
}

/// The canonical form of a spec (unchanged if it does not parse: scoring will drop it).
func canonical(_ spec: String) -> String { (try? ArchSpec(parsing: spec).description) ?? spec }

/// Sequences of `count` values from `values`, non-increasing (each value at most the previous).
func nonIncreasing(_ values: [Int], count: Int) -> [[Int]] {
    guard count > 0 else { return [[]] }
    let sorted = values.sorted(by: >)
    return nonIncreasing(values, count: count - 1).flatMap { prefix in
        sorted.filter { value in prefix.last.map { value <= $0 } ?? true }.map { prefix + [$0] }
    }
}

/// A sweep that cannot go on: names the file or value and the problem.
public struct CodesignError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

// Costing without training: a candidate's `ModelSkeleton` is planned by Circuit's
// `CircuitPlan` and counted by `CostModel` for each weight visibility, and a `CostProfile`
// turns the counts into predicted prove time and memory. `cost(of:)` does the same for a
// trained, exported model (exact: equal to the compiled system).
//
// How the skeleton's counts relate to the real export's (tested in CodesignTests):
// - public weights: linear layers cost nothing, so constraints are Σ activations × (degree − 1)
//   + rescales + outputs — equal whenever the real export needs the same rescales. Skeleton
//   bounds are worst cases, so it may predict a rescale the real export does without.
// - committed weights: the circuit uses worst-case bounds from the bit widths, which the
//   skeleton has exactly for weights; the bias range checks (bias count × bias bits) follow the
//   bias estimate, so they differ by bias count × (estimated − real bias bits).
import Circuit
import Foundation
import Datasets
import Quantize
import Support

/// Circuit cost of one model under one weight visibility.
public struct VisibilityCost: Codable, Equatable, Sendable {
    public var constraints: Int
    public var domainLogSize: Int
    public var predictedSeconds: Double
    public var predictedBytes: Double
}

/// What is known about a candidate before training.
public struct CandidateScore: Codable, Equatable, Sendable {
    public var candidate: Candidate
    /// Integer model parameters (weights, biases, polynomial coefficients).
    public var params: Int
    /// Multiply-accumulates of one inference (dense and conv layers).
    public var macs: Int
    /// Cost with public weights (nil if the circuit cannot be built).
    public var publicCost: VisibilityCost?
    /// Cost with committed weights (nil if the worst-case bounds do not fit the field).
    public var committedCost: VisibilityCost?
    /// Cost with certified weights (nil likewise; absent in sweeps stored before it existed).
    public var certifiedCost: VisibilityCost?

    /// The cost under `weights`.
    public func cost(_ weights: WeightVisibility) -> VisibilityCost? {
        switch weights {
        case .public: publicCost
        case .committed: committedCost
        case .certified: certifiedCost
        }
    }
}

/// Costs candidates and models with one cost profile.
public struct Scorer: Sendable {
    public var profile: CostProfile
    /// The data's input shape, range and class count, which candidates' skeletons are built on.
    public var input: DataShape

    public init(profile: CostProfile, input: DataShape) {
        self.profile = profile
        self.input = input
    }

    /// Score of a candidate from its skeleton; nil if its spec cannot be exported.
    public func score(_ candidate: Candidate) -> CandidateScore? {
        guard let model = try? ModelSkeleton.integerModel(candidate, input: input) else { return nil }
        return try? score(model, candidate: candidate)
    }

    /// Scores of many candidates on `threads` threads, in input order; unexportable ones dropped.
    public func score(_ candidates: [Candidate], threads: Int) -> [CandidateScore] {
        let chunks = max(1, min(threads, candidates.count))
        // Chunk t scores candidates t, t + chunks, t + 2·chunks, …
        let scored = Parallel.map(count: chunks) { t in
            stride(from: t, to: candidates.count, by: chunks).map { score(candidates[$0]) }
        }
        return candidates.indices.compactMap { scored[$0 % chunks][$0 / chunks] }
    }

    /// Exact score of an exported integer model (what `zktrain compile` would build).
    public func score(_ model: IntegerModel, candidate: Candidate) throws -> CandidateScore {
        let analysis = try model.analyze()
        var macs = 0
        for (layer, a) in zip(model.layers, analysis) {
            switch layer {
            case .dense, .conv2d: macs += a.multiplies
            default: break
            }
        }
        return CandidateScore(candidate: candidate, params: analysis.reduce(0) { $0 + $1.parameters }, macs: macs,
                              publicCost: cost(of: model, weights: .public), committedCost: cost(of: model, weights: .committed),
                              certifiedCost: cost(of: model, weights: .certified))
    }

    /// Cost of `model` with `weights`, public input and logits output; nil if it does not compile.
    public func cost(of model: IntegerModel, weights: WeightVisibility) -> VisibilityCost? {
        guard let plan = try? CircuitPlan(model: model, options: CircuitOptions(weights: weights)) else { return nil }
        let c = CostModel.cost(of: plan)
        return VisibilityCost(constraints: c.constraints, domainLogSize: c.domainLogSize,
                              predictedSeconds: profile.predictedSeconds(c), predictedBytes: profile.predictedBytes(c))
    }
}

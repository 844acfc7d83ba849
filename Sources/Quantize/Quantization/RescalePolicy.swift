// Where explicit rescale layers go (never, auto, auto-private, every:K), and the one search that places
// them. The search takes a builder of candidate models, so that the exporter (a trained
// network's float steps) and Codesign's skeletons (shapes and worst-case numbers) place
// rescales by the same rule. It never looks inside a layer: only at the proven bounds of what `build` makes.
import BigInt

/// Where explicit rescale layers go.
public enum RescalePolicy: Sendable, Equatable, CustomStringConvertible {
    /// No rescale layers: values grow through the whole model.
    case never
    /// Rescale only where needed so every proven bound stays below 2^limitBits (default 250:
    /// the field allows |value| < (r−1)/2 ≈ 2^252.6), each time after the last linear block
    /// before the first excess and by the fewest bits that suffice: bounds are worst cases,
    /// so a larger shift would cost real precision (not simulated during training).
    case auto(limitBits: Int = 250)
    /// Like `auto`, for bounds of the worst case the weights' stored widths admit
    /// (`IntegerModel.worstCase`) rather than of the trained values: what a circuit with
    /// committed or certified weights must allow, since it may depend on widths only.
    case autoPrivate(limitBits: Int = 250)
    /// Rescale every linear block's output (except the logits) by `bits`.
    case every(bits: Int)

    /// Parses `never`, `auto`, `auto-private`, `every:K`.
    public init?(parsing s: String) {
        if s == "never" { self = .never } else if s == "auto" { self = .auto() } else if s == "auto-private" { self = .autoPrivate() }
        else if s.hasPrefix("every:"), let k = Int(s.dropFirst(6)), (1...200).contains(k) {
            self = .every(bits: k)
        } else { return nil }
    }

    /// The spelling `init(parsing:)` reads.
    public var description: String {
        switch self { case .never: "never"; case .auto: "auto"; case .autoPrivate: "auto-private"; case .every(let k): "every:\(k)" }
    }
}

extension RescalePolicy {
    /// The model `build` makes with this policy's rescales.
    ///
    /// `build(shifts)` makes one layer per step of the caller's plan, followed by a
    /// `.rescale(bits: k)` layer for each entry `n: k` of `shifts` (step n's output, shifted by
    /// k bits). `linearSteps` are the plan's dense/conv steps in order; the last is the logits
    /// and is never rescaled. `every:K` shifts all the others by K. `auto(limit)` starts with
    /// none; while some layer's proven bound reaches 2^limit, it rescales the last unshifted
    /// linear step that can shrink that layer (one at or before it; strictly before it if the
    /// layer is a linear step's own output), or else widens the last such step's shift, by the
    /// fewest bits (a binary search: larger shifts only shrink later bounds) that keep every
    /// bound up to the layer below the limit.
    /// `autoPrivate(limit)` does the same on the bounds of each candidate's worst case.
    /// - Throws: `QuantizationError` if the bounds exceed 2^limit even with a rescale after
    ///   every linear step but the logits; what `build` or the bound analysis throws.
    public func place(linearSteps: [Int], build: (_ shifts: [Int: Int]) throws -> IntegerModel) throws -> IntegerModel {
        var shifts = [Int: Int]()
        switch self {
        case .never: return try build(shifts)
        case .every(let k):
            for n in linearSteps.dropLast() { shifts[n] = k }
            return try build(shifts)
        case .auto(let limit), .autoPrivate(let limit):
            func firstExcess(_ analysis: [LayerAnalysis]) -> Int? {
                analysis.firstIndex { $0.bound.magnitude.bitWidth >= limit }
            }
            let worstCase = if case .autoPrivate = self { true } else { false }
            func analyze(_ model: IntegerModel) throws -> [LayerAnalysis] { try (worstCase ? model.worstCase() : model).analyze() }
            var model = try build(shifts), analysis = try analyze(model)
            while let bad = firstExcess(analysis) {
                let step = Self.step(ofLayer: bad, shifts: shifts)
                // A rescale after step n shrinks what follows n's output: a linear step's own
                // output is made smaller only by a rescale before it.
                let ownOutput = linearSteps.contains(step) && Self.layer(ofStep: step, shifts: shifts) == bad
                let usable = linearSteps.filter { ($0 < step || ($0 == step && !ownOutput)) && $0 != linearSteps.last }
                func widest(_ n: Int) -> Int { max(1, analysis[Self.layer(ofStep: n, shifts: shifts)].bound.magnitude.bitWidth) }
                // The last unshifted step, else the last whose shift can still grow.
                guard let n = usable.last(where: { shifts[$0] == nil }) ?? usable.last(where: { shifts[$0]! < widest($0) }) else {
                    throw QuantizationError(message: "bounds exceed 2^\(limit) even with rescales after every linear layer")
                }
                let inserted = shifts[n] == nil ? 1 : 0  // a new rescale layer moves the bad layer by one
                var lo = (shifts[n] ?? 0) + 1, hi = max(lo, widest(n))
                while lo < hi {
                    let mid = (lo + hi) / 2
                    var trial = shifts
                    trial[n] = mid
                    if let b = firstExcess(try analyze(build(trial))), b <= bad + inserted { lo = mid + 1 } else { hi = mid }
                }
                shifts[n] = lo
                model = try build(shifts)
                analysis = try analyze(model)
            }
            return model
        }
    }

    /// Index in the model's layer list of step `n`'s layer (each rescale before it adds one).
    private static func layer(ofStep n: Int, shifts: [Int: Int]) -> Int {
        (0..<n).reduce(0) { $0 + 1 + (shifts[$1] != nil ? 1 : 0) }
    }

    /// The step that made layer `l` (the step itself or the rescale after it).
    private static func step(ofLayer l: Int, shifts: [Int: Int]) -> Int {
        var layers = 0, n = 0
        while true {
            layers += 1 + (shifts[n] != nil ? 1 : 0)
            if layers > l { return n }
            n += 1
        }
    }
}

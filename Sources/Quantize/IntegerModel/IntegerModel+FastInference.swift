// `InferencePlan`: an IntegerModel compiled for batched exact inference. Per layer the narrowest
// lane (Int32/Int64/Int128/BigInt) holding its proven input and output bounds, Int32 → Int64
// for linear layers with narrow inputs, digit splitting (LimbLinear) for wide linear layers;
// weights converted once by each kind's `laneOp` (Layers/), and a kind without one through its
// exact evaluation (ExactStep). Runs blocks of items on workers. No run-time bound checks here
// (`evaluate(checkBounds:)` has them); the public API is in IntegerModel+Batch.
import BigInt
import Support

/// The lane a layer runs in.
enum LaneWidth: Int, Comparable, Sendable {
    case int32, int64, int128, big

    /// Narrowest lane holding every integer with |v| ≤ bound.
    init(bound: BigInt) {
        let bits = bound.magnitude.bitWidth  // |v| < 2^bits
        self = bits <= 31 ? .int32 : bits <= 63 ? .int64 : bits <= 127 ? .int128 : .big
    }
    static func < (a: LaneWidth, b: LaneWidth) -> Bool { a.rawValue < b.rawValue }
}

/// A block of items' values in one lane.
enum LaneBlock: Sendable, Equatable {
    case int32([Int32]), int64([Int64]), int128([Int128]), big([BigInt])

    init<T: Lane>(_ values: [T]) {
        if T.self == Int32.self { self = .int32(unsafeBitCast(values, to: [Int32].self)) }
        else if T.self == Int64.self { self = .int64(unsafeBitCast(values, to: [Int64].self)) }
        else if T.self == Int128.self { self = .int128(unsafeBitCast(values, to: [Int128].self)) }
        else { self = .big(values.map { $0.big }) }
    }

    /// The values in lane T (exact: the plan only converts values that fit T).
    func values<T: Lane>(_: T.Type) -> [T] {
        switch self {
        case .int32(let a): Self.converted(a)
        case .int64(let a): Self.converted(a)
        case .int128(let a): Self.converted(a)
        case .big(let a): Self.converted(a)
        }
    }

    static func converted<S: Lane, T: Lane>(_ a: [S]) -> [T] {
        S.self == T.self ? unsafeBitCast(a, to: [T].self) : a.map { T.widen($0) }
    }

    var count: Int {
        switch self {
        case .int32(let a): a.count
        case .int64(let a): a.count
        case .int128(let a): a.count
        case .big(let a): a.count
        }
    }
}

/// One layer taking values in lane X, computing and returning them in lane T (X = T, except
/// Int32 → Int64 for dense and conv layers whose inputs and weights fit Int32).
enum LaneOp<X: Lane, T: Lane>: Sendable {
    case dense(inCount: Int, outCount: Int, weight: [X], weightT: [X], bias: [T])
    case conv(ConvGeometry, weightT: [X], bias: [T])
    case sumPool(channels: Int, height: Int, width: Int, window: Int, stride: Int)
    case polynomial(rows: [[T]], plane: Int)
    case rescale(bits: Int)

    func apply(_ x: [X], items: Int) -> [T] {
        switch self {
        case let .dense(i, o, w, wt, b): Kernels.dense(x, items: items, inCount: i, outCount: o, weight: w, weightT: wt, bias: b)
        case let .conv(g, w, b): Kernels.conv(x, items: items, g, weightT: w, bias: b)
        case let .sumPool(c, h, w, k, s): Kernels.sumPool(LaneBlock.converted(x), items: items, channels: c, height: h, width: w, window: k, stride: s)
        case let .polynomial(rows, plane): Kernels.polynomial(LaneBlock.converted(x), rows: rows, plane: plane)
        case .rescale(let k): Kernels.rescale(LaneBlock.converted(x), bits: k)
        }
    }
}

/// A step of a compiled plan: a layer in its lane, or a relayout of planar [C, H·W] items to HWC.
enum PlanStep: Sendable {
    case int32(LaneOp<Int32, Int32>), int64(LaneOp<Int64, Int64>), int128(LaneOp<Int128, Int128>), big(LaneOp<BigInt, BigInt>)
    /// A dense or conv layer with Int32 inputs and weights and Int64 sums.
    case int32to64(LaneOp<Int32, Int64>)
    /// A dense or conv layer with wide inputs, digit by digit.
    case limbs(LimbLinear)
    /// A layer without a kernel, item by item through its exact evaluation.
    case exact(ExactStep)
    case toHWC(channels: Int, plane: Int)

    func apply(_ x: LaneBlock, items: Int) -> LaneBlock {
        switch self {
        case .int32(let op): .int32(op.apply(x.values(Int32.self), items: items))
        case .int64(let op): .int64(op.apply(x.values(Int64.self), items: items))
        case .int128(let op): .int128(op.apply(x.values(Int128.self), items: items))
        case .big(let op): .big(op.apply(x.values(BigInt.self), items: items))
        case .int32to64(let op): .int64(op.apply(x.values(Int32.self), items: items))
        case .limbs(let op): op.apply(x, items: items)
        case .exact(let op): op.apply(x, items: items)
        case let .toHWC(c, plane):
            switch x {
            case .int32(let a): .int32(Kernels.transpose(a, channels: c, plane: plane))
            case .int64(let a): .int64(Kernels.transpose(a, channels: c, plane: plane))
            case .int128(let a): .int128(Kernels.transpose(a, channels: c, plane: plane))
            case .big(let a): .big(Kernels.transpose(a, channels: c, plane: plane))
            }
        }
    }
}

/// An `IntegerModel` compiled for batched inference. Spatial tensors are kept planar
/// ([C, H, W] per item) between layers and put back in HWC order wherever the model flattens.
struct InferencePlan: Sendable {
    var steps: [PlanStep]
    /// The lane of each model layer (for reports and tests).
    var widths: [LaneWidth]
    var inputWidth: LaneWidth
    var inputSize: Int
    var inputChannels: Int
    var outputSize: Int

    /// `m` compiled; `kernels: false` runs every layer but flatten through the generic
    /// `ExactStep`, as a kind without a kernel runs (tests compare the two).
    init(_ m: IntegerModel, kernels: Bool = true) throws {
        let analysis = try m.analyze()
        var shape = m.inputShape, bound = m.inputBound, steps: [PlanStep] = [], widths: [LaneWidth] = []
        inputSize = shape.reduce(1, *)
        inputChannels = shape.count == 3 ? shape[2] : inputSize
        inputWidth = LaneWidth(bound: bound)
        var planar = shape.count == 3  // spatial values are kept planar between layers
        func toRowMajor() {
            if planar { steps.append(.toHWC(channels: shape[2], plane: shape[0] * shape[1])) }
            planar = false
        }
        for (layer, a) in zip(m.layers, analysis) {
            let kind = layer.kind, width = LaneWidth(bound: max(bound, a.bound))
            widths.append(width)
            if kind.readsRowMajor || kind.onlyReorders { toRowMajor() }
            if !kind.onlyReorders {
                let exact = ExactStep(kind: kind, inputShape: shape, inputPlanar: planar, outputShape: a.shape,
                                      width: IntegerWidth(bound: max(bound, a.bound)), output: width)
                steps.append(kernels ? Self.step(kind, shape: shape, bound: bound, width: width) ?? .exact(exact) : .exact(exact))
                planar = a.shape.count == 3
            }
            shape = a.shape
            bound = a.bound
        }
        toRowMajor()
        outputSize = shape.reduce(1, *)
        self.steps = steps
        self.widths = widths
    }

    /// `kind`'s kernel on input `shape` (|values| ≤ `bound`) in lane `width`: linear layers with
    /// narrow inputs Int32 → Int64, with wide inputs digit by digit; nil if the kind has none.
    static func step(_ kind: any IntegerLayerKind, shape: [Int], bound: BigInt, width: LaneWidth) -> PlanStep? {
        func op<X: Lane, T: Lane>(_ step: (LaneOp<X, T>) -> PlanStep) -> PlanStep? { kind.laneOp(inputShape: shape).map(step) }
        if let linear = kind.linear {
            let narrowInputs = LaneWidth(bound: max(bound, linear.weightBound)) == .int32
            if !narrowInputs, width >= .int64, let limbs = LimbLinear(linear, shape: shape, inputBound: bound, output: width) {
                return .limbs(limbs)
            }
            if narrowInputs, width == .int64 { return op(PlanStep.int32to64) }
        }
        return switch width {
        case .int32: op(PlanStep.int32)
        case .int64: op(PlanStep.int64)
        case .int128: op(PlanStep.int128)
        case .big: op(PlanStep.big)
        }
    }

    /// Runs `items` inputs (HWC, row-major) through the plan; returns [items, outputSize] values.
    func run<S: BinaryInteger>(_ input: ArraySlice<S>, items: Int) -> LaneBlock {
        func load<T: Lane>(_: T.Type) -> LaneBlock {
            let x = input.map { T(wrapping: Int64($0)) }
            return LaneBlock(Kernels.transpose(x, channels: inputChannels, plane: inputSize / inputChannels, inverse: true))
        }
        var x: LaneBlock
        switch inputWidth {
        case .int32: x = load(Int32.self)
        case .int64: x = load(Int64.self)
        case .int128: x = load(Int128.self)
        case .big: x = .big(input.map { BigInt($0) })  // |input| ≥ 2^127: too wide for Int64 too
        }
        for step in steps { x = step.apply(x, items: items) }
        return x
    }

    /// Runs `count` items in blocks of `block` on `threads` workers; `body(first, items, output)` gets
    /// each block's output, concurrently for different blocks.
    func forEachBlock<S: BinaryInteger & Sendable>(_ input: [S], count: Int, threads: Int, block: Int = 16,
                                                  _ body: @Sendable (Int, Int, LaneBlock) -> Void) {
        let blocks = (count + block - 1) / block, workers = max(1, min(threads, blocks))
        Parallel.forEach(count: workers) { w in
            for b in stride(from: w, to: blocks, by: workers) {
                let first = b * block, items = min(block, count - first)
                body(first, items, run(input[(first * inputSize)..<((first + items) * inputSize)], items: items))
            }
        }
    }
}

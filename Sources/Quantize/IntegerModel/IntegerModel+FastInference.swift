// `InferencePlan`: an IntegerModel compiled for batched exact inference. Per layer the narrowest
// lane (Int32/Int64/Int128/BigInt) holding its proven input and output bounds, Int32 → Int64
// for linear layers with narrow inputs, digit splitting (LimbLinear) for wide linear layers;
// weights converted once. Runs blocks of items on workers. No run-time bound checks here
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
    case toHWC(channels: Int, plane: Int)

    func apply(_ x: LaneBlock, items: Int) -> LaneBlock {
        switch self {
        case .int32(let op): .int32(op.apply(x.values(Int32.self), items: items))
        case .int64(let op): .int64(op.apply(x.values(Int64.self), items: items))
        case .int128(let op): .int128(op.apply(x.values(Int128.self), items: items))
        case .big(let op): .big(op.apply(x.values(BigInt.self), items: items))
        case .int32to64(let op): .int64(op.apply(x.values(Int32.self), items: items))
        case .limbs(let op): op.apply(x, items: items)
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

    init(_ m: IntegerModel) throws {
        let analysis = try m.analyze()
        var shape = m.inputShape, bound = m.inputBound, steps: [PlanStep] = [], widths: [LaneWidth] = []
        inputSize = shape.reduce(1, *)
        inputChannels = shape.count == 3 ? shape[2] : inputSize
        inputWidth = LaneWidth(bound: bound)
        func flattenIfPlanar() {
            if shape.count == 3 { steps.append(.toHWC(channels: shape[2], plane: shape[0] * shape[1])) }
        }
        for (layer, a) in zip(m.layers, analysis) {
            let width = LaneWidth(bound: max(bound, a.bound))
            widths.append(width)
            if case .dense = layer { flattenIfPlanar() }
            if case .flatten = layer { flattenIfPlanar() }
            else {
                let linear = switch layer { case .dense, .conv2d: true; default: false }
                let narrowInputs = LaneWidth(bound: max(bound, layer.weightBound)) == .int32
                let limbs = linear && !narrowInputs && width >= .int64
                    ? LimbLinear(layer, shape: shape, inputBound: bound, output: width) : nil
                switch width {
                case _ where limbs != nil: steps.append(.limbs(limbs!))
                case .int64 where linear && narrowInputs: steps.append(.int32to64(Self.op(layer, shape: shape)))
                case .int32: steps.append(.int32(Self.op(layer, shape: shape)))
                case .int64: steps.append(.int64(Self.op(layer, shape: shape)))
                case .int128: steps.append(.int128(Self.op(layer, shape: shape)))
                case .big: steps.append(.big(Self.op(layer, shape: shape)))
                }
            }
            shape = a.shape
            bound = a.bound
        }
        flattenIfPlanar()
        outputSize = shape.reduce(1, *)
        self.steps = steps
        self.widths = widths
    }

    /// `layer` (any but flatten) on input `shape` with its parameters in lane T.
    static func op<X: Lane, T: Lane>(_ layer: IntegerLayer, shape: [Int]) -> LaneOp<X, T> {
        switch layer {
        case .dense(let d):
            let w = d.weight.map { X(wrapping: $0) }
            return .dense(inCount: d.inCount, outCount: d.outCount, weight: w, weightT: Kernels.transpose(w, channels: d.inCount, plane: d.outCount),
                          bias: d.bias.map { T(wrapping: $0) })
        case .conv2d(let c):
            let g = ConvGeometry(inChannels: c.inChannels, outChannels: c.outChannels, kernel: c.kernel, stride: c.stride,
                                 padding: c.padding, height: shape[0], width: shape[1])
            var wt = [X](repeating: .zero, count: c.weight.count)
            for t in 0..<g.patchRows { for o in 0..<c.outChannels { wt[o * g.patchRows + t] = X(wrapping: c.weight[t * c.outChannels + o]) } }
            return .conv(g, weightT: wt, bias: c.bias.map { T(wrapping: $0) })
        case let .sumPool(k, s):
            return .sumPool(channels: shape[2], height: shape[0], width: shape[1], window: k, stride: s)
        case .polynomial(let p):
            return .polynomial(rows: p.coefficients.map { $0.map { T(wrapping: $0) } }, plane: shape.count == 3 ? shape[0] * shape[1] : 1)
        case .rescale(let k):
            return .rescale(bits: k)
        case .flatten:
            preconditionFailure("flatten is a relayout step")
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

extension IntegerLayer {
    /// Largest |weight| of a dense or conv layer, 0 for other layers.
    var weightBound: BigInt {
        switch self {
        case .dense(let d): BigInt(d.weight.lazy.map(\.magnitude).max() ?? 0)
        case .conv2d(let c): BigInt(c.weight.lazy.map(\.magnitude).max() ?? 0)
        default: 0
        }
    }
}

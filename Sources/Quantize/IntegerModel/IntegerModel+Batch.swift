// Public batched inference API: `evaluateBatch` (all outputs, compact) and the fast path
// behind `predict` (classes only). Both compile an `InferencePlan` once per call and run
// blocks of 16 items on `threads` workers; results equal `evaluate` bit for bit. Input
// validation lives here; the plan itself assumes valid inputs.
import BigInt
import Foundation

/// Outputs of `IntegerModel.evaluateBatch`: `count` items of `size` integers each, stored
/// compactly in the integer width the last layer ran in.
public struct IntegerBatchOutput: Sendable, Equatable {
    /// Number of items.
    public let count: Int
    /// Integers per item (the output shape's element count).
    public let size: Int
    let storage: LaneBlock

    /// Bits of the stored integers (32, 64 or 128), nil when they are BigInts.
    public var laneBits: Int? {
        switch storage {
        case .int32: 32
        case .int64: 64
        case .int128: 128
        case .big: nil
        }
    }

    /// The outputs of item `item` (exactly `evaluate`'s values).
    public func values(_ item: Int) -> [BigInt] {
        let r = (item * size)..<((item + 1) * size)
        switch storage {
        case .int32(let a): return a[r].map { BigInt($0) }
        case .int64(let a): return a[r].map { BigInt($0) }
        case .int128(let a): return a[r].map { BigInt($0) }
        case .big(let a): return Array(a[r])
        }
    }

    /// Predicted class of every item: index of its largest value, first on ties.
    public var argmaxes: [Int] {
        switch storage {
        case .int32(let a): Kernels.argmax(a, size: size)
        case .int64(let a): Kernels.argmax(a, size: size)
        case .int128(let a): Kernels.argmax(a, size: size)
        case .big(let a): Kernels.argmax(a, size: size)
        }
    }

    /// One `IntegerOutput` per item, as `evaluate` returns them.
    public var outputs: [IntegerOutput] { (0..<count).map { IntegerOutput(values: values($0)) } }
}

extension IntegerModel {
    /// Evaluates `count` inputs (each row-major over `inputShape`, concatenated) exactly, in
    /// blocks on `threads` workers; item i's values equal `evaluate` of input i bit for bit.
    /// Throws on a malformed model, a wrong input count, or an element outside `inputRange`.
    public func evaluateBatch(_ inputs: [Int64], count: Int, threads: Int = 2) throws -> IntegerBatchOutput {
        let plan = try InferencePlan(self)
        guard count >= 0, inputs.count == count * plan.inputSize else {
            throw IntegerModelError("\(inputs.count) values for \(count) inputs of \(inputShape)")
        }
        if let bad = inputs.firstIndex(where: { !inputRange.contains(Int($0)) }) {
            throw IntegerModelError("input \(bad / plan.inputSize) element \(bad % plan.inputSize) = \(inputs[bad]) is outside \(inputRange)")
        }
        let block = 16, blocks = (count + block - 1) / block
        let parts = BlockResults<LaneBlock>(blocks)
        plan.forEachBlock(inputs, count: count, threads: threads, block: block) { first, _, out in parts.set(first / block, out) }
        let storage: LaneBlock
        switch parts.values.first.flatMap({ $0 }) {
        case .int32?: storage = .int32(parts.values.flatMap { $0!.values(Int32.self) })
        case .int64?: storage = .int64(parts.values.flatMap { $0!.values(Int64.self) })
        case .int128?: storage = .int128(parts.values.flatMap { $0!.values(Int128.self) })
        case .big?: storage = .big(parts.values.flatMap { $0!.values(BigInt.self) })
        case nil: storage = .int32([])
        }
        return IntegerBatchOutput(count: count, size: plan.outputSize, storage: storage)
    }

    /// The integer width each layer runs in on the batched path, by the proven bounds: "i32",
    /// "i64", "i128" or "big" (the benchmarks print them).
    public func laneWidths() throws -> [String] {
        try InferencePlan(self).widths.map { ["i32", "i64", "i128", "big"][$0.rawValue] }
    }

    /// The fast path behind `predict(inputs:count:threads:)`.
    func predictBatched<S: BinaryInteger & Sendable>(inputs: [S], count: Int, threads: Int) throws -> [Int] {
        let plan = try InferencePlan(self)
        guard count >= 0, inputs.count == count * plan.inputSize else {
            throw IntegerModelError("\(inputs.count) values for \(count) inputs of \(inputShape)")
        }
        if let bad = inputs.firstIndex(where: { !inputRange.contains(Int($0)) }) {
            throw IntegerModelError("input \(bad / plan.inputSize) element \(bad % plan.inputSize) = \(inputs[bad]) is outside \(inputRange)")
        }
        let classes = BlockResults<Int>(count)
        plan.forEachBlock(inputs, count: count, threads: threads) { first, _, out in
            let best = IntegerBatchOutput(count: out.count / plan.outputSize, size: plan.outputSize, storage: out).argmaxes
            for (i, c) in best.enumerated() { classes.set(first + i, c) }
        }
        return classes.values.map { $0! }
    }
}

/// Results written by concurrent workers into distinct slots.
private final class BlockResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [T?]
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ v: T) { lock.lock(); values[i] = v; lock.unlock() }
}

// The model a circuit command works on: a model directory (Pipeline's `ModelDirectory`) or,
// for `cost` and `bench circuit`, an architecture spec on a data shape given by options.
import ArgumentParser
import Datasets
import Foundation
import Quantize
import Pipeline
import Train

/// A model directory or an architecture spec costed with random weights, as `zktrain cost` and
/// `zktrain bench circuit` take it.
struct ModelOrSpecOptions: ParsableArguments {
    @Argument(help: "Model directory or architecture spec.") var target: String
    @Option(help: "Weight bits for a spec: 8, 4, 2, ternary.") var weightBits: String = "8"
    @Option(help: "Input shape for a spec: F (table features) or H,W,C (images), e.g. 30 or 28,28,1.") var inputShape: String?
    @Option(help: "Class count for a spec (the last layer's width by default).") var classes: Int?
    @Option(help: "Integer input range for a spec, LOW...HIGH (default 0...255, uint8 pixels; tables: -127...127 at 8 bits).") var inputRange: String = "0...255"
    @Option(help: "Take a spec's input shape, range and class count from this data (see `zktrain train --help`).") var data: String?

    /// The integer model of the directory (Pipeline's `ModelDirectory`) or, if `target` is not a path,
    /// of the spec with random weights of `weightBits` on the data shape the options give.
    func integerModel() throws -> IntegerModel {
        if FileManager.default.fileExists(atPath: target) { return try ModelDirectory(URL(fileURLWithPath: target)).model }
        guard let bits = WeightBits(rawValue: weightBits) else { throw ValidationError("--weight-bits must be 8, 4, 2 or ternary") }
        return try Pipeline.untrainedModel(spec: target, weightBits: bits, input: try dataShape(try ArchSpec(parsing: target)))
    }

    /// The input shape, range and class count for a spec: from --data, else the options.
    private func dataShape(_ spec: ArchSpec) throws -> DataShape {
        if let data { return try DataSource.load(DataOptions(data: data)).train.encoding.dataShape }
        guard let inputShape else {
            throw ValidationError("give --input-shape (e.g. 30 for a table of 30 features, 28,28,1 for Fashion-MNIST) or --data for a spec")
        }
        let shape = inputShape.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard [1, 3].contains(shape.count), shape.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("--input-shape \(inputShape) is not F or H,W,C of positive integers")
        }
        let bounds = inputRange.components(separatedBy: "...").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low <= high else {
            throw ValidationError("--input-range \(inputRange) is not LOW...HIGH")
        }
        guard case .dense(let width)? = spec.layers.last else {
            throw ValidationError("the spec must end in dense(CLASSES)")
        }
        return DataShape(shape: shape.map { $0! }, range: low...high, classCount: classes ?? width)
    }
}

// The preprocessing rule a model carries: how a raw example becomes the integers the model
// (and its circuit) reads, and what the model's outputs mean. Stored in model.json and
// model.int.json, applied identically by train, eval, quantize and prove, and documented so
// that anyone who checks a proof can recompute the public integers from a raw row:
//
//   images (kind "pixels"): the integer is the stored uint8 pixel, unchanged; float input =
//   pixel × scale (1/255).
//   tables (kind "table"): for a numeric column, q = clamp(roundHalfAway(((x − center) /
//   spread) × multiplier), range); for a categorical column, one feature per category learnt
//   on the training split, q = multiplier for the row's category and 0 for the others; float
//   input = q × scale, scale = 1 / multiplier. All arithmetic is IEEE-754 binary64 in exactly
//   that order, so the integers are reproducible bit for bit (TableEncoding.swift).
import Support

/// How raw data becomes a model's integer inputs, and the names of its classes.
public struct InputEncoding: Codable, Sendable, Equatable {
    /// What the raw data is.
    public enum Kind: String, Codable, Sendable {
        /// uint8 images used as they are.
        case pixels
        /// Rows of a table (CSV, or a float/integer array of features): standardized or min-max
        /// scaled per column, then fixed-point; text columns one-hot.
        case table
    }

    public var kind: Kind
    /// Shape of one integer input: `[features]` or `[height, width, channels]`.
    public var shape: [Int]
    /// Lowest and highest integer input.
    public var low: Int
    public var high: Int
    /// Float value of one integer unit: the network's float input is integer × scale.
    public var scale: Double
    /// Class names, indexed by label.
    public var classNames: [String]
    /// For tables: the rules that turn raw columns into features, in feature order.
    public var table: TableEncoding?

    /// Integer range of every input element.
    public var range: ClosedRange<Int> { low...high }
    /// Values per item.
    public var itemSize: Int { shape.reduce(1, *) }

    /// The pixel scale: a uint8 pixel p is the float input p × (1/255 as a 32-bit float).
    public static let pixelScale = Double(Float(1) / 255)

    /// Raw uint8 images of `shape` ([height, width, channels]) with these classes.
    public static func pixels(shape: [Int], classNames: [String]) -> InputEncoding {
        InputEncoding(kind: .pixels, shape: shape, low: 0, high: 255, scale: pixelScale, classNames: classNames, table: nil)
    }

    /// Class names "0", "1", … for `count` classes labelled by number.
    public static func numberedClasses(_ count: Int) -> [String] { (0..<count).map(String.init) }

    /// Checks that each of the classes 0…count−1, inferred from numeric labels, has a training
    /// example in `labels`: with no list of class names a gap means a damaged label more often
    /// than a class on purpose (one byte 0xff in an IDX label file makes 256 classes, and the
    /// error would otherwise be an architecture that "must end in 256 logits").
    /// - Throws: `FormatError` naming `path`, the missing classes and `remedy`.
    public static func checkEveryClassOccurs(_ labels: some Sequence<Int>, count: Int, path: String, remedy: String) throws {
        var seen = [Bool](repeating: false, count: count)
        for label in labels where label >= 0 && label < count { seen[label] = true }
        let missing = seen.indices.filter { !seen[$0] }
        guard missing.isEmpty else {
            let listed = missing.prefix(3).map(String.init).joined(separator: ", ") + (missing.count > 3 ? ", …" : "")
            throw FormatError(path: path, problem: "the labels run from 0 to \(count - 1), but \(missing.count) of these \(count) classes "
                + "have no training example (\(listed)); is a label damaged? \(remedy)")
        }
    }

    /// Checks the fields against each other; `path` names the file in the error.
    public func validate(path: String) throws {
        func fail(_ problem: String) -> FormatError { FormatError(path: path, problem: "input encoding: \(problem)") }
        guard [1, 3].contains(shape.count), shape.allSatisfy({ (1...(1 << 24)).contains($0) }),
              shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) <= 1 << 24 else {
            throw fail("shape \(shape) is not [features] or [height, width, channels] of at most 2^24 values")
        }
        guard low <= high, low >= -(1 << 24), high <= 1 << 24 else { throw fail("range \(low)...\(high) is empty or wider than ±2^24") }
        guard scale.isFinite, scale > 0 else { throw fail("scale \(scale) is not a positive number") }
        guard (2...256).contains(classNames.count) else { throw fail("\(classNames.count) classes; 2 to 256 are supported") }
        guard Set(classNames).count == classNames.count else { throw fail("class names repeat") }
        switch kind {
        case .pixels:
            guard table == nil else { throw fail("pixel data has table rules") }
        case .table:
            guard let table else { throw fail("table data has no column rules") }
            try table.validate(featureCount: itemSize, low: low, high: high, fail: fail)
        }
    }
}

/// What a model's size and circuit depend on in its data: the input shape, the integer range
/// of each input, and the class count (the cost model and architecture search read this).
public struct DataShape: Sendable, Equatable, CustomStringConvertible {
    public var shape: [Int]
    public var range: ClosedRange<Int>
    public var classCount: Int

    public init(shape: [Int], range: ClosedRange<Int>, classCount: Int) {
        self.shape = shape
        self.range = range
        self.classCount = classCount
    }

    public var description: String { "\(shape.map(String.init).joined(separator: "×")) inputs in \(range), \(classCount) classes" }
}

extension InputEncoding {
    /// The shape, range and class count of data encoded this way.
    public var dataShape: DataShape { DataShape(shape: shape, range: range, classCount: classNames.count) }
}

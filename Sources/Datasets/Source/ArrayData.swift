// NumPy arrays as datasets. Layout: x is [N, F] (table features) or [N, H, W, C] images
// ([N, H, W] is one channel; [N, C, H, W] with channelsFirst); y is [N] or [N, 1] integer
// class labels 0…K−1. uint8 images stay raw pixels (range 0…255, scale 1/255); any other x is
// encoded like a table's numeric columns (one rule per element, fitted on the training split).
import Support

/// Turning NumPy arrays into datasets.
enum ArrayData {
    /// x and y of one part, with where they came from for messages.
    struct Part {
        var x: NumPyArray, y: NumPyArray
        var xName: String, yName: String
        var path: String
    }

    /// Training and test datasets from `train` and, if given, `test` (else a stratified split).
    static func load(train: Part, test: Part?, options: DataOptions, stored: InputEncoding?) throws -> (train: Dataset, test: Dataset) {
        let (trainX, shape) = try items(train, channelsFirst: options.channelsFirst)
        let trainY = try labels(train)
        var testPart: (x: [Double], y: [Int])?
        if let test {
            let (x, testShape) = try items(test, channelsFirst: options.channelsFirst)
            guard testShape == shape else {
                throw FormatError(path: test.path, problem: "\(test.xName) items are \(testShape), \(train.xName) items are \(shape)")
            }
            testPart = (x, try labels(test))
        }
        let classCount = stored?.classNames.count ?? max(trainY.max()!, testPart?.y.max() ?? 0) + 1
        guard classCount <= 256 else { throw FormatError(path: train.path, problem: "\(train.yName) has label \(classCount - 1); at most 256 classes are supported") }
        if stored == nil {
            try InputEncoding.checkEveryClassOccurs(trainY, count: classCount, path: train.path + " (\(train.yName))",
                                                    remedy: "Number the classes 0…K−1 without gaps.")
        }
        var trainRows = Array(trainY.indices), testRows = [Int]()
        if testPart == nil {
            let split = StratifiedSplit(labels: trainY, testFraction: options.testFraction, seed: options.splitSeed)
            (trainRows, testRows) = (split.train, split.test)
        }
        guard Set(trainRows.map { trainY[$0] }).count >= 2 else {
            throw FormatError(path: train.path, problem: "\(train.yName): the training data holds a single class; a classifier needs at least two")
        }
        let size = shape.reduce(1, *)
        let encoding = try stored ?? fit(trainX, rows: trainRows, shape: shape, isPixels: train.x.dtype == .uint8 && shape.count == 3,
                                         classCount: classCount, options: options, path: train.path)
        if let bad = (trainY + (testPart?.y ?? [])).first(where: { $0 >= encoding.classNames.count }) {
            throw FormatError(path: train.path, problem: "label \(bad) is not one of the model's \(encoding.classNames.count) classes")
        }
        func dataset(_ x: [Double], _ y: [Int], _ rows: [Int]) throws -> Dataset {
            var samples = [Int32]()
            samples.reserveCapacity(rows.count * size)
            for row in rows { try encode(x[(row * size)..<((row + 1) * size)], encoding, into: &samples, item: row, path: train.path) }
            return Dataset(samples: samples, labels: rows.map { UInt8(y[$0]) }, encoding: encoding)
        }
        let trainSet = try dataset(trainX, trainY, trainRows)
        if let testPart { return (trainSet, try dataset(testPart.x, testPart.y, Array(testPart.y.indices))) }
        return (trainSet, try dataset(trainX, trainY, testRows))
    }

    /// The items of `part.x` as doubles in [N, H, W, C] or [N, F] order, and the item shape.
    private static func items(_ part: Part, channelsFirst: Bool) throws -> ([Double], [Int]) {
        let s = part.x.shape
        func fail(_ r: String) -> FormatError { FormatError(path: part.path, problem: "\(part.xName): \(r)") }
        guard (2...4).contains(s.count), s[0] > 0 else {
            throw fail("shape \(s) is not [N, features], [N, height, width] or [N, height, width, channels] with N > 0")
        }
        guard s[0] == part.y.shape.first, part.y.shape.count == 1 || part.y.shape == [s[0], 1] else {
            throw FormatError(path: part.path, problem: "\(part.yName) has shape \(part.y.shape), \(part.xName) has \(s[0]) items; y must be [N] or [N, 1]")
        }
        var values: [Double]
        switch part.x.elements {
        case .integers(let v): values = v.map(Double.init)
        case .floats(let v): values = v
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            let size = s.dropFirst().reduce(1, *)
            throw fail("item \(bad / size) element \(bad % size) is \(values[bad]); features must be finite numbers")
        }
        switch s.count {
        case 2: return (values, [s[1]])
        case 3: return (values, [s[1], s[2], 1])
        default:
            guard channelsFirst else { return (values, [s[1], s[2], s[3]]) }
            let (n, c, h, w) = (s[0], s[1], s[2], s[3])
            var out = [Double](repeating: 0, count: values.count)
            for i in 0..<n { for ch in 0..<c { for y in 0..<h { for x in 0..<w {
                out[((i * h + y) * w + x) * c + ch] = values[((i * c + ch) * h + y) * w + x]
            } } } }
            return (out, [h, w, c])
        }
    }

    private static func labels(_ part: Part) throws -> [Int] {
        let values: [Double]
        switch part.y.elements {
        case .integers(let v): values = v.map(Double.init)
        case .floats(let v): values = v
        }
        return try values.enumerated().map { i, v in
            guard v.isFinite, v == v.rounded(), v >= 0, v < 256 else {
                throw FormatError(path: part.path, problem: "\(part.yName)[\(i)] = \(v) is not a class label 0…255")
            }
            return Int(v)
        }
    }

    private static func fit(_ x: [Double], rows: [Int], shape: [Int], isPixels: Bool, classCount: Int,
                            options: DataOptions, path: String) throws -> InputEncoding {
        let names = InputEncoding.numberedClasses(classCount)
        if isPixels { return .pixels(shape: shape, classNames: names) }
        let size = shape.reduce(1, *)
        let columns = (0..<size).map { k in
            CSVColumn(name: "x[\(k)]", values: .numeric(rows.map { x[$0 * size + k] }), missingRows: [])
        }
        let table = CSVTable(path: path, header: columns.map(\.name), columns: columns, rowCount: rows.count, headerLines: 1, tallRows: [])
        let rules = try TableEncoding.fit(table, featureColumns: Array(columns.indices), labelColumn: "y", trainRows: Array(rows.indices),
                                          scaling: options.scaling, bits: options.inputBits, impute: nil)
        let range = TableEncoding.range(options.scaling, bits: options.inputBits)
        let encoding = InputEncoding(kind: .table, shape: shape, low: range.lowerBound, high: range.upperBound,
                                     scale: 1 / rules.multiplier, classNames: names, table: rules)
        try encoding.validate(path: path)
        return encoding
    }

    private static func encode(_ item: ArraySlice<Double>, _ encoding: InputEncoding, into out: inout [Int32], item index: Int, path: String) throws {
        guard let rules = encoding.table else {
            for v in item {
                guard encoding.range.contains(Int(exactly: v) ?? Int.min) else {
                    throw FormatError(path: path, problem: "item \(index): value \(v) is not a pixel in \(encoding.range)")
                }
                out.append(Int32(v))
            }
            return
        }
        do { try rules.encode(item.map { .number($0) }, into: &out) } catch {
            throw FormatError(path: path, problem: "item \(index), element \(error.column): \(error.reason)")
        }
    }
}

// The one entry point from data options to training and test datasets: picks the reader by
// what `--data` names (a CSV or .npz file, a directory of NumPy or IDX files), splits, fits or
// applies the input encoding, and checks what the readers cannot (shapes, classes, ranges).
import Foundation
import Support

/// Loading datasets from `DataOptions`.
public enum DataSource {
    /// The training and test datasets `options` name. With `stored` (a trained model's
    /// encoding) that rule is applied instead of fitting a new one, so eval, quantize and
    /// prove see exactly the integers training saw.
    /// - Throws: `FormatError` naming the file (and row, column or array) and what is wrong.
    public static func load(_ options: DataOptions, encoding stored: InputEncoding? = nil) throws -> (train: Dataset, test: Dataset) {
        try options.validate()
        let path = options.data ?? FashionMNIST.systemDirectory
        let sets: (train: Dataset, test: Dataset)
        if DataFile.isDirectory(path) {
            if DataFile.isFile(path + "/x_train.npy") {
                sets = try ArrayData.load(train: try npyPart(path, "train"), test: DataFile.isFile(path + "/x_test.npy") ? try npyPart(path, "test") : nil,
                                          options: options, stored: stored)
            } else {
                sets = try idx(path, stored: stored)
            }
        } else if path.lowercased().hasSuffix(".npz") {
            let (train, embeddedTest) = try npzParts(path)
            let test = try options.testData.map { try npzParts($0).0 } ?? embeddedTest
            sets = try ArrayData.load(train: train, test: test, options: options, stored: stored)
        } else if path.lowercased().hasSuffix(".csv") {
            sets = try TableData.load(options, path: path, stored: stored)
        } else if options.data == nil {
            throw FormatError(path: path, problem: "no such directory: Fashion-MNIST, the default data, is not installed; "
                + FashionMNIST.installHint + ", or pass your own data with --data (a CSV or .npz file, or a folder)")
        } else if DataFile.isFile(path) {
            throw FormatError(path: path, problem: "is not a .csv or .npz file; --data takes a CSV file, an .npz file, or a directory "
                + "of NumPy (x_train.npy, y_train.npy, …) or IDX files")
        } else {
            throw FormatError(path: path, problem: "no such file or directory; --data takes a CSV file, an .npz file, or a directory "
                + "of NumPy (x_train.npy, y_train.npy, …) or IDX files")
        }
        if let stored { try check(sets.train, against: stored, path: path) }
        return sets
    }

    /// The test dataset `options` name, encoded by a trained model's `stored` rule (what
    /// `eval`, `quantize` and `prove --image` read). With `stored`, an IDX folder's test split is
    /// read alone: the training split, six times larger in Fashion-MNIST, only fixes the
    /// classes, which `stored` names. Other sources, and any without `stored`, are loaded
    /// whole (a CSV's test rows are a split of the one file).
    public static func loadTest(_ options: DataOptions, encoding stored: InputEncoding?) throws -> Dataset {
        try options.validate()
        let path = options.data ?? FashionMNIST.systemDirectory
        guard let stored, DataFile.isDirectory(path), !DataFile.isFile(path + "/x_train.npy") else { return try load(options, encoding: stored).test }
        let test = try FashionMNIST.read(.test, from: path)
        try checkLabels([test.labels], classes: stored.classNames.count, named: "the model's")
        let dataset = FashionMNIST.dataset(test.images, test.labels, classNames: stored.classNames)
        try check(dataset, against: stored, path: path)
        return dataset
    }

    /// Throws unless `dataset` has the `stored` input encoding.
    private static func check(_ dataset: Dataset, against stored: InputEncoding, path: String) throws {
        guard dataset.encoding == stored else {
            throw FormatError(path: path, problem: "the data does not match the model's input encoding (shape \(dataset.itemShape) vs \(stored.shape))")
        }
    }

    /// Throws naming the first label in `files` that is not below `classes` (whose `named`
    /// classes: the model's, classes.txt's, the training labels').
    private static func checkLabels(_ files: [IDXFile], classes: Int, named: String) throws {
        for file in files {
            if let i = file.elements.firstIndex(where: { Int($0) >= classes }) {
                throw FormatError(path: file.path, problem: "label \(file.elements[i]) at index \(i) is not one of \(named) \(classes) classes "
                    + "(0…\(classes - 1))")
            }
        }
    }

    /// The inputs of every row of a CSV file, encoded by a model's rule (the label column, if
    /// present, is ignored): what `prove --input ROW.csv` proves.
    public static func encodeRows(csv path: String, encoding: InputEncoding, missingMarkers: [String] = []) throws -> [[Int32]] {
        let table = try CSV.read(path: path, missingMarkers: CSV.defaultMissingMarkers.union(missingMarkers))
        let flat = try TableData.encode(table, rows: Array(0..<table.rowCount), encoding: encoding)
        return (0..<table.rowCount).map { Array(flat[($0 * encoding.itemSize)..<(($0 + 1) * encoding.itemSize)]) }
    }

    /// One raw row (numbers, strings for categories, nil for missing), encoded by a model's
    /// rule: what `prove --input ROW.json` proves. Images take the pixel values as they are.
    public static func encodeRow(_ raw: [RawCell], encoding: InputEncoding, source: String) throws -> [Int32] {
        guard let rules = encoding.table else {
            return try raw.enumerated().map { i, cell in
                guard case .number(let v) = cell, let p = Int32(exactly: v), encoding.range.contains(Int(p)) else {
                    throw FormatError(path: source, problem: "value \(i) (\(cell)) is not an integer in \(encoding.range)")
                }
                return p
            }
        }
        guard raw.count == rules.columns.count else {
            throw FormatError(path: source, problem: "has \(raw.count) values; the model reads \(rules.columns.count) columns: "
                + rules.columns.map { "'\($0.name)'" }.joined(separator: ", "))
        }
        var out = [Int32]()
        do { try rules.encode(raw, into: &out) } catch {
            throw FormatError(path: source, problem: "column '\(error.column)': \(error.reason)")
        }
        return out
    }

    private static func idx(_ directory: String, stored: InputEncoding?) throws -> (train: Dataset, test: Dataset) {
        let train = try FashionMNIST.read(.train, from: directory), test = try FashionMNIST.read(.test, from: directory)
        // The classes are what the training labels hold (or classes.txt names): a test label
        // beyond them is an error naming the test file, not a class the network must grow for.
        let highest = Int(train.labels.elements.max() ?? 0)
        let names = try stored?.classNames ?? classNames(directory, count: highest + 1)
        let classList = DataFile.isFile(directory + "/classes.txt")
        if stored == nil, !classList, directory != FashionMNIST.systemDirectory {
            try InputEncoding.checkEveryClassOccurs(train.labels.elements.lazy.map { Int($0) }, count: names.count, path: train.labels.path,
                                                    remedy: "To keep classes without examples, name every class in classes.txt (one per line).")
        }
        try checkLabels([train.labels, test.labels], classes: names.count,
                        named: stored != nil ? "the model's" : classList ? "classes.txt's" : "the training labels'")
        return (FashionMNIST.dataset(train.images, train.labels, classNames: names),
                FashionMNIST.dataset(test.images, test.labels, classNames: names))
    }

    /// Class names of an IDX directory: its `classes.txt` (one per line), Fashion-MNIST's at
    /// Debian's location, else "0", "1", ….
    private static func classNames(_ directory: String, count: Int) throws -> [String] {
        let file = directory + "/classes.txt"
        if DataFile.isFile(file) {
            let names = String(decoding: try DataFile.readRaw(path: file), as: UTF8.self)
                .split(whereSeparator: \.isNewline).map(String.init)
            guard names.count >= count, names.count <= 256, Set(names).count == names.count else {
                throw FormatError(path: file, problem: "has \(names.count) distinct names; the labels need \(count), at most 256")
            }
            return names
        }
        if directory == FashionMNIST.systemDirectory, count <= FashionMNIST.classNames.count { return FashionMNIST.classNames }
        guard count >= 2 else { throw FormatError(path: directory, problem: "the labels hold a single class; a classifier needs at least two") }
        return InputEncoding.numberedClasses(count)
    }

    private static func npyPart(_ directory: String, _ split: String) throws -> ArrayData.Part {
        let xPath = "\(directory)/x_\(split).npy", yPath = "\(directory)/y_\(split).npy"
        return ArrayData.Part(x: try NumPy.readNPY(path: xPath), y: try NumPy.readNPY(path: yPath),
                              xName: "x_\(split).npy", yName: "y_\(split).npy", path: directory)
    }

    /// The training part (x_train/y_train, or x/y) and the test part (x_test/y_test) if present.
    private static func npzParts(_ path: String) throws -> (ArrayData.Part, ArrayData.Part?) {
        let arrays = try NumPy.readNPZ(path: path)
        func part(_ x: String, _ y: String) throws -> ArrayData.Part? {
            guard let xa = arrays[x] else { return nil }
            guard let ya = arrays[y] else { throw FormatError(path: path, problem: "holds \(x) but no \(y)") }
            return ArrayData.Part(x: xa, y: ya, xName: x, yName: y, path: path)
        }
        guard let train = try part("x_train", "y_train") ?? part("x", "y") else {
            throw FormatError(path: path, problem: "holds \(arrays.keys.sorted().joined(separator: ", ")); expected x_train and y_train "
                + "(and optionally x_test, y_test), or x and y")
        }
        return (train, try part("x_test", "y_test"))
    }
}

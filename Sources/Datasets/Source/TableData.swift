// CSV tables as datasets: the label column becomes class indices, the other columns go
// through the table encoding (fitted on the training split, or the one a model stored), and
// every problem is reported with the file, row, line and column.
import Support

/// Turning CSV tables into datasets.
enum TableData {
    /// The table's training and test datasets per `options`; `stored` is a model's encoding
    /// to apply instead of fitting a new one.
    static func load(_ options: DataOptions, path: String, stored: InputEncoding?) throws -> (train: Dataset, test: Dataset) {
        let markers = CSV.defaultMissingMarkers.union(options.missingMarkers)
        let table = try CSV.read(path: path, missingMarkers: markers)
        let labelIndex = try labelColumn(table, options.label ?? stored?.table?.labelColumn)
        let features = try featureColumns(table, label: labelIndex, ignore: options.ignore, stored: stored)
        let testTable = try options.testData.map { try CSV.read(path: $0, missingMarkers: markers) }
        // Classes: a stored model's, else every label of the training file (sorted).
        let classNames = try stored?.classNames ?? classes(table.columns[labelIndex], path: table.path, table: table)
        let labels = try classIndices(table, column: labelIndex, classNames: classNames)
        let (trainRows, testRows): ([Int], [Int])
        if testTable != nil {
            (trainRows, testRows) = (Array(0..<table.rowCount), [])
        } else {
            let split = StratifiedSplit(labels: labels, testFraction: options.testFraction, seed: options.splitSeed)
            (trainRows, testRows) = (split.train, split.test)
        }
        guard Set(trainRows.map { labels[$0] }).count >= 2 else {
            throw FormatError(path: table.path, problem: "the training split holds a single class ('\(classNames[labels[trainRows.first ?? 0]])'); "
                + "a classifier needs at least two")
        }
        let encoding = try stored ?? fitted(table, features: features, label: table.columns[labelIndex].name,
                                            trainRows: trainRows, classNames: classNames, options: options)
        let train = try dataset(table, rows: trainRows, labels: labels, encoding: encoding)
        if let testTable {
            let testLabel = try labelColumn(testTable, table.columns[labelIndex].name)
            let testLabels = try classIndices(testTable, column: testLabel, classNames: classNames)
            return (train, try dataset(testTable, rows: Array(0..<testTable.rowCount), labels: testLabels, encoding: encoding))
        }
        return (train, try dataset(table, rows: testRows, labels: labels, encoding: encoding))
    }

    /// The encoded inputs of `rows` of `table` (which may lack the label column), for prediction.
    static func encode(_ table: CSVTable, rows: [Int], encoding: InputEncoding) throws -> [Int32] {
        guard let rules = encoding.table else {
            throw FormatError(path: table.path, problem: "the model reads images, not table rows")
        }
        let indices = try rules.columns.map { rule in
            guard let i = table.columnIndex(named: rule.name) else {
                throw FormatError(path: table.path, problem: "has no column '\(rule.name)'; the model reads the columns "
                    + rules.columns.map { "'\($0.name)'" }.joined(separator: ", "))
            }
            return i
        }
        var out = [Int32]()
        out.reserveCapacity(rows.count * encoding.itemSize)
        var cells = [RawCell](repeating: .missing, count: indices.count)
        for row in rows {
            for (k, c) in indices.enumerated() { cells[k] = cell(table.columns[c], row) }
            do { try rules.encode(cells, into: &out) } catch {
                throw FormatError(path: table.path, problem: "row \(row + 1) (line \(table.line(ofRow: row))), column '\(error.column)': \(error.reason)")
            }
        }
        return out
    }

    private static func dataset(_ table: CSVTable, rows: [Int], labels: [Int], encoding: InputEncoding) throws -> Dataset {
        Dataset(samples: try encode(table, rows: rows, encoding: encoding), labels: rows.map { UInt8(labels[$0]) }, encoding: encoding)
    }

    private static func fitted(_ table: CSVTable, features: [Int], label: String, trainRows: [Int], classNames: [String],
                               options: DataOptions) throws -> InputEncoding {
        let rules = try TableEncoding.fit(table, featureColumns: features, labelColumn: label, trainRows: trainRows,
                                          scaling: options.scaling, bits: options.inputBits, impute: options.impute)
        let range = TableEncoding.range(options.scaling, bits: options.inputBits)
        let count = rules.columns.reduce(0) { $0 + $1.featureCount }
        let encoding = InputEncoding(kind: .table, shape: [count], low: range.lowerBound, high: range.upperBound,
                                     scale: 1 / rules.multiplier, classNames: classNames, table: rules)
        try encoding.validate(path: table.path)
        return encoding
    }

    private static func cell(_ column: CSVColumn, _ row: Int) -> RawCell {
        switch column.values {
        case .numeric(let v): v[row].isNaN ? .missing : .number(v[row])
        case .text(let v, _): v[row].isEmpty && column.missingRows.contains(row) ? .missing : .text(v[row])
        }
    }

    private static func labelColumn(_ table: CSVTable, _ name: String?) throws -> Int {
        guard let name else { return table.columns.count - 1 }
        guard let i = table.columnIndex(named: name) else {
            throw FormatError(path: table.path, problem: "has no column '\(name)' for --label; its columns are "
                + table.header.prefix(12).map { "'\($0)'" }.joined(separator: ", ") + (table.header.count > 12 ? ", …" : ""))
        }
        return i
    }

    private static func featureColumns(_ table: CSVTable, label: Int, ignore: [String], stored: InputEncoding?) throws -> [Int] {
        for name in ignore where table.columnIndex(named: name) == nil {
            throw FormatError(path: table.path, problem: "has no column '\(name)' to --ignore")
        }
        let features = table.columns.indices.filter { $0 != label && !ignore.contains(table.columns[$0].name) }
        guard !features.isEmpty else { throw FormatError(path: table.path, problem: "has no feature columns besides the label") }
        return features
    }

    /// Sorted class names of a label column: numbers in numeric order, else text in byte order.
    private static func classes(_ column: CSVColumn, path: String, table: CSVTable) throws -> [String] {
        if let row = column.missingRows.first {
            throw FormatError(path: path, problem: "row \(row + 1) (line \(table.line(ofRow: row))), label column '\(column.name)': missing label "
                + "(\(column.missingRows.count) of \(table.rowCount) rows have none); a row without a label cannot be trained on or tested: "
                + "remove those rows first (pandas: df.dropna(subset=['\(column.name)']))")
        }
        let names: [String]
        switch column.values {
        case .numeric(let v): names = Set(v).sorted().map(TableEncoding.categoryName)
        case .text(let v, _): names = Set(v).sorted()
        }
        guard names.count >= 2 else {
            throw FormatError(path: path, problem: "label column '\(column.name)' holds a single class ('\(names.first ?? "")'); a classifier needs at least two")
        }
        guard names.count <= 256 else {
            throw FormatError(path: path, problem: "label column '\(column.name)' holds \(names.count) distinct values; at most 256 classes are "
                + "supported (is --label the right column?)")
        }
        return names
    }

    private static func classIndices(_ table: CSVTable, column c: Int, classNames: [String]) throws -> [Int] {
        let column = table.columns[c]
        if let row = column.missingRows.first {
            throw FormatError(path: table.path, problem: "row \(row + 1) (line \(table.line(ofRow: row))), label column '\(column.name)': missing label")
        }
        var index = [String: Int]()
        for (i, name) in classNames.enumerated() { index[name] = i }
        return try (0..<table.rowCount).map { row in
            let name: String
            switch column.values {
            case .numeric(let v): name = TableEncoding.categoryName(v[row])
            case .text(let v, _): name = v[row]
            }
            guard let k = index[name] else {
                throw FormatError(path: table.path, problem: "row \(row + 1) (line \(table.line(ofRow: row))), label column '\(column.name)': "
                    + "'\(name)' is not one of the model's classes (\(classNames.prefix(8).joined(separator: ", "))\(classNames.count > 8 ? ", …" : ""))")
            }
            return k
        }
    }
}

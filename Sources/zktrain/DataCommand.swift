// `zktrain data …`: look at a data file before training on it. `data describe FILE.csv`
// prints one line per column (name, numbers or text, missing cells, min/max/mean or the
// distinct values), or one JSON object with --json. Glue over `CSV.read` and
// `CSVTable.summary`; scripts/data/check_csv_against_pandas.py checks the JSON against pandas.
import ArgumentParser
import Datasets
import Foundation

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Inspect data files.",
        subcommands: [DataDescribe.self])
}

struct DataDescribe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "One line per column of a CSV file: kind, missing cells, range and mean or distinct values.",
        discussion: """
        Missing cells: "", NA, N/A, NaN, nan, NULL, null. A column is numeric if every other cell is a number.
        With --json: {"path": …, "rows": …, "columns": [{"name": …, "kind": "numeric", "missing": …, "count": …,
        "min": …, "max": …, "mean": …} or {"name": …, "kind": "text", "missing": …, "distinct": …,
        "values": [first distinct values], "numeric_cells": …}]}; infinities and NaN as the strings "inf", "-inf", "nan".
        """)

    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Distinct values to show per text column.") var values: Int = 5
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        guard (0...1000).contains(values) else { throw ValidationError("--values must be in 0...1000") }
    }

    func run() throws {
        try reportingErrors {
            let table = try CSV.read(path: file)
            let summary = table.summary(firstValues: values)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                let report = DescribeReport(path: file, rows: table.rowCount, columns: summary.map(DescribeReport.Column.init))
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print("\(file): \(table.rowCount) rows, \(table.columns.count) columns")
                let width = min(24, summary.map(\.name.count).max() ?? 0)
                for column in summary { print("  " + describe(column, nameWidth: width)) }
            }
        }
    }

    /// One line: name, kind, missing cells, then range and mean or distinct values.
    func describe(_ column: CSVColumnSummary, nameWidth: Int) -> String {
        let name = column.name.padding(toLength: max(nameWidth, column.name.count), withPad: " ", startingAt: 0)
        switch column.kind {
        case .numeric(_, let low?, let high?, let mean?):
            return "\(name)  numeric  missing \(column.missing)  min \(low)  max \(high)  mean \(mean)"
        case .numeric:
            return "\(name)  numeric  missing \(column.missing)  (no values)"
        case .text(let distinct, let first, let numericCells):
            let shown = first.map(\.debugDescription).joined(separator: ", ") + (distinct > first.count ? ", …" : "")
            let mixed = numericCells > 0 ? "  (mixes text with \(numericCells) numbers)" : ""
            return "\(name)  text     missing \(column.missing)  \(distinct) distinct: \(shown)\(mixed)"
        }
    }
}

/// The JSON of `data describe --json`.
private struct DescribeReport: Encodable {
    struct Column: Encodable {
        var name: String, kind: String, missing: Int
        var count: Int?, min: Double?, max: Double?, mean: Double?
        var distinct: Int?, values: [String]?, numericCells: Int?

        enum CodingKeys: String, CodingKey {
            case name, kind, missing, count, min, max, mean, distinct, values, numericCells = "numeric_cells"
        }

        init(_ summary: CSVColumnSummary) {
            (name, missing) = (summary.name, summary.missing)
            switch summary.kind {
            case .numeric(let count, let low, let high, let mean):
                (kind, self.count, min, max, self.mean) = ("numeric", count, low, high, mean)
            case .text(let distinct, let first, let numericCells):
                (kind, self.distinct, values, self.numericCells) = ("text", distinct, first, numericCells)
            }
        }
    }
    var path: String, rows: Int, columns: [Column]
}

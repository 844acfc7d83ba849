// The input encoding and the data sources built on it: the stratified split is deterministic
// and stratified; a table's rule is learnt from the training split only and applied bit for
// bit the same way to training rows, test rows, a one-row CSV and a JSON row; categories,
// missing cells, imputation and bad tables give errors naming the file, row and column.
import Foundation
import Testing
@testable import Datasets
import Support
import TestSupport

/// A small table: a numeric column, a categorical one, a label; 12 rows, two classes.
private let loans = """
    income,region,approved
    52000,north,yes
    61000,south,no
    47000,north,yes
    88000,east,no
    39000,south,yes
    72000,north,no
    55000,east,yes
    64000,south,no
    43000,north,yes
    91000,east,no
    58000,south,yes
    69000,north,no

    """

@Suite struct EncodingTests {
    let folders = TemporaryFolders()

    /// Writes `text` to a fresh temporary file named `name` and returns its path.
    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        let path = try folders.make("zktrain-encoding").appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func stratifiedSplitIsDeterministicAndStratified() {
        let labels = (0..<1000).map { $0 % 7 == 0 ? 2 : $0 % 3 == 0 ? 1 : 0 }
        let a = StratifiedSplit(labels: labels, testFraction: 0.2, seed: 0)
        #expect(a == StratifiedSplit(labels: labels, testFraction: 0.2, seed: 0))
        #expect(a != StratifiedSplit(labels: labels, testFraction: 0.2, seed: 1))
        #expect(Set(a.train).isDisjoint(with: a.test) && a.train.count + a.test.count == 1000)
        #expect(a.train == a.train.sorted() && a.test == a.test.sorted())
        for c in 0...2 {
            let all = labels.filter { $0 == c }.count, held = a.test.filter { labels[$0] == c }.count
            #expect(held == Int((Double(all) * 0.2).rounded()), "class \(c): \(held) of \(all)")
        }
        // A class of one stays in training; a class of two gives one to each side.
        let tiny = StratifiedSplit(labels: [0, 0, 0, 0, 0, 1, 2, 2], testFraction: 0.2, seed: 3)
        #expect(tiny.test.filter { $0 == 5 }.isEmpty && tiny.test.filter { $0 >= 6 }.count == 1)
    }

    @Test func tableRuleIsLearntOnTheTrainingSplitAndAppliedIdentically() throws {
        let path = try temporaryFile("loans.csv", loans)
        var options = DataOptions(data: path)
        options.testFraction = 0.25
        let (train, test) = try DataSource.load(options)
        #expect(train.classCount == 2 && train.encoding.classNames == ["no", "yes"])
        #expect(train.itemShape == [4])  // income + 3 regions
        let rules = try #require(train.encoding.table)
        #expect(rules.columns.map(\.name) == ["income", "region"])
        #expect(rules.columns[1].categories == ["east", "north", "south"])
        // The center is the mean of the training rows only.
        let table = try CSV.read(path: path)
        guard case .numeric(let incomes) = table.columns[0].values else { Issue.record("income is not numeric"); return }
        let split = StratifiedSplit(labels: try labelsOf(table), testFraction: 0.25, seed: 0)
        let mean = split.train.map { incomes[$0] }.reduce(0, +) / Double(split.train.count)
        #expect(rules.columns[0].center == mean)
        // Applying the stored rule again (eval, quantize, prove) gives the same integers.
        let again = try DataSource.load(options, encoding: train.encoding)
        #expect(again.train == train && again.test == test)
        // One row through CSV and through JSON cells: the same integers as in the dataset.
        let row = split.test[0]
        let line = loans.split(separator: "\n")[row + 1].split(separator: ",")
        let oneRow = try temporaryFile("row.csv", "income,region\n\(line[0]),\(line[1])\n")
        let fromCSV = try DataSource.encodeRows(csv: oneRow, encoding: train.encoding)
        let fromJSON = try DataSource.encodeRow([.number(Double(line[0])!), .text(String(line[1]))], encoding: train.encoding, source: "row")
        #expect(fromCSV == [Array(test.item(0))] && fromJSON == Array(test.item(0)))
        // The documented formula, by hand.
        let q = (((Double(line[0])! - rules.columns[0].center!) / rules.columns[0].spread!) * rules.multiplier).rounded(.toNearestOrAwayFromZero)
        #expect(Int32(q) == fromJSON[0])
    }

    @Test func categoriesMissingCellsAndImputation() throws {
        let missing = loans.replacingOccurrences(of: "47000,north", with: "NA,north").replacingOccurrences(of: "88000,east", with: "88000,")
        let path = try temporaryFile("missing.csv", missing)
        #expect { try DataSource.load(DataOptions(data: path)) } throws: {
            "\($0)".contains("missing.csv") && "\($0)".contains("line") && "\($0)".contains("missing value") && "\($0)".contains("--impute")
        }
        var options = DataOptions(data: path)
        options.impute = .median
        let (train, _) = try DataSource.load(options)
        let rules = try #require(train.encoding.table)
        #expect(rules.columns[0].fillNumber != nil && rules.columns[1].fillCategory != nil)
        // An unseen category at prediction time is an error naming the column and the known ones.
        #expect { try DataSource.encodeRow([.number(50000), .text("west")], encoding: train.encoding, source: "row.json") } throws: {
            "\($0)".contains("region") && "\($0)".contains("'west' was not in the training data") && "\($0)".contains("north")
        }
        // A numeric column given text, and an infinite value.
        #expect(throws: FormatError.self) { try DataSource.encodeRow([.text("lots"), .text("north")], encoding: train.encoding, source: "r") }
        #expect(throws: FormatError.self) { try DataSource.encodeRow([.number(.infinity), .text("north")], encoding: train.encoding, source: "r") }
    }

    @Test func badTablesAreNamed() throws {
        let single = try temporaryFile("single.csv", "a,b,label\n1,2,x\n3,4,x\n5,6,x\n")
        #expect { try DataSource.load(DataOptions(data: single)) } throws: { "\($0)".contains("single class") }
        let mixed = try temporaryFile("mixed.csv", "a,b,label\n1,2,x\n?,4,y\n5,6,x\n7,8,y\n9,1,x\n2,3,y\n")
        #expect { try DataSource.load(DataOptions(data: mixed)) } throws: { "\($0)".contains("--na '?'") && "\($0)".contains("column 'a'") }
        var withNA = DataOptions(data: mixed)
        withNA.missingMarkers = ["?"]
        withNA.impute = .median
        #expect(try DataSource.load(withNA).train.itemShape == [2])
        let ids = try temporaryFile("ids.csv", "id,x,label\n" + (0..<400).map { "u\($0),\($0 % 7),\($0 % 2)" }.joined(separator: "\n"))
        #expect { try DataSource.load(DataOptions(data: ids)) } throws: { "\($0)".contains("--ignore 'id'") }
        var ignoring = DataOptions(data: ids)
        ignoring.ignore = ["id"]
        #expect(try DataSource.load(ignoring).train.encoding.classNames == ["0", "1"])
        #expect { try DataSource.load(DataOptions(data: try temporaryFile("x.txt", "hello"))) } throws: { "\($0)".contains("is not a .csv or .npz file") }
    }

    @Test func storedOptionsAreOverriddenOnlyWhereGiven() {
        var stored = DataOptions(data: "train.csv")
        stored.testData = "test.csv"
        stored.label = "diagnosis"
        stored.inputBits = 12
        var given = DataOptions()
        given.impute = .mode
        let merged = given.overriding(stored)
        #expect(merged.data == "train.csv" && merged.testData == "test.csv" && merged.label == "diagnosis" && merged.inputBits == 12 && merged.impute == .mode)
        #expect(DataOptions(data: "other.csv").overriding(stored).testData == nil)
    }

    @Test func encodingValidationRejectsInconsistentRules() throws {
        let path = try temporaryFile("loans.csv", loans)
        let good = try DataSource.load(DataOptions(data: path)).train.encoding
        try good.validate(path: "m")
        var bad = good
        bad.table!.columns[0].spread = 0
        #expect(throws: FormatError.self) { try bad.validate(path: "m") }
        bad = good
        bad.table!.columns[1].categories = ["south", "north", "east"]
        #expect(throws: FormatError.self) { try bad.validate(path: "m") }
        bad = good
        bad.shape = [5]
        #expect(throws: FormatError.self) { try bad.validate(path: "m") }
        bad = good
        bad.high = 300
        #expect(throws: FormatError.self) { try bad.validate(path: "m") }
    }
}

/// The class indices of the last column of `table` (sorted class names), as DataSource assigns them.
private func labelsOf(_ table: CSVTable) throws -> [Int] {
    guard case .text(let v, _) = table.columns.last!.values else { throw FormatError(path: table.path, problem: "label is not text") }
    let names = Set(v).sorted()
    return v.map { names.firstIndex(of: $0)! }
}

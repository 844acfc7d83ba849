// Tests for the per-column summaries behind `zktrain data describe` and for the timing
// behind `zktrain bench csv`.

import Foundation
import Testing
@testable import Datasets
import Support

@Suite("CSV summaries")
struct CSVSummaryTests {
    @Test("numeric columns: count, min, max and mean of the non-missing cells")
    func numeric() throws {
        let table = try CSV.parse(Array("x,y,z,w\n1,NA,inf,0.1\n-2,,1,0.2\nNA,,-inf,0.3\n4,,2,0.4\n".utf8), path: "t.csv")
        let summary = table.summary()
        #expect(summary.map(\.name) == ["x", "y", "z", "w"])
        #expect(summary[0] == CSVColumnSummary(name: "x", missing: 1, kind: .numeric(count: 3, min: -2, max: 4, mean: 1)))
        #expect(summary[1] == CSVColumnSummary(name: "y", missing: 4, kind: .numeric(count: 0, min: nil, max: nil, mean: nil)))
        guard case .numeric(4, -Double.infinity, Double.infinity, let mean?) = summary[2].kind else {
            Issue.record("\(summary[2])")
            return
        }
        #expect(mean.isNaN)
        // The compensated sum gives the correctly rounded mean where a plain sum would not.
        #expect(summary[3].kind == .numeric(count: 4, min: 0.1, max: 0.4, mean: 0.25))
    }

    @Test("text columns: distinct values in order of first appearance, missing cells excluded")
    func text() throws {
        let table = try CSV.parse(Array("c,m\nred,1\ngreen,two\nred,3\nNA,4\nblue,\nteal,1\n".utf8), path: "t.csv")
        let summary = table.summary(firstValues: 2)
        #expect(summary[0] == CSVColumnSummary(name: "c", missing: 1,
                                               kind: .text(distinct: 4, firstValues: ["red", "green"], numericCells: 0)))
        #expect(summary[1] == CSVColumnSummary(name: "m", missing: 1,
                                               kind: .text(distinct: 4, firstValues: ["1", "two"], numericCells: 4)))
    }

    @Test("timing reads a file the requested number of times")
    func timing() throws {
        let path = FileManager.default.temporaryDirectory.path + "/zktrain-csv-\(UUID().uuidString).csv"
        try Data("a,b\n1,2\n3,4\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let timing = try CSV.timeReads(path: path, repeats: 3)
        #expect((timing.rows, timing.columns, timing.bytes, timing.seconds.count) == (2, 2, 12, 3))
        #expect(timing.medianSeconds > 0 && timing.megabytesPerSecond > 0)
        #expect(throws: FormatError.self) { try CSV.timeReads(path: path + ".missing", repeats: 1) }
    }
}

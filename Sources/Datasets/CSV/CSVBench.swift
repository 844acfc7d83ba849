// Timing whole-file CSV reads for `zktrain bench csv` and scripts/bench/csv_vs_pandas.py:
// the file read from disk (the page cache, after the first time) and parsed, N times.
// Use a release build; a debug build is many times slower.
import Foundation
import Support

/// How long `CSV.read` took on one file.
public struct CSVReadTiming: Sendable {
    /// Data rows and columns of the table read.
    public var rows: Int
    public var columns: Int
    /// The file's size.
    public var bytes: Int
    /// Wall-clock seconds of each read, in order.
    public var seconds: [Double]

    /// The median of `seconds` (the mean of the middle two for an even count).
    public var medianSeconds: Double { median(seconds) }

    /// Megabytes (10^6 bytes) per second at the median time.
    public var megabytesPerSecond: Double { Double(bytes) / 1e6 / medianSeconds }
}

extension CSV {
    /// Reads the CSV file at `path` `repeats` times (at least once) with the default
    /// markers, and times each read.
    /// - Throws: `FormatError` as `read(path:)` does.
    public static func timeReads(path: String, repeats: Int) throws -> CSVReadTiming {
        var seconds: [Double] = []
        var table: CSVTable?
        for _ in 0..<max(1, repeats) {
            table = nil  // free the previous table before the next read
            let start = ContinuousClock.now
            table = try read(path: path)
            let elapsed = ContinuousClock.now - start
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
        return CSVReadTiming(rows: table?.rowCount ?? 0, columns: table?.columns.count ?? 0, bytes: size, seconds: seconds)
    }
}

// `zktrain bench csv FILE`: how fast the CSV reader reads a file (read and parse, median of
// N reads). Glue over `CSV.timeReads`; use a release build. scripts/bench/csv_vs_pandas.py
// compares it with pandas.read_csv.
import ArgumentParser
import Datasets
import Foundation

struct BenchCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Seconds to read a CSV file into typed columns (median of --repeats reads).",
        discussion: "With --json: {\"seconds_median\": …, \"seconds\": […], \"rows\": …, \"columns\": …, \"bytes\": …, \"mb_per_s\": …}.")

    @Argument(help: "The CSV file.") var file: String
    @Option(help: "Timed reads.") var repeats: Int = 5
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func validate() throws {
        guard (1...1000).contains(repeats) else { throw ValidationError("--repeats must be in 1...1000") }
    }

    func run() throws {
        try reportingErrors {
            let timing = try CSV.timeReads(path: file, repeats: repeats)
            if json {
                let object: [String: Any] = ["seconds_median": timing.medianSeconds, "seconds": timing.seconds,
                                             "rows": timing.rows, "columns": timing.columns, "bytes": timing.bytes,
                                             "mb_per_s": timing.megabytesPerSecond]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(String(format: "%@: %d rows × %d columns, %.1f MB: %.3f s (median of %d), %.0f MB/s",
                             file, timing.rows, timing.columns, Double(timing.bytes) / 1e6, timing.medianSeconds,
                             timing.seconds.count, timing.megabytesPerSecond))
            }
        }
    }
}

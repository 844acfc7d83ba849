// Terminal helpers shared by subcommands: stderr output, progress lines that redraw in
// place on a terminal (one line per few seconds otherwise), durations, error reporting.
import ArgumentParser
import Foundation

/// Writes to standard error (progress and diagnostics; results go to stdout).
func printError(_ s: String, terminator: String = "\n") {
    FileHandle.standardError.write((s + terminator).data(using: .utf8)!)
}

/// "1:05:09" / "4:02" for seconds.
func formatDuration(_ s: Double) -> String {
    guard s.isFinite else { return "?" }
    let t = Int(s.rounded())
    return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
}

/// A progress line on stderr: redrawn in place on a terminal, else printed every `interval` s.
struct ProgressLine {
    let isTerminal = isatty(STDERR_FILENO) != 0
    var interval: Double = 5
    private var last = Date.distantPast

    mutating func update(_ text: String) {
        if isTerminal {
            printError("\r\u{1B}[K" + text, terminator: "")
        } else if Date().timeIntervalSince(last) >= interval {
            last = Date()
            printError(text)
        }
    }

    /// Ends the redrawn line and prints `text` on its own line.
    func finish(_ text: String) {
        printError((isTerminal ? "\r\u{1B}[K" : "") + text)
    }
}

/// Runs `body`, turning errors into one message on stderr and exit code 1 (usage errors are
/// reported by `validate()` before this runs).
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ExitCode { throw e } catch {
        printError("error: \(error)")
        throw ExitCode.failure
    }
}

// This executable, run again as a child process: Ray's workers are started with its path,
// and the cost calibration measures each case's peak memory in a fresh process (a process
// that proved other circuits first keeps heap they left behind, which raises later peaks).
import Foundation

/// This executable as a child process.
public enum OwnExecutable {
    /// This executable's path, symbolic links resolved.
    public static var path: String {
        (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath().path
    }

    /// Runs this executable with `arguments` and returns what it printed on standard output;
    /// its standard error passes through.
    /// - Throws: if it cannot start or exits with a non-zero status.
    public static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(path) \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A child that failed: the command and its exit status.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }
}

// A session with scripts/ray/zktrain_ray.py, the small Python driver that submits zktrain's work
// to a Ray cluster. Requests go to its stdin and events come back on its stdout, one JSON object
// per line; its stderr (Ray's own messages, the workers' logs) passes through to ours. This file
// only runs the script and frames its messages: Ray places the tasks, reserves their CPUs,
// retries those whose worker died, and the callers decide what a result means.
import Foundation
import Support

/// A running driver script connected to a cluster. One request at a time; not thread-safe.
public final class RayDriver {
    /// What the script reports once it is connected.
    public struct Connection: Decodable, Sendable {
        /// Ray's version on the driver, the number of live nodes with CPUs and their CPUs in all.
        public var ray: String
        public var nodes: Int
        public var cpus: Double
    }

    /// The cluster this session is connected to: its nodes and CPUs.
    public private(set) var connection = Connection(ray: "", nodes: 0, cpus: 0)
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer = Data()
    /// Whether a request's events stopped being read before its end.
    private var interrupted = false
    /// The Python that runs the script: $ZKTRAIN_PYTHON, else python3 on the PATH.
    private let python = ProcessInfo.processInfo.environment["ZKTRAIN_PYTHON"] ?? "python3"

    /// Starts the driver script and connects it to `options.address`.
    /// - Throws: `RayError` when the script is not found, Python or Ray is missing, or the
    ///   cluster cannot be reached (the script's message says which and what to do).
    public init(_ options: RayOptions) throws {
        // A write to a script that has died must fail with EPIPE, not kill this process.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, try Self.script().path, "--address", options.address]
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch {
            throw RayError("cannot start /usr/bin/env to run the Ray driver script (\(error.localizedDescription))")
        }
        let ready = try next { _ in throw RayError("the Ray driver script sent a result before connecting") }
        connection = try Self.decode(Connection.self, ready)
    }

    deinit { close() }

    /// Sends `request` and hands every event line to `event` until the script reports the
    /// request done.
    /// - Throws: `RayError` when the script reports a fatal error or stops; whatever `event` throws.
    public func send<Request: Encodable>(_ request: Request, event: (Data) throws -> Void) throws {
        var line = try JSONEncoder().encode(request)
        line.append(0x0A)
        do { try input.fileHandleForWriting.write(contentsOf: line) } catch {
            throw stopped()
        }
        interrupted = true
        _ = try next(event)
        interrupted = false
    }

    /// Ends the session: the script disconnects from Ray and exits. If a request was left
    /// unfinished (`event` threw), the script is stopped at once, and with it, Ray ends the
    /// tasks still running for it.
    public func close() {
        try? input.fileHandleForWriting.close()
        if interrupted && process.isRunning { process.terminate() }
        if process.isRunning { process.waitUntilExit() }
    }

    /// Decodes one event line as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, _ line: Data) throws -> T {
        do { return try StrictJSON.decode(T.self, from: line, path: "the Ray driver script's output") } catch {
            throw RayError("unexpected message from the Ray driver script: \(error)")
        }
    }

    /// Reads event lines, handing results to `event`, up to the next `ready` or `done` line,
    /// which it returns.
    private func next(_ event: (Data) throws -> Void) throws -> Data {
        struct Envelope: Decodable { var event: String; var message: String? }
        while let line = readLine() {
            let envelope = try Self.decode(Envelope.self, line)
            switch envelope.event {
            case "ready", "done": return line
            case "fatal": throw RayError(envelope.message ?? "the Ray driver script failed")
            default: try event(line)
            }
        }
        throw stopped()
    }

    private func stopped() -> RayError {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let status = process.terminationStatus
        if status == 127 {
            return RayError("\(python) was not found (set ZKTRAIN_PYTHON to the Python that has Ray: pip install -r scripts/ray/requirements.txt)")
        }
        return RayError("the Ray driver script (scripts/ray/zktrain_ray.py) stopped with exit status \(status); its messages are above")
    }

    /// The next line of the script's output (without its newline), or nil at its end.
    private func readLine() -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = buffer[(newline + 1)...]
                return Data(line)
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// The driver script: $ZKTRAIN_RAY_DRIVER, else scripts/ray/zktrain_ray.py in the nearest
    /// folder above this executable that has one (the checkout it was built in).
    static func script() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["ZKTRAIN_RAY_DRIVER"] { return URL(fileURLWithPath: path) }
        var dir = URL(fileURLWithPath: OwnExecutable.path).deletingLastPathComponent()
        while dir.path != "/" && !dir.path.isEmpty {
            let candidate = dir.appendingPathComponent("scripts/ray/zktrain_ray.py")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        throw RayError("scripts/ray/zktrain_ray.py was not found above \(OwnExecutable.path); set ZKTRAIN_RAY_DRIVER to its path")
    }
}

// This process's peak memory, as benchmarks and the cost calibration measure it: VmHWM from
// /proc/self/status, reset through /proc/self/clear_refs, and glibc's `malloc_trim` to hand
// freed memory back first. Linux only; elsewhere the peak is unknown (nil) and nothing resets.
import CMalloc
import Foundation

/// Peak resident memory of this process.
public enum ProcessMemory {
    /// VmHWM from /proc/self/status in bytes, or `nil` where unavailable.
    public static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes * 1024
    }

    /// Hands memory that earlier work (setup) freed back to the system (glibc's `malloc_trim`),
    /// so that the peak measured next is a prover's — key, constraints, witness and its own
    /// buffers — and not pages glibc kept after setup, which a separate prover process
    /// (`zktrain groth16 prove`, `zktrain prove`) never has. At 2^20 they were ~270 MiB of the
    /// 1,978 MiB the prove runs appeared to peak at.
    public static func releaseFreedMemory() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }

    /// Resets VmHWM to the current RSS (writing "5" to /proc/self/clear_refs); `false` if refused.
    public static func resetPeakResident() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }
}

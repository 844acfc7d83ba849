// Process-level set-up for fast training on Linux: choosing OpenBLAS's kernel family when
// its CPU detection falls back to the generic "Prescott" kernels (it does on virtual CPUs
// whose model it does not know, e.g. "Intel Xeon Processor"), and keeping large buffers
// inside malloc's heap so each training step does not page-fault fresh memory.
import CBLAS
import Foundation

/// The OpenBLAS kernel family chosen by OpenBLAS at load time, e.g. "SkylakeX", "Prescott".
public var openBLASCoreName: String { String(cString: openblas_get_corename()) }

/// The `OPENBLAS_CORETYPE` this CPU should use when OpenBLAS fell back to "Prescott":
/// "SkylakeX" with AVX-512 F/BW/DQ/VL, "Haswell" with AVX2 + FMA, else nil (keep its choice).
/// Read from /proc/cpuinfo flags. The variable must be set before OpenBLAS loads, so the
/// CLI re-executes itself once with it (see `zktrain`'s entry point).
public func preferredOpenBLASCoreType() -> String? {
    guard openBLASCoreName.lowercased() == "prescott",
          let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    if ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
    if ["avx2", "fma"].allSatisfy(flags.contains) { return "Haswell" }
    return nil
}

/// Keeps freed blocks of up to 32 MiB in the heap and never trims it below 1 GiB, so the
/// per-step activation buffers are reused instead of being mapped (and zero-faulted) anew.
public func tuneAllocatorForTraining() {
    #if os(Linux)
    _ = glibcMallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD (malloc.h)
    _ = glibcMallopt(-1, 1 << 30)   // M_TRIM_THRESHOLD (malloc.h)
    #endif
}

#if os(Linux)
/// glibc's `int mallopt(int param, int value)`; <malloc.h> is not part of the Glibc module.
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif

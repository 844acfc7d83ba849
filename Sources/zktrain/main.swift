// Entry point: fixes OpenBLAS's kernel choice (re-executing once with OPENBLAS_CORETYPE
// when its detection fell back to generic kernels), tunes malloc, then runs the CLI.
import Foundation
import Train

// OpenBLAS reads its environment when the library loads, before this code runs, so the
// process re-executes itself once with the settings in place (ZKTRAIN_BLAS_ENV marks it).
let env = ProcessInfo.processInfo.environment
if env["ZKTRAIN_BLAS_ENV"] == nil {
    var changed = false
    if env["OPENBLAS_CORETYPE"] == nil, let core = preferredOpenBLASCoreType() {
        setenv("OPENBLAS_CORETYPE", core, 1)
        changed = true
    }
    if env["OPENBLAS_THREAD_TIMEOUT"] == nil {
        // Idle OpenBLAS workers spin for 2^28 cycles by default, stealing a core from the
        // element-wise kernels between GEMMs on a 2-core machine; 2^18 cycles is ~0.1 ms.
        setenv("OPENBLAS_THREAD_TIMEOUT", "18", 1)
        changed = true
    }
    if changed {
        setenv("ZKTRAIN_BLAS_ENV", "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv only returns on failure: carry on with OpenBLAS's own choices.
    }
}
tuneAllocatorForTraining()
ZKTrain.main()

// The options `sweep` and `prove` share to run on a Ray cluster (scripts/ray/zktrain_ray.py;
// README, "Running on a Ray cluster"). Parsing only; the work is Codesign's RayExecutor and
// Pipeline's prove(on:).
import ArgumentParser
import Cluster

struct RayArguments: ParsableArguments {
    @Option(name: .customLong("ray"), help: ArgumentHelp("""
        Run on a Ray cluster: auto (the RAY_ADDRESS variable, else the cluster `ray start` runs on \
        this machine), HOST:PORT of the head node, or ray://HOST:10001. Needs Python with \
        `pip install -r scripts/ray/requirements.txt`.
        """, valueName: "address")) var address: String?
    @Option(help: "With --ray: the path of the zktrain binary on the workers (default: this binary's path).")
    var rayWorkerBinary: String?

    func validate() throws {
        if address == nil && rayWorkerBinary != nil { throw ValidationError("--ray-worker-binary needs --ray ADDRESS") }
        if address?.isEmpty == true { throw ValidationError("--ray needs an address: auto, HOST:PORT or ray://HOST:10001") }
    }

    /// The cluster options, or nil to run here.
    func options() -> RayOptions? { address.map { RayOptions(address: $0, workerBinary: rayWorkerBinary) } }
}

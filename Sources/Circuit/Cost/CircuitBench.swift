// Measured cost of proving model circuits, and the calibration that turns measurements into
// a `CostProfile`. "Prove time" here is what `zktrain prove` spends after loading the key:
// lowering the model with its witness, then `Groth16.prove` (which re-checks every
// constraint). Setup is excluded. Medians over runs; peak memory is VmHWM during the first
// run, from a heap whose freed memory was handed back.
import BigInt
import Foundation
import Prove
import Quantize
import Support

public enum CircuitBench {
    /// One circuit's measurement.
    public struct Measurement: Sendable {
        public var cost: CircuitCost
        /// Median seconds of witness generation + prove.
        public var seconds: Double
        /// All runs, sorted.
        public var samples: [Double]
        /// Peak resident bytes during the first run (nil where /proc is unavailable).
        public var peakBytes: Int?
        /// Witness generation share of the median run, seconds.
        public var witnessSeconds: Double
        public var phases: PhaseTimer
        /// With `reuseFixedWires`: seconds spent once, before the runs, on the fixed wires'
        /// sums (`Groth16.fixedWireSums`); the runs reuse them. `nil` otherwise.
        public var fixedWireSumsSeconds: Double?
    }

    /// Sets `circuit` up (single-party, CSPRNG) unless `key` is given, then proves `input`
    /// `runs` times and verifies the last proof.
    ///
    /// With `reuseFixedWires` and committed weights, the weight wires' MSM sums are computed
    /// once before the runs (timed apart) and every run reuses them, as a prover serving many
    /// inputs of one model does (`zktrain prove` with several inputs); the runs' time then
    /// excludes that share.
    public static func measure(_ circuit: ModelCircuit, input: [Int64], secrets: CircuitSecrets, runs: Int,
                               key: Groth16.ProvingKey? = nil, reuseFixedWires: Bool = false) throws -> Measurement {
        let cost = CostModel.cost(of: circuit.plan)
        let pk = try key ?? Groth16.setup(circuit.compile().builder.system)
        ProcessMemory.releaseFreedMemory()
        _ = ProcessMemory.resetPeakResident()
        var rng = SystemRandomNumberGenerator()
        var fixed: Groth16.FixedWireSums?
        var fixedSeconds: Double?
        if reuseFixedWires {
            let lowered = try circuit.witness(input: input, secrets: secrets)
            guard let wires = lowered.fixedWires else { throw CircuitError("only committed weights have fixed wires to reuse") }
            let start = DispatchTime.now().uptimeNanoseconds
            fixed = try Groth16.fixedWireSums(pk, witness: lowered.builder.witness, wires: wires)
            fixedSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        var results = [(seconds: Double, witness: Double, timer: PhaseTimer)]()
        var last: (proof: Groth16.Proof, publics: [Fr])?
        var peak: Int?
        for _ in 0..<max(runs, 1) {
            // The first run's peak, as a one-off prover's: later runs' freed pages stay
            // resident in other threads' malloc arenas, so the peak grew with the run count
            // (a 2^17 CNN: 445 MiB over 3 runs, 363 over 1). Handing them back before each
            // run would also slow the runs (pages faulted in again).
            defer { if peak == nil { peak = ProcessMemory.peakResidentBytes() } }
            var timer = PhaseTimer()
            let start = DispatchTime.now().uptimeNanoseconds
            timer.start("witness (lowering)")
            let lowered = try circuit.witness(input: input, secrets: secrets)
            let witnessEnd = DispatchTime.now().uptimeNanoseconds
            let system = lowered.builder.system, witness = lowered.builder.witness
            let proof = try Groth16.prove(pk, cs: system, witness: witness, reusing: fixed,
                                          using: &rng, timer: &timer)
            timer.stop()
            let end = DispatchTime.now().uptimeNanoseconds
            results.append((Double(end - start) / 1e9, Double(witnessEnd - start) / 1e9, timer))
            last = (proof, system.publicSignals(of: witness) ?? [])
        }
        if let last, !Groth16.verify(pk.verifyingKey, publicInputs: last.publics, proof: last.proof) {
            throw CircuitError("internal error: a benchmark proof does not verify")
        }
        let median = medianElement(of: results, by: \.seconds)!  // runs ≥ 1
        return Measurement(cost: cost, seconds: median.seconds, samples: results.map(\.seconds).sorted(), peakBytes: peak,
                           witnessSeconds: median.witness, phases: median.timer, fixedWireSumsSeconds: fixedSeconds)
    }

    /// A calibration circuit: a name, a random model and how it is compiled.
    public struct CalibrationCase: Sendable {
        public var name: String
        public var model: IntegerModel
        public var options: CircuitOptions
    }

    /// Random 28×28 models spanning the features of `CostProfile`: MLPs and CNNs, public,
    /// committed and certified weights (certified: a public input per weight, so the domain's
    /// input-consistency rows outnumber the constraints), public and private input, with and
    /// without label, with and without rescales; domains 2^10…2^18.
    public static func calibrationCases(seed: UInt64 = 1) -> [CalibrationCase] {
        var rng = SeededGenerator(seed: seed)
        func weights(_ n: Int, _ magnitude: Int64 = 127) -> [Int64] { (0..<n).map { _ in Int64.random(in: -magnitude...magnitude, using: &rng) } }
        func biases(_ n: Int, bits: Int) -> [BigInt] { (0..<n).map { _ in BigInt(Int64.random(in: -(1 << bits)...(1 << bits), using: &rng)) } }
        let square = IntegerLayer.polynomial(IntegerPolynomial(coefficients: [[BigInt(1) << 20, BigInt(1) << 10, 9]]))
        let plainSquare = IntegerLayer.polynomial(IntegerPolynomial(coefficients: [[0, 0, 1]]))
        func conv(_ cin: Int, _ cout: Int, magnitude: Int64) -> IntegerLayer {
            .conv2d(IntegerConv2D(inChannels: cin, outChannels: cout, kernel: 3, stride: 1, padding: 1,
                                  weight: weights(9 * cin * cout, magnitude), bias: biases(cout, bits: 16)))
        }
        func dense(_ n: Int, _ m: Int, magnitude: Int64 = 127, biasBits: Int = 20) -> IntegerLayer {
            .dense(IntegerDense(inCount: n, outCount: m, weight: weights(n * m, magnitude), bias: biases(m, bits: biasBits)))
        }
        func mlp(_ hidden: Int) -> IntegerModel {
            IntegerModel(inputShape: [28, 28, 1], layers: [.flatten, dense(784, hidden), square, dense(hidden, 10, biasBits: 40)],
                         arch: "calibration mlp \(hidden)")
        }
        // conv(8) x² sumpool rescale conv(8) x² sumpool dense(10): rescales on 1,568 values.
        let cnnRescale = IntegerModel(inputShape: [28, 28, 1], layers: [
            conv(1, 8, magnitude: 127), square, .sumPool(window: 2, stride: 2), .rescale(bits: 24),
            conv(8, 8, magnitude: 127), square, .sumPool(window: 2, stride: 2), .flatten, dense(392, 10, biasBits: 40),
        ], arch: "calibration cnn 8-8 rescale")
        // The trainer's CNN shape with small weights (no rescale needed): long combinations.
        let cnnWide = IntegerModel(inputShape: [28, 28, 1], layers: [
            conv(1, 16, magnitude: 7), plainSquare, .sumPool(window: 2, stride: 2),
            conv(16, 32, magnitude: 7), plainSquare, .sumPool(window: 2, stride: 2),
            .flatten, dense(1568, 128, magnitude: 7), plainSquare, dense(128, 10, magnitude: 7),
        ], arch: "calibration cnn 16-32-128")
        // The seed-style CNN's shape (two convs, a rescale, a dense layer) at 2^17 certified:
        // before it, no calibration case had a certified conv after another layer.
        let cnnTwoConv = IntegerModel(inputShape: [28, 28, 1], layers: [
            conv(1, 4, magnitude: 127), plainSquare, .sumPool(window: 2, stride: 2), .rescale(bits: 24),
            conv(4, 8, magnitude: 127), plainSquare, .sumPool(window: 2, stride: 2),
            .flatten, dense(392, 32), plainSquare, dense(32, 10, biasBits: 40),
        ], arch: "calibration cnn 4-8-32")
        // A certified conv on the input and a wide dense layer after it: its first-layer
        // outputs and dense weights are 113,000 public wires, which the A and B MSMs cover (the
        // other cases have at most 17,000; the certified 90.1 % CNN has 227,000).
        let cnnPublicWires = IntegerModel(inputShape: [28, 28, 1], layers: [
            conv(1, 16, magnitude: 127), plainSquare, .sumPool(window: 2, stride: 2), .rescale(bits: 24),
            .flatten, dense(3136, 32), plainSquare, dense(32, 10, biasBits: 40),
        ], arch: "calibration cnn 16 dense 32")
        let cnnSmall = IntegerModel(inputShape: [28, 28, 1], layers: [
            conv(1, 4, magnitude: 127), square, .sumPool(window: 2, stride: 2), .flatten, dense(784, 10, biasBits: 40),
        ], arch: "calibration cnn 4")
        let committed = CircuitOptions(weights: .committed), certified = CircuitOptions(weights: .certified)
        // Roughly in order of peak memory (the certified 2^18 CNN with many public wires was
        // added later): in one process a case's peak also counts the heap earlier cases left
        // behind (freed but not returned), which a larger case reuses and a smaller one does
        // not (`calibrate`'s `peakOfCase` measures each case alone).
        return [
            CalibrationCase(name: "mlp 784-16-10", model: mlp(16), options: CircuitOptions()),
            CalibrationCase(name: "mlp 784-128-10 certified", model: mlp(128), options: certified),
            CalibrationCase(name: "cnn 4", model: cnnSmall, options: CircuitOptions()),
            CalibrationCase(name: "mlp 784-128-10", model: mlp(128), options: CircuitOptions()),
            CalibrationCase(name: "mlp 784-128-10 +label", model: mlp(128), options: CircuitOptions(output: .logitsAndLabel)),
            CalibrationCase(name: "mlp 784-32-10 private input", model: mlp(32), options: CircuitOptions(input: .private)),
            CalibrationCase(name: "mlp 784-2-10 committed", model: mlp(2), options: committed),
            CalibrationCase(name: "mlp 784-12-10 committed", model: mlp(12), options: committed),
            CalibrationCase(name: "cnn 4-8-32 certified", model: cnnTwoConv, options: certified),
            CalibrationCase(name: "cnn 16 dense 32 certified", model: cnnPublicWires, options: certified),
            CalibrationCase(name: "cnn 8-8 rescale certified", model: cnnRescale, options: certified),
            CalibrationCase(name: "cnn 16-32-128", model: cnnWide, options: CircuitOptions()),
            CalibrationCase(name: "cnn 8-8 rescale", model: cnnRescale, options: CircuitOptions()),
        ]
    }

    /// Measures calibration case `c` proved `runs` times in this process; `progress` gets a
    /// line before.
    static func measure(_ c: CalibrationCase, runs: Int, progress: (String) -> Void = { _ in }) throws -> Measurement {
        let circuit = try ModelCircuit(model: c.model, options: c.options)
        let cost = CostModel.cost(of: circuit.plan)
        progress("\(c.name): \(cost.constraints) constraints, domain 2^\(cost.domainLogSize)")
        let input = [Int64](repeating: 0, count: circuit.plan.inputCount).map { _ in Int64.random(in: 0...255) }
        return try measure(circuit, input: input, secrets: CircuitSecrets(weightBlinding: 1, inputBlinding: 2), runs: runs)
    }

    /// The peak resident bytes of calibration case `index` (of `calibrationCases()`) proved
    /// once, as `measure` takes it; for a process that runs nothing else (`calibrate`'s
    /// `peakOfCase`).
    public static func calibrationPeak(case index: Int) throws -> Int? {
        let cases = calibrationCases()
        guard cases.indices.contains(index) else { throw CircuitError("no calibration case \(index): there are \(cases.count)") }
        return try measure(cases[index], runs: 1).peakBytes
    }

    /// Measures every calibration case and fits a profile. `progress` gets one line per case.
    /// With `peakOfCase`, each case's peak memory is what it returns for the case's index
    /// instead: `calibrationPeak` run in a fresh process, since in this one the heap earlier
    /// cases left behind raises later peaks (a certified 2^17 CNN: 165–170 MiB alone,
    /// 185–206 MiB after the others).
    public static func calibrate(runs: Int = 3, machine: String, peakOfCase: ((Int) throws -> Int?)? = nil,
                                 progress: (String) -> Void = { _ in })
        throws -> (profile: CostProfile, measurements: [(name: String, measurement: Measurement)]) {
        var measured = [(name: String, measurement: Measurement)]()
        for (index, c) in calibrationCases().enumerated() {
            var m = try measure(c, runs: runs, progress: progress)
            if let peakOfCase { m.peakBytes = try peakOfCase(index) }
            measured.append((c.name, m))
        }
        let time = CostProfile.fitRelative(measured.map { CostProfile.features($0.measurement.cost) }, measured.map(\.measurement.seconds))
        let memoryRows = measured.filter { $0.measurement.peakBytes != nil }
        let memory = memoryRows.isEmpty ? [0, 0, 0, 0]
            : CostProfile.fitRelative(memoryRows.map { CostProfile.memoryFeatures($0.measurement.cost) }, memoryRows.map { Double($0.measurement.peakBytes!) })
        let formatter = ISO8601DateFormatter()
        return (CostProfile(machine: machine, created: formatter.string(from: Date()), secondsPerFeature: time, bytesPerFeature: memory), measured)
    }
}

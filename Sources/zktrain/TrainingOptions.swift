// The hyper-parameters of `zktrain train` (epochs, batches, optimiser, schedule, QAT) and the
// `TrainConfig` they describe.
import ArgumentParser
import Quantize
import Train

/// `zktrain train`'s training options.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Total number of epochs.") var epochs: Int
    @Option(help: "Random seed for initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "Mini-batch size.") var batchSize: Int = 128
    @Option(help: "Optimiser: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")).") var optimizer: OptimizerKind = .adam
    @Option(help: "Peak learning rate.") var lr: Float = 1e-3
    @Option(help: "Weight decay (L2 for sgd/adam, decoupled for adamw).") var weightDecay: Float = 0
    @Option(help: "SGD momentum.") var momentum: Float = 0.9
    @Option(help: "LR schedule: constant, cosine, cosine:WARMUP_FRACTION, step:EPOCHS:FACTOR.") var schedule: String = "cosine"
    @Option(help: "Clip the global gradient norm to this value (0 disables).") var clip: Float = 5
    @Option(help: "Quantization-aware training with weights of 8, 4 or 2 bits or ternary (default: float training).")
    var weightBits: WeightBits?
    @Option(help: "Float epochs before quantization-aware training starts (batch-norm statistics are learnt, then frozen).")
    var qatWarmup: Int = 1
    @Option(help: "Fixed-point bits F of polynomial coefficients under QAT (each within 2^-(F+1) of the largest; x² is exact).")
    var polyBits: Int = 12
    @Flag(help: "One weight scale per layer instead of per output channel.") var perTensor = false

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard batchSize > 1 else { throw ValidationError("--batch-size must be at least 2") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive") }
        guard LRSchedule(parsing: schedule) != nil else { throw ValidationError("--schedule '\(schedule)' is not one of constant, cosine, cosine:W, step:E:F") }
        guard qatWarmup >= 0 else { throw ValidationError("--qat-warmup must be ≥ 0") }
        guard (0...30).contains(polyBits) else { throw ValidationError("--poly-bits must be in 0...30") }
    }

    /// The training configuration the options describe (used for a new run).
    func config() -> TrainConfig {
        var config = TrainConfig(epochs: epochs)
        config.batchSize = batchSize
        config.seed = seed
        config.optimizer.kind = optimizer
        config.optimizer.learningRate = lr
        config.optimizer.weightDecay = weightDecay
        config.optimizer.momentum = momentum
        config.optimizer.clipNorm = clip > 0 ? clip : nil
        config.schedule = LRSchedule(parsing: schedule)!  // checked by validate()
        if let weightBits {
            var qat = QATConfig(weightBits: weightBits)
            qat.warmupEpochs = qatWarmup
            qat.polynomialBits = polyBits
            qat.perChannel = !perTensor
            config.qat = qat
        }
        return config
    }
}

extension OptimizerKind: ExpressibleByArgument {}

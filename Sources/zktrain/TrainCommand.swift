// `zktrain train`: trains a float network with polynomial activations, checkpointing
// model.json + model.safetensors after every epoch; `--resume` continues a killed run.
import ArgumentParser
import Foundation
import Train
import Datasets

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on Fashion-MNIST and checkpoint it after every epoch.",
        discussion: """
        ARCHITECTURE SPEC: layers separated by spaces, e.g.
          "dense(128) bn sq dense(10)"
          "conv(16,k3,p1) bn sq avgpool(2) conv(32,k3,p1) bn sq avgpool(2) dense(128) bn sq dense(10)"
        Layers: dense(N) · conv(C,kK[,sS][,pP]) · avgpool(K[,sS]) · sumpool(K[,sS]) · flatten · bn ·
                relu · sq (x²) · quad | quad(ch) (learnable a·x²+b·x+c) · poly(relu|gelu|silu,dD,rR)
        The input is 28×28×1 (pixels / 255); the last layer must output 10 logits.

        STABILITY: x² networks diverge easily. What keeps them stable here: batch-norm before
        each polynomial activation, LeCun-normal initialisation, Adam at 1e-3 with a short
        warm-up and cosine decay, and global gradient-norm clipping at 5 (--clip).
        """)

    @Option(help: "Architecture spec (required unless --resume).") var arch: String?
    @Option(help: "Total number of epochs.") var epochs: Int
    @Option(help: "Output model directory (model.json, model.safetensors, training-state.safetensors).") var out: String
    @Option(help: "Fashion-MNIST directory (default: /usr/share/datasets/fashion-mnist).") var data: String?
    @Option(help: "Random seed for initialisation and shuffling.") var seed: UInt64 = 1
    @Option(help: "Mini-batch size.") var batchSize: Int = 128
    @Option(help: "Optimiser: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")).") var optimizer: OptimizerKind = .adam
    @Option(help: "Peak learning rate.") var lr: Float = 1e-3
    @Option(help: "Weight decay (L2 for sgd/adam, decoupled for adamw).") var weightDecay: Float = 0
    @Option(help: "SGD momentum.") var momentum: Float = 0.9
    @Option(help: "LR schedule: constant, cosine, cosine:WARMUP_FRACTION, step:EPOCHS:FACTOR.") var schedule: String = "cosine"
    @Option(help: "Clip the global gradient norm to this value (0 disables).") var clip: Float = 5
    @Option(help: "Compute threads (OpenBLAS and element-wise kernels); results are reproducible for a given count.") var threads: Int = 2
    @Option(help: "Quantization-aware training with weights of 8, 4 or 2 bits or ternary (default: float training).")
    var weightBits: WeightBits?
    @Option(help: "Float epochs before quantization-aware training starts (batch-norm statistics are learnt, then frozen).")
    var qatWarmup: Int = 1
    @Option(help: "Fixed-point bits F of polynomial coefficients under QAT (each within 2^-(F+1) of the largest; x² is exact).")
    var polyBits: Int = 12
    @Flag(help: "One weight scale per layer instead of per output channel.") var perTensor = false
    @Flag(help: "Continue the run in --out from its last finished epoch.") var resume = false

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard batchSize > 1 else { throw ValidationError("--batch-size must be at least 2") }
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be positive") }
        guard LRSchedule(parsing: schedule) != nil else { throw ValidationError("--schedule '\(schedule)' is not one of constant, cosine, cosine:W, step:E:F") }
        guard resume || arch != nil else { throw ValidationError("--arch is required (unless --resume)") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be in 1...64") }
        guard qatWarmup >= 0 else { throw ValidationError("--qat-warmup must be ≥ 0") }
        guard (0...30).contains(polyBits) else { throw ValidationError("--poly-bits must be in 0...30") }
    }

    func run() throws {
        setComputeThreads(threads)
        let outURL = URL(fileURLWithPath: out)
        try reportingErrors {
            let dataDir = try resolveDataDirectory(data)
            let train = try FashionMNIST.load(.train, from: dataDir)
            let test = try FashionMNIST.load(.test, from: dataDir)
            let trainer: Trainer
            var manifest: ModelManifest
            if resume {
                manifest = try Checkpoint.loadManifest(outURL)
                if let arch, try ArchSpec(parsing: arch).description != manifest.arch {
                    throw ValidationError("--arch \(arch) differs from the checkpoint's \(manifest.arch)")
                }
                guard manifest.trainData == train.fingerprint else {
                    throw ValidationError("the training data differs from the checkpoint's (\(manifest.trainData) vs \(train.fingerprint)); pass the same --data")
                }
                manifest.training.epochs = epochs
                trainer = try Checkpoint.loadTrainer(outURL, manifest: manifest)
                if trainer.epochsCompleted < epochs {
                    printError("resuming \(manifest.arch) at epoch \(trainer.epochsCompleted + 1)/\(epochs)")
                }
            } else {
                if FileManager.default.fileExists(atPath: outURL.appendingPathComponent(Checkpoint.manifestName).path) {
                    throw ValidationError("\(out) already holds a model; pass --resume to continue it or choose another --out")
                }
                let spec = try ArchSpec(parsing: arch!)
                var config = TrainConfig(epochs: epochs)
                config.batchSize = batchSize
                config.seed = seed
                config.optimizer.kind = optimizer
                config.optimizer.learningRate = lr
                config.optimizer.weightDecay = weightDecay
                config.optimizer.momentum = momentum
                config.optimizer.clipNorm = clip > 0 ? clip : nil
                config.schedule = LRSchedule(parsing: schedule)!
                if let weightBits {
                    var qat = QATConfig(weightBits: weightBits)
                    qat.warmupEpochs = qatWarmup
                    qat.polynomialBits = polyBits
                    qat.perChannel = !perTensor
                    config.qat = qat
                }
                let net = try Network(spec: spec, inputShape: train.itemShape, classCount: train.classCount, seed: seed)
                trainer = Trainer(network: net, config: config)
                manifest = ModelManifest(arch: spec.description, inputShape: train.itemShape, classCount: train.classCount,
                                         parameterCount: net.parameterCount, training: config, epochsCompleted: 0, history: [],
                                         trainData: train.fingerprint, testData: test.fingerprint, dataDirectory: dataDir)
                printError("training \(spec) (\(net.parameterCount) parameters) on \(train.count) images from \(dataDir)")
            }
            if trainer.epochsCompleted >= epochs {
                printError("nothing to do: \(trainer.epochsCompleted) epochs already finished")
            }
            var line = ProgressLine()
            try trainer.run(train: train, test: test, progress: { p in
                line.update(String(format: "epoch %d/%d  batch %d/%d  loss %.4f  %.0f samples/s  ETA %@",
                                   p.epoch, p.epochs, p.batch, p.batches, p.loss, p.samplesPerSecond, formatDuration(p.etaSeconds)))
            }, epochEnd: { m in
                manifest.epochsCompleted = trainer.epochsCompleted
                manifest.history = trainer.history
                try Checkpoint.save(trainer, manifest: manifest, to: outURL)
                line.finish(String(format: "epoch %d/%d: train loss %.4f, test accuracy %.2f%% (%.1f s), saved %@",
                                   m.epoch, epochs, m.trainLoss, m.testAccuracy * 100, m.seconds, out))
            })
            if let acc = trainer.history.last?.testAccuracy {
                print(String(format: "%@: test accuracy %.2f%% after %d epochs", out, acc * 100, trainer.epochsCompleted))
            }
        }
    }
}

extension OptimizerKind: ExpressibleByArgument {}



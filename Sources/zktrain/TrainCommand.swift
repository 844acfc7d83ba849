// `zktrain train`: trains a float network with polynomial activations, checkpointing
// model.json + model.safetensors after every epoch; `--resume` continues a killed run.
import ArgumentParser
import Foundation
import Quantize
import Train
import Pipeline

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on your data (or Fashion-MNIST) and checkpoint it after every epoch.",
        discussion: """
        ARCHITECTURE SPEC: layers separated by spaces, e.g.
          "dense(128) bn sq dense(10)"
          "conv(16,k3,p1) bn sq avgpool(2) conv(32,k3,p1) bn sq avgpool(2) dense(128) bn sq dense(10)"
        Layers: dense(N) · conv(C,kK[,sS][,pP]) · avgpool(K[,sS]) · sumpool(K[,sS]) · flatten · bn ·
                relu · sq (x²) · quad | quad(ch) (learnable a·x²+b·x+c) · poly(relu|gelu|silu,dD,rR)
        The input shape and class count come from the data: use dense layers for tables and \
        conv layers for images; the last layer must output one logit per class (e.g. dense(2) \
        for a yes/no table, dense(10) for Fashion-MNIST).

        DATA: see --data. A CSV table's numeric columns are standardized per column (mean and \
        standard deviation of the training split; or --scaling minmax) and rounded to \
        --input-bits fixed-point integers; text columns are one-hot encoded with the categories \
        of the training split; missing cells are an error unless --impute. Images stay raw uint8 \
        pixels (input pixel / 255). The rule is stored in the model (model.json, and \
        model.int.json after quantize) and applied identically by eval, quantize and prove.

        STABILITY: x² networks diverge easily. What keeps them stable here: batch-norm before
        each polynomial activation, LeCun-normal initialisation, Adam at 1e-3 with a short
        warm-up and cosine decay, and global gradient-norm clipping at 5 (--clip).
        """)

    @Option(help: "Architecture spec (required unless --resume).") var arch: String?
    @Option(help: "Output model directory (model.json, model.safetensors, training-state.safetensors).") var out: String
    @OptionGroup var data: DataArguments
    @OptionGroup var training: TrainingOptions
    @Option(help: "Compute threads (OpenBLAS and element-wise kernels); results are reproducible for a given count.") var threads: Int = 2
    @Flag(help: "Continue the run in --out from its last finished epoch.") var resume = false
    @Option(name: .customLong("init"), help: "Start from this model directory's weights (fine-tuning, e.g. after `zktrain import`); its architecture and data are the defaults.")
    var initial: String?

    func validate() throws {
        guard resume || arch != nil || initial != nil else { throw ValidationError("--arch is required (unless --resume or --init)") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be in 1...64") }
    }

    func run() throws {
        setComputeThreads(threads)
        try reportingErrors {
            var line = ProgressLine()
            let report = try Pipeline.train(arch: arch, config: training.config(), data: data.options(), out: URL(fileURLWithPath: out), resume: resume,
                                            initial: initial.map { URL(fileURLWithPath: $0) },
                                            started: { run, train, test in
                if run.resumed {
                    let done = run.trainer.epochsCompleted
                    printError(done < training.epochs ? "resuming \(run.manifest.arch) at epoch \(done + 1)/\(training.epochs)" : "nothing to do: \(done) epochs already finished")
                } else {
                    printError("training \(run.manifest.arch) (\(run.manifest.parameterCount) parameters) on \(train.count) items "
                               + "(\(train.encoding.dataShape)), testing on \(test.count)")
                }
            }, progress: { p in
                line.update(String(format: "epoch %d/%d  batch %d/%d  loss %.4f  %.0f samples/s  ETA %@",
                                   p.epoch, p.epochs, p.batch, p.batches, p.loss, p.samplesPerSecond, formatDuration(p.etaSeconds)))
            }, epochEnd: { m in
                line.finish(String(format: "epoch %d/%d: train loss %.4f, test accuracy %.2f%% (%.1f s), saved %@",
                                   m.epoch, training.epochs, m.trainLoss, m.testAccuracy * 100, m.seconds, out))
            })
            if let acc = report.testAccuracy {
                print(String(format: "%@: test accuracy %.2f%% after %d epochs", out, acc * 100, report.epochsCompleted))
            }
        }
    }
}

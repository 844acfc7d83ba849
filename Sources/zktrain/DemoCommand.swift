// `zktrain demo`: the whole loop in one command — train a small model with 8-bit
// quantization-aware training, export its exact integer model, compile it to a circuit,
// run the setup, prove the model's prediction on a test image, verify the proof — and a
// summary of what each step measured.
import ArgumentParser
import Circuit
import Foundation
import Pipeline
import Prove
import Quantize
import Support
import Train
import Datasets

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train, quantize, compile, set up, prove and verify a small Fashion-MNIST model, with a summary.",
        discussion: """
        Uses Debian's Fashion-MNIST if installed, else the committed subset \
        (datasets/fashion-mnist-subset). Everything goes to --out (default runs/demo): \
        model/, model.int/, circuit/ (model.r1cs, circuit.json, keys), proof/. The setup is \
        single-party (see zktrain setup --help).
        """)

    @Option(help: "Architecture spec of the demo model.") var arch: String = "dense(64) bn sq dense(10)"
    @Option(help: "Training epochs.") var epochs: Int = 3
    @Option(help: "Fashion-MNIST directory (default: Debian's, else the committed subset).") var data: String?
    @OptionGroup var visibility: VisibilityOptions
    @Option(help: "Test image whose prediction is proven.") var image: Int = 0
    @Option(help: "Output directory (replaced).") var out: String = "runs/demo"

    func run() throws {
        try reportingErrors {
            let started = Date()
            let dataDir = data ?? (FileManager.default.fileExists(atPath: FashionMNIST.systemDirectory)
                ? FashionMNIST.systemDirectory : "datasets/fashion-mnist-subset")
            let root = URL(fileURLWithPath: out)
            try? FileManager.default.removeItem(at: root)
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let modelDir = root.appendingPathComponent("model"), intDir = root.appendingPathComponent("model.int")
            let circuitDir = root.appendingPathComponent("circuit"), proofDir = root.appendingPathComponent("proof")

            step("1/6 train \(arch), \(epochs) epochs, 8-bit QAT, data \(dataDir)")
            var config = TrainConfig(epochs: epochs)
            config.qat = QATConfig(weightBits: .b8)
            var line = ProgressLine()
            let trained = try Pipeline.train(arch: arch, config: config, data: DataOptions(data: dataDir), out: modelDir, resume: false,
                                             progress: { p in line.update(String(format: "epoch %d/%d  batch %d/%d  loss %.4f", p.epoch, p.epochs, p.batch, p.batches, p.loss)) },
                                             epochEnd: { m in line.finish(String(format: "epoch %d/%d: test accuracy %.2f%%", m.epoch, epochs, m.testAccuracy * 100)) })

            step("2/6 export the exact integer model")
            let quantized = try Pipeline.quantize(model: modelDir, out: intDir)
            let accuracy = quantized.comparison
            print(String(format: "integer accuracy %.2f%% on %d test images (QAT float %.2f%%, predictions agree on %.2f%%)",
                         accuracy.integerAccuracy * 100, quantized.testCount, accuracy.floatAccuracy * 100, accuracy.agreement * 100))

            step("3/6 compile (weights \(visibility.weights.rawValue), input \(visibility.input.rawValue), outputs \(visibility.output.rawValue))")
            let compiled = try Pipeline.compile(model: intDir, options: visibility.circuitOptions, out: circuitDir)
            printCostTable(compiled.cost, profile: try? CostProfile.current())
            let circuit = try CircuitManifest(contentsOf: circuitDir)

            step("4/6 setup")
            printError("warning: \(Groth16.singlePartySetupWarning)")
            try Pipeline.setup(circuit: circuitDir)

            step("5/6 prove the prediction on test image \(image)")
            let proveStart = Date()
            var timer = PhaseTimer()
            let proofs = try Pipeline.prove(circuit: circuitDir, model: intDir, inputs: [.testItem(image)], out: proofDir,
                                            data: DataOptions(data: dataDir), timer: &timer, note: { printError($0) })
            let proveWall = Date().timeIntervalSince(proveStart)
            print("predicted class \(proofs[0].predictedClass)\(proofs[0].className.map { " '\($0)'" } ?? "")")

            step("6/6 verify")
            let vkURL = circuitDir.appendingPathComponent("verification_key.json")
            let proofURL = proofDir.appendingPathComponent("proof.json"), publicURL = proofDir.appendingPathComponent("public.json")
            let verdict = Pipeline.verify(verificationKey: vkURL, proof: proofURL, publicInputs: publicURL, circuit: circuitDir)
            print(verdict)

            let proofBytes = (try? Data(contentsOf: proofURL).count) ?? 0
            print("""

                summary
                  model            \(arch) (\(trained.parameterCount) parameters), 8-bit weights
                  accuracy         \(String(format: "%.2f%%", accuracy.integerAccuracy * 100)) integer model on \(quantized.testCount) test images — exactly what is proven
                  circuit          \(circuit.cost.constraints) constraints, \(circuit.publicCount) public signals, domain 2^\(circuit.cost.domainLogSize)
                  prove            \(String(format: "%.2f s", proveWall)) for proving (witness, key loading, proof, self-check)
                  proof            3 group points (256 bytes uncompressed); proof.json \(proofBytes) bytes
                  verdict          \(verdict == .valid ? "valid" : "INVALID")
                  total time       \(formatDuration(Date().timeIntervalSince(started)))
                  files            \(out)/{model, model.int, circuit, proof}
                  check yourself   zktrain verify \(vkURL.path) \(proofURL.path) \(publicURL.path) --circuit \(circuitDir.path)
                """)
            if verdict != .valid { throw ExitCode.failure }
        }
    }

    private func step(_ text: String) { print("\n== \(text)") }
}

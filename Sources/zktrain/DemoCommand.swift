// `zktrain demo`: the whole loop in one command — train a small model with 8-bit
// quantization-aware training, export its exact integer model, compile it to a circuit,
// run the setup, prove the model's prediction on a test image, verify the proof — and a
// summary of what each step measured.
import ArgumentParser
import Circuit
import Foundation
import Prove
import Quantize
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
            let train = try TrainCommand.parse(["--arch", arch, "--epochs", String(epochs), "--weight-bits", "8",
                                                "--data", dataDir, "--out", modelDir.path])
            try train.run()

            step("2/6 export the exact integer model")
            let manifest = try Checkpoint.loadManifest(modelDir)
            let (net, qat) = try Checkpoint.loadQuantizedNetwork(modelDir)!  // trained with --weight-bits above
            let integer = try net.integerModel(qat, rescale: .auto())
            try integer.write(to: intDir)
            let test = try FashionMNIST.load(.test, from: dataDir)
            let accuracy = try compareFloatAndInteger(net, integer, test, threads: 2)
            print(String(format: "integer accuracy %.2f%% on %d test images (QAT float %.2f%%, predictions agree on %.2f%%)",
                         accuracy.integerAccuracy * 100, test.count, accuracy.floatAccuracy * 100, accuracy.agreement * 100))

            step("3/6 compile (weights \(visibility.weights.rawValue), input \(visibility.input.rawValue), outputs \(visibility.output.rawValue))")
            let compile = try CompileCommand.parse([intDir.path, "--weights", visibility.weights.rawValue, "--input", visibility.input.rawValue,
                                                    "--output", visibility.output.rawValue, "--out", circuitDir.path])
            try compile.run()
            let circuit = try CircuitManifest(contentsOf: circuitDir)

            step("4/6 setup")
            let setup = try SetupCommand.parse([circuitDir.path])
            try setup.run()

            step("5/6 prove the prediction on test image \(image) (true class \(test.labels[image]))")
            let proveStart = Date()
            let prove = try ProveCommand.parse([circuitDir.path, "--model", intDir.path, "--image", String(image), "--data", dataDir,
                                                "--out", proofDir.path])
            try prove.run()
            let proveWall = Date().timeIntervalSince(proveStart)

            step("6/6 verify")
            let vkURL = circuitDir.appendingPathComponent("verification_key.json")
            let proofURL = proofDir.appendingPathComponent("proof.json"), publicURL = proofDir.appendingPathComponent("public.json")
            let vk = try SnarkjsJSON.readVerifyingKey(from: vkURL)
            let proof = try SnarkjsJSON.readProof(from: proofURL)
            let publics = try SnarkjsJSON.readPublicInputs(from: publicURL)
            let layoutProblem = circuitProblem(publics, manifest: circuit, commitment: nil)
            let valid = layoutProblem == nil && Groth16.verify(vk, publicInputs: publics, proof: proof)
            print(valid ? "valid" : "invalid\(layoutProblem.map { ": \($0.message)" } ?? "")")

            let proofBytes = (try? Data(contentsOf: proofURL).count) ?? 0
            print("""

                summary
                  model            \(arch) (\(manifest.parameterCount) parameters), 8-bit weights
                  accuracy         \(String(format: "%.2f%%", accuracy.integerAccuracy * 100)) integer model on \(test.count) test images — exactly what is proven
                  circuit          \(circuit.cost.constraints) constraints, \(circuit.publicCount) public signals, domain 2^\(circuit.cost.domainLogSize)
                  prove            \(String(format: "%.2f s", proveWall)) for `zktrain prove` (witness, key loading, proof, self-check)
                  proof            3 group points (256 bytes uncompressed); proof.json \(proofBytes) bytes
                  verdict          \(valid ? "valid" : "INVALID")
                  total time       \(formatDuration(Date().timeIntervalSince(started)))
                  files            \(out)/{model, model.int, circuit, proof}
                  check yourself   zktrain verify \(vkURL.path) \(proofURL.path) \(publicURL.path) --circuit \(circuitDir.path)
                """)
            if !valid { throw ExitCode.failure }
        }
    }

    private func step(_ text: String) { print("\n== \(text)") }
}

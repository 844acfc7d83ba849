// The README's library example: a diagnostic model trained on a CSV table, proven with
// committed weights and a committed patient row, and verified. Built by `make test` (every
// target is) and run by scripts/cli/test_data.sh. Usage: DiagnosticModel [OUTPUT_DIR]
import Circuit
import Datasets
import Foundation
import Pipeline
import Quantize
import Train

let out = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "runs/diagnostic")
let (model, integer, circuit) = (out.appendingPathComponent("model"), out.appendingPathComponent("model.int"), out.appendingPathComponent("circuit"))
var data = DataOptions(data: "datasets/breast-cancer/train.csv")
(data.testData, data.label, data.scaling, data.inputBits) = ("datasets/breast-cancer/test.csv", "diagnosis", .minmax, 12)
var config = TrainConfig(epochs: 100)
(config.batchSize, config.optimizer.kind, config.optimizer.learningRate, config.optimizer.weightDecay) = (16, .adamw, 0.003, 0.01)
config.qat = QATConfig(weightBits: .b8)
_ = try Pipeline.train(arch: "dense(4) bn sq dense(2)", config: config, data: data, out: model, resume: false)
let quantized = try Pipeline.quantize(model: model, out: integer)
_ = try Pipeline.compile(model: integer, options: CircuitOptions(weights: .committed, input: .committed, output: .label), out: circuit)
try Pipeline.setup(circuit: circuit)
let proof = try Pipeline.prove(circuit: circuit, model: integer, inputs: [.file("datasets/breast-cancer/patient.csv")], out: out.appendingPathComponent("proof"))[0]
let verdict = Pipeline.verify(verificationKey: circuit.appendingPathComponent("verification_key.json"), proof: proof.directory.appendingPathComponent("proof.json"),
                              publicInputs: proof.directory.appendingPathComponent("public.json"), circuit: circuit)
print("integer accuracy \(quantized.comparison.integerAccuracy), proven diagnosis '\(proof.className ?? "?")', proof \(verdict)")

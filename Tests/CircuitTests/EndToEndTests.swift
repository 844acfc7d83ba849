// End to end: a model trained with 8-bit QAT on the committed subset is exported, compiled,
// set up, and its predictions proven; our verifier accepts the proofs and rejects tampered
// public inputs; proven logits equal the integer inference; the committed-weights proof
// carries the natively computed commitment. The proof files go to .build/crosscheck-model/
// for the independent py_ecc verifier that `make test` runs afterwards.
import BigInt
import Foundation
import Prove
import Quantize
import TestSupport
import Testing
import Train
import Datasets
@testable import Circuit

@Suite struct EndToEndTests {
    /// A small QAT model trained for one epoch on the committed subset, and the test split.
    static func trainedModel() throws -> (IntegerModel, Dataset) {
        let (train, test) = try loadSubset()
        var config = TrainConfig(epochs: 1)
        config.batchSize = 64
        config.optimizer.learningRate = 3e-3
        config.qat = QATConfig(weightBits: .b8)
        config.qat!.warmupEpochs = 0
        let net = try Network(spec: try ArchSpec(parsing: "dense(16) bn sq dense(10)"), inputShape: train.itemShape, classCount: 10, seed: 4)
        try Trainer(network: net, config: config).run(train: train, test: test)
        return (try net.integerModel(config.qat!, rescale: .auto()), test)
    }

    @Test func trainedModelProvesAndVerifies() throws {
        let (model, test) = try Self.trainedModel()
        let analysis = try model.analyze()
        let folder = repositoryRoot.appendingPathComponent(".build/crosscheck-model")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var rng = SystemRandomNumberGenerator()
        for options in [CircuitOptions(output: .logitsAndLabel), CircuitOptions(weights: .committed, input: .committed)] {
            let circuit = try ModelCircuit(model: model, options: options)
            let pk = try Groth16.setup(circuit.compile().builder.system)
            let blinding = Fr.random(using: &rng), inputBlinding = Fr.random(using: &rng)
            for n in [0, 7] {
                let input = test.item(n).map { Int64($0) }
                let lowered = try circuit.witness(input: input, secrets: CircuitSecrets(weightBlinding: blinding, inputBlinding: inputBlinding))
                let system = lowered.builder.system, witness = lowered.builder.witness
                let expected = try model.evaluate(input, analysis: analysis, checkBounds: true)
                #expect(lowered.logits == expected.values)
                let proof = try Groth16.prove(pk, cs: system, witness: witness, using: &rng)
                var publics = system.publicSignals(of: witness)!
                #expect(Groth16.verify(pk.verifyingKey, publicInputs: publics, proof: proof))
                if options.weights == .committed {
                    #expect(lowered.weightCommitment == circuit.weightCommitment(blinding: blinding))
                    #expect(lowered.inputCommitment == circuit.inputCommitment(input, blinding: inputBlinding))
                    #expect(publics[10] == circuit.weightCommitment(blinding: blinding))
                } else {
                    #expect(publics[10] == Fr(expected.argmax))
                }
                // Any other logit, label or input value is rejected.
                for index in [0, 9, 10, publics.count - 1] {
                    var tampered = publics
                    tampered[index] += .one
                    #expect(!Groth16.verify(pk.verifyingKey, publicInputs: tampered, proof: proof))
                }
                let name = options.weights == .committed ? "committed" : "public"
                if n == 0 {
                    try SnarkjsJSON.write(pk.verifyingKey, to: folder.appendingPathComponent("\(name)-verification_key.json"))
                    try SnarkjsJSON.write(proof, to: folder.appendingPathComponent("\(name)-proof.json"))
                    try SnarkjsJSON.writePublicInputs(publics, to: folder.appendingPathComponent("\(name)-public.json"))
                }
                publics.removeAll()
            }
        }
    }
}

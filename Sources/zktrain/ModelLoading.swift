// Loading the integer model a circuit command works on: an integer model directory from
// `zktrain quantize`, or a trained checkpoint (quantized on the fly with its QAT settings and
// the automatic rescale policy), or — for `cost` — an architecture spec.
import ArgumentParser
import Foundation
import Quantize
import Train

/// The integer model in `path`: model.int.json if present, else a QAT checkpoint exported on the fly.
func loadIntegerModel(_ path: String) throws -> IntegerModel {
    let dir = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw ValidationError("\(path) is not a directory (expected a model from `zktrain quantize` or `zktrain train`)")
    }
    if FileManager.default.fileExists(atPath: dir.appendingPathComponent(IntegerModel.manifestName).path) {
        return try IntegerModel(contentsOf: dir)
    }
    guard FileManager.default.fileExists(atPath: dir.appendingPathComponent(Checkpoint.manifestName).path) else {
        throw ValidationError("\(path) holds neither \(IntegerModel.manifestName) (zktrain quantize) nor model.json (zktrain train)")
    }
    guard let (net, qat) = try Checkpoint.loadQuantizedNetwork(dir) else {
        throw ValidationError("\(path) was trained without quantization-aware training; run `zktrain quantize \(path) --weight-bits 8 --out DIR` first")
    }
    do { return try net.integerModel(qat, rescale: .auto()) } catch {
        throw ValidationError("\(path)/\(Checkpoint.weightsName): the checkpoint's weights have no integer model: \(error)")
    }
}

/// An integer model for an architecture spec with random (seeded) weights of `bits`, exported
/// like a trained one: what its circuit would look like before training.
func integerModel(spec: String, weightBits: WeightBits, seed: UInt64 = 1) throws -> IntegerModel {
    let net = try Network(spec: ArchSpec(parsing: spec), inputShape: [28, 28, 1], classCount: 10, seed: seed)
    let qat = QATConfig(weightBits: weightBits)
    try net.enableQuantization(qat)
    return try net.integerModel(qat, rescale: .auto())
}

/// A model directory or an architecture spec costed with random weights, as `zktrain cost` and
/// `zktrain bench circuit` take it.
struct ModelOrSpecOptions: ParsableArguments {
    @Argument(help: "Model directory or architecture spec.") var target: String
    @Option(help: "Weight bits for a spec: 8, 4, 2, ternary.") var weightBits: String = "8"

    /// The integer model of the directory (`loadIntegerModel`) or, if `target` is not a path,
    /// of the spec with random weights of `weightBits`.
    func integerModel() throws -> IntegerModel {
        if FileManager.default.fileExists(atPath: target) { return try loadIntegerModel(target) }
        guard let bits = WeightBits(rawValue: weightBits) else { throw ValidationError("--weight-bits must be 8, 4, 2 or ternary") }
        return try zktrain.integerModel(spec: target, weightBits: bits)
    }
}

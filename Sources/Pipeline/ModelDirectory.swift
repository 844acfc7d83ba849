// The model directories the pipeline works on: an integer model from `quantize`, or a trained
// QAT checkpoint (exported on the fly with its QAT settings and the automatic rescale
// policy). Either way the integer model carries its input encoding; a checkpoint also tells
// which data it was trained on.
import Datasets
import Foundation
import Quantize
import Support
import Train

/// A model directory's integer model and, for a checkpoint, its data options.
public struct ModelDirectory: Sendable {
    /// The directory.
    public let url: URL
    /// The exact integer model (what a circuit proves), with its input encoding.
    public let model: IntegerModel
    /// The data the model was trained on: a checkpoint's, or the `data-options.json` that
    /// `Pipeline.quantize` writes beside an integer model (nil when neither is there).
    public let data: DataOptions?

    /// The file beside an integer model that names the data its checkpoint was trained on.
    public static let dataOptionsName = "data-options.json"

    /// Writes `options` beside the integer model in `directory` (atomically).
    static func writeDataOptions(_ options: DataOptions, in directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(options), to: directory.appendingPathComponent(dataOptionsName))
    }

    private static func readDataOptions(in directory: URL) throws -> DataOptions? {
        let url = directory.appendingPathComponent(dataOptionsName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let options = try StrictJSON.decode(DataOptions.self, from: try readFileData(url, limit: 1 << 20), path: url.path)
        do { try options.validate() } catch let error as FormatError { throw PipelineError("\(url.path): \(error.problem)") }
        return options
    }

    /// Reads `url`: model.int.json if present, else a QAT checkpoint exported on the fly.
    /// - Throws: `PipelineError` naming the directory and what it lacks.
    public init(_ url: URL) throws {
        self.url = url
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PipelineError("\(url.path) is not a directory (expected a model from `zktrain quantize` or `zktrain train`)")
        }
        if FileManager.default.fileExists(atPath: url.appendingPathComponent(IntegerModel.manifestName).path) {
            (model, data) = (try IntegerModel(contentsOf: url), try Self.readDataOptions(in: url))
            return
        }
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent(Checkpoint.manifestName).path) else {
            throw PipelineError("\(url.path) holds neither \(IntegerModel.manifestName) (zktrain quantize) nor model.json (zktrain train)")
        }
        let manifest = try Checkpoint.loadManifest(url)
        guard let (net, qat) = try Checkpoint.loadQuantizedNetwork(url) else {
            throw PipelineError("\(url.path) was trained without quantization-aware training; run `zktrain quantize \(url.path) --weight-bits 8 --out DIR` first")
        }
        do {
            var exported = try net.integerModel(qat, rescale: .auto())
            exported.encoding = manifest.inputEncoding
            (model, data) = (exported, manifest.dataOptions)
        } catch {
            throw PipelineError("\(url.path)/\(Checkpoint.weightsName): the checkpoint's weights have no integer model: \(error)")
        }
    }
}

/// A pipeline step that cannot go on: says what is wrong and, where it can, what to do.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

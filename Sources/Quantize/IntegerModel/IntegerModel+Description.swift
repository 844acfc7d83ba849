// The public description of an integer model (`model.public.json`, `zktrain describe`): the
// model file's manifest without weights, biases or bounds. It holds what fixes a
// committed-weights circuit — architecture, input shape and range, each dense and conv
// layer's weight and bias widths, polynomial coefficients, rescales — so that a verifier can
// compile that circuit from public information and compare it with the one the model owner
// published (issue 17). What it reveals: the architecture and those widths, which the circuit
// reveals anyway; nothing about the weights' values (the bounds, which depend on them, are
// left out).
//
// Read back, a description is a model with the described structure and every weight and
// bias 0: placeholders, which give the same committed-weights circuit as any model the
// description describes (the circuit reads only shapes and widths of committed layers; the
// tests compare the two constraint systems byte for byte). It is not a model to run or to
// compile with public weights.
import Foundation
import Support
import Datasets

extension IntegerModel {
    /// The `format` field of a public description.
    public static let descriptionFormat = "zktrain.public-model"
    static let descriptionVersion = 1

    /// The public description as pretty-printed JSON with sorted keys (deterministic).
    public func publicDescription() throws -> Data {
        _ = try analyze()
        let entries = layers.enumerated().map { i, layer in
            var record = LayerRecord(entry: LayerEntry(kind: layer.kindName), index: i)
            layer.kind.write(to: &record)
            record.entry.weight = nil
            record.entry.bias = nil
            return record.entry
        }
        let description = Manifest(format: Self.descriptionFormat, version: Self.descriptionVersion, arch: arch, inputShape: inputShape,
                                   inputRange: [inputRange.lowerBound, inputRange.upperBound], outputScale: outputScale,
                                   layers: entries, bounds: nil, input: encoding)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(description)
    }

    /// Whether the file at `url` is a public description (a JSON file whose format says so).
    public static func isPublicDescription(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: url.path),
              let header = try? JSONDecoder().decode(Header.self, from: data) else { return false }
        return header.format == descriptionFormat
    }

    /// The placeholder model of the description in `url`: the described structure with every
    /// weight and bias 0. Errors name the file, the layer and the problem.
    public init(describedBy url: URL) throws {
        func fail(_ m: String) -> IntegerModelError { IntegerModelError("\(url.path): \(m)") }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw fail("not found") }
        let d: Manifest
        do { d = try StrictJSON.decode(Manifest.self, from: data, path: url.path) } catch let e as FormatError {
            throw fail("not a valid public model description (\(e.problem))")
        }
        guard d.format == Self.descriptionFormat else { throw fail("format is '\(d.format)', expected '\(Self.descriptionFormat)'") }
        guard d.version == Self.descriptionVersion else {
            throw fail("description version \(d.version) is not supported (this build reads \(Self.descriptionVersion))")
        }
        guard d.bounds == nil else { throw fail("holds bounds, which depend on the weights; a public description must not") }
        let layers = try d.layers.enumerated().map { i, e in
            guard e.weight == nil, e.bias == nil else { throw fail("layer \(i) holds weights or biases; a public description must not") }
            var source = LayerSource(entry: e, index: i, version: Self.version, tensors: [:], manifest: url, tensorFile: url)
            source.placeholders = true
            return try source.layer()
        }
        self = try Self.assembled(inputShape: d.inputShape, inputRange: d.inputRange, layers: layers, outputScale: d.outputScale,
                                  arch: d.arch, encoding: d.input, file: url).0
    }

    private struct Header: Decodable { var format: String }
}

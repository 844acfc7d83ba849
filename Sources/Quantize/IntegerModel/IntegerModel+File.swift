// On-disk form of an `IntegerModel`: `model.int.json` (format, version, layer list with each
// dense/conv layer's weight and bias widths, wide integers as decimal strings, proven bounds) +
// `model.int.safetensors` (weights as I8 when they fit, else I64), with the input encoding
// (the preprocessing rule and class names) when the model has one. Reading validates
// everything and recomputes the bounds. Older files still read: version 1 stores no weight
// width, versions 1 and 2 no bias width; a layer gets the narrowest that holds its values.
import BigInt
import Foundation
import Support
import Datasets

extension IntegerModel {
    public static let manifestName = "model.int.json"
    public static let tensorsName = "model.int.safetensors"
    static let format = "zktrain.integer-model"
    /// Version 2 added `weightBits` to dense and conv2d layers, version 3 `biasBits`; `versions`
    /// are those this build reads.
    static let version = 3
    static let versions = 1...3

    /// Writes the two files into `dir` (created if needed) as one `ArtifactSet`.
    public func write(to dir: URL) throws {
        let analysis = try analyze()
        var tensors: [String: StoredTensor] = [:]
        var entries: [LayerEntry] = []
        for (i, layer) in layers.enumerated() {
            var record = LayerRecord(entry: LayerEntry(kind: layer.kindName), index: i)
            layer.kind.write(to: &record)
            entries.append(record.entry)
            tensors.merge(record.tensors) { old, _ in old }
        }
        let manifest = Manifest(format: Self.format, version: Self.version, arch: arch, inputShape: inputShape,
                                inputRange: [inputRange.lowerBound, inputRange.upperBound], outputScale: outputScale,
                                layers: entries, bounds: analysis.map { $0.bound.description }, input: encoding)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        var files = try ArtifactSet(in: dir)
        try files.add(Self.tensorsName, try Safetensors.encode(tensors, metadata: ["format": Self.format]))
        try files.add(Self.manifestName, try enc.encode(manifest))
        try files.commit()
    }

    /// Reads and validates a model written by `write(to:)`; errors name the file and the problem.
    public init(contentsOf dir: URL) throws {
        let jsonURL = dir.appendingPathComponent(Self.manifestName), tensorURL = dir.appendingPathComponent(Self.tensorsName)
        func fail(_ url: URL, _ m: String) -> IntegerModelError { IntegerModelError("\(url.path): \(m)") }
        do { try ArtifactSet.recover(in: dir) } catch { throw IntegerModelError("\(error)") }
        guard let json = FileManager.default.contents(atPath: jsonURL.path) else {
            throw fail(jsonURL, "not found (is \(dir.path) an integer model written by `zktrain quantize`?)")
        }
        let m: Manifest
        do { m = try StrictJSON.decode(Manifest.self, from: json, path: jsonURL.path) } catch let e as FormatError {
            throw fail(jsonURL, "not a valid integer-model manifest (\(e.problem))")
        }
        guard m.format == Self.format else { throw fail(jsonURL, "format is '\(m.format)', expected '\(Self.format)'") }
        guard Self.versions.contains(m.version) else {
            throw fail(jsonURL, "format version \(m.version) is not supported (this build reads \(Self.versions.lowerBound)…\(Self.versions.upperBound))")
        }
        guard let blob = FileManager.default.contents(atPath: tensorURL.path) else { throw fail(tensorURL, "not found") }
        let tensors = try Safetensors.decode(blob, path: tensorURL.path).tensors
        let layers = try m.layers.enumerated().map { i, e in
            try LayerSource(entry: e, index: i, version: m.version, tensors: tensors, manifest: jsonURL, tensorFile: tensorURL).layer()
        }
        let (model, analysis) = try Self.assembled(inputShape: m.inputShape, inputRange: m.inputRange, layers: layers, outputScale: m.outputScale,
                                                   arch: m.arch, encoding: m.input, file: jsonURL)
        self = model
        guard let bounds = m.bounds else { throw fail(jsonURL, "missing 'bounds'") }
        guard analysis.map({ $0.bound.description }) == bounds else {
            throw fail(jsonURL, "the recorded bounds do not match the weights (file edited or corrupt)")
        }
    }

    /// The model of a file's parts, checked: the input range, the input encoding against the
    /// input and the class count, and every layer's shape and widths (`analyze`). Errors name `file`.
    static func assembled(inputShape: [Int], inputRange: [Int], layers: [IntegerLayer], outputScale: Double, arch: String,
                          encoding: InputEncoding?, file: URL) throws -> (IntegerModel, [LayerAnalysis]) {
        func fail(_ m: String) -> IntegerModelError { IntegerModelError("\(file.path): \(m)") }
        guard inputRange.count == 2, inputRange[0] <= inputRange[1] else { throw fail("inputRange must be [low, high]") }
        var model = IntegerModel(inputShape: inputShape, inputRange: inputRange[0]...inputRange[1], layers: layers,
                                 outputScale: outputScale, arch: arch)
        if let e = encoding {
            do { try e.validate(path: file.path) } catch { throw IntegerModelError("\(error)") }
            guard e.shape == model.inputShape, e.range == model.inputRange else {
                throw fail("input encoding shape \(e.shape) and range \(e.range) differ from inputShape \(model.inputShape), inputRange \(model.inputRange)")
            }
            model.encoding = e
        }
        let analysis: [LayerAnalysis]
        do { analysis = try model.analyze() } catch { throw fail("\(error)") }
        if let e = encoding, analysis.last?.shape != [e.classNames.count] {
            throw fail("the input encoding names \(e.classNames.count) classes, the model outputs \(analysis.last?.shape ?? [])")
        }
        return (model, analysis)
    }

    /// model.int.json, and a public description (without bounds, weights or biases).
    struct Manifest: Codable {
        var format: String
        var version: Int
        var arch: String
        var inputShape: [Int]
        var inputRange: [Int]
        var outputScale: Double
        var layers: [LayerEntry]
        /// The proven bound of every layer's values (model files only: they depend on the weights).
        var bounds: [String]?
        /// How raw data becomes the inputs, and the class names (absent in older files).
        var input: InputEncoding?
    }
}

/// One layer in `model.int.json`: the kind's name and the fields its kind uses (Layers/).
struct LayerEntry: Codable {
    var kind: String
    var inCount: Int?, outCount: Int?, kernel: Int?, stride: Int?, padding: Int?, bits: Int?, weightBits: Int?, biasBits: Int?
    /// The name of the layer's weight tensor in `model.int.safetensors`.
    var weight: String?
    var bias: [String]?
    var coefficients: [[String]]?
    init(kind: String) { self.kind = kind }
}

/// A layer as its kind writes it: the entry's fields and the layer's tensors.
struct LayerRecord {
    var entry: LayerEntry
    /// The layer's position in the model (names its tensors).
    let index: Int
    var tensors: [String: StoredTensor] = [:]

    /// Stores `weight` ([Int64] of `shape`) as the layer's weight tensor, I8 when every value fits.
    mutating func storeWeight(_ weight: [Int64], shape: [Int]) {
        let name = "\(index).weight"
        entry.weight = name
        tensors[name] = weight.allSatisfy({ Int64(Int8.min)...Int64(Int8.max) ~= $0 })
            ? StoredTensor(shape: shape, storage: .i8(weight.map { Int8($0) }))
            : StoredTensor(shape: shape, storage: .i64(weight))
    }
}

/// A layer's entry as its kind reads it; errors name the file and the layer.
struct LayerSource {
    let entry: LayerEntry
    let index: Int
    /// The file's format version (1 stores no weight widths, 1 and 2 no bias widths).
    let version: Int
    let tensors: [String: StoredTensor]
    /// A public description (`IntegerModel+Description`): no tensors and no biases; weights
    /// and biases read as zeros.
    var placeholders = false
    let manifest: URL
    let tensorFile: URL

    private func fail(_ url: URL, _ m: String) -> IntegerModelError { IntegerModelError("\(url.path): \(m)") }

    /// The layer, read by its kind.
    func layer() throws -> IntegerLayer {
        guard let kind = IntegerLayer.kinds.first(where: { $0.kindName == entry.kind }) else {
            throw fail(manifest, "layer \(index): unknown kind '\(entry.kind)'")
        }
        return try kind.read(self)
    }

    /// The entry's field at `key`, named `what` in the error when it is missing.
    func need(_ key: KeyPath<LayerEntry, Int?>, _ what: String) throws -> Int {
        guard let v = entry[keyPath: key] else { throw fail(manifest, "layer \(index): missing '\(what)'") }
        return v
    }

    /// The stated weight width; version 1 has none (nil: inferred from the weights).
    func weightBits() throws -> Int? { version >= 2 ? try need(\.weightBits, "weightBits") : nil }

    /// The stated bias width; versions 1 and 2 have none (nil: inferred from the biases).
    func biasBits() throws -> Int? { version >= 3 ? try need(\.biasBits, "biasBits") : nil }

    /// A wide integer written as a decimal string (`what` names it in the error).
    func integer(_ s: String, _ what: String) throws -> BigInt {
        guard !s.isEmpty, s.count < 200, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), let v = BigInt(s, radix: 10) else {
            throw fail(manifest, "layer \(index) \(what) '\(s.prefix(40))' is not a decimal integer")
        }
        return v
    }

    /// The entry's biases (the analysis checks that there are `count`); zeros for a description.
    func biases(count: Int) throws -> [BigInt] {
        guard placeholders else { return try (entry.bias ?? []).map { try integer($0, "bias") } }
        guard (0...IntegerModel.sizeLimit).contains(count) else { throw fail(manifest, "layer \(index): \(count) biases is too many") }
        return [BigInt](repeating: 0, count: count)
    }

    /// The layer's weight tensor, which must have `shape`.
    func weights(_ shape: [Int]) throws -> [Int64] {
        if placeholders {
            guard let n = CheckedSize.product(shape, limit: IntegerModel.sizeLimit) else { throw fail(manifest, "layer \(index): shape \(shape) is too large") }
            return [Int64](repeating: 0, count: n)
        }
        guard let name = entry.weight, let t = tensors[name] else { throw fail(tensorFile, "missing tensor '\(entry.weight ?? "?")'") }
        guard t.shape == shape else { throw fail(tensorFile, "tensor '\(name)' has shape \(t.shape), the manifest says \(shape)") }
        switch t.storage {
        case .i8(let a): return a.map(Int64.init)
        case .i32(let a): return a.map(Int64.init)
        case .i64(let a): return a
        case .f32: throw fail(tensorFile, "tensor '\(name)' is F32; integer models store integer tensors")
        }
    }
}

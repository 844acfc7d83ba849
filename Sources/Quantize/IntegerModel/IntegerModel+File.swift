// On-disk form of an `IntegerModel`: `model.int.json` (format, version, layer list with each
// dense/conv layer's weight width, wide integers as decimal strings, proven bounds) +
// `model.int.safetensors` (weights as I8 when they fit, else I64), with the input encoding
// (the preprocessing rule and class names) when the model has one. Reading validates
// everything and recomputes the bounds. Version 1 files, which store no weight width, still
// read: each layer gets the narrowest width that holds its weights.
import BigInt
import Foundation
import Support
import Datasets

extension IntegerModel {
    public static let manifestName = "model.int.json"
    public static let tensorsName = "model.int.safetensors"
    static let format = "zktrain.integer-model"
    /// Version 2 added `weightBits` to dense and conv2d layers; `versions` are those this build reads.
    static let version = 2
    static let versions = 1...2

    /// Writes the two files into `dir` (created if needed) as one `ArtifactSet`.
    public func write(to dir: URL) throws {
        let analysis = try analyze()
        var tensors: [String: StoredTensor] = [:]
        var entries: [LayerEntry] = []
        for (i, layer) in layers.enumerated() {
            var e = LayerEntry(kind: layer.kindName)
            switch layer {
            case .dense(let d):
                e.inCount = d.inCount; e.outCount = d.outCount; e.weightBits = d.weightBits
                e.weight = "\(i).weight"; e.bias = d.bias.map(\.description)
                tensors["\(i).weight"] = Self.store(d.weight, shape: [d.inCount, d.outCount])
            case .conv2d(let c):
                e.inCount = c.inChannels; e.outCount = c.outChannels
                e.kernel = c.kernel; e.stride = c.stride; e.padding = c.padding; e.weightBits = c.weightBits
                e.weight = "\(i).weight"; e.bias = c.bias.map(\.description)
                tensors["\(i).weight"] = Self.store(c.weight, shape: [c.kernel, c.kernel, c.inChannels, c.outChannels])
            case let .sumPool(k, s):
                e.kernel = k; e.stride = s
            case .flatten:
                break
            case .polynomial(let p):
                e.coefficients = p.coefficients.map { $0.map(\.description) }
            case .rescale(let k):
                e.bits = k
            }
            entries.append(e)
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
        func big(_ s: String, _ what: String) throws -> BigInt {
            guard !s.isEmpty, s.count < 200, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), let v = BigInt(s, radix: 10) else {
                throw fail(jsonURL, "\(what) '\(s.prefix(40))' is not a decimal integer")
            }
            return v
        }
        func weights(_ name: String?, _ shape: [Int]) throws -> [Int64] {
            guard let name, let t = tensors[name] else { throw fail(tensorURL, "missing tensor '\(name ?? "?")'") }
            guard t.shape == shape else { throw fail(tensorURL, "tensor '\(name)' has shape \(t.shape), the manifest says \(shape)") }
            switch t.storage {
            case .i8(let a): return a.map(Int64.init)
            case .i32(let a): return a.map(Int64.init)
            case .i64(let a): return a
            case .f32: throw fail(tensorURL, "tensor '\(name)' is F32; integer models store integer tensors")
            }
        }
        func need(_ v: Int?, _ what: String, _ i: Int) throws -> Int {
            guard let v else { throw fail(jsonURL, "layer \(i): missing '\(what)'") }
            return v
        }
        /// The stated weight width; version 1 has none (nil: inferred from the weights).
        func width(_ e: LayerEntry, _ i: Int) throws -> Int? { m.version >= 2 ? try need(e.weightBits, "weightBits", i) : nil }
        var layers: [IntegerLayer] = []
        for (i, e) in m.layers.enumerated() {
            switch e.kind {
            case "dense":
                let (n, o) = (try need(e.inCount, "inCount", i), try need(e.outCount, "outCount", i))
                layers.append(.dense(IntegerDense(inCount: n, outCount: o, weight: try weights(e.weight, [n, o]),
                                                  bias: try (e.bias ?? []).map { try big($0, "layer \(i) bias") }, weightBits: try width(e, i))))
            case "conv2d":
                let (n, o, k) = (try need(e.inCount, "inCount", i), try need(e.outCount, "outCount", i), try need(e.kernel, "kernel", i))
                layers.append(.conv2d(IntegerConv2D(inChannels: n, outChannels: o, kernel: k, stride: try need(e.stride, "stride", i),
                                                    padding: try need(e.padding, "padding", i), weight: try weights(e.weight, [k, k, n, o]),
                                                    bias: try (e.bias ?? []).map { try big($0, "layer \(i) bias") }, weightBits: try width(e, i))))
            case "sumpool": layers.append(.sumPool(window: try need(e.kernel, "kernel", i), stride: try need(e.stride, "stride", i)))
            case "flatten": layers.append(.flatten)
            case "polynomial":
                layers.append(.polynomial(IntegerPolynomial(coefficients: try (e.coefficients ?? []).map { try $0.map { try big($0, "layer \(i) coefficient") } })))
            case "rescale": layers.append(.rescale(bits: try need(e.bits, "bits", i)))
            default: throw fail(jsonURL, "layer \(i): unknown kind '\(e.kind)'")
            }
        }
        guard m.inputRange.count == 2, m.inputRange[0] <= m.inputRange[1] else { throw fail(jsonURL, "inputRange must be [low, high]") }
        self.init(inputShape: m.inputShape, inputRange: m.inputRange[0]...m.inputRange[1], layers: layers,
                  outputScale: m.outputScale, arch: m.arch)
        if let e = m.input {
            do { try e.validate(path: jsonURL.path) } catch { throw IntegerModelError("\(error)") }
            guard e.shape == inputShape, e.range == inputRange else {
                throw fail(jsonURL, "input encoding shape \(e.shape) and range \(e.range) differ from inputShape \(inputShape), inputRange \(inputRange)")
            }
            encoding = e
        }
        let analysis: [LayerAnalysis]
        do { analysis = try analyze() } catch { throw fail(jsonURL, "\(error)") }
        if let e = encoding, analysis.last?.shape != [e.classNames.count] {
            throw fail(jsonURL, "the input encoding names \(e.classNames.count) classes, the model outputs \(analysis.last?.shape ?? [])")
        }
        guard analysis.map({ $0.bound.description }) == m.bounds else {
            throw fail(jsonURL, "the recorded bounds do not match the weights (file edited or corrupt)")
        }
    }

    private static func store(_ w: [Int64], shape: [Int]) -> StoredTensor {
        w.allSatisfy({ Int64(Int8.min)...Int64(Int8.max) ~= $0 })
            ? StoredTensor(shape: shape, storage: .i8(w.map { Int8($0) }))
            : StoredTensor(shape: shape, storage: .i64(w))
    }

    private struct Manifest: Codable {
        var format: String
        var version: Int
        var arch: String
        var inputShape: [Int]
        var inputRange: [Int]
        var outputScale: Double
        var layers: [LayerEntry]
        var bounds: [String]
        /// How raw data becomes the inputs, and the class names (absent in older files).
        var input: InputEncoding?
    }

    private struct LayerEntry: Codable {
        var kind: String
        var inCount: Int?, outCount: Int?, kernel: Int?, stride: Int?, padding: Int?, bits: Int?, weightBits: Int?
        var weight: String?
        var bias: [String]?
        var coefficients: [[String]]?
        init(kind: String) { self.kind = kind }
    }
}

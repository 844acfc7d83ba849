// Parser for the architecture spec grammar documented in ArchSpec.swift. A hand-written
// scanner over characters, so every error carries the exact range of the bad token.
import Foundation
import PolyActivations

extension ArchSpec {
    /// Parses `text`; throws `SpecError` pointing at the first bad token.
    public init(parsing text: String) throws {
        let chars = Array(text)
        var layers: [LayerSpec] = [], ranges: [Range<Int>] = []
        var i = 0
        func err(_ r: Range<Int>, _ m: String) -> SpecError { SpecError(spec: text, range: r, message: m) }
        while true {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            if i == chars.count { break }
            let start = i
            while i < chars.count, chars[i].isLetter || chars[i].isNumber { i += 1 }
            let name = String(chars[start..<i]).lowercased()
            if name.isEmpty { throw err(start..<start + 1, "unexpected character '\(chars[start])', expected a layer name") }
            var args: [(text: String, range: Range<Int>)] = []
            var j = i
            while j < chars.count, chars[j] == " " { j += 1 }
            if j < chars.count, chars[j] == "(" {
                i = j + 1
                guard let close = chars[i...].firstIndex(of: ")") else {
                    throw err(start..<chars.count, "missing ')' after '\(name)('")
                }
                var argStart = i
                for k in i...close where k == close || chars[k] == "," {
                    let raw = String(chars[argStart..<k])
                    let trimmed = raw.trimmingCharacters(in: .whitespaces)
                    let lead = raw.prefix { $0 == " " }.count
                    if trimmed.isEmpty { throw err(argStart..<max(k, argStart + 1), "empty argument in '\(name)(…)'") }
                    let r = (argStart + lead)..<(argStart + lead + trimmed.count)
                    args.append((trimmed, r))
                    argStart = k + 1
                }
                i = close + 1
            }
            let range = start..<i
            layers.append(try Self.layer(name: name, args: args, range: range, err: err))
            ranges.append(range)
            if i < chars.count, !chars[i].isWhitespace {
                throw err(i..<i + 1, "unexpected '\(chars[i])' after '\(String(chars[range]))'; separate layers with spaces")
            }
        }
        if layers.isEmpty { throw err(0..<max(chars.count, 1), "empty spec: give at least one layer, e.g. `dense(10)`") }
        self.init(layers: layers)
        source = (text, ranges)
    }

    private typealias Arg = (text: String, range: Range<Int>)

    private static func layer(name: String, args: [Arg], range: Range<Int>,
                              err: (Range<Int>, String) -> SpecError) throws -> LayerSpec {
        func count(_ allowed: ClosedRange<Int>, usage: String) throws {
            guard allowed.contains(args.count) else {
                throw err(range, "'\(name)' takes \(allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound)–\(allowed.upperBound)") argument(s): \(usage)")
            }
        }
        func positive(_ a: Arg, key: String = "", min: Int = 1, what: String) throws -> Int {
            let body = key.isEmpty ? a.text : String(a.text.dropFirst(key.count))
            guard a.text.hasPrefix(key), let v = Int(body), v >= min, v <= 1 << 20 else {
                throw err(a.range, "expected \(what) as \(key.isEmpty ? "" : "'\(key)' followed by ")an integer ≥ \(min), got '\(a.text)'")
            }
            return v
        }
        func keyed(_ key: String, default d: Int, min: Int, what: String, from rest: ArraySlice<Arg>) throws -> Int {
            guard let a = rest.first(where: { $0.text.hasPrefix(key) }) else { return d }
            return try positive(a, key: key, min: min, what: what)
        }
        func checkKeys(_ rest: ArraySlice<Arg>, _ keys: [String]) throws {
            var seen = Set<String>()
            for a in rest {
                guard let k = keys.first(where: { a.text.hasPrefix($0) }) else {
                    throw err(a.range, "unknown argument '\(a.text)' (expected \(keys.map { "\($0)N" }.joined(separator: ", ")))")
                }
                if !seen.insert(k).inserted { throw err(a.range, "argument '\(k)' given twice") }
            }
        }
        switch name {
        case "dense":
            try count(1...1, usage: "dense(UNITS)")
            return .dense(units: try positive(args[0], what: "the number of units"))
        case "conv":
            try count(2...4, usage: "conv(CHANNELS,kK[,sS][,pP])")
            let c = try positive(args[0], what: "the number of output channels")
            let rest = args.dropFirst()
            try checkKeys(rest, ["k", "s", "p"])
            guard rest.contains(where: { $0.text.hasPrefix("k") }) else { throw err(range, "conv needs a kernel size, e.g. conv(\(c),k3)") }
            return .conv(channels: c, kernel: try keyed("k", default: 0, min: 1, what: "the kernel size", from: rest),
                         stride: try keyed("s", default: 1, min: 1, what: "the stride", from: rest),
                         padding: try keyed("p", default: 0, min: 0, what: "the padding", from: rest))
        case "avgpool", "sumpool":
            try count(1...2, usage: "\(name)(WINDOW[,sS])")
            let k = try positive(args[0], what: "the window size")
            try checkKeys(args.dropFirst(), ["s"])
            let s = try keyed("s", default: k, min: 1, what: "the stride", from: args.dropFirst())
            return name == "avgpool" ? .avgPool(window: k, stride: s) : .sumPool(window: k, stride: s)
        case "flatten", "bn", "relu", "sq":
            try count(0...0, usage: name)
            return ["flatten": .flatten, "bn": .batchNorm, "relu": .relu, "sq": .square][name]!
        case "quad":
            try count(0...1, usage: "quad or quad(ch)")
            if let a = args.first, a.text != "ch" { throw err(a.range, "expected 'ch' (per-channel coefficients), got '\(a.text)'") }
            return .quadratic(perChannel: !args.isEmpty)
        case "poly":
            try count(3...3, usage: "poly(relu|gelu|silu,dDEGREE,rRANGE)")
            guard let t = FitTarget(rawValue: args[0].text) else {
                throw err(args[0].range, "unknown fit target '\(args[0].text)' (expected relu, gelu or silu)")
            }
            let d = try positive(args[1], key: "d", min: 2, what: "the degree")
            if d > 4 { throw err(args[1].range, "degree must be 2, 3 or 4, got \(d)") }
            guard args[2].text.hasPrefix("r"), let r = Double(args[2].text.dropFirst()), r > 0, r.isFinite else {
                throw err(args[2].range, "expected the fit range as 'r' followed by a positive number, e.g. r4, got '\(args[2].text)'")
            }
            return .polyFit(target: t, degree: d, range: r)
        default:
            throw err(range.lowerBound..<(range.lowerBound + name.count),
                      "unknown layer '\(name)' (expected one of: \(LayerSpec.names.joined(separator: ", ")))")
        }
    }
}

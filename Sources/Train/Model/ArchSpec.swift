// The architecture spec a person types, e.g. `conv(16,k3,p1) bn sq avgpool(2) dense(10)`:
// its layer vocabulary and canonical printing. Parsing is in ArchSpec+Parse.swift.
//
// Grammar (whitespace separates layers; spaces inside parentheses are allowed):
//
//     spec   := layer { layer }
//     layer  := name [ "(" arg { "," arg } ")" ]
//     arg    := integer | key integer | key number | word
//
//     dense(N)               fully connected, N outputs (flattens image input, NHWC order)
//     conv(C,kK[,sS][,pP])   C output channels, K×K kernel, stride S (default 1), zero padding P (default 0)
//     avgpool(K[,sS])        average pooling, K×K window, stride S (default K)
//     sumpool(K[,sS])        sum pooling (exact in integers), same arguments
//     flatten                [H, W, C] → [H·W·C]
//     bn                     batch-norm over channels (folded into the preceding linear layer for proving)
//     relu                   max(0, x) (float baselines only: expensive to prove)
//     sq                     x²
//     quad | quad(ch)        learnable a·x² + b·x + c, one triple per layer | per channel
//     poly(T,dD,rR)          least-squares fit of degree D (2–4) to T ∈ {relu, gelu, silu} on [−R, R]
//
// Canonical form omits default arguments, so spec → model → spec round-trips.
import PolyActivations

/// One layer of an architecture spec.
public enum LayerSpec: Hashable, Sendable {
    case dense(units: Int)
    case conv(channels: Int, kernel: Int, stride: Int, padding: Int)
    case avgPool(window: Int, stride: Int)
    case sumPool(window: Int, stride: Int)
    case flatten
    case batchNorm
    case relu
    case square
    case quadratic(perChannel: Bool)
    case polyFit(target: FitTarget, degree: Int, range: Double)

    /// Names accepted by the parser, in the order shown in error messages.
    public static let names = ["dense", "conv", "avgpool", "sumpool", "flatten", "bn", "relu", "sq", "quad", "poly"]
}

extension LayerSpec: CustomStringConvertible {
    /// The canonical token, e.g. `conv(16,k3,p1)`.
    public var description: String {
        switch self {
        case .dense(let n): return "dense(\(n))"
        case let .conv(c, k, s, p):
            return "conv(\(c),k\(k)" + (s != 1 ? ",s\(s)" : "") + (p != 0 ? ",p\(p)" : "") + ")"
        case let .avgPool(k, s): return "avgpool(\(k)" + (s != k ? ",s\(s)" : "") + ")"
        case let .sumPool(k, s): return "sumpool(\(k)" + (s != k ? ",s\(s)" : "") + ")"
        case .flatten: return "flatten"
        case .batchNorm: return "bn"
        case .relu: return "relu"
        case .square: return "sq"
        case .quadratic(let perChannel): return perChannel ? "quad(ch)" : "quad"
        case let .polyFit(t, d, r): return "poly(\(t.rawValue),d\(d),r\(formatNumber(r)))"
        }
    }
}

/// A whole architecture: a sequence of layers, input shape given by the dataset.
public struct ArchSpec: Hashable, Sendable, CustomStringConvertible {
    /// The layers, input first.
    public var layers: [LayerSpec]
    /// For a parsed spec: the source text and each layer's character range in it, so that
    /// later (shape) errors can point at the token.
    var source: (text: String, ranges: [Range<Int>])?

    public init(layers: [LayerSpec]) { self.layers = layers }

    /// Canonical text: layers separated by one space.
    public var description: String { layers.map(\.description).joined(separator: " ") }

    public static func == (a: ArchSpec, b: ArchSpec) -> Bool { a.layers == b.layers }
    public func hash(into h: inout Hasher) { h.combine(layers) }

    /// An error located at layer `index` (whole spec when unknown).
    func error(at index: Int, _ message: String) -> SpecError {
        if let source, index < source.ranges.count {
            return SpecError(spec: source.text, range: source.ranges[index], message: message)
        }
        let text = description
        return SpecError(spec: text, range: 0..<text.count, message: "layer \(index + 1) `\(layers[index])`: " + message)
    }
}

/// Prints 4 as "4" and 2.5 as "2.5".
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}

/// A spec that does not parse or does not fit the data, with the offending token marked.
public struct SpecError: Error, CustomStringConvertible, Equatable {
    /// The whole spec text.
    public let spec: String
    /// Character range of the offending token.
    public let range: Range<Int>
    /// What is wrong.
    public let message: String

    public var description: String {
        let caret = String(repeating: " ", count: range.lowerBound) + String(repeating: "^", count: max(range.count, 1))
        return "invalid architecture spec: \(message)\n  \(spec)\n  \(caret)"
    }
}

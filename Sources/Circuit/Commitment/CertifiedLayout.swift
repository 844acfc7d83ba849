// What a verifier needs to know about a certified circuit besides its keys (circuit.json's
// "certified" object, compiled from public information only), and the weight certificate's
// linear statement built from it — the one place that says which secret meets which base.
//
// Certified wires (the last `wires` Groth16 public inputs, never published): with an input
// layer its M outputs y_k, then β = Σ ρ_j·x_j; then every other weight and bias in model
// order (weights then biases per layer); then the blinding ν. The certificate circuit's
// public inputs: every weight and bias in model order ("certificate order"), then ν'.
// Secrets of the link: the parameters in certificate order (n), ν, ν', then ρ_0…ρ_{N−1}.
// Equations (targets): D = Σ (input layer bias of output k)·K_{y_k} + Σ (other parameter)·K
// + ν·K_ν; D' = Σ (parameter i)·K'_i + ν'·K'_n; with an input layer, for each input j,
// E_j = Σ over outputs k and their taps reading j of (weight)·K_{y_k} + ρ_j·K_β. Term
// order as written (outputs ascending, taps in the layer's order), since the link's
// transcript hashes the statement. scripts/bn254/verify_certified.py rebuilds the same.
import BigInt
import Foundation
import Prove
import Quantize
import Support

/// circuit.json's description of a certified circuit's committed wires.
public struct CertifiedLayout: Codable, Equatable, Sendable {
    /// One weighted layer's parameter counts, in model order.
    public struct Parameters: Codable, Equatable, Sendable {
        public var layer: Int
        public var weights: Int
        public var biases: Int
    }

    /// The input layer's geometry: "dense" (inCount, outCount) or "conv2d" (height, width,
    /// inChannels, outChannels, kernel, stride, padding).
    public struct InputLayer: Codable, Equatable, Sendable {
        public var layer: Int
        public var kind: String
        public var inCount, outCount: Int?
        public var height, width, inChannels, outChannels, kernel, stride, padding: Int?
    }

    /// Where the input values sit in public.json.
    public struct Pixels: Codable, Equatable, Sendable {
        public var offset: Int
        public var count: Int
    }

    /// Certified wires: the Groth16 public inputs after public.json's signals.
    public var wires: Int
    /// SHA-256 of certificate.r1cs.
    public var certificateR1CSSHA256: String
    public var parameters: [Parameters]
    public var inputLayer: InputLayer?
    /// Present exactly when `inputLayer` is.
    public var pixels: Pixels?

    /// The layout of `circuit` (certified weights), whose input values start at `pixelOffset`
    /// in public.json.
    public init(_ circuit: ModelCircuit, certificateR1CS: Data, pixelOffset: Int?) {
        let plan = circuit.plan
        wires = plan.certifiedWireCount
        certificateR1CSSHA256 = sha256Hex(certificateR1CS)
        parameters = plan.layers.enumerated().compactMap { i, p in
            p.committedLayer.map { Parameters(layer: i, weights: $0.weight.count, biases: $0.bias.count) }
        }
        if let e = plan.inputLayer, let offset = pixelOffset {
            switch plan.layers[e].layer {
            case .dense(let d): inputLayer = InputLayer(layer: e, kind: "dense", inCount: d.inCount, outCount: d.outCount)
            case .conv2d(let c):
                let shape = plan.layers[e].inputShape
                inputLayer = InputLayer(layer: e, kind: "conv2d", height: shape[0], width: shape[1], inChannels: c.inChannels,
                                        outChannels: c.outChannels, kernel: c.kernel, stride: c.stride, padding: c.padding)
            default: break
            }
            pixels = Pixels(offset: offset, count: plan.inputCount)
        }
    }

    /// The input layer as a layer with zero parameters (its taps are what matter), or nil.
    var inputWeightedLayer: (layer: any WeightedLayer, inputShape: [Int])? {
        guard let l = inputLayer else { return nil }
        if l.kind == "dense", let a = l.inCount, let b = l.outCount, a > 0, b > 0, a * b <= 1 << 26 {
            return (IntegerDense(inCount: a, outCount: b, weight: [Int64](repeating: 0, count: a * b), bias: [BigInt](repeating: 0, count: b)), [a])
        }
        if l.kind == "conv2d", let h = l.height, let w = l.width, let ci = l.inChannels, let co = l.outChannels, let k = l.kernel,
           let s = l.stride, let p = l.padding, [h, w, ci, co, k, s].allSatisfy({ $0 > 0 }), p >= 0, k <= h + 2 * p, k <= w + 2 * p,
           h * w * ci <= 1 << 24, k * k * ci * co <= 1 << 24 {
            let conv = IntegerConv2D(inChannels: ci, outChannels: co, kernel: k, stride: s, padding: p,
                                     weight: [Int64](repeating: 0, count: k * k * ci * co), bias: [BigInt](repeating: 0, count: co))
            return (conv, [h, w, ci])
        }
        return nil
    }

    /// Why the layout is inconsistent, or nil.
    public var problem: String? {
        guard !parameters.isEmpty, parameters.allSatisfy({ $0.weights >= 0 && $0.biases >= 1 && $0.weights <= 1 << 26 }) else {
            return "certified.parameters must list each weighted layer's counts"
        }
        let n = parameters.reduce(0) { $0 + $1.weights + $1.biases }
        guard let l = inputLayer else {
            return pixels == nil && wires == n + 1 ? nil : "certified.wires must be \(n + 1) (parameters and the blinding) without an input layer"
        }
        guard let (layer, shape) = inputWeightedLayer, let own = parameters.first(where: { $0.layer == l.layer }),
              own.weights == layer.weight.count, own.biases == layer.bias.count, let pixels,
              pixels.offset >= 0, pixels.count == shape.reduce(1, *) else {
            return "certified.inputLayer does not describe a dense or conv2d layer of the listed parameters and pixel count"
        }
        let outputs = layer.taps(inputShape: shape).count
        guard wires == outputs + 1 + n - own.weights - own.biases + 1 else {
            return "certified.wires must be \(outputs + 1 + n - own.weights - own.biases + 1) with this input layer"
        }
        return nil
    }

    /// The link's statement for the model key `vk` and the certificate key `certificateKey`,
    /// or nil if their public-input counts do not fit this layout.
    public func statement(vk: Groth16.VerifyingKey, certificateKey: Groth16.VerifyingKey) -> LinearStatement? {
        let n = parameters.reduce(0) { $0 + $1.weights + $1.biases }
        guard problem == nil, let k = Groth16.committedBases(vk, count: wires),
              certificateKey.publicInputCount == n + 1, let kPrime = Groth16.committedBases(certificateKey, count: n + 1) else { return nil }
        var offsets = [Int: Int](), next = 0  // layer → its first secret
        for p in parameters {
            offsets[p.layer] = next
            next += p.weights + p.biases
        }
        var d = [(secret: Int, base: G1Affine)](), wire = 0, evaluations = [[(secret: Int, base: G1Affine)]]()
        if let l = inputLayer, let (layer, shape) = inputWeightedLayer, let first = offsets[l.layer] {
            let taps = layer.taps(inputShape: shape), channels = layer.bias.count
            evaluations = [[(secret: Int, base: G1Affine)]](repeating: [], count: pixels!.count)
            for (o, row) in taps.enumerated() {
                d.append((first + layer.weight.count + o % channels, k[o]))
                for tap in row { evaluations[tap.input].append((first + tap.weight, k[o])) }
            }
            for j in evaluations.indices { evaluations[j].append((n + 2 + j, k[taps.count])) }
            wire = taps.count + 1
        }
        for p in parameters where p.layer != inputLayer?.layer {
            for i in 0..<(p.weights + p.biases) {
                d.append((offsets[p.layer]! + i, k[wire]))
                wire += 1
            }
        }
        d.append((n, k[wire]))
        let dPrime = (0..<n).map { (secret: $0, base: kPrime[$0]) } + [(secret: n + 1, base: kPrime[n])]
        return LinearStatement(secretCount: n + 2 + evaluations.count, equations: [d, dPrime] + evaluations)
    }

    /// The link's secrets for `circuit`'s model: its parameters in certificate order, the two
    /// blindings, the evaluation blindings.
    public static func secrets(of circuit: ModelCircuit, blinding: Fr, certificateBlinding: Fr, evaluationBlindings: [Fr]) -> [Fr] {
        var values = [Fr]()
        for p in circuit.plan.layers {
            guard let layer = p.committedLayer else { continue }
            values += layer.weight.map { Fr(Int($0)) } + layer.bias.map { Fr(signed: $0) }
        }
        return values + [blinding, certificateBlinding] + evaluationBlindings
    }

    /// The model's verification key with the certificate folded in: IC₀ + D, each input
    /// value's ICⱼ + E_j, the certified wires' points dropped — an ordinary Groth16 key for
    /// public.json alone, which a stock verifier (snarkjs, a Solidity or Vyper contract) can
    /// use once the certificate has been checked; nil if the counts do not fit.
    public func foldedKey(_ vk: Groth16.VerifyingKey, _ certificate: Groth16.WeightCertificate) -> Groth16.VerifyingKey? {
        let published = vk.publicInputCount - wires
        guard published >= 0, certificate.inputEvaluations.count == (pixels?.count ?? 0),
              (pixels.map { $0.offset + $0.count <= published } ?? true) else { return nil }
        var ic = Array(vk.gammaABCG1[0...published])
        ic[0] = (G1Jacobian(ic[0]) + G1Jacobian(certificate.commitment)).toAffine()
        for (j, e) in certificate.inputEvaluations.enumerated() {
            let i = 1 + pixels!.offset + j
            ic[i] = (G1Jacobian(ic[i]) + G1Jacobian(e)).toAffine()
        }
        var folded = vk
        folded.gammaABCG1 = ic
        return folded
    }

    /// What stands for the certified wires in the verifier's input sum: D + Σ_j x_j·E_j, with
    /// x_j the input values in `publics` (public.json).
    public func committedSum(_ certificate: Groth16.WeightCertificate, publics: [Fr]) -> G1Affine? {
        guard let pixels else { return certificate.inputEvaluations.isEmpty ? certificate.commitment : nil }
        guard certificate.inputEvaluations.count == pixels.count, pixels.offset + pixels.count <= publics.count else { return nil }
        let x = Array(publics[pixels.offset..<(pixels.offset + pixels.count)])
        let sum: G1Jacobian = MSM.pippenger(certificate.inputEvaluations, x) ?? .zero
        return (sum + G1Jacobian(certificate.commitment)).toAffine()
    }
}

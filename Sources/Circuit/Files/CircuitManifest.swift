// circuit.json: what a compiled model circuit is — its options, input, the layout of its
// public signals (so a verifier knows what public.json means), the published weight
// commitment, the digests of its constraints and its cost per stage. Written by `zktrain
// compile`, read by setup, prove, verify --circuit and bench.
//
// Two digests: `r1csSHA256`, the SHA-256 of model.r1cs as written (what `sha256sum` prints),
// names the circuit cryptographically — a verifier who compiles the model's public
// description (`zktrain describe`) compares it with the owner's; `constraintsDigest`, 64
// bits kept up to date while constraints are added, is what proving.key stores so that
// `prove` can tell a key was made for its constraints at no cost (a consistency check).
// With certified weights circuit.json also describes the certified wires (the last public
// inputs of the Groth16 key, which public.json leaves out and the published commitments
// stand for) and names the certificate circuit (certificate.r1cs): CertifiedLayout.
import Foundation
import Prove
import Quantize
import Support

/// One run of public signals in public.json, in order.
public struct PublicSignalGroup: Codable, Equatable, Sendable {
    /// "logits", "label", "weight commitment", "input commitment", "input".
    public var name: String
    public var count: Int
    /// How to read the values.
    public var meaning: String
}

/// The contents of circuit.json.
public struct CircuitManifest: Codable, Equatable, Sendable {
    public static let fileName = "circuit.json"
    public static let r1csName = "model.r1cs"
    /// The certificate circuit's file (certified weights).
    public static let certificateR1CSName = "certificate.r1cs"
    /// Version 4 added `r1csSHA256`. Version 3: `constraintsDigest` is `Groth16.circuitDigest`
    /// version 3 (version 2 held digest version 2, version 1 a digest of its own).
    public static let format = "zktrain-circuit", version = 4

    public var format = CircuitManifest.format
    public var version = CircuitManifest.version
    /// The model's architecture spec (informational).
    public var arch: String
    public var options: CircuitOptions
    public var inputShape: [Int]
    /// [lowest, highest] input value.
    public var inputRange: [Int]
    /// Float value of one unit of the logits.
    public var outputScale: Double
    /// public.json's layout, in order.
    public var publicSignals: [PublicSignalGroup]
    /// Committed weights: the model commitment every proof must carry (decimal).
    public var weightCommitment: String?
    /// `Groth16.circuitDigest` of the constraint system (16 hex digits), the digest the
    /// proving key stores: `prove` compares it before loading the key.
    public var constraintsDigest: String
    /// SHA-256 of model.r1cs (64 hex digits): the circuit's cryptographic name.
    public var r1csSHA256: String
    /// Certified weights: the certified wires and the certificate circuit; `nil` otherwise.
    public var certified: CertifiedLayout?
    public var cost: CircuitCost

    /// The manifest of `circuit`, compiled to `system`, whose model.r1cs is `r1cs`.
    /// `certificateR1CS`: certificate.r1cs, with certified weights.
    public init(_ circuit: ModelCircuit, system: ConstraintSystem, r1cs: Data, cost: CircuitCost, weightCommitment: Fr?,
                certificateR1CS: Data? = nil) {
        let plan = circuit.plan, options = plan.options
        arch = circuit.model.arch
        self.options = options
        inputShape = plan.inputShape
        inputRange = [circuit.model.inputRange.lowerBound, circuit.model.inputRange.upperBound]
        outputScale = circuit.model.outputScale
        var groups = [PublicSignalGroup]()
        if options.output.publishesLogits {
            groups.append(PublicSignalGroup(name: "logits", count: plan.outputCount,
                                            meaning: "integer logits (negative x is written r − |x|); one unit is \(circuit.model.outputScale)"))
        }
        if options.output.publishesLabel {
            groups.append(PublicSignalGroup(name: "label", count: 1, meaning: "the predicted class, argmax of the logits (first on ties)"))
        }
        if options.weights == .committed {
            groups.append(PublicSignalGroup(name: "weight commitment", count: 1, meaning: "Poseidon commitment to the weights (zktrain commit)"))
        }
        if options.input == .committed {
            groups.append(PublicSignalGroup(name: "input commitment", count: 1, meaning: "Poseidon commitment to the input"))
        }
        if options.input == .public {
            groups.append(PublicSignalGroup(name: "input", count: plan.inputCount,
                                            meaning: "input values, row-major \(plan.inputShape); a verifier must check each is in \(circuit.model.inputRange)"))
        }
        publicSignals = groups
        self.weightCommitment = weightCommitment?.description
        constraintsDigest = Self.hex(Groth16.circuitDigest(system))
        r1csSHA256 = sha256Hex(r1cs)
        self.cost = cost
        if options.weights == .certified, let certificateR1CS {
            certified = CertifiedLayout(circuit, certificateR1CS: certificateR1CS, pixelOffset: offset(of: "input"))
        }
    }

    /// The circuit directory a user named, as the directory itself or as its circuit.json.
    public static func directory(of url: URL) -> URL {
        url.lastPathComponent == fileName ? url.deletingLastPathComponent() : url
    }

    /// Reads and checks `dir/circuit.json`.
    public init(contentsOf dir: URL) throws {
        let url = dir.appendingPathComponent(Self.fileName)
        try ArtifactSet.recover(in: dir)
        let data: Data
        do { data = try readFileData(url, limit: 1 << 24) } catch let e as FormatError {
            throw FormatError(path: url.path, problem: "\(e.problem) (is \(dir.path) a circuit directory from `zktrain compile`?)")
        }
        do { self = try StrictJSON.decode(CircuitManifest.self, from: data, path: url.path) } catch let e as FormatError {
            throw FormatError(path: url.path, problem: "not a valid circuit manifest: \(e.problem)")
        }
        guard format == Self.format, version == Self.version else {
            let remedy = format == Self.format && version < Self.version
                ? " (compiled by an older ZKTrain: run `zktrain compile` and `zktrain setup` again)" : ""
            throw FormatError(path: url.path,
                              problem: "format \(format) version \(version), expected \(Self.format) version \(Self.version)\(remedy)")
        }
        guard inputRange.count == 2, inputRange[0] <= inputRange[1] else {
            throw FormatError(path: url.path, problem: "inputRange \(inputRange) is not [lowest, highest]")
        }
        guard [1, 3].contains(inputShape.count), inputShape.allSatisfy({ $0 > 0 }), CheckedSize.product(inputShape, limit: CheckedSize.valueLimit) != nil else {
            throw FormatError(path: url.path, problem: "inputShape \(inputShape) is not [features] or [height, width, channels] of at most 2^24 values")
        }
        let names: [String] = publicSignals.map(\.name), maximum: Int = CheckedSize.valueLimit
        let known = publicSignals.allSatisfy { (group: PublicSignalGroup) -> Bool in
            group.count >= 0 && group.count <= maximum && Self.signalNames.contains(group.name)
        }
        guard known, Set(names).count == names.count else {
            throw FormatError(path: url.path, problem: "publicSignals must be distinct groups named \(Self.signalNames.joined(separator: ", ")) of 0…2^24 values")
        }
        let inputCount: Int = inputShape.reduce(1, *)
        if let input = publicSignals.first(where: { $0.name == "input" }), input.count != inputCount {
            throw FormatError(path: url.path, problem: "publicSignals has \(input.count) input values, inputShape \(inputShape) needs \(inputCount)")
        }
        guard r1csSHA256.count == 64, r1csSHA256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw FormatError(path: url.path, problem: "r1csSHA256 is not 64 lowercase hex digits")
        }
        guard (options.weights == .certified) == (certified != nil) else {
            throw FormatError(path: url.path, problem: "certified must be present exactly when weights are certified")
        }
        if let certified {
            guard certified.wires >= 1, certified.wires <= maximum, certified.certificateR1CSSHA256.count == 64,
                  certified.certificateR1CSSHA256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw FormatError(path: url.path, problem: "certified.wires must be 1…2^24 and certificateR1CSSHA256 64 lowercase hex digits")
            }
            if let problem = certified.problem { throw FormatError(path: url.path, problem: problem) }
            if let pixels = certified.pixels, offset(of: "input") != pixels.offset {
                throw FormatError(path: url.path, problem: "certified.pixels.offset is not where public.json's input values start")
            }
        }
        if let c = weightCommitment, Fr(decimal: c) == nil {
            throw FormatError(path: url.path, problem: "weightCommitment is not a decimal field element below r")
        }
    }

    /// The bytes of circuit.json (written with model.r1cs as one `ArtifactSet`).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// A digest as circuit.json writes it.
    public static func hex(_ digest: UInt64) -> String {
        let digits = String(digest, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Throws unless `r1cs` (the bytes of `dir`'s model.r1cs) is the file this manifest names.
    public func checkR1CS(_ r1cs: Data, in dir: URL) throws {
        let found = sha256Hex(r1cs)
        guard found == r1csSHA256 else {
            throw FormatError(path: dir.appendingPathComponent(Self.r1csName).path,
                              problem: "SHA-256 \(found) differs from circuit.json's r1csSHA256 \(r1csSHA256): the constraints are not those compiled; compile again")
        }
    }

    /// The names a group of public signals may have.
    public static let signalNames = ["logits", "label", "weight commitment", "input commitment", "input"]

    /// Total public signals.
    public var publicCount: Int { publicSignals.reduce(0) { $0 + $1.count } }

    /// One name per public signal, in public.json's order: "logits[3]", "label", "weight
    /// commitment", "input[0]", … (a group of one is named without an index).
    public var publicSignalNames: [String] {
        publicSignals.flatMap { group in group.count == 1 ? [group.name] : (0..<group.count).map { "\(group.name)[\($0)]" } }
    }

    /// Index in public.json of the first signal of group `name`, if present.
    public func offset(of name: String) -> Int? {
        var offset = 0
        for group in publicSignals {
            if group.name == name { return offset }
            offset += group.count
        }
        return nil
    }
}

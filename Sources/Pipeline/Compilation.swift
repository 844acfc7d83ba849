// Compiling a model to its circuit, the model's public description, the weight commitment,
// and the single-party setup, as library calls (`zktrain compile`, `describe`, `commit`,
// `setup`). The compiled files are one ArtifactSet (model.r1cs + circuit.json), the keys another.
import Circuit
import Foundation
import Prove
import Quantize
import Support

/// What compiling a model produced.
public struct CompilationReport: Sendable {
    /// The exact cost of every stage (equal to the compiled constraint system's).
    public var cost: CircuitCost
    /// The weight commitment recorded in circuit.json (committed weights from a model directory).
    public var weightCommitment: Fr?
    /// SHA-256 of model.r1cs, as circuit.json records it.
    public var r1csSHA256: String
    public var seconds: Double
}

extension Pipeline {
    /// Compiles the model in `model` with `options` into `out` (model.r1cs, circuit.json).
    /// `model` is a model directory or a public description (`describe`), which compiles with
    /// committed or certified weights only and to the same files but for the commitment. With
    /// certified weights certificate.r1cs is written too (WeightCertificateCircuit). With committed
    /// weights and a model directory, MODEL/commitment.json is created (a CSPRNG blinding) if
    /// missing and the commitment is recorded in circuit.json.
    /// - Throws: if the model's bounds do not fit the field, or the cost model disagrees with
    ///   the compiled system (an internal error).
    public static func compile(model: URL, options: CircuitOptions, out: URL) throws -> CompilationReport {
        let described = IntegerModel.isPublicDescription(model)
        guard !described || options.weights.isPrivate else {
            throw PipelineError("\(model.path) is a public description, which holds no weights: compile it with --weights committed "
                                + "or certified (with public weights the weights are part of the circuit; compile the model directory)")
        }
        let integer = described ? try IntegerModel(describedBy: model) : try ModelDirectory(model).model
        let circuit = try ModelCircuit(model: integer, options: options)
        var commitment: Fr?
        if options.weights == .committed, !described {
            commitment = Fr(decimal: try WeightSecret.loadOrCreate(in: model, for: circuit).secret.commitment)
        }
        let start = Date()
        let lowered = circuit.compile()
        let system = lowered.builder.system
        let cost = CostModel.cost(of: circuit.plan)
        guard cost.stages == lowered.stages else {
            throw PipelineError("internal error: the cost model disagrees with the compiled circuit; please report this model")
        }
        let r1cs = try R1CSFile.encode(system, path: CircuitManifest.r1csName)
        var certificateR1CS: Data?
        if options.weights == .certified {
            let certificate = try WeightCertificateCircuit(circuit).compile().system
            certificateR1CS = try R1CSFile.encode(certificate, path: CircuitManifest.certificateR1CSName)
        }
        let manifest = CircuitManifest(circuit, system: system, r1cs: r1cs, cost: cost, weightCommitment: commitment,
                                       certificateR1CS: certificateR1CS)
        var files = try ArtifactSet(in: out)
        try files.add(CircuitManifest.r1csName, r1cs)
        if let certificateR1CS { try files.add(CircuitManifest.certificateR1CSName, certificateR1CS) }
        try files.add(CircuitManifest.fileName, try manifest.encoded())
        try files.commit()
        return CompilationReport(cost: cost, weightCommitment: commitment, r1csSHA256: manifest.r1csSHA256,
                                 seconds: Date().timeIntervalSince(start))
    }

    /// Writes the public description of the model in `model` (a model directory) to `out`
    /// (atomically): what a verifier needs to compile its committed-weights circuit.
    public static func describe(model: URL, out: URL) throws {
        try writeAtomically(try ModelDirectory(model).model.publicDescription(), to: out)
    }

    /// The weight commitment of the model in `model` (created with a fresh blinding on first use).
    public static func commitment(model: URL) throws -> String {
        let circuit = try ModelCircuit(model: try ModelDirectory(model).model, options: CircuitOptions(weights: .committed))
        return try WeightSecret.loadOrCreate(in: model, for: circuit).secret.commitment
    }

    /// Single-party Groth16 setup of the compiled circuit in `circuit`: writes proving.key and
    /// verification_key.json there (with certified weights also certificate.key and
    /// certificate_vk.json, for certificate.r1cs; all four as one set). Whoever runs it can
    /// forge proofs (Groth16.singlePartySetupWarning). Returns the constraint system's size,
    /// for a progress line.
    @discardableResult
    public static func setup(circuit: URL, willStart: (ConstraintSystem) -> Void = { _ in }) throws -> ConstraintSystem {
        let manifest = try CircuitManifest(contentsOf: circuit)
        let r1csURL = circuit.appendingPathComponent(CircuitManifest.r1csName)
        let r1cs = try readFileData(r1csURL)
        try manifest.checkR1CS(r1cs, in: circuit)
        let system = try R1CSFile.decode(r1cs, path: r1csURL.path)
        guard CircuitManifest.hex(Groth16.circuitDigest(system)) == manifest.constraintsDigest else {
            throw PipelineError("\(circuit.path)/\(CircuitManifest.r1csName) does not match \(CircuitManifest.fileName) (digest differs); compile again")
        }
        let certificate = try manifest.certificateSystem(in: circuit)
        willStart(system)
        var files = try ArtifactSet(in: circuit)
        try Groth16.setup(system).add(to: &files)
        if let certificate {
            try Groth16.setup(certificate).add(to: &files, keyName: WeightCertification.keyName, verifyingKeyName: WeightCertification.verifyingKeyName)
        }
        try files.commit()
        return system
    }
}

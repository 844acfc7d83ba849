// Compiling a model to its circuit, the weight commitment, and the single-party setup, as
// library calls (`zktrain compile`, `commit`, `setup`). The compiled files are one ArtifactSet
// (model.r1cs + circuit.json), the keys another.
import Circuit
import Foundation
import Prove
import Support

/// What compiling a model produced.
public struct CompilationReport: Sendable {
    /// The exact cost of every stage (equal to the compiled constraint system's).
    public var cost: CircuitCost
    /// The weight commitment recorded in circuit.json (committed weights only).
    public var weightCommitment: Fr?
    public var seconds: Double
}

extension Pipeline {
    /// Compiles the model in `model` with `options` into `out` (model.r1cs, circuit.json).
    /// With committed weights, MODEL/commitment.json is created (a CSPRNG blinding) if missing
    /// and the commitment is recorded in circuit.json.
    /// - Throws: if the model's bounds do not fit the field, or the cost model disagrees with
    ///   the compiled system (an internal error).
    public static func compile(model: URL, options: CircuitOptions, out: URL) throws -> CompilationReport {
        let integer = try ModelDirectory(model).model
        let circuit = try ModelCircuit(model: integer, options: options)
        var commitment: Fr?
        if options.weights == .committed {
            commitment = Fr(decimal: try WeightSecret.loadOrCreate(in: model, for: circuit).secret.commitment)
        }
        let start = Date()
        let lowered = circuit.compile()
        let system = lowered.builder.system
        let cost = CostModel.cost(of: circuit.plan)
        guard cost.stages == lowered.stages else {
            throw PipelineError("internal error: the cost model disagrees with the compiled circuit; please report this model")
        }
        var files = try ArtifactSet(in: out)
        try files.add(CircuitManifest.r1csName, try R1CSFile.encode(system, path: CircuitManifest.r1csName))
        try files.add(CircuitManifest.fileName, try CircuitManifest(circuit, system: system, cost: cost, weightCommitment: commitment).encoded())
        try files.commit()
        return CompilationReport(cost: cost, weightCommitment: commitment, seconds: Date().timeIntervalSince(start))
    }

    /// The weight commitment of the model in `model` (created with a fresh blinding on first use).
    public static func commitment(model: URL) throws -> String {
        let circuit = try ModelCircuit(model: try ModelDirectory(model).model, options: CircuitOptions(weights: .committed))
        return try WeightSecret.loadOrCreate(in: model, for: circuit).secret.commitment
    }

    /// Single-party Groth16 setup of the compiled circuit in `circuit`: writes proving.key and
    /// verification_key.json there. Whoever runs it can forge proofs (Groth16.singlePartySetupWarning).
    /// Returns the constraint system's size, for a progress line.
    @discardableResult
    public static func setup(circuit: URL, willStart: (ConstraintSystem) -> Void = { _ in }) throws -> ConstraintSystem {
        let manifest = try CircuitManifest(contentsOf: circuit)
        let system = try R1CSFile.read(from: circuit.appendingPathComponent(CircuitManifest.r1csName))
        guard CircuitManifest.hex(Groth16.circuitDigest(system)) == manifest.constraintsDigest else {
            throw PipelineError("\(circuit.path)/\(CircuitManifest.r1csName) does not match \(CircuitManifest.fileName) (digest differs); compile again")
        }
        willStart(system)
        try Groth16.setup(system).writeKeyPair(in: circuit)
        return system
    }
}

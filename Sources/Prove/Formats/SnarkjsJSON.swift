// snarkjs's JSON files for Groth16 over BN254: `verification_key.json`, `proof.json` and
// `public.json`. Readers validate everything (field ranges, curve equations, G2 subgroup,
// public inputs < r) before a point reaches a pairing. Parsing and printing helpers are
// in SnarkjsJSON+Coding.swift. Not a general JSON library; PLONK/FFLONK keys are rejected.

import Foundation
import Support

/// Reads and writes Groth16 keys, proofs and public inputs in snarkjs's JSON layout.
///
/// Points are projective decimal strings: G1 `["x", "y", "1"]`, G2
/// `[["x.c0", "x.c1"], ["y.c0", "y.c1"], ["1", "0"]]`, infinity G1 `["0", "1", "0"]`
/// (G2 `[["0", "0"], ["1", "0"], ["0", "0"]]`). Writers always emit z = 1 (or the
/// infinity form). Readers accept any z ≠ 0 as Jacobian coordinates (x/z², y/z³, how
/// snarkjs's ffjavascript reads them) and z = 0 as infinity.
public enum SnarkjsJSON {
    // MARK: Verifying key

    /// `verification_key.json`: protocol, curve, nPublic, vk_alpha_1, vk_beta_2, vk_gamma_2,
    /// vk_delta_2, vk_alphabeta_12 (the value snarkjs computes, `Pairing.snarkjsPairing`) and IC.
    /// `annotations` are string fields written after IC (snarkjs and `readVerifyingKey` ignore them).
    /// - Throws: `FormatError` if the key has no IC point (it needs one per public input plus one).
    public static func encode(_ vk: Groth16.VerifyingKey, annotations: [(name: String, value: String)] = []) throws -> Data {
        guard !vk.gammaABCG1.isEmpty else {
            throw FormatError(path: "verification_key.json", problem: "verifying key has no IC points (needs nPublic + 1)")
        }
        let alphaBeta = Pairing.snarkjsPairing(vk.alphaG1, vk.betaG2)
        let object = JSONText.object([
            ("protocol", .string("groth16")),
            ("curve", .string("bn128")),
            ("nPublic", .number(vk.publicInputCount)),
            ("vk_alpha_1", g1JSON(vk.alphaG1)),
            ("vk_beta_2", g2JSON(vk.betaG2)),
            ("vk_gamma_2", g2JSON(vk.gammaG2)),
            ("vk_delta_2", g2JSON(vk.deltaG2)),
            ("vk_alphabeta_12", fq12JSON(alphaBeta)),
            ("IC", .array(vk.gammaABCG1.map(g1JSON))),
        ] + annotations.map { ($0.name, .string($0.value)) })
        return object.data
    }

    /// Parses and validates `verification_key.json`. `protocol` must be "groth16" and `curve`
    /// "bn128"; IC must hold nPublic + 1 points; α, β, γ, δ must not be infinity; G2 points
    /// must lie in the order-r subgroup. `vk_alphabeta_12` is ignored (verifiers recompute it).
    /// - Throws: `FormatError` naming `path` and the offending field.
    public static func decodeVerifyingKey(_ data: Data, path: String) throws -> Groth16.VerifyingKey {
        let file = try decodeJSON(VerifyingKeyFile.self, from: data, path: path)
        let parser = PointParser(path: path)
        try parser.expect(file.protocolName, "groth16", field: "protocol")
        try parser.expect(file.curve, "bn128", field: "curve")
        guard (0..<maximumPublicInputs).contains(file.nPublic) else {
            throw parser.error("nPublic is \(file.nPublic), expected 0…\(maximumPublicInputs - 1)")
        }
        guard file.ic.count == file.nPublic + 1 else {
            throw parser.error("IC has \(file.ic.count) points, expected nPublic + 1 = \(file.nPublic + 1)")
        }
        let alpha = try parser.g1(file.alpha, field: "vk_alpha_1", allowInfinity: false)
        let beta = try parser.g2(file.beta, field: "vk_beta_2", allowInfinity: false)
        let gamma = try parser.g2(file.gamma, field: "vk_gamma_2", allowInfinity: false)
        let delta = try parser.g2(file.delta, field: "vk_delta_2", allowInfinity: false)
        let ic = try file.ic.enumerated().map { try parser.g1($1, field: "IC[\($0)]", allowInfinity: true) }
        return Groth16.VerifyingKey(alphaG1: alpha, betaG2: beta, gammaG2: gamma, deltaG2: delta, gammaABCG1: ic)
    }

    /// The most public inputs a key may declare (2^24), far beyond any circuit's.
    public static let maximumPublicInputs = CheckedSize.valueLimit

    // MARK: Proof

    /// `proof.json`: pi_a, pi_b, pi_c, protocol "groth16", curve "bn128".
    public static func encode(_ proof: Groth16.Proof) throws -> Data {
        JSONText.object([
            ("pi_a", g1JSON(proof.a)),
            ("pi_b", g2JSON(proof.b)),
            ("pi_c", g1JSON(proof.c)),
            ("protocol", .string("groth16")),
            ("curve", .string("bn128")),
        ]).data
    }

    /// Parses and validates `proof.json`: points on their curves, `pi_b` in the G2 subgroup,
    /// `protocol`/`curve` (optional, as in older snarkjs files) "groth16"/"bn128" if present.
    /// - Throws: `FormatError` naming `path` and the offending field.
    public static func decodeProof(_ data: Data, path: String) throws -> Groth16.Proof {
        let file = try decodeJSON(ProofFile.self, from: data, path: path)
        let parser = PointParser(path: path)
        if file.protocolName != nil { try parser.expect(file.protocolName, "groth16", field: "protocol") }
        if file.curve != nil { try parser.expect(file.curve, "bn128", field: "curve") }
        let a = try parser.g1(file.a, field: "pi_a", allowInfinity: true)
        let b = try parser.g2(file.b, field: "pi_b", allowInfinity: true)
        let c = try parser.g1(file.c, field: "pi_c", allowInfinity: true)
        return Groth16.Proof(a: a, b: b, c: c)
    }

    // MARK: Public inputs

    /// `public.json`: the public signals (outputs then inputs) as decimal strings.
    public static func encodePublicInputs(_ inputs: [Fr]) throws -> Data {
        JSONText.array(inputs.map { .string($0.description) }).data
    }

    /// Parses `public.json`: an array of decimal strings (digits only, no sign, at most 80
    /// characters), each below r.
    /// - Throws: `FormatError` naming `path` and the offending entry.
    public static func decodePublicInputs(_ data: Data, path: String) throws -> [Fr] {
        let strings = try decodeJSON([String].self, from: data, path: path)
        let parser = PointParser(path: path)
        return try strings.enumerated().map { index, text in
            guard let value = parser.decimal(text, as: Fr.self) else {
                throw parser.error("public input [\(index)] \(PointParser.quoted(text)) is not a decimal integer below r")
            }
            return value
        }
    }

    // MARK: Files
    // Readers first finish an interrupted `ArtifactSet` commit in the file's folder (a proof
    // and its public inputs, or a key pair, are written as one set).

    /// Reads and validates a `verification_key.json`.
    public static func readVerifyingKey(from url: URL) throws -> Groth16.VerifyingKey {
        try ArtifactSet.recover(in: url.deletingLastPathComponent())
        return try decodeVerifyingKey(readFileData(url, limit: 1 << 30), path: url.path)
    }
    /// Reads and validates a `proof.json`.
    public static func readProof(from url: URL) throws -> Groth16.Proof {
        try ArtifactSet.recover(in: url.deletingLastPathComponent())
        return try decodeProof(readFileData(url, limit: 1 << 20), path: url.path)
    }
    /// Reads and validates a `public.json`.
    public static func readPublicInputs(from url: URL) throws -> [Fr] {
        try ArtifactSet.recover(in: url.deletingLastPathComponent())
        return try decodePublicInputs(readFileData(url, limit: 1 << 30), path: url.path)
    }
    /// Writes `verification_key.json` atomically.
    public static func write(_ vk: Groth16.VerifyingKey, to url: URL) throws {
        try writeAtomically(encode(vk), to: url)
    }
    /// Writes `proof.json` atomically.
    public static func write(_ proof: Groth16.Proof, to url: URL) throws {
        try writeAtomically(encode(proof), to: url)
    }
    /// Writes `public.json` atomically.
    public static func writePublicInputs(_ inputs: [Fr], to url: URL) throws {
        try writeAtomically(encodePublicInputs(inputs), to: url)
    }
}

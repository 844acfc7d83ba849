// `weights.certificate.json`: a weight certificate (Commitment/WeightCertificate.swift) in
// snarkjs's point spelling:
//   {"format": "zktrain.weight-certificate", "version": 2,
//    "commitment": G1, "inputEvaluations": [G1, …], "certificateCommitment": G1,
//    "rangeProof": {"pi_a", "pi_b", "pi_c", "protocol", "curve"},
//    "link": {"commitments": [G1, …], "responses": ["decimal", …]}}
// The reader checks every point (curve, subgroup) and every response (< r) and names the
// field of the first problem.
import Foundation
import Support

extension Groth16.WeightCertificate {
    public static let format = "zktrain.weight-certificate", version = 2, fileName = "weights.certificate.json"

    private struct File: Decodable {
        var format: String
        var version: Int
        var commitment: [String]
        var inputEvaluations: [[String]]
        var certificateCommitment: [String]
        var rangeProof: SnarkjsJSON.ProofFile
        var link: Link
        struct Link: Decodable {
            var commitments: [[String]]
            var responses: [String]
        }
    }

    /// The JSON bytes.
    public func encoded() -> Data {
        JSONText.object([
            ("format", .string(Self.format)),
            ("version", .number(Self.version)),
            ("commitment", SnarkjsJSON.g1JSON(commitment)),
            ("inputEvaluations", .array(inputEvaluations.map(SnarkjsJSON.g1JSON))),
            ("certificateCommitment", SnarkjsJSON.g1JSON(certificateCommitment)),
            ("rangeProof", .object([("pi_a", SnarkjsJSON.g1JSON(rangeProof.a)), ("pi_b", SnarkjsJSON.g2JSON(rangeProof.b)),
                                    ("pi_c", SnarkjsJSON.g1JSON(rangeProof.c)), ("protocol", .string("groth16")), ("curve", .string("bn128"))])),
            ("link", .object([("commitments", .array(link.commitments.map(SnarkjsJSON.g1JSON))),
                              ("responses", .strings(link.responses.map(\.description)))])),
        ]).data
    }

    /// Parses and validates a certificate; throws a `FormatError` naming `path` and the field.
    public init(decoding data: Data, path: String) throws {
        let file = try SnarkjsJSON.decodeJSON(File.self, from: data, path: path)
        let parser = SnarkjsJSON.PointParser(path: path)
        guard file.format == Self.format, file.version == Self.version else {
            throw parser.error("format \(PointParser.quoted(file.format)) version \(file.version), expected \(Self.format) version \(Self.version)")
        }
        let responses = try file.link.responses.enumerated().map { i, text in
            guard let value = parser.decimal(text, as: Fr.self) else {
                throw parser.error("link.responses[\(i)] \(PointParser.quoted(text)) is not a decimal integer below r")
            }
            return value
        }
        let evaluations = try file.inputEvaluations.enumerated().map { i, point in
            try parser.g1(point, field: "inputEvaluations[\(i)]", allowInfinity: true)
        }
        let commitments = try file.link.commitments.enumerated().map { i, point in
            try parser.g1(point, field: "link.commitments[\(i)]", allowInfinity: true)
        }
        if let name = file.rangeProof.protocolName { try parser.expect(name, "groth16", field: "rangeProof.protocol") }
        if let curve = file.rangeProof.curve { try parser.expect(curve, "bn128", field: "rangeProof.curve") }
        self.init(commitment: try parser.g1(file.commitment, field: "commitment", allowInfinity: true),
                  inputEvaluations: evaluations,
                  certificateCommitment: try parser.g1(file.certificateCommitment, field: "certificateCommitment", allowInfinity: true),
                  rangeProof: Groth16.Proof(a: try parser.g1(file.rangeProof.a, field: "rangeProof.pi_a", allowInfinity: true),
                                            b: try parser.g2(file.rangeProof.b, field: "rangeProof.pi_b", allowInfinity: true),
                                            c: try parser.g1(file.rangeProof.c, field: "rangeProof.pi_c", allowInfinity: true)),
                  link: WeightLink(commitments: commitments, responses: responses))
    }

    /// Reads `url` (at most 1 GiB).
    public init(contentsOf url: URL) throws {
        try ArtifactSet.recover(in: url.deletingLastPathComponent())
        try self.init(decoding: try readFileData(url, limit: 1 << 30), path: url.path)
    }
}

private typealias PointParser = SnarkjsJSON.PointParser

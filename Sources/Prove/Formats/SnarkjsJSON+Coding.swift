// The pieces of SnarkjsJSON: Decodable shapes of the files, strict decimal and point
// parsing (range, curve and subgroup checks), and a tiny printer that lays JSON out like
// snarkjs's `JSON.stringify(value, null, 1)`. Internal; the public API is SnarkjsJSON.swift.

import Foundation
import Support

extension SnarkjsJSON {
    /// The fields of `verification_key.json` that matter; unknown fields are ignored.
    struct VerifyingKeyFile: Decodable {
        var protocolName: String?
        var curve: String?
        var nPublic: Int
        var alpha: [String]
        var beta, gamma, delta: [[String]]
        var ic: [[String]]
        enum CodingKeys: String, CodingKey {
            case protocolName = "protocol", curve, nPublic, alpha = "vk_alpha_1", beta = "vk_beta_2"
            case gamma = "vk_gamma_2", delta = "vk_delta_2", ic = "IC"
        }
    }

    /// The fields of `proof.json`.
    struct ProofFile: Decodable {
        var protocolName: String?
        var curve: String?
        var a: [String]
        var b: [[String]]
        var c: [String]
        enum CodingKeys: String, CodingKey {
            case protocolName = "protocol", curve, a = "pi_a", b = "pi_b", c = "pi_c"
        }
    }

    /// `JSONDecoder` (after `StrictJSON.check`: no duplicate keys) with its errors turned into
    /// `FormatError`s that name the field.
    static func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        try StrictJSON.check(data, path: path)
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            /// `field "IC[0][1]"`, or `the top-level value` for an empty path.
            func field(_ keys: [any CodingKey]) -> String {
                let joined = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined(separator: "")
                let name = String(joined.drop { $0 == "." })
                return name.isEmpty ? "the top-level value" : "field \"\(name)\""
            }
            let problem: String
            switch error {
            case let .keyNotFound(key, context): problem = "missing \(field(context.codingPath + [key]))"
            case let .typeMismatch(expected, context):
                problem = "\(field(context.codingPath)) has the wrong type (expected \(expected))"
            case let .valueNotFound(_, context): problem = "\(field(context.codingPath)) is null"
            case let .dataCorrupted(context):
                problem = context.codingPath.isEmpty ? "not valid JSON" : "\(field(context.codingPath)): \(context.debugDescription)"
            @unknown default: problem = "cannot decode: \(error)"
            }
            throw FormatError(path: path, problem: problem)
        }
    }

    /// Strict parsing of decimal strings and points, with errors naming the file and field.
    struct PointParser {
        let path: String

        func error(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }

        /// At most 40 characters of `text`, quoted, for messages.
        static func quoted(_ text: String) -> String {
            text.count <= 40 ? "\"\(text)\"" : "\"\(text.prefix(40))…\" (\(text.count) characters)"
        }

        func expect(_ value: String?, _ expected: String, field: String) throws {
            guard let value else { throw error("missing field \"\(field)\"") }
            guard value == expected else {
                throw error("\(field) is \(Self.quoted(value)), expected \"\(expected)\"")
            }
        }

        /// A non-negative decimal below the field's modulus: ASCII digits only, 1…80 of them.
        func decimal<F: PrimeField>(_ text: String, as type: F.Type) -> F? {
            guard (1...80).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return F(decimal: text)
        }

        func fq(_ text: String, field: String) throws -> Fq {
            guard let value = decimal(text, as: Fq.self) else {
                throw error("\(field): \(Self.quoted(text)) is not a decimal integer below p")
            }
            return value
        }

        func fq2(_ pair: [String], field: String) throws -> Fq2 {
            guard pair.count == 2 else { throw error("\(field) has \(pair.count) entries, expected 2 (c0, c1)") }
            return Fq2(try fq(pair[0], field: "\(field)[0]"), try fq(pair[1], field: "\(field)[1]"))
        }

        /// A G1 point from Jacobian ["x", "y", "z"] on the curve (G1 has cofactor 1).
        func g1(_ coordinates: [String], field: String, allowInfinity: Bool) throws -> G1Affine {
            guard coordinates.count == 3 else { throw error("\(field) has \(coordinates.count) coordinates, expected 3 (x, y, z)") }
            return try point(G1Jacobian.self, try coordinates.indices.map { try fq(coordinates[$0], field: "\(field)[\($0)]") },
                             field: field, allowInfinity: allowInfinity, infinity: #"["0", "1", "0"]"#, curve: "curve y² = x³ + 3")
        }

        /// A G2 point from Jacobian [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]; on the twist and in
        /// the order-r subgroup.
        func g2(_ coordinates: [[String]], field: String, allowInfinity: Bool) throws -> G2Affine {
            guard coordinates.count == 3 else { throw error("\(field) has \(coordinates.count) coordinates, expected 3 (x, y, z)") }
            let affine = try point(G2Jacobian.self, try coordinates.indices.map { try fq2(coordinates[$0], field: "\(field)[\($0)]") },
                                   field: field, allowInfinity: allowInfinity, infinity: #"[["0", "0"], ["1", "0"], ["0", "0"]]"#,
                                   curve: "twist y² = x³ + 3/(9+u)")
            guard affine.isInfinity || affine.isInSubgroup else { throw error("\(field) is on the twist but not in the order-r subgroup G2") }
            return affine
        }

        /// The affine point of Jacobian `xyz`, which must lie on the curve. The point at infinity
        /// must be spelt as snarkjs spells it (`infinity`, z = 0): with any z = 0 counting as
        /// infinity, an edit of one coordinate would turn a key's point into infinity and still
        /// verify every proof whose matching public input is zero.
        func point<P: JacobianPoint>(_: P.Type, _ xyz: [P.Base], field: String, allowInfinity: Bool, infinity: String,
                                     curve: String) throws -> P.Affine {
            let (x, y, z) = (xyz[0], xyz[1], xyz[2])
            if z.isZero {
                guard x.isZero && y == .one else { throw error("\(field) has z = 0 but is not the point at infinity \(infinity)") }
                guard allowInfinity else { throw error("\(field) is the point at infinity") }
                return .infinity
            }
            if z == .one {  // what snarkjs and ZKTrain write: affine already, no inversion
                let affine = P.Affine(uncheckedX: x, y: y)
                guard affine.isOnCurve else { throw error("\(field) is not on the BN254 \(curve)") }
                return affine
            }
            let point = P(x: x, y: y, z: z)
            guard point.isOnCurve else { throw error("\(field) is not on the BN254 \(curve)") }
            return point.toAffine()
        }
    }

    // MARK: Writing

    static func g1JSON(_ point: G1Affine) -> JSONText {
        point.isInfinity ? .strings(["0", "1", "0"])
            : .strings([point.x.description, point.y.description, "1"])
    }

    static func g2JSON(_ point: G2Affine) -> JSONText {
        if point.isInfinity { return .array([.strings(["0", "0"]), .strings(["1", "0"]), .strings(["0", "0"])]) }
        return .array([fq2JSON(point.x), fq2JSON(point.y), .strings(["1", "0"])])
    }

    static func fq2JSON(_ value: Fq2) -> JSONText { .strings([value.c0.description, value.c1.description]) }

    /// snarkjs's Fq12 layout: [[c00, c01, c02], [c10, c11, c12]] for (c00 + c01·v + c02·v²) + (c10 + …)·w.
    static func fq12JSON(_ value: Fq12) -> JSONText {
        .array([value.c0, value.c1].map { half in .array([half.c0, half.c1, half.c2].map(fq2JSON)) })
    }
}

/// A JSON value printed like JavaScript's `JSON.stringify(value, null, 1)` plus a final
/// newline: one-space indentation, one element per line, `[]` for empty arrays.
enum JSONText {
    case string(String)
    case number(Int)
    indirect case array([JSONText])
    indirect case object([(String, JSONText)])

    static func strings(_ values: [String]) -> JSONText { .array(values.map { .string($0) }) }

    var data: Data { Data((rendered(indent: 0) + "\n").utf8) }

    func rendered(indent: Int) -> String {
        let inner = String(repeating: " ", count: indent + 1), outer = String(repeating: " ", count: indent)
        switch self {
        case let .string(text): return Self.escaped(text)
        case let .number(value): return String(value)
        case let .array(items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n\(outer)]"
        case let .object(fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { "\(inner)\(Self.escaped($0.0)): \($0.1.rendered(indent: indent + 1))" }
                .joined(separator: ",\n") + "\n\(outer)}"
        }
    }

    static func escaped(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

// iden3's `.r1cs` binary format, version 1 (github.com/iden3/r1csfile, doc/r1cs_bin_format.md):
// header (type 1), constraints (type 2), wire-to-label map (type 3). BN254 only; coefficients
// are 32-byte little-endian integers in standard form. Custom-gate sections (types 4, 5,
// PLONK only) are rejected; other unknown sections are ignored. Constraint labels are not stored.

import Foundation
import Support

/// Reads and writes constraint systems in iden3's `.r1cs` format (what circom writes and
/// snarkjs reads).
///
/// Wire layout is the same as `ConstraintSystem`'s: 0 = constant 1, public outputs, public
/// inputs, then the rest. circom additionally counts private *inputs* (`nPrvIn`, the wires
/// right after the public ones) separately from internal wires; nothing in Groth16 depends
/// on that split (snarkjs's setup and prover use only nWires, nPubOut and nPubIn). On read,
/// every wire after the public ones is private. On write, `nPrvIn` is `privateInputCount`
/// (default 0, "no wire is declared a private input").
public enum R1CSFile {
    /// Serializes `system`. Linear combinations are written normalized (one term per wire,
    /// sorted, zeros dropped), because snarkjs keeps only the last term of a repeated wire.
    /// The label map is the identity (label i for wire i).
    /// - Parameter privateInputCount: the header's nPrvIn, 0...system.privateCount.
    /// - Throws: `FormatError` (path `path`) if a count exceeds the format's 32-bit fields
    ///   or `privateInputCount` is out of range.
    public static func encode(_ system: ConstraintSystem, privateInputCount: Int = 0,
                              path: String = "circuit.r1cs") throws -> Data {
        let limit = Int(UInt32.max)
        guard system.variableCount <= limit, system.constraints.count <= limit else {
            throw FormatError(path: path, problem: "too large for .r1cs: \(system.variableCount) wires, \(system.constraints.count) constraints (limit 2^32 − 1 each)")
        }
        guard privateInputCount >= 0, privateInputCount <= system.privateCount else {
            throw FormatError(path: path, problem: "privateInputCount \(privateInputCount) outside 0...\(system.privateCount)")
        }
        var writer = ByteWriter()
        writer.header(magic: "r1cs", version: 1, sectionCount: 3)

        let header = writer.beginSection(1)
        writer.u32(32)
        writer.bytes += BinaryContainer.frModulusBytes
        writer.u32(UInt32(system.variableCount))
        writer.u32(UInt32(system.publicOutputCount))
        writer.u32(UInt32(system.publicInputCount))
        writer.u32(UInt32(privateInputCount))
        writer.u64(UInt64(system.variableCount))  // nLabels
        writer.u32(UInt32(system.constraints.count))
        writer.endSection(header)

        let constraints = writer.beginSection(2)
        for constraint in system.constraints {
            writer.combination(constraint.a)
            writer.combination(constraint.b)
            writer.combination(constraint.c)
        }
        writer.endSection(constraints)

        let map = writer.beginSection(3)
        for wire in 0..<system.variableCount { writer.u64(UInt64(wire)) }
        writer.endSection(map)
        return Data(writer.bytes)
    }

    /// Parses and validates a `.r1cs` file. Constraint i gets the label `"r1cs[i]"`.
    /// - Throws: `FormatError` naming `path` for a bad magic, a version other than 1, a
    ///   field other than BN254's Fr, inconsistent counts, truncated or mis-sized sections,
    ///   a wire index ≥ nWires, a wire repeated within one linear combination, or a
    ///   coefficient ≥ r.
    public static func decode(_ data: Data, path: String) throws -> ConstraintSystem {
        let container = try BinaryContainer(bytes: [UInt8](data), path: path, magic: "r1cs", versions: 1...1)
        for type: UInt32 in [4, 5] where container.sections[type] != nil {
            throw FormatError(path: path, problem: "custom-gate section (type \(type)) present: custom gates (PLONK) are not supported")
        }

        var header = try container.section(1, name: "header")
        try BinaryContainer.readFieldHeader(&header)
        let wireCount = Int(try header.u32())
        let outputCount = Int(try header.u32())
        let inputCount = Int(try header.u32())
        let privateInputCount = Int(try header.u32())
        _ = try header.u64()  // nLabels: labels are not used
        let constraintCount = Int(try header.u32())
        try header.expectEnd()
        guard wireCount >= 1 + outputCount + inputCount + privateInputCount else {
            throw header.error("nWires = \(wireCount) is less than 1 + nPubOut + nPubIn + nPrvIn = \(1 + outputCount + inputCount + privateInputCount)")
        }

        var system = ConstraintSystem(publicOutputCount: outputCount, publicInputCount: inputCount,
                                      privateCount: wireCount - 1 - outputCount - inputCount)
        if constraintCount > 0 || container.sections[2] != nil {
            var reader = try container.section(2, name: "constraints")
            for index in 0..<constraintCount {
                reader.context = "constraints section (constraint \(index))"
                let a = try readCombination(&reader, wireCount: wireCount, constraint: index, name: "A")
                let b = try readCombination(&reader, wireCount: wireCount, constraint: index, name: "B")
                let c = try readCombination(&reader, wireCount: wireCount, constraint: index, name: "C")
                system.addConstraint(a, b, c, label: "r1cs[\(index)]")
            }
            reader.context = "constraints section"
            try reader.expectEnd()
        }

        if container.sections[3] != nil {
            let map = try container.section(3, name: "wire-to-label map")
            guard map.remaining == 8 * wireCount else {
                throw map.error("wire-to-label map section size mismatch: \(map.remaining) bytes, expected 8 × nWires = \(8 * wireCount)")
            }
        } else {
            // Without the map (8 bytes per wire) nothing in the file vouches for nWires; setup
            // allocates hundreds of bytes per wire, so a wire count far beyond the wires the
            // constraints mention is refused rather than trusted.
            let terms = system.constraints.reduce(0) { $0 + $1.a.terms.count + $1.b.terms.count + $1.c.terms.count }
            let limit = max(1 << 16, 1 + outputCount + inputCount + 2 * terms)
            guard wireCount <= limit else {
                throw header.error("nWires = \(wireCount), but the constraints mention only \(terms) wire terms and there is no wire-to-label map: corrupt header? (at most \(limit) accepted)")
            }
        }
        return system
    }

    /// Reads `url` and decodes it; errors name the file.
    public static func read(from url: URL) throws -> ConstraintSystem {
        try decode(readFileData(url), path: url.path)
    }

    /// Encodes `system` and writes it atomically to `url`.
    public static func write(_ system: ConstraintSystem, privateInputCount: Int = 0, to url: URL) throws {
        try writeAtomically(encode(system, privateInputCount: privateInputCount, path: url.path), to: url)
    }

    /// One linear combination: nTerms, then (wire u32, coefficient 32 bytes) per term.
    private static func readCombination(_ reader: inout ByteReader, wireCount: Int, constraint: Int,
                                        name: String) throws -> LinearCombination {
        let termCount = Int(try reader.u32())
        try reader.require(termCount * 36)
        var terms = [(variable: Int, coefficient: Fr)]()
        terms.reserveCapacity(termCount)
        var increasing = true  // circom writes sorted terms; only unsorted ones need a duplicate scan
        for _ in 0..<termCount {
            let wire = Int(try reader.u32())
            guard wire < wireCount else {
                throw reader.error("constraint \(constraint) \(name): wire \(wire) out of range (nWires = \(wireCount))")
            }
            if let last = terms.last, last.variable >= wire { increasing = false }
            let coefficient = try reader.fr("constraint \(constraint) \(name) coefficient of wire \(wire)")
            terms.append((wire, coefficient))
        }
        if !increasing {
            var seen = Set<Int>()
            for term in terms where !seen.insert(term.variable).inserted {
                throw reader.error("constraint \(constraint) \(name): wire \(term.variable) appears twice")
            }
        }
        return LinearCombination(terms: terms)
    }
}


extension ByteWriter {
    /// nTerms, then (wire u32, coefficient 32 bytes) per term of the normalized combination.
    fileprivate mutating func combination(_ combination: LinearCombination) {
        let terms = combination.normalized().terms
        u32(UInt32(terms.count))
        for term in terms {
            u32(UInt32(term.variable))
            fr(term.coefficient)
        }
    }
}

// snarkjs's Groth16 `.zkey` (snarkjs src/zkey_utils.js): an iden3 binary container, version 1,
// with sections 1 header (protocol 1 = Groth16), 2 Groth16 header (n8q, q, n8r, r, nVars,
// nPublic, domainSize, α₁, β₁, β₂, γ₂, δ₁, δ₂), 3 IC, 4 A and B coefficients, 5 A, 6 B₁, 7 B₂,
// 8 C (snarkjs's name for L), 9 H, 10 the phase-2 record (ZkeyFile+Contributions.swift). Points
// are affine with coordinates in Montgomery form (x·2^256 mod p), infinity all zeros;
// coefficients are stored as c·2^512 mod r. BN254 only. This file reads; writing is in
// ZkeyFile+Writing.swift. Reading is strict: every malformed input is a `FormatError` naming
// the file and the section. It does not check the contributions' pairings (a ceremony verifier's job).

import Foundation
import Support

/// A snarkjs Groth16 `.zkey` file: the proving key, the phase-2 ceremony record, and the order
/// its sections were stored in (so that a read file writes back byte for byte).
public struct ZkeyFile: Equatable, Sendable {
    public var key: Groth16.SnarkjsProvingKey
    /// snarkjs's `csHash`: 64 bytes (BLAKE2b-512 of the initial key, which a ceremony verifier
    /// recomputes; stored here as read, not checked).
    public var circuitHash: [UInt8]
    /// The phase-2 contributions, oldest first.
    public var contributions: [Contribution]
    /// Section types in file order: a permutation of 1…10.
    public var sectionOrder: [UInt32]

    /// The order `snarkjs zkey contribute`, `beacon` and `export`'s writer use.
    public static let sequentialOrder: [UInt32] = Array(1...10)
    /// The order `snarkjs groth16 setup` (`zkey new`) writes.
    public static let setupOrder: [UInt32] = [1, 2, 4, 3, 9, 8, 5, 6, 7, 10]

    public init(key: Groth16.SnarkjsProvingKey, circuitHash: [UInt8] = [UInt8](repeating: 0, count: 64),
                contributions: [Contribution] = [], sectionOrder: [UInt32] = ZkeyFile.sequentialOrder) {
        self.key = key
        self.circuitHash = circuitHash
        self.contributions = contributions
        self.sectionOrder = sectionOrder
    }

    /// A few lines for people: counts, section order, the contributions (kind and name).
    public var summary: [String] {
        var lines = ["Groth16 .zkey (snarkjs), BN254: \(key.variableCount) wires, \(key.publicCount) public, "
            + "domain 2^\(key.domainLogSize), \(key.matrixEntries.count) A/B coefficients",
                     "sections: \(sectionOrder.map(String.init).joined(separator: " "))"
            + (sectionOrder == Self.sequentialOrder ? " (contribute/beacon order)" : sectionOrder == Self.setupOrder ? " (setup order)" : "")]
        let fresh = key.deltaG1 == .generator ? " (δ = 1: nobody has contributed yet)" : " (δ ≠ 1 without a record: a single-party key)"
        lines.append("contributions: \(contributions.count)" + (contributions.isEmpty ? fresh : ""))
        for (index, contribution) in contributions.enumerated() {
            let kind = contribution.kind == .beacon ? "beacon" : "contribution"
            lines.append("  #\(index + 1) \(kind)" + (contribution.name.map { " \"\($0)\"" } ?? ""))
        }
        return lines
    }

    /// Section names, for error messages.
    static let sectionNames: [UInt32: String] = [
        1: "header", 2: "Groth16 header", 3: "IC", 4: "coefficients", 5: "A points", 6: "B1 points",
        7: "B2 points", 8: "C points", 9: "H points", 10: "contributions",
    ]

    /// Reads and validates the `.zkey` at `url`. `checkSubgroups: false` skips the order-r
    /// subgroup check of section 7's G2 points (most of the read time of a large key; curve
    /// equations are still checked) and is only for keys the caller made himself.
    /// - Throws: `FormatError` naming the file and the section.
    public init(contentsOf url: URL, checkSubgroups: Bool = true) throws {
        self = try Self.decode([UInt8](readFileData(url)), path: url.path, checkSubgroups: checkSubgroups)
    }

    /// `true` if the file at `url` starts with the `.zkey` magic (how a command tells a snarkjs
    /// key from a `proving.key`); `false` for any other file or an unreadable one.
    public static func hasMagic(at url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data("zkey".utf8)
    }

    /// Parses and validates `bytes`; `path` names them in errors.
    /// - Throws: `FormatError` for a wrong magic or version, a protocol other than Groth16, a field
    ///   other than BN254's, a section missing, repeated or unknown, a section whose size
    ///   disagrees with the header's counts, a coordinate ≥ p, a point off its curve or (G2)
    ///   outside the order-r subgroup, a coefficient ≥ r or outside the matrices, or a malformed
    ///   contribution.
    public static func decode(_ bytes: [UInt8], path: String, checkSubgroups: Bool = true) throws -> ZkeyFile {
        let container = try BinaryContainer(bytes: bytes, path: path, magic: "zkey", versions: 1...1)
        if let unknown = container.sections.keys.sorted().first(where: { sectionNames[$0] == nil }) {
            throw FormatError(path: path, problem: "unknown section type \(unknown) (a Groth16 .zkey has sections 1–10)")
        }
        let order = container.sections.flatMap { type, ranges in ranges.map { (type, $0.lowerBound) } }
            .sorted { $0.1 < $1.1 }.map(\.0)
        var header = try container.section(1, name: "header")
        let protocolID = try header.u32()
        try header.expectEnd()
        guard protocolID == 1 else {
            let kind = [2: "a PLONK key", 10: "an FFLONK key"][protocolID] ?? "an unknown protocol"
            throw header.error("protocol \(protocolID) is \(kind); only Groth16 (1) is supported")
        }
        let header2 = try readGroth16Header(container)
        for type in sectionNames.keys.sorted() { _ = try container.section(type, name: sectionNames[type]!) }  // each once
        var points = try PointSections(container, header: header2, checkSubgroups: checkSubgroups)
        let entries = try readCoefficients(container, header: header2)
        let vk = Groth16.VerifyingKey(alphaG1: header2.alphaG1, betaG2: header2.betaG2, gammaG2: header2.gammaG2,
                                      deltaG2: header2.deltaG2, gammaABCG1: points.ic)
        let key = Groth16.SnarkjsProvingKey(
            verifyingKey: vk, betaG1: header2.betaG1, deltaG1: header2.deltaG1, aQueryG1: points.take(5),
            bQueryG1: points.take(6), bQueryG2: points.b2, lQueryG1: points.take(8), hQueryG1: points.take(9),
            matrixEntries: entries, variableCount: header2.variables, publicCount: header2.publics,
            domainLogSize: header2.domainLogSize)
        let (circuitHash, contributions) = try readContributions(container)
        return ZkeyFile(key: key, circuitHash: circuitHash, contributions: contributions, sectionOrder: order)
    }

    /// What section 2 holds.
    struct Groth16Header {
        var variables: Int, publics: Int, domainLogSize: Int
        var alphaG1: G1Affine, betaG1: G1Affine, deltaG1: G1Affine
        var betaG2: G2Affine, gammaG2: G2Affine, deltaG2: G2Affine
    }

    /// Section 2: the primes, the counts (checked against each other), the six key points (none
    /// at infinity).
    static func readGroth16Header(_ container: BinaryContainer) throws -> Groth16Header {
        var reader = try container.section(2, name: "Groth16 header")
        let fqModulusBytes = Fq.modulusLimbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) } }
        for (name, field, modulus) in [("q", "base field modulus p", fqModulusBytes), ("r", "scalar field modulus r", BinaryContainer.frModulusBytes)] {
            let n8 = try reader.u32()
            guard n8 == 32 else { throw reader.error("Groth16 header: n8\(name) = \(n8), expected 32 (BN254)") }
            guard Array(try reader.take(32)) == modulus else {
                throw reader.error("Groth16 header: \(name) is not BN254's \(field) (only BN254 is supported)")
            }
        }
        let variables = Int(try reader.u32()), publics = Int(try reader.u32()), domainSize = Int(try reader.u32())
        guard variables >= publics + 1 else {
            throw reader.error("Groth16 header: nVars = \(variables) is less than nPublic + 1 = \(publics + 1)")
        }
        let logSize = domainSize.trailingZeroBitCount
        guard domainSize >= 2, domainSize.nonzeroBitCount == 1 else {
            throw reader.error("Groth16 header: domainSize = \(domainSize) is not a power of two ≥ 2")
        }
        guard logSize <= Groth16.SnarkjsProvingKey.maximumDomainLogSize else {
            throw reader.error("Groth16 header: domainSize 2^\(logSize) is not supported (its H points would need a "
                + "domain of 2^\(logSize + 1) > 2^\(Fr.twoAdicity))")
        }
        guard domainSize >= publics + 1 else {
            throw reader.error("Groth16 header: domainSize = \(domainSize) has no room for nPublic + 1 = \(publics + 1) input rows")
        }
        guard reader.remaining == 3 * 64 + 3 * 128 else {
            throw reader.error("Groth16 header size mismatch: \(reader.remaining) bytes of points, expected 576")
        }
        var points = KeyFileReader(bytes: container.bytes, path: container.path, range: reader.offset..<reader.end)
        points.montgomeryCoordinates = true
        let alphaBeta = try points.g1Points(2, "Groth16 header (section 2): alpha1/beta1")
        let betaGamma = try points.g2Points(2, "Groth16 header (section 2): beta2/gamma2")
        let delta1 = try points.g1Points(1, "Groth16 header (section 2): delta1")[0]
        let delta2 = try points.g2Points(1, "Groth16 header (section 2): delta2")[0]
        let named: [(String, Bool)] = [("alpha1", alphaBeta[0].isInfinity), ("beta1", alphaBeta[1].isInfinity),
                                       ("beta2", betaGamma[0].isInfinity), ("gamma2", betaGamma[1].isInfinity),
                                       ("delta1", delta1.isInfinity), ("delta2", delta2.isInfinity)]
        if let (name, _) = named.first(where: { $0.1 }) {
            throw reader.error("Groth16 header: \(name) is the point at infinity")
        }
        return Groth16Header(variables: variables, publics: publics, domainLogSize: logSize,
                             alphaG1: alphaBeta[0], betaG1: alphaBeta[1], deltaG1: delta1,
                             betaG2: betaGamma[0], gammaG2: betaGamma[1], deltaG2: delta2)
    }

    /// The point sections 3 and 5–9, each sized by the header's counts and validated.
    struct PointSections {
        var ic: [G1Affine]
        var b2: [G2Affine]
        var g1: [UInt32: [G1Affine]]

        init(_ container: BinaryContainer, header counts: Groth16Header, checkSubgroups: Bool) throws {
            let privates = counts.variables - counts.publics - 1
            let sizes: [(type: UInt32, count: Int, what: String)] = [
                (3, counts.publics + 1, "nPublic + 1"), (5, counts.variables, "nVars"), (6, counts.variables, "nVars"),
                (7, counts.variables, "nVars"), (8, privates, "nVars − nPublic − 1"), (9, 1 << counts.domainLogSize, "domainSize"),
            ]
            var g1 = [UInt32: [G1Affine]](), b2 = [G2Affine]()
            for (type, count, what) in sizes {
                let name = ZkeyFile.sectionNames[type]!, pointSize = type == 7 ? 128 : 64
                let section = try container.section(type, name: name)
                guard section.remaining == pointSize * count else {
                    throw section.error("\(name) section (type \(type)) size mismatch: \(section.remaining) bytes, "
                        + "expected \(what) = \(count) points × \(pointSize)")
                }
                var reader = KeyFileReader(bytes: container.bytes, path: container.path, range: section.offset..<section.end)
                reader.montgomeryCoordinates = true
                let label = "\(name) (section \(type)): point"
                if type == 7 {
                    b2 = try reader.g2Points(count, label, checkSubgroup: checkSubgroups)
                } else {
                    g1[type] = try reader.g1Points(count, label)
                }
            }
            ic = g1.removeValue(forKey: 3)!
            self.b2 = b2
            self.g1 = g1
        }

        /// Hands over the points of section `type` (5, 6, 8 or 9).
        mutating func take(_ type: UInt32) -> [G1Affine] { g1.removeValue(forKey: type) ?? [] }
    }

    /// Section 4: nCoef, then (matrix u32, row u32, wire u32, value·2^512 mod r) per entry; the
    /// matrix must be A (0) or B (1), the row inside the domain and sorted (snarkjs's prover
    /// splits the list by row), the wire < nVars, the stored value < r.
    static func readCoefficients(_ container: BinaryContainer, header counts: Groth16Header) throws -> [Groth16.MatrixEntry] {
        var reader = try container.section(4, name: "coefficients")
        let count = Int(try reader.u32())
        guard reader.remaining == 44 * count else {
            throw reader.error("coefficients section (type 4) size mismatch: \(reader.remaining) bytes after the count, "
                + "expected nCoef = \(count) entries × 44")
        }
        let domainSize = 1 << counts.domainLogSize, variables = counts.variables
        var entries = [Groth16.MatrixEntry]()
        entries.reserveCapacity(count)
        let rInverse = Fr(montgomeryLimbs: (1, 0, 0, 0))  // 2^−256: the stored c·2^512 read as Montgomery is c·2^256
        var problem: String?
        container.bytes.withUnsafeBytes { raw in
            var previousRow = 0
            for index in 0..<count {
                let base = reader.offset + 44 * index
                func word(_ k: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * k, as: UInt32.self)) }
                func limb(_ k: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 12 + 8 * k, as: UInt64.self)) }
                let matrix = Groth16.MatrixEntry.Matrix(rawValue: word(0)), row = Int(word(1)), wire = Int(word(2))
                let limbs = (limb(0), limb(1), limb(2), limb(3))
                let stored = limbsLess(limbs, Fr.modulus) ? Fr(montgomeryLimbs: limbs) : nil
                let issue: String? = matrix == nil ? "matrix \(word(0)) is neither A (0) nor B (1)"
                    : row >= domainSize ? "row \(row) is outside the domain (domainSize = \(domainSize))"
                    : row < previousRow ? "row \(row) after row \(previousRow): entries must be sorted by row"
                    : wire >= variables ? "wire \(wire) is out of range (nVars = \(variables))"
                    : stored == nil ? "value is not below r" : nil
                if let issue {
                    problem = "coefficients section (type 4): entry \(index) at offset \(base): \(issue)"
                    return
                }
                previousRow = row
                entries.append(Groth16.MatrixEntry(matrix: matrix!, row: row, wire: wire, value: stored! * rInverse))
            }
        }
        if let problem { throw reader.error(problem) }
        return entries
    }
}

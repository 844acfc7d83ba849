// snarkjs's `.ptau` file (iden3 binary container, magic "ptau", version 1): header (1: n8 = 32,
// q, power, ceremonyPower), τG1 (2), τG2 (3), ατG1 (4), βτG1 (5), βG2 (6), contributions (7)
// and, once prepared for phase 2, the Lagrange sections 12–15. Points are stored as
// little-endian Montgomery limbs (x ‖ y; Fq2 as c0 ‖ c1), which is exactly how Fq holds them.
// The reader is strict: every section present once with its exact size, no unknown
// sections, coordinates below p, points on the curve, G2 points in the subgroup (batched),
// infinity only in the Lagrange sections; it checks no pairing (that is `PowersOfTau.verify`).
import Foundation
import Support

/// Reads and writes `.ptau` files.
public enum PtauFile {
    static let magic = "ptau"

    /// Parses and validates a .ptau file held in `bytes`; `path` names it in errors.
    /// - Throws: `FormatError` naming the file, the section and what is wrong.
    public static func decode(_ bytes: UnsafeRawBufferPointer, path: String) throws -> PowersOfTau {
        func fail(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }
        guard bytes.count >= 12, Array(bytes[0..<4]) == Array(magic.utf8) else { throw fail("not a .ptau file (magic \"ptau\" missing)") }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        guard u32(4) == 1 else { throw fail("unsupported .ptau version \(u32(4)) (supported: 1)") }
        var sections = [UInt32: Range<Int>]()
        var offset = 12
        for index in 0..<Int(u32(8)) {
            guard bytes.count - offset >= 12 else { throw fail("section table entry \(index) truncated") }
            let type = u32(offset), size = u64(offset + 4)
            offset += 12
            guard size <= UInt64(bytes.count - offset) else { throw fail("section \(type) declares \(size) bytes, only \(bytes.count - offset) remain (truncated file)") }
            guard [1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15].contains(type) else { throw fail("unknown section type \(type)") }
            guard sections[type] == nil else { throw fail("section \(type) present twice") }
            sections[type] = offset..<(offset + Int(size))
            offset += Int(size)
        }
        guard offset == bytes.count else { throw fail("\(bytes.count - offset) unexpected bytes after the last section") }
        func section(_ type: UInt32, _ name: String) throws -> Range<Int> {
            guard let range = sections[type] else { throw fail("\(name) section (\(type)) missing") }
            return range
        }

        let header = try section(1, "header")
        guard header.count == 4 + 32 + 8, u32(header.lowerBound) == 32 else { throw fail("header: field size n8 must be 32 and the header 44 bytes") }
        guard Array(bytes[(header.lowerBound + 4)..<(header.lowerBound + 36)]) == fqModulusBytes else {
            throw fail("header: the prime is not BN254's base field modulus q (only bn128 files are supported)")
        }
        let power = Int(u32(header.lowerBound + 36)), ceremonyPower = Int(u32(header.lowerBound + 40))
        guard (1...PowersOfTau.maximumPower).contains(power), (power...PowersOfTau.maximumPower).contains(ceremonyPower) else {
            throw fail("header: power \(power), ceremony power \(ceremonyPower) (need 1 ≤ power ≤ ceremony power ≤ \(PowersOfTau.maximumPower))")
        }
        let n = 1 << power
        let reader = PointReader(bytes: bytes, path: path)
        let tauG1: [G1Affine] = try reader.g1(try section(2, "τG1"), count: 2 * n - 1, name: "τG1")
        let tauG2: [G2Affine] = try reader.g2(try section(3, "τG2"), count: n, name: "τG2")
        let alphaTauG1 = try reader.g1(try section(4, "ατG1"), count: n, name: "ατG1")
        let betaTauG1 = try reader.g1(try section(5, "βτG1"), count: n, name: "βτG1")
        let betaG2 = try reader.g2(try section(6, "βG2"), count: 1, name: "βG2")[0]
        let contributions = try reader.contributions(try section(7, "contributions"))

        let lagrangeSections = [12, 13, 14, 15].filter { sections[$0] != nil }
        var lagrange: PowersOfTau.Lagrange?
        if !lagrangeSections.isEmpty {
            guard lagrangeSections.count == 4 else { throw fail("Lagrange sections: found \(lagrangeSections), need all of 12, 13, 14, 15") }
            guard power + 1 <= Fr.twoAdicity else { throw fail("a prepared file of power \(power) needs a domain of 2^\(power + 1) > 2^28") }
            let m = 2 * n - 1
            lagrange = PowersOfTau.Lagrange(
                tauG1: try reader.g1(sections[12]!, count: 4 * n - 1, name: "Lagrange τG1 (12)", allowInfinity: true),
                tauG2: try reader.g2(sections[13]!, count: m, name: "Lagrange τG2 (13)", allowInfinity: true),
                alphaTauG1: try reader.g1(sections[14]!, count: m, name: "Lagrange ατG1 (14)", allowInfinity: true),
                betaTauG1: try reader.g1(sections[15]!, count: m, name: "Lagrange βτG1 (15)", allowInfinity: true))
        }
        return PowersOfTau(power: power, ceremonyPower: ceremonyPower, tauG1: tauG1, tauG2: tauG2, alphaTauG1: alphaTauG1,
                           betaTauG1: betaTauG1, betaG2: betaG2, contributions: contributions, lagrange: lagrange)
    }

    /// Reads and validates a .ptau file (memory-mapped: the points are held once).
    public static func read(from url: URL) throws -> PowersOfTau {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else {
            throw FormatError(path: url.path, problem: "not found (or a folder)")
        }
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw FormatError(path: url.path, problem: "cannot read the file: \(error.localizedDescription)")
        }
        return try data.withUnsafeBytes { try decode($0, path: url.path) }
    }

    /// q as 32 little-endian bytes.
    static let fqModulusBytes: [UInt8] = Fq.modulusLimbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) } }
}

/// Decodes Montgomery-form points from a .ptau's bytes, in parallel, with validation.
struct PointReader {
    let bytes: UnsafeRawBufferPointer
    let path: String

    func fail(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }

    /// The Fq element whose Montgomery limbs are at `at`, or nil if they are not below q.
    @inline(__always) static func coordinate(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Fq? {
        func limb(_ k: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8 * k, as: UInt64.self)) }
        let x: Limbs = (limb(0), limb(1), limb(2), limb(3))
        return limbsLess(x, Fq.modulus) ? Fq(montgomeryLimbs: x) : nil
    }

    func g1(_ range: Range<Int>, count: Int, name: String, allowInfinity: Bool = false) throws -> [G1Affine] {
        guard range.count == 64 * count else { throw fail("\(name) section is \(range.count) bytes, expected \(64 * count) (\(count) points)") }
        let shared = UncheckedSendable(bytes), base = range.lowerBound  // read-only
        return try decode(count: count, name: name) { i in
            let bytes = shared.value
            guard let x = Self.coordinate(bytes, base + 64 * i), let y = Self.coordinate(bytes, base + 64 * i + 32) else { return nil }
            if x.isZero && y.isZero { return allowInfinity ? .infinity : nil }
            return G1Affine(x: x, y: y)
        }
    }

    func g2(_ range: Range<Int>, count: Int, name: String, allowInfinity: Bool = false) throws -> [G2Affine] {
        guard range.count == 128 * count else { throw fail("\(name) section is \(range.count) bytes, expected \(128 * count) (\(count) points)") }
        let shared = UncheckedSendable(bytes), base = range.lowerBound  // read-only
        let points: [G2Affine] = try decode(count: count, name: name) { i in
            let bytes = shared.value, at = base + 128 * i
            guard let x0 = Self.coordinate(bytes, at), let x1 = Self.coordinate(bytes, at + 32),
                  let y0 = Self.coordinate(bytes, at + 64), let y1 = Self.coordinate(bytes, at + 96) else { return nil }
            let x = Fq2(x0, x1), y = Fq2(y0, y1)
            if x.isZero && y.isZero { return allowInfinity ? .infinity : nil }
            return G2Affine(x: x, y: y)
        }
        if !G2Affine.allInSubgroup(points) {
            let bad = points.firstIndex { !$0.isInSubgroup } ?? 0
            throw fail("\(name)[\(bad)] is on the twist but outside the order-r subgroup G2")
        }
        return points
    }

    /// `count` points decoded by `decode(i)` in parallel chunks; names the first invalid one.
    private func decode<P: AffinePoint>(count: Int, name: String, _ decode: @escaping @Sendable (Int) -> P?) throws -> [P] {
        var points = [P](repeating: .infinity, count: count)
        let chunk = 4096
        let bad: [Int?] = points.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            return Parallel.map(count: (count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                    guard let p = decode(i) else { return i }
                    shared.value[i] = p  // disjoint chunks
                }
                return nil
            }
        }
        if let first = bad.lazy.compactMap({ $0 }).first {
            throw fail("\(name)[\(first)] is not a valid point (coordinate ≥ p, not on the curve, or infinity where none may be)")
        }
        return points
    }

    func contributions(_ range: Range<Int>) throws -> [PowersOfTau.Contribution] {
        var at = range.lowerBound
        func need(_ k: Int, _ what: String) throws {
            guard range.upperBound - at >= k else { throw fail("contributions section truncated in \(what)") }
        }
        func u32() throws -> UInt32 {
            try need(4, "a count")
            defer { at += 4 }
            return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }
        func take(_ k: Int, _ what: String) throws -> [UInt8] {
            try need(k, what)
            defer { at += k }
            return Array(bytes[at..<(at + k)])
        }
        func g1(_ what: String) throws -> G1Affine {
            try need(64, what)
            defer { at += 64 }
            return try self.g1(at..<(at + 64), count: 1, name: what)[0]
        }
        func g2(_ what: String) throws -> G2Affine {
            try need(128, what)
            defer { at += 128 }
            return try self.g2(at..<(at + 128), count: 1, name: what)[0]
        }
        let count = Int(try u32())
        guard count <= (range.count - 4) / 1500 + 1 else { throw fail("contributions section: \(count) contributions cannot fit in \(range.count) bytes") }
        var result = [PowersOfTau.Contribution]()
        for index in 1...max(count, 1) where count > 0 {
            let what = "contribution #\(index)"
            let tauG1 = try g1("\(what) τG1"), tauG2 = try g2("\(what) τG2"), alphaG1 = try g1("\(what) αG1")
            let betaG1 = try g1("\(what) βG1"), betaG2 = try g2("\(what) βG2")
            var parts = [(G1Affine, G1Affine)]()
            for _ in 0..<3 { parts.append((try g1("\(what) key"), try g1("\(what) key"))) }
            let g2s = [try g2("\(what) key"), try g2("\(what) key"), try g2("\(what) key")]
            let key = PowersOfTau.PublicKey(tau: .init(g1S: parts[0].0, g1SX: parts[0].1, g2SPX: g2s[0]),
                                            alpha: .init(g1S: parts[1].0, g1SX: parts[1].1, g2SPX: g2s[1]),
                                            beta: .init(g1S: parts[2].0, g1SX: parts[2].1, g2SPX: g2s[2]))
            let partial = try take(216, "\(what) partial hash"), next = try take(64, "\(what) next challenge")
            let type = try u32()
            guard type <= 1 else { throw fail("\(what): type \(type) (0 contribution, 1 beacon)") }
            let (name, beacon) = try parameters(try take(Int(try u32()), "\(what) parameters"), what: what)
            guard (type == 1) == (beacon != nil) else { throw fail("\(what): a beacon needs its hash and iterations, and only a beacon has them") }
            result.append(PowersOfTau.Contribution(tauG1: tauG1, tauG2: tauG2, alphaG1: alphaG1, betaG1: betaG1, betaG2: betaG2, key: key,
                                                   partialHash: partial, nextChallenge: next, name: name, beacon: beacon))
        }
        guard at == range.upperBound else { throw fail("contributions section: \(range.upperBound - at) bytes left after \(count) contributions") }
        return result
    }

    /// The sorted parameter list of a contribution (shared with phase 2): 1 name, 2 beacon
    /// iterations exponent, 3 beacon hash.
    func parameters(_ raw: [UInt8], what: String) throws -> (name: String?, beacon: PowersOfTau.Beacon?) {
        try CeremonyParameters.decode(raw) { fail("\(what): \($0)") }
    }
}

/// The parameter list of a snarkjs contribution record (.ptau and .zkey alike).
enum CeremonyParameters {
    static func decode(_ raw: [UInt8], _ fail: (String) -> Error) throws -> (name: String?, beacon: PowersOfTau.Beacon?) {
        var at = 0, last = 0
        var name: String?, exponent: Int?, hash: [UInt8]?
        while at < raw.count {
            let type = Int(raw[at])
            guard type > last else { throw fail("parameters must be sorted and unique") }
            last = type
            at += 1
            guard at < raw.count else { throw fail("parameter \(type) truncated") }
            switch type {
            case 1, 3:
                let length = Int(raw[at])
                guard at + 1 + length <= raw.count else { throw fail("parameter \(type) truncated") }
                let value = Array(raw[(at + 1)..<(at + 1 + length)])
                if type == 1 {
                    guard let text = String(validating: value, as: UTF8.self) else { throw fail("the name is not UTF-8") }
                    name = text
                } else { hash = value }
                at += 1 + length
            case 2:
                exponent = Int(raw[at])
                at += 1
            default:
                throw fail("unknown parameter \(type)")
            }
        }
        if exponent != nil || hash != nil {
            guard let exponent, let hash, !hash.isEmpty, (10...63).contains(exponent) else { throw fail("incomplete beacon parameters") }
            return (name, PowersOfTau.Beacon(value: hash, iterationsExponent: exponent))
        }
        return (name, nil)
    }

    static func encode(name: String?, beacon: PowersOfTau.Beacon?) -> [UInt8] {
        var out = [UInt8]()
        if let name {
            let bytes = Array(String(name.prefix(64)).utf8.prefix(255))
            out += [1, UInt8(bytes.count)] + bytes
        }
        if let beacon {
            out += [2, UInt8(beacon.iterationsExponent), 3, UInt8(beacon.value.count)] + beacon.value
        }
        return out
    }
}

// The writing side of PtauFile: sections in snarkjs's order (1–7, then 12–15 when prepared),
// points as little-endian Montgomery limbs, written atomically in pieces of at most 8 MiB.
import Foundation
import Support

extension PtauFile {
    /// Writes `ptau` to `url` atomically (temporary file, flush, rename).
    public static func write(_ ptau: PowersOfTau, to url: URL) throws {
        try writeAtomically(to: url) { handle in try encode(ptau) { try handle.write(contentsOf: Data($0)) } }
    }

    /// The file's bytes, in memory (tests and small files).
    public static func encode(_ ptau: PowersOfTau) -> [UInt8] {
        var out = [UInt8]()
        encode(ptau) { out += $0 }
        return out
    }

    /// Hands the file's bytes to `emit` in order, in pieces.
    static func encode(_ ptau: PowersOfTau, _ emit: ([UInt8]) throws -> Void) rethrows {
        var head = [UInt8]()
        head += Array(magic.utf8)
        head.appendLE(UInt32(1))
        head.appendLE(UInt32(ptau.lagrange == nil ? 7 : 11))
        head.appendLE(UInt32(1))
        head.appendLE(UInt64(44))
        head.appendLE(UInt32(32))
        head += fqModulusBytes
        head.appendLE(UInt32(ptau.power))
        head.appendLE(UInt32(ptau.ceremonyPower))
        try emit(head)
        try section(2, ptau.tauG1, emit)
        try section(3, ptau.tauG2, emit)
        try section(4, ptau.alphaTauG1, emit)
        try section(5, ptau.betaTauG1, emit)
        try section(6, [ptau.betaG2], emit)
        var contributions = [UInt8]()
        contributions.appendLE(UInt32(ptau.contributions.count))
        for c in ptau.contributions {
            c.tauG1.appendMontgomery(to: &contributions)
            c.tauG2.appendMontgomery(to: &contributions)
            c.alphaG1.appendMontgomery(to: &contributions)
            c.betaG1.appendMontgomery(to: &contributions)
            c.betaG2.appendMontgomery(to: &contributions)
            for part in [c.key.tau, c.key.alpha, c.key.beta] {
                part.g1S.appendMontgomery(to: &contributions)
                part.g1SX.appendMontgomery(to: &contributions)
            }
            for part in [c.key.tau, c.key.alpha, c.key.beta] { part.g2SPX.appendMontgomery(to: &contributions) }
            contributions += c.partialHash
            contributions += c.nextChallenge
            contributions.appendLE(UInt32(c.beacon == nil ? 0 : 1))
            let parameters = CeremonyParameters.encode(name: c.name, beacon: c.beacon)
            contributions.appendLE(UInt32(parameters.count))
            contributions += parameters
        }
        var header7 = [UInt8]()
        header7.appendLE(UInt32(7))
        header7.appendLE(UInt64(contributions.count))
        try emit(header7 + contributions)
        if let l = ptau.lagrange {
            try section(12, l.tauG1, emit)
            try section(13, l.tauG2, emit)
            try section(14, l.alphaTauG1, emit)
            try section(15, l.betaTauG1, emit)
        }
    }

    /// One section of points, emitted in blocks.
    static func section<P: MontgomeryEncodable>(_ type: UInt32, _ points: [P], _ emit: ([UInt8]) throws -> Void) rethrows {
        var header = [UInt8]()
        header.appendLE(type)
        header.appendLE(UInt64(points.count * P.encodedSize))
        try emit(header)
        let block = (8 << 20) / P.encodedSize
        for start in stride(from: 0, to: points.count, by: block) {
            var bytes = [UInt8]()
            bytes.reserveCapacity(block * P.encodedSize)
            for p in points[start..<min(points.count, start + block)] { p.appendMontgomery(to: &bytes) }
            try emit(bytes)
        }
    }
}

/// A point stored as little-endian Montgomery limbs (snarkjs's "LEM").
protocol MontgomeryEncodable {
    static var encodedSize: Int { get }
    func appendMontgomery(to out: inout [UInt8])
}

extension Fq {
    @inline(__always) func appendMontgomery(to out: inout [UInt8]) {
        let m = montgomeryLimbs
        out.appendLE(m.0)
        out.appendLE(m.1)
        out.appendLE(m.2)
        out.appendLE(m.3)
    }
}

extension G1Affine: MontgomeryEncodable {
    static var encodedSize: Int { 64 }
    func appendMontgomery(to out: inout [UInt8]) {
        x.appendMontgomery(to: &out)
        y.appendMontgomery(to: &out)
    }
}

extension G2Affine: MontgomeryEncodable {
    static var encodedSize: Int { 128 }
    func appendMontgomery(to out: inout [UInt8]) {
        x.c0.appendMontgomery(to: &out)
        x.c1.appendMontgomery(to: &out)
        y.c0.appendMontgomery(to: &out)
        y.c1.appendMontgomery(to: &out)
    }
}

extension Array where Element == UInt8 {
    @inline(__always) mutating func appendLE(_ value: UInt32) { for k in 0..<4 { append(UInt8(truncatingIfNeeded: value >> UInt32(8 * k))) } }
    @inline(__always) mutating func appendLE(_ value: UInt64) { for k in 0..<8 { append(UInt8(truncatingIfNeeded: value >> UInt64(8 * k))) } }
}

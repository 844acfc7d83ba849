// A bounds-checked little-endian cursor for `proving.key` (ProvingKey+File.swift), the
// weight-wire sums file (FixedWireSums+File.swift) and the sections of a snarkjs `.zkey`
// (ZkeyFile.swift, Montgomery-form coordinates): decodes counts and points and validates
// them (coordinates < p, G1 on the curve, G2 in the order-r subgroup, checked in a batch by
// G2+BatchSubgroupCheck.swift). Errors name the file and the offending section.
// Reading from a file goes block by block, and points are decoded in place into the arrays
// the key keeps: reading a key holds it once (plus one block), not as file bytes, a copy
// and the decoded points (a 2^20 key is 1 GiB on disk).

import Foundation
import Support

struct KeyFileReader {
    /// Where the bytes come from: memory, or an open file of `length` bytes.
    private enum Source {
        case bytes([UInt8])
        case file(FileHandle)
    }

    private let source: Source
    let path: String
    /// The input's length in bytes (for a range of bytes: where the range ends).
    let length: Int
    private(set) var offset = 0
    /// Points decoded per block (8 MiB of G2 points from a file); the tests use small blocks.
    var blockPoints = 1 << 16
    /// `true` if coordinates are stored in Montgomery form (x·2^256 mod p, snarkjs's `.zkey`)
    /// rather than as canonical values.
    var montgomeryCoordinates = false

    /// Reads `bytes`; `path` names them in errors.
    init(bytes: [UInt8], path: String) {
        source = .bytes(bytes)
        self.path = path
        length = bytes.count
    }

    /// Reads `bytes[range]` (a section of a container read whole); offsets in errors are
    /// positions in `bytes`.
    init(bytes: [UInt8], path: String, range: Range<Int>) {
        source = .bytes(bytes)
        self.path = path
        offset = range.lowerBound
        length = range.upperBound
    }

    /// Reads the file at `path` as it is consumed.
    /// - Throws: `FormatError` if it cannot be opened or sized.
    init(file path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw FormatError(path: path, problem: "is a folder, not a file")
        }
        guard let handle = FileHandle(forReadingAtPath: path), let end = try? handle.seekToEnd(),
              (try? handle.seek(toOffset: 0)) != nil else {
            throw FormatError(path: path, problem: "cannot read the file (missing or unreadable)")
        }
        source = .file(handle)
        self.path = path
        length = Int(end)
    }

    func error(_ problem: String) -> FormatError { FormatError(path: path, problem: problem) }

    /// Calls `body` with the next `count` bytes and moves past them.
    mutating func withNext<T>(_ count: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard count >= 0, count <= length - offset else {
            throw error("truncated at byte \(offset) (needed \(count) more bytes)")
        }
        let start = offset
        offset += count
        switch source {
        case let .bytes(bytes):
            return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<(start + count)])) }
        case let .file(handle):
            let data: Data
            do { data = try handle.read(upToCount: count) ?? Data() } catch {
                throw self.error("cannot read the file (I/O error at byte \(start))")
            }
            guard data.count == count else { throw self.error("truncated at byte \(start + data.count) (the file shrank while being read)") }
            return try data.withUnsafeBytes(body)
        }
    }

    mutating func take(_ count: Int) throws -> [UInt8] {
        try withNext(count) { Array($0) }
    }

    /// Checks the file's magic (`kind` names it in the error) and format version and moves
    /// past them.
    mutating func header(magic: [UInt8], version expected: UInt32, kind: String) throws {
        guard length >= magic.count + 4, try take(magic.count) == magic else {
            throw error("not a ZKTrain \(kind) (magic \"\(String(decoding: magic, as: UTF8.self))\" missing)")
        }
        let version = try u32()
        guard version == expected else {
            let remedy = version < expected ? " (written by an older ZKTrain: make it again with this one)" : ""
            throw error("format version \(version); this build reads version \(expected)\(remedy)")
        }
    }

    mutating func u32() throws -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A UInt64 count that must not exceed `max`.
    mutating func count(_ name: String, max: Int) throws -> Int {
        let value = try u64()
        guard value <= UInt64(max) else { throw error("\(name) = \(value) exceeds \(max)") }
        return Int(value)
    }

    /// `count` G1 points, each on the curve (or all-zero infinity).
    mutating func g1Points(_ count: Int, _ section: String) throws -> [G1Affine] {
        let montgomery = montgomeryCoordinates
        return try decodePoints(count, size: 64, section, "is not a G1 point (coordinate ≥ p or not on the curve)") { raw, base in
            guard let x = Self.coordinate(raw, base, montgomery: montgomery),
                  let y = Self.coordinate(raw, base + 32, montgomery: montgomery) else { return nil }
            return x.isZero && y.isZero ? G1Affine.infinity : G1Affine(x: x, y: y)
        }
    }

    /// `count` G2 points, each on the twist and (if `checkSubgroup`) in the order-r subgroup,
    /// or all-zero infinity. Membership is checked for all points at once
    /// (`G2Affine.allInSubgroup`); only if that fails are they checked one by one, to name the
    /// first point outside G2.
    mutating func g2Points(_ count: Int, _ section: String, checkSubgroup: Bool = true) throws -> [G2Affine] {
        let montgomery = montgomeryCoordinates
        let points: [G2Affine] = try decodePoints(count, size: 128, section, "is not a G2 point (coordinate ≥ p or not on the twist)") { raw, base in
            guard let x0 = Self.coordinate(raw, base, montgomery: montgomery), let x1 = Self.coordinate(raw, base + 32, montgomery: montgomery),
                  let y0 = Self.coordinate(raw, base + 64, montgomery: montgomery),
                  let y1 = Self.coordinate(raw, base + 96, montgomery: montgomery) else { return nil }
            let x = Fq2(x0, x1), y = Fq2(y0, y1)
            return x.isZero && y.isZero ? G2Affine.infinity : G2Affine(x: x, y: y)
        }
        if checkSubgroup, !G2Affine.allInSubgroup(points),
           let bad = points.withUnsafeBufferPointer({ p in
               let shared = UncheckedSendable(p)
               return Self.firstFailure(count) { range in range.first { !shared.value[$0].isInSubgroup } }
           }) {
            throw error("\(section)[\(bad)] is on the twist but outside the order-r subgroup G2")
        }
        return points
    }

    /// `count` points of `size` bytes each, decoded by `decode(block, byte offset)` (nil for an
    /// invalid point, reported as "`section`[index] `problem`") block by block, in parallel,
    /// straight into the returned array (allocated uninitialized: every element is written
    /// before the array is returned, and a failed read returns none).
    private mutating func decodePoints<P: AffinePoint>(_ count: Int, size: Int, _ section: String, _ problem: String,
                                                  decode: @escaping (UnsafeRawBufferPointer, Int) -> P?) throws -> [P] {
        guard count >= 0, size * count <= length - offset else {
            throw error("truncated at byte \(offset) (\(section) needs \(size * count) more bytes)")
        }
        return try [P](unsafeUninitializedCapacity: count) { out, initialized in
            var done = 0
            while done < count {
                let n = min(blockPoints, count - done)
                let bad = try withNext(size * n) { raw in
                    let shared = UncheckedSendable((raw, out.baseAddress! + done))
                    return Self.firstFailure(n) { range in
                        let (raw, out) = shared.value
                        return range.first { i in
                            guard let point = decode(raw, size * i) else { return true }
                            (out + i).initialize(to: point)
                            return false
                        }
                    }
                }
                if let bad { throw error("\(section)[\(done + bad)] \(problem)") }
                done += n
            }
            initialized = count
        }
    }

    /// The field element stored at byte `position` (32 bytes, little-endian, canonical or in
    /// Montgomery form; an all-zero point is infinity in both); `nil` if the stored value is not
    /// below p. Reads the limbs in place.
    @inline(__always)
    static func coordinate(_ raw: UnsafeRawBufferPointer, _ position: Int, montgomery: Bool = false) -> Fq? {
        func limb(_ k: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position + 8 * k, as: UInt64.self))
        }
        let stored = (limb(0), limb(1), limb(2), limb(3))
        guard montgomery else { return Fq(canonical: stored) }
        return limbsLess(stored, Fq.modulus) ? Fq(montgomeryLimbs: stored) : nil
    }

    /// Runs `body` on the chunks of 0..<count (1024 indices each, in parallel) and returns the
    /// smallest index any chunk reported (the first failing index of its chunk), if any.
    static func firstFailure(_ count: Int, _ body: @escaping (Range<Int>) -> Int?) -> Int? {
        let chunkSize = 1024
        let shared = UncheckedSendable(body)
        let failures = Parallel.map(count: (count + chunkSize - 1) / chunkSize) { chunk in
            shared.value((chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize))
        }
        return failures.lazy.compactMap { $0 }.first
    }
}

// A seeded mutation fuzzer for the NumPy readers over the valid files of Fixtures/npy: byte flips,
// insertions, deletions and truncations; .npy header edits (shape, descr, fortran_order, stray
// characters) with and without a matching header length, header length and version edits; ZIP
// size, offset, count, length and flag edits in every kind of ZIP record. Each mutant must throw
// a FormatError naming its file or give arrays holding as many elements as their shapes say. A
// trap (an index out of range, an overflow) kills the test process, so it fails this test.

import Foundation
import Testing
import Datasets
import Support

@Suite("NumPy reader fuzzing")
struct NumPyFuzzTests {
    static let rounds = 10_000

    @Test("mutated .npy and .npz files throw a FormatError or read consistently")
    func mutants() throws {
        let names = numPyValidFixtures
        try #require(names.count >= 30)
        let originals = try names.map { try DataFile.readRaw(path: numPyFixtureDirectory + "/" + $0) }
        var generator = SeededGenerator(seed: 0x4E50_5946_555A_5A21)
        var (accepted, rejected) = (0, 0)
        for round in 0..<Self.rounds {
            let name = names[round % names.count]
            var mutant = Mutant(bytes: originals[round % names.count], isArchive: name.hasSuffix(".npz"))
            for _ in 0..<Int.random(in: 1...3, using: &generator) { mutant.mutate(using: &generator) }
            do {
                let arrays = mutant.isArchive ? try NumPy.parseNPZ(mutant.bytes, path: name)
                                              : ["": try NumPy.parseNPY(mutant.bytes, path: name)]
                for (key, array) in arrays where CheckedSize.product(array.shape, limit: NumPy.elementLimit) != array.count {
                    Issue.record("round \(round), \(name)[\(key)]: shape \(array.shape) but \(array.count) elements")
                }
                accepted += 1
            } catch let error as FormatError {
                if error.path != name || error.problem.isEmpty { Issue.record("round \(round): \(error) does not name \(name)") }
                rejected += 1
            } catch {
                Issue.record("round \(round), \(name): \(type(of: error)) is not a FormatError: \(error)")
            }
        }
        // Both outcomes must be common, or the mutations are too gentle or too destructive.
        #expect(accepted > Self.rounds / 50 && rejected > Self.rounds / 2, "accepted \(accepted), rejected \(rejected)")
    }
}

/// A fixture's bytes and the mutations applied to them.
private struct Mutant {
    var bytes: [UInt8]
    let isArchive: Bool

    mutating func mutate(using generator: inout SeededGenerator) {
        let choice = Int.random(in: 0..<10, using: &generator)
        switch choice {
        case 0, 1: flip(using: &generator)
        case 2: insert(using: &generator)
        case 3: if !bytes.isEmpty { bytes.removeLast(Int.random(in: 1...bytes.count, using: &generator)) }
        case 4:
            guard !bytes.isEmpty else { return }
            let start = Int.random(in: 0..<bytes.count, using: &generator)
            bytes.removeSubrange(start..<min(bytes.count, start + Int.random(in: 1...16, using: &generator)))
        default:
            if isArchive { editZIPField(using: &generator) } else { editHeader(choice == 9, using: &generator) }
        }
    }

    private mutating func flip(using generator: inout SeededGenerator) {
        guard !bytes.isEmpty else { return }
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
        }
    }

    private mutating func insert(using generator: inout SeededGenerator) {
        let extra = (0..<Int.random(in: 1...16, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.insert(contentsOf: extra, at: Int.random(in: 0...bytes.count, using: &generator))
    }

    /// Writes `value`'s low `width` bytes little-endian at `offset`, as far as the bytes reach.
    private mutating func write(_ value: UInt64, width: Int, at offset: Int) {
        for index in 0..<width where offset + index >= 0 && offset + index < bytes.count {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
    }

    private func read(width: Int, at offset: Int) -> UInt64 {
        (0..<width).reversed().reduce(0) { value, index in
            let position = offset + index
            return value << 8 | (position >= 0 && position < bytes.count ? UInt64(bytes[position]) : 0)
        }
    }

    /// A value worth trying in a `width`-byte field that held `original`.
    private func interesting(width: Int, original: UInt64, using generator: inout SeededGenerator) -> UInt64 {
        let maximum = width == 8 ? UInt64.max : (1 << (8 * UInt64(width))) - 1
        let delta = UInt64.random(in: 1...64, using: &generator)
        let candidates: [UInt64] = [0, 1, 2, maximum, maximum - 1, maximum >> 1, UInt64(bytes.count), original &+ delta,
                                    original &- delta, original &+ 1, original &- 1, UInt64.random(in: 0...maximum, using: &generator)]
        return candidates.randomElement(using: &generator)! & maximum
    }

    /// Edits the .npy header text (keeping the header length field right when `fixLength`), or
    /// its length field or version.
    private mutating func editHeader(_ fixLength: Bool, using generator: inout SeededGenerator) {
        guard bytes.count >= 12, bytes.starts(with: [0x93] + Array("NUMPY".utf8)) else { return flip(using: &generator) }
        let width = bytes[6] == 1 ? 2 : 4
        let length = Int(read(width: width, at: 8))
        let start = 8 + width
        if Int.random(in: 0..<4, using: &generator) == 0 {
            if Bool.random(using: &generator) {
                write(interesting(width: width, original: UInt64(length), using: &generator), width: width, at: 8)
            } else {
                bytes[Int.random(in: 6...7, using: &generator)] = [0, 1, 2, 3, 4, 255].randomElement(using: &generator)!
            }
            return
        }
        let end = min(bytes.count, start + length)
        let header = Array(bytes[start..<end])
        let edits: [(key: String, values: [String])] = [
            ("'shape': ", ["()", "(0,)", "(1,)", "(2, 3)", "(3, 4)", "(12,)", "(4294967296,)", "(268435457,)", "(-1,)",
                           "(9223372036854775807,)", "(9223372036854775807, 9223372036854775807)", "(2, 0, 99999999999)",
                           "[2]", "(2)", "(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)", "((((((((((((((((((((()))))))))))))))))))))"]),
            ("'descr': ", ["'<f8'", "'>f4'", "'|u1'", "'|b1'", "'<i2'", "'>u8'", "'<f2'", "'|O'", "[('a', '<i4')]", "'<U3'",
                           "'=i4'", "'|i4'", "''", "'<'", "'<f8", "None"]),
            ("'fortran_order': ", ["True", "False", "0", "None", "Tru"]),
        ]
        var edited = header
        let (key, values) = edits.randomElement(using: &generator)!
        if Int.random(in: 0..<5, using: &generator) == 0 {
            // A stray character anywhere in the header.
            let stray = Array("{}()[],:'\" 0123456789-LTFN\n\t\\".utf8).randomElement(using: &generator)!
            let at = Int.random(in: 0...edited.count, using: &generator)
            if Bool.random(using: &generator) || at == edited.count { edited.insert(stray, at: at) } else { edited[at] = stray }
        } else if let keyStart = edited.firstRange(of: Array(key.utf8)) {
            // The value runs to the next ", '" or "}" at the same nesting, near enough for a fuzzer.
            let valueStart = keyStart.upperBound
            let valueEnd = edited[valueStart...].firstRange(of: Array(", '".utf8))?.lowerBound
                ?? edited[valueStart...].firstIndex(of: UInt8(ascii: "}")) ?? edited.count
            edited.replaceSubrange(valueStart..<valueEnd, with: Array(values.randomElement(using: &generator)!.utf8))
        }
        bytes.replaceSubrange(start..<end, with: edited)
        if fixLength || Bool.random(using: &generator) { write(UInt64(edited.count), width: width, at: 8) }
    }

    /// Overwrites a size, offset, count, length, CRC, flag or method field of a ZIP record.
    private mutating func editZIPField(using generator: inout SeededGenerator) {
        // Record signature (after "PK") → fields (offset from the signature, width).
        let layouts: [[UInt8]: [(Int, Int)]] = [
            [3, 4]: [(6, 2), (8, 2), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2), (-1, 8), (-2, 8)],
            [1, 2]: [(8, 2), (10, 2), (16, 4), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (34, 2), (42, 4), (-1, 8), (-2, 8), (-3, 8)],
            [5, 6]: [(4, 2), (6, 2), (8, 2), (10, 2), (12, 4), (16, 4), (20, 2)],
            [6, 6]: [(4, 8), (16, 4), (20, 4), (24, 8), (32, 8), (40, 8), (48, 8)],
            [6, 7]: [(4, 4), (8, 8), (16, 4)],
            [7, 8]: [(4, 4), (8, 8), (16, 8)],
        ]
        let records = bytes.indices.dropLast(3).filter {
            bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4b && layouts[[bytes[$0 + 2], bytes[$0 + 3]]] != nil
        }
        guard let record = records.randomElement(using: &generator) else { return flip(using: &generator) }
        var (offset, width) = layouts[[bytes[record + 2], bytes[record + 3]]]!.randomElement(using: &generator)!
        if offset < 0 {
            // The n-th 8-byte value of a ZIP64 extra field placed first after the name.
            let isLocal = bytes[record + 2] == 3
            let nameLength = Int(read(width: 2, at: record + (isLocal ? 26 : 28)))
            offset = (isLocal ? 30 : 46) + nameLength + 4 + 8 * (-offset - 1)
        }
        let original = read(width: width, at: record + offset)
        write(interesting(width: width, original: original, using: &generator), width: width, at: record + offset)
    }
}

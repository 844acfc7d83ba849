// The `.zkey` reader against malformed files: one targeted mutation per check (each must be a
// `FormatError` whose message names the section or field), then every truncation and seeded
// byte mutations of a valid file, none of which may crash or trap (a mutation the format cannot
// notice, e.g. in a transcript, may read back as a different valid file).

import Foundation
import Support
import Testing
@testable import Prove

@Suite struct ZkeyHostileTests {
    let valid: [UInt8]
    let sections: [UInt32: Range<Int>]

    init() throws {
        valid = try ZkeyFixtures.file().encoded()
        sections = ZkeyFixtures.sections(valid)
    }

    /// The problem `ZkeyFile.decode` reports for `bytes` (nil if it reads), checking that the
    /// error names the file.
    func problem(_ bytes: [UInt8]) -> String? {
        do {
            _ = try ZkeyFile.decode(bytes, path: "bad.zkey")
            return nil
        } catch let error as FormatError {
            #expect(error.path == "bad.zkey")
            return error.problem
        } catch {
            return "unexpected error \(error)"
        }
    }

    /// `valid` with `bytes` written at `offset` into section `type`'s payload.
    func patched(_ type: UInt32, at offset: Int, _ bytes: [UInt8]) -> [UInt8] {
        var copy = valid
        let start = sections[type]!.lowerBound + offset
        copy.replaceSubrange(start..<(start + bytes.count), with: bytes)
        return copy
    }

    /// `valid` rebuilt from its sections, with `edit` applied to the (type, payload) list.
    func rebuilt(_ edit: (inout [(UInt32, [UInt8])]) -> Void) -> [UInt8] {
        var list = ZkeyFile.sequentialOrder.map { ($0, Array(valid[sections[$0]!])) }
        edit(&list)
        return [UInt8](iden3File(magic: "zkey", sections: list))
    }

    @Test func targetedMutationsNameTheProblem() throws {
        let pBytes = Fq.modulusLimbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) } }
        let outsider = G2BatchSubgroupTests.outsiders()[1]
        let outsiderBytes = [outsider.x.c0, outsider.x.c1, outsider.y.c0, outsider.y.c1].flatMap { limbBytes($0.montgomeryLimbs) }
        let cases: [(String, [UInt8], String)] = [
            ("magic", [UInt8]("r1cs".utf8) + valid.dropFirst(4), "magic \"zkey\" missing"),
            ("version", Array(valid.prefix(4)) + le32(2) + valid.dropFirst(8), "unsupported .zkey version 2"),
            ("PLONK", patched(1, at: 0, le32(2)), "protocol 2 is a PLONK key"),
            ("FFLONK", patched(1, at: 0, le32(10)), "protocol 10 is an FFLONK key"),
            ("n8q", patched(2, at: 0, le32(48)), "n8q = 48, expected 32"),
            ("q", patched(2, at: 4, rBytes), "q is not BN254's base field modulus p"),
            ("r", patched(2, at: 40, pBytes), "r is not BN254's scalar field modulus r"),
            ("nVars", patched(2, at: 72, le32(5)), "nVars = 5 is less than nPublic + 1 = 6"),
            ("domain not 2^k", patched(2, at: 80, le32(24)), "domainSize = 24 is not a power of two"),
            ("domain 2^28", patched(2, at: 80, le32(1 << 28)), "domainSize 2^28 is not supported"),
            ("domain too small for the public rows", patched(2, at: 80, le32(4)), "no room for nPublic + 1 = 6"),
            ("nVars vs sections", patched(2, at: 72, le32(9)), "A points section (type 5) size mismatch"),
            ("alpha1 off the curve", patched(2, at: 84 + 40, [0x01]), "alpha1/beta1[0] is not a G1 point"),
            ("alpha1 at infinity", patched(2, at: 84, [UInt8](repeating: 0, count: 64)), "alpha1 is the point at infinity"),
            ("delta2 outside G2", patched(2, at: 84 + 64 * 2 + 128 * 2 + 64, outsiderBytes), "delta2[0] is on the twist but outside"),
            ("coordinate ≥ p", patched(5, at: 64, [UInt8](repeating: 0xff, count: 32)), "A points (section 5): point[1] is not a G1 point"),
            ("B2 outside G2", patched(7, at: 128, outsiderBytes), "B2 points (section 7): point[1] is on the twist but outside"),
            ("H off the curve", patched(9, at: 64 * 3 + 8, [0x77]), "H points (section 9): point[3]"),
            ("matrix 2", patched(4, at: 4, le32(2)), "entry 0 at offset"),
            ("row outside the domain", patched(4, at: 8, le32(16)), "row 16 is outside the domain"),
            ("rows unsorted", patched(4, at: 4 + 44 + 4, le32(9)), "must be sorted by row"),
            ("wire out of range", patched(4, at: 12, le32(8)), "wire 8 is out of range (nVars = 8)"),
            ("coefficient ≥ r", patched(4, at: 16, rBytes), "value is not below r"),
            ("nCoef", patched(4, at: 0, le32(1000)), "coefficients section (type 4) size mismatch"),
            ("contribution type", patched(10, at: 68 + 320 + 64, le32(7)), "contribution 0 has type 7"),
            ("parameter type", patched(10, at: 68 + 320 + 64 + 8, [9]), "unknown type 9"),
            ("parameter length", patched(10, at: 68 + 320 + 64 + 4, le32(200)), "contribution"),
            ("name not UTF-8", patched(10, at: 68 + 320 + 64 + 10, [0xff]), "the name is not valid UTF-8"),
            ("contribution point", patched(10, at: 68 + 40, [0x55]), "contribution 0 point[0] is not a G1 point"),
            ("contribution count", patched(10, at: 64, le32(3)), "contributions section (contribution 2) truncated"),
            ("section missing", rebuilt { $0.removeAll { $0.0 == 9 } }, "H points section (type 9) missing"),
            ("section twice", rebuilt { $0.append($0[2]) }, "IC section (type 3) present 2 times"),
            ("unknown section", rebuilt { $0.append((11, [])) }, "unknown section type 11"),
            ("section size", rebuilt { $0[2].1 += [UInt8](repeating: 0, count: 64) }, "IC section (type 3) size mismatch"),
            ("header size", rebuilt { $0[0].1 += [0] }, "header section size mismatch"),
            ("contributions trailing bytes", rebuilt { $0[9].1 += [0] }, "contributions section size mismatch"),
            ("trailing bytes", valid + [0], "unexpected bytes after the last section"),
        ]
        for (name, bytes, expected) in cases {
            let found = problem(bytes)
            #expect(found?.contains(expected) == true, "\(name): \(found ?? "accepted")")
        }
        #expect(problem(valid) == nil)
    }

    @Test func parametersOutOfOrderAreRefused() throws {
        var file = try ZkeyFixtures.file()
        file.contributions = [file.contributions[1]]
        file.contributions[0].name = "A"
        file.contributions[0].beaconHash = nil  // parameters: 1, 1, "A", 2, 10
        var bytes = try file.encoded()
        let start = ZkeyFixtures.sections(bytes)[10]!.lowerBound + 68 + 320 + 64 + 8
        #expect(Array(bytes[start..<(start + 5)]) == [1, 1, 0x41, 2, 10])
        bytes.replaceSubrange(start..<(start + 5), with: [2, 10, 1, 1, 0x41])
        #expect(problem(bytes)?.contains("type 1 after type 2") == true)
    }

    @Test func everyTruncationIsAnError() {
        for length in stride(from: 0, to: valid.count, by: 7) {
            #expect(problem(Array(valid.prefix(length))) != nil, "truncated to \(length) bytes")
        }
        #expect(problem(Array(valid.dropLast())) != nil)
    }

    @Test func seededMutationsNeverCrash() {
        var rng = SeededGenerator(seed: 20)
        var refused = 0
        for round in 0..<3000 {
            var bytes = valid
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            switch round % 4 {
            case 0: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1: bytes[position] = [0x00, 0xff, 0x7f, 0x80].randomElement(using: &rng)!
            case 2: bytes.replaceSubrange(position..<min(bytes.count, position + 4), with: le32(UInt32.max))
            default: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...64, using: &rng)))
            }
            if problem(bytes) != nil { refused += 1 }
        }
        #expect(refused > 2000)  // most bytes are points, counts or sizes, which the reader checks
    }
}

/// Four limbs as 32 little-endian bytes.
private func limbBytes(_ limbs: Limbs) -> [UInt8] {
    [limbs.0, limbs.1, limbs.2, limbs.3].flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) } }
}

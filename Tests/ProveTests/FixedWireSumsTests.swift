// Reusing fixed wires' MSM sums: with the same r, s a proof made with reuse is the proof made
// without it, point for point, and it verifies, with either key layout; sums made for other values, another key or
// public wires are refused. The sums file round-trips (the read sums give the same proof) and
// every kind of damage is refused with the file's name: magic, version, length, wire range,
// a point off its curve, a G2 point outside the subgroup.

import Foundation
import Testing
@testable import Prove
import Support

@Suite struct FixedWireSumsTests {
    /// The multi-public circuit, a key for it from `rng` and a witness with private p = 9.
    static func fixture(_ rng: inout SeededGenerator) throws -> (cs: ConstraintSystem, pk: Groth16.ProvingKey, witness: [Fr]) {
        let cs = multiPublicCircuit()
        return (cs, try Groth16.setup(cs, using: &rng), multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 9))
    }

    @Test func reuseGivesTheSameProof() throws {
        var rng = SeededGenerator(seed: 41)
        let (cs, pk, witness) = try Self.fixture(&rng)
        for wires in [6..<7, 7..<8, 6..<8] {
            let fixed = try Groth16.fixedWireSums(pk, witness: witness, wires: wires)
            var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7)
            var timer = PhaseTimer()
            let plain = try Groth16.prove(pk, cs: cs, witness: witness, using: &first, timer: &timer)
            let reused = try Groth16.prove(pk, cs: cs, witness: witness, reusing: fixed, using: &second, timer: &timer)
            #expect(reused == plain)
            #expect(Groth16.verify(pk.verifyingKey, publicInputs: Array(witness[1...5]), proof: reused))
        }
    }

    /// The same for a key in snarkjs's conventions (a ceremony's .zkey), and sums made with one
    /// layout's key are refused by the other's.
    @Test func reuseWithASnarkjsKeyGivesTheSameProof() throws {
        var rng = SeededGenerator(seed: 43)
        let (cs, pk, witness) = try Self.fixture(&rng)
        let key = try Groth16.snarkjsSetup(cs, using: &rng).key
        for wires in [6..<7, 6..<8] {
            let fixed = try Groth16.fixedWireSums(key, witness: witness, wires: wires)
            #expect(fixed.fits(key, witness: witness) && !fixed.fits(pk, witness: witness))
            var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7)
            let plain = try Groth16.prove(key, cs: cs, witness: witness, using: &first)
            let reused = try Groth16.prove(key, cs: cs, witness: witness, reusing: fixed, using: &second)
            #expect(reused == plain)
            #expect(Groth16.verify(key.verifyingKey, publicInputs: Array(witness[1...5]), proof: reused))
            let ours = try Groth16.fixedWireSums(pk, witness: witness, wires: wires)
            #expect(throws: Groth16.ProveError.self) { try Groth16.prove(key, cs: cs, witness: witness, reusing: ours, using: &rng) }
            let other = multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 10)
            #expect(throws: Groth16.ProveError.self) { try Groth16.prove(key, cs: cs, witness: other, reusing: fixed, using: &rng) }
        }
    }

    @Test func mismatchedSumsAreRefused() throws {
        var rng = SeededGenerator(seed: 42)
        let (cs, pk, witness) = try Self.fixture(&rng)
        let fixed = try Groth16.fixedWireSums(pk, witness: witness, wires: 6..<8)
        var timer = PhaseTimer()
        // Another satisfying witness whose private wire p differs.
        let other = multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 10)
        #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(pk, cs: cs, witness: other, reusing: fixed, using: &rng, timer: &timer)
        }
        // The same witness under another key of the same circuit.
        let otherKey = try Groth16.setup(cs, using: &rng)
        let foreign = try Groth16.fixedWireSums(otherKey, witness: witness, wires: 6..<8)
        #expect(foreign.valuesDigest == fixed.valuesDigest)
        #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(pk, cs: cs, witness: witness, reusing: foreign, using: &rng, timer: &timer)
        }
        // The constant wire, and wires past the end.
        #expect(throws: Groth16.ProveError.self) { try Groth16.fixedWireSums(pk, witness: witness, wires: 0..<2) }
        #expect(throws: Groth16.ProveError.self) { try Groth16.fixedWireSums(pk, witness: witness, wires: 6..<9) }
        // A range reaching into the public inputs (certified weights are public-input wires that
        // repeat across proofs): their A and B shares are reused, L covers private wires only.
        let withPublic = try Groth16.fixedWireSums(pk, witness: witness, wires: 5..<7)
        let proof = try Groth16.prove(pk, cs: cs, witness: witness, reusing: withPublic, using: &rng, timer: &timer)
        #expect(Groth16.verify(pk.verifyingKey, publicInputs: cs.publicSignals(of: witness)!, proof: proof))
    }

    @Test func sumsFileRoundTripsAndRejectsDamage() throws {
        var rng = SeededGenerator(seed: 43)
        let (cs, pk, witness) = try Self.fixture(&rng)
        let fixed = try Groth16.fixedWireSums(pk, witness: witness, wires: 6..<8)
        let bytes = fixed.serialized()
        #expect(bytes.count == Groth16.FixedWireSums.fileLength)
        let read = try Groth16.FixedWireSums(bytes: bytes, path: "sums.bin")
        #expect(read.serialized() == bytes)
        #expect(read.wires == 6..<8 && read.fits(pk, witness: witness))
        #expect(!read.fits(pk, witness: multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 10)))
        var first = SeededGenerator(seed: 8), second = SeededGenerator(seed: 8)
        var timer = PhaseTimer()
        let fromFile = try Groth16.prove(pk, cs: cs, witness: witness, reusing: read, using: &first, timer: &timer)
        #expect(fromFile == (try Groth16.prove(pk, cs: cs, witness: witness, using: &second, timer: &timer)))

        // On disk: mode 0600, atomically replaced.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sums-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("weight-wire-sums.bin").path
        try fixed.write(to: path)
        try fixed.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try Groth16.FixedWireSums(contentsOf: path).serialized() == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["weight-wire-sums.bin"])

        func problem(_ damaged: [UInt8]) -> String {
            do {
                _ = try Groth16.FixedWireSums(bytes: damaged, path: "sums.bin")
                return "accepted"
            } catch let error as FormatError {
                return error.path == "sums.bin" ? error.problem : "wrong path \(error.path)"
            } catch {
                return "unexpected \(error)"
            }
        }
        func replacing(_ range: Range<Int>, with new: [UInt8]) -> [UInt8] {
            var copy = bytes
            copy.replaceSubrange(range, with: new)
            return copy
        }
        #expect(problem(Array(bytes.dropLast(1))).contains("length"))
        #expect(problem(bytes + [0]).contains("length"))
        #expect(problem(replacing(0..<5, with: Array("ZKTPK".utf8))).contains("magic"))
        #expect(problem(replacing(5..<9, with: [2, 0, 0, 0])).contains("version 2"))
        #expect(problem(replacing(9..<17, with: [9, 0, 0, 0, 0, 0, 0, 0])).contains("wire range"))
        // A (G1) with its y coordinate changed: off the curve.
        #expect(problem(replacing(41 + 32..<41 + 33, with: [bytes[41 + 32] ^ 1])).contains("sums A, B (G1)[0]"))
        // A coordinate ≥ p.
        #expect(problem(replacing(41..<73, with: [UInt8](repeating: 0xff, count: 32))).contains("sums A, B (G1)[0]"))
        // B (G2) replaced by a twist point outside G2.
        let outsider = G2BatchSubgroupTests.outsiders()[2]
        let encoded = [outsider.x.c0, outsider.x.c1, outsider.y.c0, outsider.y.c1].flatMap(\.littleEndianBytes)
        #expect(problem(replacing(169..<297, with: encoded)).contains("sum B (G2)[0] is on the twist but outside the order-r subgroup"))
    }
}

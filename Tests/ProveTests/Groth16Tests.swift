// Groth16 setup → prove → verify on small circuits, the negative cases (wrong or missing
// public inputs, tampered proof points, a proof from another key, an unsatisfied witness),
// the QAP quotient against a direct polynomial check, and the proving.key file checks.
// Debug-build sized: every circuit here has fewer than 16 constraints.

import Foundation
import Testing
@testable import Prove
import Support

/// x³ + x + 5 = out, `out` public: wires 1 = out, 2 = x, 3 = x², 4 = x³.
func cubicCircuit() -> ConstraintSystem {
    var cs = ConstraintSystem()
    let out = cs.addPublicOutput()
    let x = cs.addPrivate(), x2 = cs.addPrivate(), x3 = cs.addPrivate()
    cs.addConstraint(LinearCombination(x), LinearCombination(x), LinearCombination(x2), label: "cubic.x2")
    cs.addConstraint(LinearCombination(x2), LinearCombination(x), LinearCombination(x3), label: "cubic.x3")
    cs.addConstraint(LinearCombination(x3) + LinearCombination(x) + LinearCombination(constant: 5),
                     LinearCombination(constant: 1), LinearCombination(out), label: "cubic.out")
    return cs
}

func cubicWitness(_ x: Fr) -> [Fr] { [.one, x * x * x + x + 5, x, x * x, x * x * x] }

/// Outputs o1 = i1·i2 + i3, o2 = (i1 + p)·i3 with public inputs i1, i2, i3 and private p, t.
func multiPublicCircuit() -> ConstraintSystem {
    var cs = ConstraintSystem()
    let o1 = cs.addPublicOutput(), o2 = cs.addPublicOutput()
    let i1 = cs.addPublicInput(), i2 = cs.addPublicInput(), i3 = cs.addPublicInput()
    let p = cs.addPrivate(), t = cs.addPrivate()
    cs.addConstraint(LinearCombination(i1), LinearCombination(i2), LinearCombination(t), label: "multi.t")
    cs.addConstraint(LinearCombination(t) + LinearCombination(i3), LinearCombination(constant: 1),
                     LinearCombination(o1), label: "multi.o1")
    cs.addConstraint(LinearCombination(i1) + LinearCombination(p), LinearCombination(i3),
                     LinearCombination(o2), label: "multi.o2")
    return cs
}

func multiPublicWitness(i1: Fr, i2: Fr, i3: Fr, p: Fr) -> [Fr] {
    [.one, i1 * i2 + i3, (i1 + p) * i3, i1, i2, i3, p, i1 * i2]
}

@Suite struct Groth16Tests {
    @Test func cubicRoundTrip() throws {
        var rng = SeededGenerator(seed: 1)
        let cs = cubicCircuit()
        let witness = cubicWitness(3)
        #expect(cs.isSatisfied(witness))
        let pk = try Groth16.setup(cs, using: &rng)
        #expect(pk.hasConsistentShape)
        let proof = try Groth16.prove(pk, cs: cs, witness: witness, using: &rng)
        #expect(Groth16.verify(pk.verifyingKey, publicInputs: [35], proof: proof))
        #expect(Groth16.verify(Groth16.prepare(pk.verifyingKey), publicInputs: [35], proof: proof))
        // Negative: a wrong public input, and a mismatched count.
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [36], proof: proof))
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [], proof: proof))
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [35, 0], proof: proof))
    }

    @Test func multiplePublicInputsAndOutputs() throws {
        var rng = SeededGenerator(seed: 2)
        let cs = multiPublicCircuit()
        let witness = multiPublicWitness(i1: 7, i2: -3, i3: 11, p: 1000)
        let pk = try Groth16.setup(cs, using: &rng)
        let proof = try Groth16.prove(pk, cs: cs, witness: witness, using: &rng)
        let publicInputs = cs.publicSignals(of: witness)!
        #expect(publicInputs.count == 5)
        #expect(Groth16.verify(pk.verifyingKey, publicInputs: publicInputs, proof: proof))
        for index in publicInputs.indices {
            var wrong = publicInputs
            wrong[index] += .one
            #expect(!Groth16.verify(pk.verifyingKey, publicInputs: wrong, proof: proof), "public input \(index)")
        }
        // Fresh r, s: a second proof of the same witness differs and verifies too.
        let second = try Groth16.prove(pk, cs: cs, witness: witness, using: &rng)
        #expect(second != proof)
        #expect(Groth16.verify(pk.verifyingKey, publicInputs: publicInputs, proof: second))
    }

    @Test func tamperedProofPointsAreRejected() throws {
        var rng = SeededGenerator(seed: 3)
        let cs = cubicCircuit()
        let pk = try Groth16.setup(cs, using: &rng)
        let proof = try Groth16.prove(pk, cs: cs, witness: cubicWitness(3), using: &rng)
        let otherG1 = G1Jacobian.generator.multiplied(by: 12345).toAffine()
        let otherG2 = G2Jacobian.generator.multiplied(by: 6789).toAffine()
        var tampered = proof
        tampered.a = otherG1
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [35], proof: tampered))
        tampered = proof
        tampered.b = otherG2
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [35], proof: tampered))
        tampered = proof
        tampered.c = otherG1
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [35], proof: tampered))
        tampered = proof
        tampered.c = proof.a  // swapping in another point of the proof itself
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [35], proof: tampered))
        tampered = proof
        tampered.a = G1Affine(uncheckedX: 1, y: 3)  // off the curve
        #expect(!Groth16.verify(pk.verifyingKey, publicInputs: [35], proof: tampered))
    }

    @Test func proofFromAnotherSetupIsRejected() throws {
        var rng = SeededGenerator(seed: 4)
        let cs = cubicCircuit()
        let first = try Groth16.setup(cs, using: &rng)
        let second = try Groth16.setup(cs, using: &rng)
        let proof = try Groth16.prove(second, cs: cs, witness: cubicWitness(3), using: &rng)
        #expect(Groth16.verify(second.verifyingKey, publicInputs: [35], proof: proof))
        #expect(!Groth16.verify(first.verifyingKey, publicInputs: [35], proof: proof))
    }

    @Test func unsatisfiedWitnessIsRefusedWithItsLabel() throws {
        var rng = SeededGenerator(seed: 5)
        let cs = cubicCircuit()
        let pk = try Groth16.setup(cs, using: &rng)
        var witness = cubicWitness(3)
        witness[4] += .one  // x³ wrong: "cubic.x3" fails first
        #expect(throws: Groth16.ProveError.unsatisfied(index: 1, label: "cubic.x3")) {
            try Groth16.prove(pk, cs: cs, witness: witness, using: &rng)
        }
        #expect(throws: Groth16.ProveError.witnessCount(expected: 5, got: 4)) {
            try Groth16.prove(pk, cs: cs, witness: Array(witness.prefix(4)), using: &rng)
        }
        let other = multiPublicCircuit()
        #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(pk, cs: other, witness: multiPublicWitness(i1: 1, i2: 2, i3: 3, p: 4), using: &rng)
        }
    }

    /// The quotient from the coset NTTs satisfies A(x)·B(x) − C(x) = H(x)·Z(x) at a random x.
    @Test func quotientMatchesPolynomialIdentity() throws {
        var rng = SeededGenerator(seed: 6)
        let cs = multiPublicCircuit()
        let qap = try #require(Groth16.qap(cs))
        let witness = multiPublicWitness(i1: 2, i2: 5, i3: 9, p: 41)
        var timer = PhaseTimer()
        let evaluations = Groth16.evaluateConstraints(cs, witness: witness, domainSize: qap.domain.size)
        let h = Groth16.quotientCoefficients(evaluations, domain: qap.domain, timer: &timer)
        #expect(h.count == qap.domain.size - 1)
        let x = Fr.random(using: &rng)
        let lagrange = try #require(qap.lagrangeAt(x))
        let (u, v, w) = qap.columnEvaluations(lagrange: lagrange)
        func dot(_ p: [Fr]) -> Fr { zip(p, witness).reduce(.zero) { $0 + $1.0 * $1.1 } }
        let hx = h.reversed().reduce(Fr.zero) { $0 * x + $1 }
        let zx = x.pow(UInt64(qap.domain.size)) - .one
        #expect(dot(u) * dot(v) - dot(w) == hx * zx)
        #expect(!timer.phases.isEmpty)
    }

    @Test func provingKeyFileRoundTripAndValidation() throws {
        var rng = SeededGenerator(seed: 7)
        let cs = multiPublicCircuit()
        let pk = try Groth16.setup(cs, using: &rng)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("groth16-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("proving.key").path
        try pk.write(to: path)
        let loaded = try Groth16.ProvingKey(contentsOf: path)
        #expect(loaded == pk)
        let bytes = pk.serialized()
        #expect(String(decoding: bytes.prefix(400), as: UTF8.self).contains("Single-party setup"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        var pieces = [UInt8]()
        pk.serialize(blockPoints: 2) { pieces += $0 }
        #expect(pieces == bytes)

        var smallBlocks = KeyFileReader(bytes: bytes, path: "blocks.key")
        smallBlocks.blockPoints = 2
        #expect(try Groth16.ProvingKey(reading: &smallBlocks, checkSubgroups: true) == pk)
        #expect(throws: FormatError(path: folder.path + "/missing.key", problem: "cannot read the file (missing or unreadable)")) {
            try Groth16.ProvingKey(contentsOf: folder.path + "/missing.key")
        }

        // Each corrupt key is refused from memory, in blocks of two points (an index past
        // the first block), and from a file, which is read block by block.
        let corruptPath = folder.appendingPathComponent("corrupt.key").path
        func rejects(_ corrupt: [UInt8], mentioning word: String) {
            try? Data(corrupt).write(to: URL(fileURLWithPath: corruptPath))
            var blocks = KeyFileReader(bytes: corrupt, path: "corrupt.key")
            blocks.blockPoints = 2
            let reads: [(String, () throws -> Groth16.ProvingKey)] = [
                ("corrupt.key", { try Groth16.ProvingKey(bytes: corrupt, path: "corrupt.key") }),
                ("corrupt.key", { try Groth16.ProvingKey(reading: &blocks, checkSubgroups: true) }),
                (corruptPath, { try Groth16.ProvingKey(contentsOf: corruptPath) }),
            ]
            for (path, read) in reads {
                do {
                    _ = try read()
                    Issue.record("accepted a corrupt key (\(word)) from \(path)")
                } catch let error as FormatError {
                    #expect(error.path == path)
                    #expect(error.problem.contains(word), "\(error)")
                } catch {
                    Issue.record("unexpected error \(error)")
                }
            }
        }
        rejects(Array(bytes.dropLast(7)), mentioning: "length")
        rejects(Array("ZKTPX".utf8) + bytes.dropFirst(5), mentioning: "magic")
        var wrongVersion = bytes
        wrongVersion[5] = 9
        rejects(wrongVersion, mentioning: "version")
        // Offsets: magic 5 + version 4 + notice length 4 + notice + 5 counts × 8.
        let header = 13 + Int(bytes[9]) + Int(bytes[10]) << 8 + 40
        let aQuery = header + 3 * 64 + 3 * 128 + (pk.publicCount + 1) * 64
        var offCurve = bytes
        offCurve[aQuery + 3 * 64 + 40] ^= 1  // A query[3].y
        rejects(offCurve, mentioning: "A query[3]")
        // A twist point outside the order-r subgroup, written into B query (G2)[2].
        var x = Fq2(1, 1), point: G2Affine?
        while point == nil {
            x = x + .one
            if let y = (x.squared() * x + G2Affine.b).squareRoot() { point = G2Affine(x: x, y: y) }
        }
        #expect(!point!.isInSubgroup)
        let encoded = [point!.x.c0, point!.x.c1, point!.y.c0, point!.y.c1].flatMap(\.littleEndianBytes)
        var outside = bytes
        let bQueryG2 = aQuery + 2 * pk.variableCount * 64
        outside.replaceSubrange((bQueryG2 + 2 * 128)..<(bQueryG2 + 3 * 128), with: encoded)
        rejects(outside, mentioning: "B query (G2)[2]")
        #expect((try? Groth16.ProvingKey(bytes: outside, path: "trusted.key", checkSubgroups: false)) != nil)
        // A key made for another circuit is refused by the prover.
        #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(loaded, cs: cubicCircuit(), witness: cubicWitness(3), using: &rng)
        }
    }

    /// Writes vk/proof/public in snarkjs JSON to `.build/crosscheck/` (relative to the working
    /// directory, the package root under `swift test`) for the independent py_ecc verifier:
    /// python3 scripts/bn254/verify_groth16.py .build/crosscheck/{verification_key,proof,public}.json
    @Test func snarkjsFilesForCrossCheck() throws {
        var rng = SeededGenerator(seed: 8)
        let cs = multiPublicCircuit()
        let witness = multiPublicWitness(i1: 12, i2: 34, i3: 56, p: 78)
        let pk = try Groth16.setup(cs, using: &rng)
        let proof = try Groth16.prove(pk, cs: cs, witness: witness, using: &rng)
        let inputs = cs.publicSignals(of: witness)!
        let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent(".build/crosscheck")
        try? FileManager.default.removeItem(at: folder)  // never leave stale files for the script
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let vkURL = folder.appendingPathComponent("verification_key.json")
        let proofURL = folder.appendingPathComponent("proof.json")
        let publicURL = folder.appendingPathComponent("public.json")
        try SnarkjsJSON.write(pk.verifyingKey, to: vkURL)
        try SnarkjsJSON.write(proof, to: proofURL)
        try SnarkjsJSON.writePublicInputs(inputs, to: publicURL)
        // What was written reads back and verifies.
        let vk = try SnarkjsJSON.readVerifyingKey(from: vkURL)
        let readProof = try SnarkjsJSON.readProof(from: proofURL)
        let readInputs = try SnarkjsJSON.readPublicInputs(from: publicURL)
        #expect(vk == pk.verifyingKey && readProof == proof && readInputs == inputs)
        #expect(Groth16.verify(vk, publicInputs: readInputs, proof: readProof))
        // A public input ≥ r is rejected when public.json is parsed.
        let r = "21888242871839275222246405745257275088548364400416034343698204186575808495617"
        #expect(throws: FormatError.self) {
            try SnarkjsJSON.decodePublicInputs(Data("[\"\(r)\", \"1\", \"2\", \"3\", \"4\"]".utf8), path: "public.json")
        }
    }
}

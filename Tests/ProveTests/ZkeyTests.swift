// Keys in snarkjs's conventions and the `.zkey` file: the odd-coset H against the textbook
// quotient, setup → prove → verify with `SnarkjsProvingKey` (and the negatives: a wrong public
// input, a tampered proof, a tampered key, a key for another circuit, an unsatisfied witness),
// `.zkey` round trips in both section orders with contributions, and cross-checks of our writer
// with the independent Python reader scripts/zkey/read_zkey.py (and, with py_ecc, a proof
// verified under the key that reader exports). Malformed files: ZkeyHostileTests.swift.

import Foundation
import Support
import Testing
@testable import Prove

enum ZkeyFixtures {
    /// A key in snarkjs's conventions for `cs` from seeded secrets (multiPublicCircuit: 8 wires,
    /// 5 public, 3 constraints, domain 16).
    static func key(_ cs: ConstraintSystem = multiPublicCircuit(), seed: UInt64 = 7) throws -> Groth16.SnarkjsProvingKey {
        var rng = SeededGenerator(seed: seed)
        return try Groth16.snarkjsSetup(cs, using: &rng).key
    }

    static let multiWitness = multiPublicWitness(i1: 3, i2: 4, i3: 5, p: 6)

    /// Two contributions, the second a beacon, as snarkjs records them (points are arbitrary
    /// multiples of the generators: the file format does not check the pairings).
    static func contributions() -> [ZkeyFile.Contribution] {
        let g1 = G1Jacobian.batchToAffine([G1Jacobian.generator.multiplied(by: 11), G1Jacobian.generator.multiplied(by: 12),
                                           G1Jacobian.generator.multiplied(by: 13)])
        let g2 = G2Jacobian.generator.multiplied(by: 14).toAffine()
        let transcript = (0..<64).map { UInt8($0) }
        return [
            ZkeyFile.Contribution(deltaAfter: g1[0], g1S: g1[1], g1SX: g1[2], g2SPX: g2, transcript: transcript,
                                  kind: .contribution, name: "Ada — first"),
            ZkeyFile.Contribution(deltaAfter: g1[2], g1S: g1[0], g1SX: .infinity, g2SPX: g2, transcript: transcript.reversed(),
                                  kind: .beacon, name: "Final Beacon", iterationsExponent: 10, beaconHash: Array(repeating: 0xab, count: 32)),
        ]
    }

    static func file(order: [UInt32] = ZkeyFile.sequentialOrder) throws -> ZkeyFile {
        ZkeyFile(key: try key(), circuitHash: (0..<64).map { UInt8(255 - $0) }, contributions: contributions(), sectionOrder: order)
    }

    /// Payload ranges by section type of a well-formed container.
    static func sections(_ bytes: [UInt8]) -> [UInt32: Range<Int>] {
        var ranges = [UInt32: Range<Int>](), position = 12
        while position < bytes.count {
            let type = bytes[position..<(position + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let size = bytes[(position + 4)..<(position + 12)].reversed().reduce(0) { $0 << 8 | Int($1) }
            ranges[type] = (position + 12)..<(position + 12 + size)
            position += 12 + size
        }
        return ranges
    }
}

@Suite struct ZkeyTests {
    @Test func oddCosetNumeratorGivesHTimesZAtTau() throws {
        // Σₖ (A·B − C)(ω₂ₙ·ωₙᵏ)·L'₂ₖ₊₁(τ) must equal H(τ)·Z(τ) for the textbook H.
        let cs = multiPublicCircuit(), witness = ZkeyFixtures.multiWitness
        let domain = try #require(NTTDomain(minimumSize: cs.constraints.count + cs.publicCount + 1))
        let doubled = try #require(NTTDomain(logSize: domain.logSize + 1))
        var timer = PhaseTimer()
        let odd = Groth16.cosetNumerator(Groth16.evaluateConstraints(cs, witness: witness, domainSize: domain.size),
                                         domain: domain, shift: doubled.root, timer: &timer)
        let h = Groth16.quotientCoefficients(Groth16.evaluateConstraints(cs, witness: witness, domainSize: domain.size),
                                             domain: domain, timer: &timer)
        let tau = Fr(123_456_789)
        let lagrange = try #require(Groth16.lagrangeBasis(doubled, at: tau))
        let viaOddPoints = (0..<domain.size).reduce(Fr.zero) { $0 + odd[$1] * lagrange[2 * $1 + 1] }
        let hAtTau = h.reversed().reduce(Fr.zero) { $0 * tau + $1 }
        #expect(viaOddPoints == hAtTau * (tau.pow(UInt64(domain.size)) - .one))
        #expect(!viaOddPoints.isZero)
    }

    @Test func proveAndVerifyWithASnarkjsKey() throws {
        var rng = SeededGenerator(seed: 3)
        for (cs, witness) in [(cubicCircuit(), cubicWitness(3)), (multiPublicCircuit(), ZkeyFixtures.multiWitness)] {
            let key = try ZkeyFixtures.key(cs)
            #expect(key.hasConsistentShape)
            let proof = try Groth16.prove(key, cs: cs, witness: witness, using: &rng)
            let inputs = try #require(cs.publicSignals(of: witness))
            #expect(Groth16.verify(key.verifyingKey, publicInputs: inputs, proof: proof))
            // A wrong public input, a tampered proof point, a proof for another key.
            var wrong = inputs
            wrong[0] += .one
            #expect(!Groth16.verify(key.verifyingKey, publicInputs: wrong, proof: proof))
            var tampered = proof
            tampered.c = tampered.a
            #expect(!Groth16.verify(key.verifyingKey, publicInputs: inputs, proof: tampered))
            tampered = proof
            tampered.a = proof.a.negated()
            #expect(!Groth16.verify(key.verifyingKey, publicInputs: inputs, proof: tampered))
            let other = try ZkeyFixtures.key(cs, seed: 99)
            #expect(!Groth16.verify(other.verifyingKey, publicInputs: inputs, proof: proof))
        }
    }

    @Test func tamperedKeyPointsGiveProofsThatDoNotVerify() throws {
        var rng = SeededGenerator(seed: 4)
        let cs = multiPublicCircuit(), witness = ZkeyFixtures.multiWitness, key = try ZkeyFixtures.key()
        let inputs = try #require(cs.publicSignals(of: witness))
        let g = G1Jacobian.generator.multiplied(by: 5).toAffine()
        let edits: [(String, (inout Groth16.SnarkjsProvingKey) -> Void)] = [
            ("H", { $0.hQueryG1[1] = g }), ("L", { $0.lQueryG1[0] = g }), ("A", { $0.aQueryG1[6] = g }),
            ("B1", { $0.bQueryG1[5] = g }), ("delta1", { $0.deltaG1 = g }), ("textbook H order", { $0.hQueryG1.reverse() }),
        ]
        for (name, edit) in edits {
            var bad = key
            edit(&bad)
            let proof = try Groth16.prove(bad, cs: cs, witness: witness, using: &rng)
            #expect(!Groth16.verify(key.verifyingKey, publicInputs: inputs, proof: proof), "tampered \(name) still verifies")
        }
    }

    @Test func keyForAnotherCircuitOrABadWitnessIsRefused() throws {
        let key = try ZkeyFixtures.key(cubicCircuit())
        // Same shape, one coefficient different (x³ + x + 6 = out).
        var other = ConstraintSystem()
        let out = other.addPublicOutput()
        let x = other.addPrivate(), x2 = other.addPrivate(), x3 = other.addPrivate()
        other.addConstraint(LinearCombination(x), LinearCombination(x), LinearCombination(x2), label: "x2")
        other.addConstraint(LinearCombination(x2), LinearCombination(x), LinearCombination(x3), label: "x3")
        other.addConstraint(LinearCombination(x3) + LinearCombination(x) + LinearCombination(constant: 6),
                            LinearCombination(constant: 1), LinearCombination(out), label: "out")
        let mismatch = #expect(throws: Groth16.ProveError.self) {
            try Groth16.prove(key, cs: other, witness: [.one, 36, 3, 9, 27])
        }
        #expect(mismatch?.description.contains("A matrix differs from the circuit's at constraint 2 ('out')") == true)
        #expect(throws: Groth16.ProveError.self) { try Groth16.prove(key, cs: multiPublicCircuit(), witness: ZkeyFixtures.multiWitness) }
        // An input-consistency row that is not the key's.
        var shifted = key
        shifted.matrixEntries.removeLast()
        let missing = #expect(throws: Groth16.ProveError.self) { try Groth16.prove(shifted, cs: cubicCircuit(), witness: cubicWitness(3)) }
        #expect(missing?.description.contains("input-consistency row of wire 1") == true)
        // Witness problems.
        #expect(throws: Groth16.ProveError.unsatisfied(index: 2, label: "cubic.out")) {
            try Groth16.prove(key, cs: cubicCircuit(), witness: [.one, 36, 3, 9, 27])
        }
        #expect(throws: Groth16.ProveError.witnessCount(expected: 5, got: 4)) {
            try Groth16.prove(key, cs: cubicCircuit(), witness: [.one, 35, 3, 9])
        }
        #expect(throws: Groth16.ProveError.constantWireNotOne) {
            try Groth16.prove(key, cs: cubicCircuit(), witness: [2, 35, 3, 9, 27])
        }
    }

    @Test func fileRoundTripsInBothSectionOrders() throws {
        for order in [ZkeyFile.sequentialOrder, ZkeyFile.setupOrder] {
            let file = try ZkeyFixtures.file(order: order)
            let bytes = try file.encoded()
            let read = try ZkeyFile.decode(bytes, path: "k.zkey")
            #expect(read == file)
            #expect(try read.encoded() == bytes)
            #expect(Array(ZkeyFixtures.sections(bytes).keys).count == 10)
        }
        // Through a file, and without contributions.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zkey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("k.zkey")
        let bare = ZkeyFile(key: try ZkeyFixtures.key())
        try bare.write(to: url)
        #expect(ZkeyFile.hasMagic(at: url))
        #expect(try ZkeyFile(contentsOf: url) == bare)
        #expect(!ZkeyFile.hasMagic(at: folder.appendingPathComponent("missing.zkey")))
    }

    @Test func writerRefusesWhatTheFormatCannotHold() throws {
        var file = try ZkeyFixtures.file()
        file.sectionOrder = [1, 2, 3, 4, 5, 6, 7, 8, 9, 9]
        #expect(formatProblem { try file.encoded() }?.contains("not a permutation") == true)
        file = try ZkeyFixtures.file()
        file.contributions[0].name = String(repeating: "é", count: 128)
        #expect(formatProblem { try file.encoded() }?.contains("256 UTF-8 bytes") == true)
        file = try ZkeyFixtures.file()
        file.circuitHash = [1, 2, 3]
        #expect(formatProblem { try file.encoded() }?.contains("circuit hash has 3 bytes") == true)
        file = try ZkeyFixtures.file()
        file.key.hQueryG1.removeLast()
        #expect(formatProblem { try file.encoded() }?.contains("counts disagree") == true)
    }

    static let hasPython: Bool = (try? FormatFixtures.run(["python3", "-c", "import sys"]).status) == 0

    @Test(.enabled(if: ZkeyTests.hasPython, "needs python3"))
    func independentPythonReaderAgreesWithTheWriter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zkey-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for order in [ZkeyFile.sequentialOrder, ZkeyFile.setupOrder] {
            let file = try ZkeyFixtures.file(order: order), url = folder.appendingPathComponent("k.zkey")
            try file.write(to: url)
            let run = try FormatFixtures.run(["python3", "scripts/zkey/read_zkey.py", url.path])
            try #require(run.status == 0)
            let dump = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
            let key = file.key
            #expect(dump["nVars"] as? Int == key.variableCount && dump["nPublic"] as? Int == key.publicCount)
            #expect(dump["domainSize"] as? Int == key.domainSize && dump["sectionOrder"] as? [Int] == order.map(Int.init))
            func g1(_ p: G1Affine) -> [String]? { p.isInfinity ? nil : [p.x.description, p.y.description] }
            func g2(_ p: G2Affine) -> [[String]]? {
                p.isInfinity ? nil : [[p.x.c0.description, p.x.c1.description], [p.y.c0.description, p.y.c1.description]]
            }
            #expect(dump["alpha1"] as? [String] == g1(key.alphaG1) && dump["beta1"] as? [String] == g1(key.betaG1))
            #expect(dump["delta1"] as? [String] == g1(key.deltaG1) && dump["delta2"] as? [[String]] == g2(key.deltaG2))
            #expect(dump["beta2"] as? [[String]] == g2(key.betaG2) && dump["gamma2"] as? [[String]] == g2(key.verifyingKey.gammaG2))
            for (name, points) in [("IC", key.verifyingKey.gammaABCG1), ("A", key.aQueryG1), ("B1", key.bQueryG1),
                                   ("C", key.lQueryG1), ("H", key.hQueryG1)] {
                let theirs = try #require(dump[name] as? [Any])
                #expect(theirs.map { $0 as? [String] } == points.map(g1), "section \(name)")
            }
            #expect((dump["B2"] as? [Any])?.map { $0 as? [[String]] } == key.bQueryG2.map(g2))
            let coefficients = try #require(dump["coefficients"] as? [[Any]])
            #expect(coefficients.count == key.matrixEntries.count)
            for (theirs, ours) in zip(coefficients, key.matrixEntries) {
                #expect(theirs[0] as? Int == Int(ours.matrix.rawValue) && theirs[1] as? Int == ours.row
                        && theirs[2] as? Int == ours.wire && theirs[3] as? String == ours.value.description)
            }
            #expect(dump["circuitHash"] as? String == file.circuitHash.map { String(format: "%02x", $0) }.joined())
            let contributions = try #require(dump["contributions"] as? [[String: Any]])
            #expect(contributions.count == 2)
            #expect(contributions[0]["name"] as? String == "Ada — first" && contributions[0]["type"] as? Int == 0)
            #expect(contributions[1]["type"] as? Int == 1 && contributions[1]["numIterationsExp"] as? Int == 10)
            #expect(contributions[1]["beaconHash"] as? String == String(repeating: "ab", count: 32))
            #expect(contributions[1]["g1_sx"] is NSNull && contributions[0]["g2_spx"] as? [[String]] == g2(file.contributions[0].g2SPX))
        }
    }

    @Test(.enabled(if: FormatFixtures.hasPyECC, "needs python3 with py_ecc (scripts/bn254/requirements.txt)"))
    func pyEccVerifiesOurProofUnderTheKeyPythonReadsFromOurFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zkey-ecc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try ZkeyFixtures.file(), cs = multiPublicCircuit(), witness = ZkeyFixtures.multiWitness
        try file.write(to: folder.appendingPathComponent("k.zkey"))
        var rng = SeededGenerator(seed: 5)
        let read = try ZkeyFile(contentsOf: folder.appendingPathComponent("k.zkey"))  // prove with the key as read back
        let proof = try Groth16.prove(read.key, cs: cs, witness: witness, using: &rng)
        let names = ["vk.json", "proof.json", "public.json"], paths = names.map { folder.appendingPathComponent($0).path }
        try #require(try FormatFixtures.run(["python3", "scripts/zkey/read_zkey.py", folder.appendingPathComponent("k.zkey").path,
                                             "--summary", "--vk", paths[0]]).status == 0)
        try SnarkjsJSON.write(proof, to: URL(fileURLWithPath: paths[1]))
        try SnarkjsJSON.writePublicInputs(try #require(cs.publicSignals(of: witness)), to: URL(fileURLWithPath: paths[2]))
        #expect(try FormatFixtures.run(["python3", "scripts/bn254/verify_groth16.py"] + paths).status == 0)
        try SnarkjsJSON.writePublicInputs([1, 2, 3, 4, 5], to: URL(fileURLWithPath: paths[2]))
        #expect(try FormatFixtures.run(["python3", "scripts/bn254/verify_groth16.py"] + paths).status == 1)
    }
}

// Tests for Formats/: the `.wtns` binary witness and snarkjs's JSON files (round trips,
// byte-exact agreement with snarkjs-layout files, every rejection). `.r1cs`: R1CSTests.swift.
// Fixtures/snarkjs-toy/*.json were generated from the repository root with
//   python3 scripts/bn254/toy_groth16.py Tests/ProveTests/Fixtures/snarkjs-toy --x 3
// (py_ecc 8.0.0, default seed 1); if python3 with py_ecc is present, a test re-runs it.

import Foundation
import Prove
import TestSupport
import Testing
import Support

enum FormatFixtures {
    /// Tests/ProveTests, symlinks resolved (dev packages link the test folder in).
    static let folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static func toy(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent("Fixtures/snarkjs-toy/\(name)"))
    }
    /// A fixture parsed into a mutable JSON object, for building malformed variants.
    static func toyObject(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: toy(name)) as? [String: Any] ?? [:]
    }
    static func json(_ object: Any) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

    /// `true` if `python3 -c "import py_ecc"` succeeds.
    static let hasPyECC: Bool = (try? run(["python3", "-c", "import py_ecc"]).status) == 0

    /// Runs a command from the repository root; returns its exit status and stdout.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

@Suite struct WitnessFileTests {
    @Test func roundTripAndLayout() throws {
        var generator = SeededGenerator(seed: 11)
        let witness: [Fr] = [.one, .zero, -Fr.one] + (0..<7).map { _ in Fr.random(using: &generator) }
        let data = try WitnessFile.encode(witness)
        #expect(try WitnessFile.decode(data, path: "w.wtns") == witness)
        let bytes = [UInt8](data)
        let expectedHeader = Array("wtns".utf8) + le32(2) + le32(2) + le32(1) + le64(40) + le32(32) + rBytes + le32(10)
        #expect(Array(bytes[0..<64]) == expectedHeader)
        #expect(Array(bytes[64..<76]) == le32(2) + le64(320))
        #expect(bytes.count == 76 + 320)
        #expect(Array(bytes[108..<140]) == [UInt8](repeating: 0, count: 32))  // w[1] = 0
    }

    @Test func rejectsMalformedFiles() throws {
        func header(n8: UInt32 = 32, prime: [UInt8] = rBytes, count: UInt32) -> [UInt8] { le32(n8) + prime + le32(count) }
        let values = Fr(3).littleEndianBytes + Fr(4).littleEndianBytes
        func problem(_ data: Data) -> String { formatProblem { try WitnessFile.decode(data, path: "bad.wtns") } ?? "accepted" }
        func file(version: UInt32 = 2, _ sections: [(UInt32, [UInt8])]) -> Data { iden3File(magic: "wtns", version: version, sections: sections) }

        #expect(try WitnessFile.decode(file([(1, header(count: 2)), (2, values)]), path: "ok.wtns") == [3, 4])
        #expect(problem(iden3File(magic: "r1cs", sections: [(1, header(count: 2)), (2, values)])).contains("magic \"wtns\""))
        #expect(problem(file(version: 1, [(1, header(count: 2)), (2, values)])).contains("version 1"))
        #expect(problem(file([(1, header(n8: 48, count: 2)), (2, values)])).contains("n8 = 48"))
        var otherPrime = rBytes
        otherPrime[31] ^= 0x01
        #expect(problem(file([(1, header(prime: otherPrime, count: 2)), (2, values)])).contains("prime"))
        #expect(problem(file([(1, header(count: 3)), (2, values)])).contains("size mismatch"))
        #expect(problem(file([(1, header(count: 2) + [0]), (2, values)])).contains("size mismatch"))
        #expect(problem(file([(1, header(count: 2))])).contains("values section (type 2) missing"))
        #expect(problem(file([(1, header(count: 1)), (2, rBytes)])).contains("witness value 0"))
        let good = [UInt8](try WitnessFile.encode([1, 2, 3]))
        for length in 0..<good.count {
            #expect(formatProblem { try WitnessFile.decode(Data(good.prefix(length)), path: "t.wtns") } != nil)
        }
    }

    @Test func writesAtomically() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("w-\(UUID().uuidString).wtns")
        defer { try? FileManager.default.removeItem(at: url) }
        try WitnessFile.write([1, 5], to: url)
        #expect(try WitnessFile.read(from: url) == [1, 5])
        let nowhere = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/w.wtns")
        #expect(formatProblem { try WitnessFile.write([1], to: nowhere) } != nil)
    }
}

@Suite struct SnarkjsJSONTests {
    /// A point in Jacobian coordinates (z ≠ 1) reads as its affine point, one with z = 1 (the
    /// spelling without an inversion) as itself, and either off the curve is refused.
    @Test func pointsReadInJacobianAndAffineSpelling() throws {
        let p = G1Jacobian.generator.multiplied(by: 123_457).toAffine(), q = G1Jacobian.generator.multiplied(by: 99).toAffine()
        let z: Fq = 7, z2 = z * z
        func proof(_ a: [String]) -> Data {
            let g2 = G2Jacobian.generator.toAffine()
            let b = [[g2.x.c0, g2.x.c1], [g2.y.c0, g2.y.c1]].map { $0.map(\.description) } + [["1", "0"]]
            return try! JSONSerialization.data(withJSONObject: ["pi_a": a, "pi_b": b, "pi_c": [q.x.description, q.y.description, "1"]])
        }
        let jacobian = try SnarkjsJSON.decodeProof(proof([(p.x * z2).description, (p.y * z2 * z).description, "7"]), path: "p.json")
        #expect(jacobian.a == p && jacobian.c == q)
        #expect(try SnarkjsJSON.decodeProof(proof([p.x.description, p.y.description, "1"]), path: "p.json").a == p)
        #expect(throws: FormatError.self) { try SnarkjsJSON.decodeProof(proof([p.x.description, (p.y + .one).description, "1"]), path: "p.json") }
        #expect(throws: FormatError.self) { try SnarkjsJSON.decodeProof(proof([(p.x * z2).description, (p.y * z2).description, "7"]), path: "p.json") }
    }

    @Test func readsSnarkjsFilesAndWritesThemBackByteForByte() throws {
        let vkData = try FormatFixtures.toy("verification_key.json")
        let proofData = try FormatFixtures.toy("proof.json")
        let publicData = try FormatFixtures.toy("public.json")
        let vk = try SnarkjsJSON.decodeVerifyingKey(vkData, path: "verification_key.json")
        let proof = try SnarkjsJSON.decodeProof(proofData, path: "proof.json")
        let inputs = try SnarkjsJSON.decodePublicInputs(publicData, path: "public.json")
        #expect(vk.publicInputCount == 1 && inputs == [27])
        // Same layout and the same vk_alphabeta_12 as the snarkjs-layout writer.
        #expect(try SnarkjsJSON.encode(vk) == vkData)
        #expect(try SnarkjsJSON.encode(proof) == proofData)
        #expect(try SnarkjsJSON.encodePublicInputs(inputs) == publicData)
    }

    @Test func alphaBetaIsWhatSnarkjsWrites() throws {
        let entry = Vectors.cases("pairing", "cases")[1]
        let p = try #require(Vectors.g1(entry["p"])), q = try #require(Vectors.g2(entry["q"]))
        let vk = Groth16.VerifyingKey(alphaG1: p, betaG2: q, gammaG2: .generator, deltaG2: .generator, gammaABCG1: [.generator])
        let object = try JSONSerialization.jsonObject(with: SnarkjsJSON.encode(vk)) as? [String: Any]
        let written = try #require(object?["vk_alphabeta_12"] as? [[[String]]])
        #expect(written == entry["e_snarkjs_tower"] as? [[[String]]])
    }

    @Test func roundTripsIncludingInfinity() throws {
        var generator = SeededGenerator(seed: 5)
        func g1() -> G1Affine { G1Jacobian.generator.multiplied(by: .random(using: &generator)).toAffine() }
        func g2() -> G2Affine { G2Jacobian.generator.multiplied(by: .random(using: &generator)).toAffine() }
        let vk = Groth16.VerifyingKey(alphaG1: g1(), betaG2: g2(), gammaG2: g2(), deltaG2: g2(),
                                      gammaABCG1: [g1(), .infinity, g1()])
        #expect(try SnarkjsJSON.decodeVerifyingKey(SnarkjsJSON.encode(vk), path: "vk.json") == vk)
        for proof in [Groth16.Proof(a: g1(), b: g2(), c: g1()), Groth16.Proof(a: .infinity, b: .infinity, c: g1())] {
            #expect(try SnarkjsJSON.decodeProof(SnarkjsJSON.encode(proof), path: "proof.json") == proof)
        }
        let inputs: [Fr] = [0, 1, -1, .random(using: &generator)]
        #expect(try SnarkjsJSON.decodePublicInputs(SnarkjsJSON.encodePublicInputs(inputs), path: "p.json") == inputs)
        #expect(try SnarkjsJSON.decodePublicInputs(SnarkjsJSON.encodePublicInputs([]), path: "p.json") == [])
    }

    @Test func acceptsProjectiveCoordinates() throws {
        var object = try FormatFixtures.toyObject("proof.json")
        let expected = try SnarkjsJSON.decodeProof(FormatFixtures.toy("proof.json"), path: "proof.json")
        let z = Fq(7)
        let x = expected.a.x * z.squared(), y = expected.a.y * z.squared() * z
        object["pi_a"] = [x.description, y.description, "7"]
        #expect(try SnarkjsJSON.decodeProof(FormatFixtures.json(object), path: "proof.json") == expected)
        object["pi_a"] = ["0", "1", "0"]
        #expect(try SnarkjsJSON.decodeProof(FormatFixtures.json(object), path: "proof.json").a == .infinity)
    }

    @Test func rejectsInvalidPointsAndFields() throws {
        let invalid = Vectors.root["invalid"] as? [String: Any] ?? [:]
        let offCurveG1 = (invalid["g1_not_on_curve"] as? [String] ?? []) + ["1"]
        let offCurveG2 = (invalid["g2_not_on_curve"] as? [[String]] ?? []) + [["1", "0"]]
        let notInSubgroup = ((invalid["g2_not_in_subgroup"] as? [String: Any])?["point"] as? [[String]] ?? []) + [["1", "0"]]
        let p = Vectors.root["p"] as? String ?? ""
        func vkProblem(_ field: String, _ value: Any?) throws -> String {
            var object = try FormatFixtures.toyObject("verification_key.json")
            object[field] = value
            return formatProblem { try SnarkjsJSON.decodeVerifyingKey(FormatFixtures.json(object), path: "vk.json") } ?? "accepted"
        }
        func proofProblem(_ field: String, _ value: Any?) throws -> String {
            var object = try FormatFixtures.toyObject("proof.json")
            object[field] = value
            return formatProblem { try SnarkjsJSON.decodeProof(FormatFixtures.json(object), path: "proof.json") } ?? "accepted"
        }
        #expect(try vkProblem("vk_alpha_1", offCurveG1) == "vk_alpha_1 is not on the BN254 curve y² = x³ + 3")
        #expect(try vkProblem("vk_beta_2", offCurveG2).contains("vk_beta_2 is not on the BN254 twist"))
        #expect(try vkProblem("vk_gamma_2", notInSubgroup).contains("vk_gamma_2 is on the twist but not in the order-r subgroup"))
        #expect(try vkProblem("vk_delta_2", [["0", "0"], ["1", "0"], ["0", "0"]]) == "vk_delta_2 is the point at infinity")
        let ic = (try FormatFixtures.toyObject("verification_key.json")["IC"] as? [[String]]) ?? []
        #expect(try vkProblem("IC", [ic[0], [ic[1][0], ic[1][1], "0"]]) == "IC[1] has z = 0 but is not the point at infinity [\"0\", \"1\", \"0\"]")
        #expect(try vkProblem("IC", [ic[0], ["0", "1", "0"]]) == "accepted")
        #expect(try vkProblem("vk_beta_2", [["0", "0"], ["2", "0"], ["0", "0"]]).contains("vk_beta_2 has z = 0 but is not the point at infinity"))
        #expect(try vkProblem("protocol", "plonk") == "protocol is \"plonk\", expected \"groth16\"")
        #expect(try vkProblem("curve", "bls12381").contains("curve"))
        #expect(try vkProblem("curve", nil) == "missing field \"curve\"")
        #expect(try vkProblem("nPublic", 2) == "IC has 2 points, expected nPublic + 1 = 3")
        #expect(try vkProblem("nPublic", "1").contains("wrong type"))
        #expect(try vkProblem("vk_alphabeta_12", "ignored") == "accepted")
        #expect(try proofProblem("pi_b", notInSubgroup).contains("pi_b is on the twist but not in the order-r subgroup"))
        #expect(try proofProblem("pi_a", offCurveG1).contains("pi_a is not on the BN254 curve"))
        #expect(try proofProblem("pi_a", [p, "2", "1"]).contains("pi_a[0]"))
        #expect(try proofProblem("pi_a", ["1", "2"]).contains("expected 3"))
        #expect(try proofProblem("pi_b", [["1", "2", "3"], ["1", "0"], ["1", "0"]]).contains("pi_b[0] has 3 entries"))
        #expect(try proofProblem("pi_c", nil) == "missing field \"pi_c\"")
        #expect(try vkProblem("IC", [["1", "2", "1"], "x"]).hasPrefix("field \"IC[1]\" has the wrong type"))
        #expect(try proofProblem("pi_c", [1, 2, 1]).contains("wrong type"))
        #expect(try proofProblem("curve", nil) == "accepted")  // optional in proofs, as in older snarkjs
        #expect(formatProblem { try SnarkjsJSON.decodeProof(Data("{".utf8), path: "proof.json") } == "not valid JSON")
    }

    @Test func publicInputsAreStrictDecimalsBelowR() throws {
        let r = Vectors.root["r"] as? String ?? ""
        func problem(_ values: [Any]) throws -> String {
            formatProblem { try SnarkjsJSON.decodePublicInputs(FormatFixtures.json(values), path: "public.json") } ?? "accepted"
        }
        #expect(try problem([String(r.dropLast()) + "6"]) == "accepted")  // r − 1
        #expect(try problem(["1", r]).hasPrefix("public input [1]"))
        for bad in ["", "+1", "-1", " 1", "1 ", "0x1", "1.0", "1e3", String(repeating: "0", count: 81)] {
            #expect(try problem([bad]).contains("not a decimal integer below r"), "accepted \(bad)")
        }
        #expect(try problem([1]).contains("wrong type"))
        #expect(formatProblem { try SnarkjsJSON.decodePublicInputs(Data("{}".utf8), path: "p.json") }?.hasPrefix("the top-level value has the wrong type") == true)
    }

    @Test(.enabled(if: FormatFixtures.hasPyECC, "needs python3 with py_ecc (scripts/bn254/requirements.txt)"))
    func crossCheckWithPythonReference() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("toy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let made = try FormatFixtures.run(["python3", "scripts/bn254/toy_groth16.py", folder.path, "--x", "5", "--seed", "2"])
        try #require(made.status == 0)
        let names = ["verification_key.json", "proof.json", "public.json"]
        let original = try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
        let vk = try SnarkjsJSON.decodeVerifyingKey(original[0], path: names[0])
        let proof = try SnarkjsJSON.decodeProof(original[1], path: names[1])
        let inputs = try SnarkjsJSON.decodePublicInputs(original[2], path: names[2])
        #expect(inputs == [125])
        #expect(try [SnarkjsJSON.encode(vk), SnarkjsJSON.encode(proof), SnarkjsJSON.encodePublicInputs(inputs)] == original)
        // The independent verifier accepts what we write, and rejects a wrong public input.
        let ours = folder.appendingPathComponent("ours")
        try FileManager.default.createDirectory(at: ours, withIntermediateDirectories: true)
        try SnarkjsJSON.write(vk, to: ours.appendingPathComponent(names[0]))
        try SnarkjsJSON.write(proof, to: ours.appendingPathComponent(names[1]))
        try SnarkjsJSON.writePublicInputs(inputs, to: ours.appendingPathComponent(names[2]))
        let paths = names.map { ours.appendingPathComponent($0).path }
        let verdict = try FormatFixtures.run(["python3", "scripts/bn254/verify_groth16.py"] + paths)
        #expect(verdict.status == 0 && verdict.output.contains("valid"))
        try SnarkjsJSON.writePublicInputs([126], to: ours.appendingPathComponent(names[2]))
        #expect(try FormatFixtures.run(["python3", "scripts/bn254/verify_groth16.py"] + paths).status == 1)
    }
}

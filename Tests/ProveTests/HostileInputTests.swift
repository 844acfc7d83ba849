// Regression tests for what a hostile-input campaign found in Prove's readers (issue 22): a
// verification key declaring 2^63 − 1 public inputs (overflow), an .r1cs declaring 2^32 − 1
// wires without the label map that would vouch for them (setup allocated 137 GB), and JSON
// files with a repeated key, which Foundation and snarkjs read differently.
import Foundation
import Prove
import Support
import Testing

@Suite struct HostileInputTests {
    let one = Fr.one.littleEndianBytes

    @Test func verificationKeyWithAbsurdPublicCountIsAnError() throws {
        for n in [Int.max, Int.max - 1, 1 << 40, -1] {
            var object = try FormatFixtures.toyObject("verification_key.json")
            object["nPublic"] = n
            let problem = formatProblem { try SnarkjsJSON.decodeVerifyingKey(FormatFixtures.json(object), path: "vk.json") }
            #expect(problem?.contains("nPublic") == true, "nPublic \(n): \(problem ?? "accepted")")
        }
    }

    @Test func r1csWireCountIsBoundedByWhatTheFileHolds() throws {
        let constraint = lcBytes([(1, one)]) + lcBytes([(2, one)]) + lcBytes([(2, one)])
        let huge = iden3File(sections: [(1, r1csHeader(wires: UInt32.max, constraints: 1)), (2, constraint)])
        #expect(formatProblem { try R1CSFile.decode(huge, path: "c.r1cs") }?.contains("nWires = 4294967295") == true)
        // The same count with a label map of 8 bytes per wire would need a 34 GB file; a
        // modest count without the map is still accepted (circom may omit it).
        let modest = iden3File(sections: [(1, r1csHeader(wires: 1000, constraints: 1)), (2, constraint)])
        #expect(try R1CSFile.decode(modest, path: "c.r1cs").variableCount == 1000)
    }

    @Test func jsonWithARepeatedKeyIsRefusedInEveryFile() throws {
        let proof = String(decoding: try FormatFixtures.toy("proof.json"), as: UTF8.self)
        let twice = proof.replacingOccurrences(of: #""protocol""#, with: #""pi_c": ["1", "2", "1"], "protocol""#)
        #expect(formatProblem { try SnarkjsJSON.decodeProof(Data(twice.utf8), path: "proof.json") }?.contains("appears twice") == true)
        let vk = String(decoding: try FormatFixtures.toy("verification_key.json"), as: UTF8.self)
        let vkTwice = vk.replacingOccurrences(of: #""curve""#, with: #""nPublic": 0, "curve""#)
        #expect(formatProblem { try SnarkjsJSON.decodeVerifyingKey(Data(vkTwice.utf8), path: "vk.json") }?.contains("appears twice") == true)
        // The unchanged fixtures still read.
        #expect(formatProblem { try SnarkjsJSON.decodeProof(Data(proof.utf8), path: "proof.json") } == nil)
    }
}

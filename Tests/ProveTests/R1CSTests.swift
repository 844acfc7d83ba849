// Tests for R1CS/ (linear-combination algebra, wire layout, satisfiability with labelled
// failures, witness shape checks) and for the iden3 `.r1cs` file format in Formats/
// (round trip, exact header layout, every rejection). .wtns and JSON: FormatTests.swift.

import Foundation
import Prove
import Testing
import Support

/// The toy circuit x·x = y, y·x = z (z public output, x public input, y private) plus a
/// linear constraint with constants, (x + 1)·1 = 2x − x + 1. Returns it with a satisfying witness.
func toyCubeSystem(x: Fr) -> (ConstraintSystem, [Fr]) {
    var system = ConstraintSystem()
    let z = system.addPublicOutput()
    let xv = system.addPublicInput()
    let y = system.addPrivate()
    system.addConstraint(LinearCombination(xv), LinearCombination(xv), LinearCombination(y), label: "square")
    system.addConstraint(LinearCombination(y), LinearCombination(xv), LinearCombination(z), label: "cube")
    let one = LinearCombination(constant: .one)
    system.addConstraint(LinearCombination(xv) + one, one, Fr(2) * xv - LinearCombination(xv) + one,
                         label: "linear")
    return (system, [.one, x * x * x, x, x * x])
}

@Suite struct R1CSTests {
    @Test func layoutAndCounts() {
        var system = ConstraintSystem()
        let out = system.addPublicOutput()
        let input1 = system.addPublicInput()
        let input2 = system.addPublicInput()
        let secret = system.addPrivate()
        #expect([out.index, input1.index, input2.index, secret.index] == [1, 2, 3, 4] as [Int])
        #expect(system.publicOutputCount == 1 && system.publicInputCount == 2 && system.privateCount == 1)
        #expect(system.variableCount == 5)
        #expect(system.publicCount == 3)
        #expect(Variable.one.index == 0)
    }

    @Test func linearCombinationAlgebra() {
        let x = Variable(index: 1), y = Variable(index: 2)
        let lc = LinearCombination(x) + LinearCombination(x) - Fr(3) * y
        #expect(lc == Fr(2) * x - LinearCombination(y, coefficient: 3))
        #expect(lc.terms.count == 3)
        #expect(lc.normalized().terms.count == 2)
        #expect(!lc.isNormalized && lc.normalized().isNormalized)
        #expect(!LinearCombination(x, coefficient: 0).isNormalized)
        #expect(LinearCombination(x) - LinearCombination(x) == .zero)
        #expect(LinearCombination(constant: 5) == LinearCombination(Variable.one, coefficient: 5))
        #expect(LinearCombination(constant: .zero).isEmpty)
        #expect(lc.evaluate([.one, 10, 4]) == Fr(20 - 12))
        #expect(lc.evaluate([.one, 10]) == nil)
        #expect((lc * Fr(2)).evaluate([.one, 1, 1]) == Fr(-2))
        #expect(lc.maxVariable == 2)
    }

    @Test func satisfiedWitness() {
        let (system, witness) = toyCubeSystem(x: 3)
        #expect(system.firstUnsatisfied(witness) == nil)
        #expect(system.isSatisfied(witness))
        #expect(system.publicSignals(of: witness) == [27, 3])
    }

    @Test func firstFailingConstraintIsNamed() {
        let (system, witness) = toyCubeSystem(x: 3)
        var wrongSquare = witness
        wrongSquare[3] = 10
        let failure = system.firstUnsatisfied(wrongSquare)
        #expect(failure?.index == 0 && failure?.label == "square")
        var wrongOutput = witness
        wrongOutput[1] = 28
        #expect(system.firstUnsatisfied(wrongOutput)?.label == "cube")
        #expect(!system.isSatisfied(wrongOutput))
    }

    @Test func malformedWitnessIsUnsatisfied() {
        let (system, witness) = toyCubeSystem(x: 3)
        let short = system.firstUnsatisfied(Array(witness.dropLast()))
        #expect(short?.index == -1 && short?.label == "witness length 3, expected 4")
        #expect(system.firstUnsatisfied(witness + [0])?.label == "witness length 5, expected 4")
        var notOne = witness
        notOne[0] = 2
        #expect(system.firstUnsatisfied(notOne)?.label.hasPrefix("witness[0]") == true)
        #expect(!system.isSatisfied([]))
    }

    @Test func emptySystem() {
        let system = ConstraintSystem()
        #expect(system.variableCount == 1 && system.publicCount == 0)
        #expect(system.isSatisfied([.one]))
        #expect(system.publicSignals(of: [.one]) == [])
    }

    @Test func presizedSystem() {
        var system = ConstraintSystem(publicOutputCount: 1, publicInputCount: 2, privateCount: 3)
        #expect(system.variableCount == 7)
        #expect(system.addPrivate().index == 7)
    }
}

// MARK: - Hand-built iden3 binary files for negative tests

/// Little-endian bytes of a u32 / u64.
func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> UInt32(8 * $0)) } }
func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) } }

/// An iden3 container: magic, version, section count, then (type, size, payload) per section.
func iden3File(magic: String = "r1cs", version: UInt32 = 1, sections: [(UInt32, [UInt8])]) -> Data {
    var bytes = Array(magic.utf8) + le32(version) + le32(UInt32(sections.count))
    for (type, payload) in sections { bytes += le32(type) + le64(UInt64(payload.count)) + payload }
    return Data(bytes)
}

/// r as 32 little-endian bytes (the prime field of every BN254 .r1cs / .wtns header).
let rBytes: [UInt8] = Fr.modulusLimbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) } }

/// A .r1cs header payload.
func r1csHeader(prime: [UInt8] = rBytes, wires: UInt32, outputs: UInt32 = 1, inputs: UInt32 = 0,
                privateInputs: UInt32 = 0, constraints: UInt32) -> [UInt8] {
    le32(32) + prime + le32(wires) + le32(outputs) + le32(inputs) + le32(privateInputs) + le64(UInt64(wires)) + le32(constraints)
}

/// One linear combination payload from (wire, coefficient bytes) pairs.
func lcBytes(_ terms: [(UInt32, [UInt8])]) -> [UInt8] {
    le32(UInt32(terms.count)) + terms.flatMap { le32($0.0) + $0.1 }
}

/// The problem text of the `FormatError` thrown by `body`, or nil if it did not throw one.
func formatProblem<T>(_ body: () throws -> T) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as FormatError {
        return error.problem
    } catch {
        return "unexpected error \(error)"
    }
}

@Suite struct R1CSFileTests {
    let one = Fr.one.littleEndianBytes

    @Test func roundTripKeepsLayoutAndConstraints() throws {
        let (system, witness) = toyCubeSystem(x: 5)
        let decoded = try R1CSFile.decode(R1CSFile.encode(system), path: "toy.r1cs")
        #expect(decoded.publicOutputCount == 1 && decoded.publicInputCount == 1 && decoded.privateCount == 1)
        #expect(decoded.constraints.count == system.constraints.count)
        for (original, read) in zip(system.constraints, decoded.constraints) {
            #expect(original.a == read.a && original.b == read.b && original.c == read.c)
        }
        #expect(decoded.constraints.map(\.label) == ["r1cs[0]", "r1cs[1]", "r1cs[2]"])
        #expect(decoded.isSatisfied(witness))
        var wrong = witness
        wrong[1] = 1
        #expect(decoded.firstUnsatisfied(wrong)?.label == "r1cs[1]")
    }

    @Test func headerLayoutMatchesSpec() throws {
        let (system, _) = toyCubeSystem(x: 2)
        let bytes = [UInt8](try R1CSFile.encode(system, privateInputCount: 1))
        #expect(Array(bytes[0..<12]) == Array("r1cs".utf8) + le32(1) + le32(3))
        #expect(Array(bytes[12..<24]) == le32(1) + le64(64))
        #expect(Array(bytes[24..<88]) == r1csHeader(wires: 4, inputs: 1, privateInputs: 1, constraints: 3))
        #expect(Array(bytes[88..<92]) == le32(2))
        // The label map is last: type 3, 8 bytes per wire, identity.
        #expect(Array(bytes.suffix(44)) == le32(3) + le64(32) + (0..<4).flatMap { le64($0) })
    }

    @Test func repeatedWiresAreMergedOnWrite() throws {
        var system = ConstraintSystem()
        let x = system.addPublicInput()
        let a = LinearCombination(x) + LinearCombination(x) + LinearCombination(constant: 0)
        system.addConstraint(a, LinearCombination(constant: 1), Fr(2) * x, label: "double")
        let decoded = try R1CSFile.decode(R1CSFile.encode(system), path: "m.r1cs")
        #expect(decoded.constraints[0].a.terms.count == 1)
        #expect(decoded.constraints[0].a.terms[0].coefficient == 2)
    }

    @Test func privateInputCountIsValidated() {
        let (system, _) = toyCubeSystem(x: 2)
        #expect(formatProblem { try R1CSFile.encode(system, privateInputCount: 2) }?.contains("privateInputCount") == true)
        #expect(formatProblem { try R1CSFile.encode(system, privateInputCount: -1) } != nil)
    }

    @Test func acceptsCircomStyleFile() throws {
        // nWires = 5 with nPrvIn = 1: wires 3 (private input) and 4 (internal) are both private.
        let constraint = lcBytes([(2, one)]) + lcBytes([(3, one)]) + lcBytes([(4, one)])
        let file = iden3File(sections: [
            (2, constraint),
            (1, r1csHeader(wires: 5, inputs: 1, privateInputs: 1, constraints: 1)),  // any order
        ])
        let system = try R1CSFile.decode(file, path: "c.r1cs")
        #expect(system.variableCount == 5 && system.publicCount == 2 && system.privateCount == 2)
        #expect(system.isSatisfied([1, 0, 3, 4, 12]))
    }

    @Test func rejectsMalformedFiles() throws {
        let (system, _) = toyCubeSystem(x: 2)
        let good = [UInt8](try R1CSFile.encode(system))
        let header = r1csHeader(wires: 3, constraints: 1)
        let body = lcBytes([(1, one)]) + lcBytes([(2, one)]) + lcBytes([])
        func problem(_ data: Data) -> String { formatProblem { try R1CSFile.decode(data, path: "bad.r1cs") } ?? "accepted" }

        #expect(problem(Data("wtns".utf8 + good.dropFirst(4))).contains("magic"))
        #expect(problem(iden3File(version: 2, sections: [(1, header), (2, body)])).contains("version 2"))
        #expect(problem(iden3File(sections: [(1, header)])).contains("constraints section (type 2) missing"))
        #expect(problem(iden3File(sections: [(1, header), (1, header), (2, body)])).contains("present 2 times"))
        var otherPrime = rBytes
        otherPrime[0] = 0x47  // any modulus other than r (here r with another low byte) is rejected
        #expect(problem(iden3File(sections: [(1, r1csHeader(prime: otherPrime, wires: 3, constraints: 1)), (2, body)])).contains("prime"))
        #expect(problem(iden3File(sections: [(1, Array(header.dropLast())), (2, body)])).contains("truncated"))
        #expect(problem(iden3File(sections: [(1, header + [0]), (2, body)])).contains("size mismatch"))
        #expect(problem(iden3File(sections: [(1, header), (2, body + [0])])).contains("size mismatch"))
        #expect(problem(iden3File(sections: [(1, r1csHeader(wires: 2, outputs: 1, inputs: 1, constraints: 0))])).contains("nWires"))
        let outOfRange = lcBytes([(3, one)]) + lcBytes([]) + lcBytes([])
        #expect(problem(iden3File(sections: [(1, header), (2, outOfRange)])).contains("wire 3 out of range"))
        let twice = lcBytes([(2, one), (1, one), (2, one)]) + lcBytes([]) + lcBytes([])
        #expect(problem(iden3File(sections: [(1, header), (2, twice)])).contains("appears twice"))
        let tooBig = lcBytes([(1, rBytes)]) + lcBytes([]) + lcBytes([])
        #expect(problem(iden3File(sections: [(1, header), (2, tooBig)])).contains("not below"))
        #expect(problem(iden3File(sections: [(1, header), (2, body), (4, [])])).contains("custom"))
        #expect(problem(iden3File(sections: [(1, header), (2, body), (3, le64(0))])).contains("label map"))
        #expect(problem(Data(good + [0])).contains("unexpected bytes"))
    }

    @Test func everyTruncationIsRejected() throws {
        let (system, _) = toyCubeSystem(x: 2)
        let good = [UInt8](try R1CSFile.encode(system))
        for length in 0..<good.count {
            #expect(formatProblem { try R1CSFile.decode(Data(good.prefix(length)), path: "t.r1cs") } != nil,
                    "prefix of \(length) bytes accepted")
        }
    }

    @Test func fileRoundTripIsAtomic() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("r1cs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("toy.r1cs")
        let (system, witness) = toyCubeSystem(x: 7)
        try R1CSFile.write(system, to: url)
        try R1CSFile.write(system, to: url)  // overwriting works
        #expect(try R1CSFile.read(from: url).isSatisfied(witness))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["toy.r1cs"])
        let missing = folder.appendingPathComponent("missing.r1cs")
        #expect(throws: FormatError(path: missing.path, problem: "not found")) {
            try R1CSFile.read(from: missing)
        }
    }
}

/// Large systems are checked in parallel chunks: the reported constraint must still be the
/// first unsatisfied one in index order, wherever the failures fall.
@Suite struct R1CSParallelCheckTests {
    @Test(arguments: [[10, 4500], [3000, 4500], [4999], []])
    func reportsFirstUnsatisfiedInIndexOrder(failing: [Int]) {
        var system = ConstraintSystem()
        var witness: [Fr] = [.one]
        for index in 0..<5000 {
            let x = system.addPrivate(), y = system.addPrivate()
            witness += [Fr(UInt64(index)), Fr(UInt64(index * index)) + (failing.contains(index) ? .one : .zero)]
            system.addConstraint(LinearCombination(x), LinearCombination(x), LinearCombination(y), label: "square[\(index)]")
        }
        let failure = system.firstUnsatisfied(witness)
        #expect(failure?.index == failing.first)
        #expect(failure?.label == failing.first.map { "square[\($0)]" })
    }
}

// Known answers for the NumPy readers: every file in Fixtures/npy (written by NumPy 2 through
// scripts/data/make_npy_fixtures.py, or edited there byte by byte) checked against the script's
// expected.json: shape, dtype and every value exactly (floats bit for bit, NaN as NaN), or, for a
// broken file, a FormatError naming the file and containing each fragment the script lists.

import Foundation
import Testing
import Datasets
import Support
import TestSupport

/// Fixtures/npy beside this file (symlinks resolved).
let numPyFixtureDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/npy").path

/// One file's record in expected.json: an array, the arrays of an .npz, or an error.
private struct Expectation: Decodable {
    var shape: [Int]?
    var dtype: String?
    var integers: [Int64]?
    var floats: [String]?
    var arrays: [String: Expectation]?
    var error: [String]?
}

private func loadExpectations() throws -> [String: Expectation] {
    let data = try Data(contentsOf: URL(fileURLWithPath: numPyFixtureDirectory + "/expected.json"))
    return try JSONDecoder().decode([String: Expectation].self, from: data)
}

/// Fixture names by kind, for parameterized tests and the fuzzer (empty if expected.json is
/// unreadable, which the completeness test reports).
private let expectations = (try? loadExpectations()) ?? [:]
let numPyValidFixtures: [String] = expectations.filter { $0.value.error == nil }.keys.sorted()
private let brokenNames = expectations.filter { $0.value.error != nil }.keys.sorted()

/// Reads the fixture `name` with the reader its extension calls for; an .npy comes back as the
/// single entry "".
private func read(_ name: String) throws -> [String: NumPyArray] {
    let path = numPyFixtureDirectory + "/" + name
    return name.hasSuffix(".npz") ? try NumPy.readNPZ(path: path) : ["": try NumPy.readNPY(path: path)]
}

/// Whether two doubles are the same value: equal bit patterns, or both NaN (Python's repr
/// does not keep a NaN's payload).
private func identical(_ a: Double, _ b: Double) -> Bool {
    a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern
}

private func check(_ array: NumPyArray, _ expected: Expectation, _ label: String) {
    #expect(array.shape == expected.shape, "\(label)")
    #expect(array.dtype.rawValue == expected.dtype, "\(label)")
    #expect(array.count == array.shape.reduce(1, *), "\(label)")
    switch array.elements {
    case .integers(let values):
        #expect(values == expected.integers, "\(label)")
    case .floats(let values):
        let wanted = (expected.floats ?? []).map { Double($0) }
        #expect(wanted.allSatisfy { $0 != nil }, "\(label): expected.json holds a float Swift cannot parse")
        #expect(values.count == wanted.count && zip(values, wanted).allSatisfy { identical($0, $1 ?? .nan) },
                "\(label): \(values) != \(expected.floats ?? [])")
    }
}

@Suite("NumPy .npy and .npz known answers")
struct NumPyKnownAnswerTests {
    @Test("expected.json describes exactly the fixture files")
    func complete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: numPyFixtureDirectory).filter { $0 != "expected.json" }
        #expect(Set(try loadExpectations().keys) == Set(files))
        #expect(numPyValidFixtures.count >= 30 && brokenNames.count >= 30)
    }

    @Test("valid fixtures read exactly as NumPy wrote them", arguments: numPyValidFixtures)
    func valid(name: String) throws {
        let expected = try #require(expectations[name])
        let arrays = try read(name)
        if let entries = expected.arrays {
            #expect(Set(arrays.keys) == Set(entries.keys), "\(name)")
            for (key, entry) in entries {
                guard let array = arrays[key] else { continue }
                check(array, entry, "\(name)[\(key)]")
            }
        } else {
            check(try #require(arrays[""]), expected, name)
        }
    }

    @Test("broken fixtures throw a FormatError naming the file and the problem", arguments: brokenNames)
    func broken(name: String) throws {
        let fragments = try #require(expectations[name]?.error)
        let error = #expect(throws: FormatError.self) { try read(name) }
        #expect(error?.path == numPyFixtureDirectory + "/" + name)
        for fragment in fragments {
            #expect(error?.problem.contains(fragment) == true, "\(name): \(String(describing: error)) lacks \"\(fragment)\"")
        }
    }

    @Test("parseNPY and parseNPZ of the bytes give what the readers give")
    func parseMatchesRead() throws {
        for name in ["int64_be.npy", "images_u1.npy", "scalar_f8.npy"] {
            let bytes = try DataFile.readRaw(path: numPyFixtureDirectory + "/" + name)
            #expect(try NumPy.parseNPY(bytes, path: name) == read(name)[""])
        }
        for name in ["savez.npz", "zip64_records.npz"] {
            let bytes = try DataFile.readRaw(path: numPyFixtureDirectory + "/" + name)
            #expect(try NumPy.parseNPZ(bytes, path: name) == read(name))
        }
    }

    @Test("the same arrays read the same from every container and format version")
    func containersAgree() throws {
        let stored = try read("savez.npz")
        #expect(try read("savez_compressed.npz").filter { $0.key != "zeros" } == stored)
        #expect(try read("descriptor_stored.npz") == stored)
        #expect(try read("descriptor_deflate.npz") == read("savez_compressed.npz"))
        #expect(try read("zip64_records.npz") == read("comment.npz"))
        let versions = try ["version_1_0.npy", "version_2_0.npy", "version_3_0.npy"].map { try read($0)[""] }
        #expect(versions[0] != nil && versions[0] == versions[1] && versions[1] == versions[2])
        for name in ["int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"] {
            let little = try #require(read(name + "_le.npy")[""]), big = try #require(read(name + "_be.npy")[""])
            #expect(little.shape == big.shape && little.dtype == big.dtype, "\(name)")
            switch (little.elements, big.elements) {
            case (.integers(let a), .integers(let b)): #expect(a == b, "\(name)")
            case (.floats(let a), .floats(let b)): #expect(a.count == b.count && zip(a, b).allSatisfy(identical), "\(name)")
            default: Issue.record("\(name): one byte order gave integers, the other floats")
            }
        }
    }

    @Test("a missing file and a folder are FormatErrors naming them")
    func missing() throws {
        let missing = numPyFixtureDirectory + "/no-such-file.npy"
        #expect(throws: FormatError(path: missing, problem: "no such file")) { try NumPy.readNPY(path: missing) }
        #expect(throws: FormatError(path: numPyFixtureDirectory, problem: "is a directory, expected a file")) {
            try NumPy.readNPZ(path: numPyFixtureDirectory)
        }
    }

    @Test("bool and integer dtypes give integers, float dtypes floats; byte counts match NumPy's")
    func dtypeKinds() {
        for dtype in NumPyDType.allCases {
            #expect(dtype.isFloat == (dtype == .float32 || dtype == .float64))
        }
        #expect(NumPyDType.allCases.map(\.byteCount) == [1, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8])
        #expect(NumPyArray(shape: [2, 0], dtype: .uint8, elements: .integers([])).count == 0)
    }

    /// NumPy labels make the classes 0…(highest label): a class with no training example (a
    /// damaged label, most likely) is an error naming the labels array.
    @Test("NumPy labels with a gap name y_train.npy")
    func numPyClassWithoutTrainingExample() throws {
        try withTemporaryDirectory { directory in
            func npy(_ shape: [Int], _ values: [UInt8]) -> [UInt8] {
                var header = "{'descr': '|u1', 'fortran_order': False, 'shape': (\(shape.map { "\($0)," }.joined(separator: " "))), }"
                while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
                header += "\n"
                let length = UInt16(header.utf8.count)
                return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(header.utf8) + values
            }
            let count = 12
            try Data(npy([count, 3], (0..<count * 3).map { UInt8($0 % 200) })).write(to: URL(fileURLWithPath: directory + "/x_train.npy"))
            let labels = (0..<count).map { UInt8($0 % 3) }
            try Data(npy([count], labels)).write(to: URL(fileURLWithPath: directory + "/y_train.npy"))
            #expect(try DataSource.load(DataOptions(data: directory)).train.classCount == 3)
            try Data(npy([count], labels.map { $0 == 1 ? 4 : $0 })).write(to: URL(fileURLWithPath: directory + "/y_train.npy"))  // classes 0…4 without 1 and 3
            let error = #expect(throws: FormatError.self) { try DataSource.load(DataOptions(data: directory)) }
            #expect(error?.description == directory + " (y_train.npy): the labels run from 0 to 4, but 2 of these 5 classes have no "
                + "training example (1, 3); is a label damaged? Number the classes 0…K−1 without gaps.")
        }
    }
}

// Tests for Fashion-MNIST loading: the committed subset, IDX and gzip round trips, and every
// way a dataset file can be wrong (each must throw a FormatError naming the file).
// Corrupt files are made on the fly in a temporary directory. Tests that need Debian's full
// dataset-fashion-mnist are skipped when it is not installed.

import Foundation
import TestSupport
import Testing
import Datasets
import Support

private let systemDatasetInstalled = FileManager.default.fileExists(
    atPath: FashionMNIST.systemDirectory + "/train-images-idx3-ubyte.gz")

private func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// A tiny valid split: 6 images of 4×5 pixels, labels 0...5, as raw IDX bytes.
private func tinySplit(count: Int = 6) -> (images: [UInt8], labels: [UInt8]) {
    let pixels = (0..<count * 20).map { UInt8(truncatingIfNeeded: $0 * 31 + 7) }
    let labels = (0..<count).map { UInt8($0 % 10) }
    return (IDX.encode(IDXArray(dimensions: [count, 4, 5], elements: pixels)),
            IDX.encode(IDXArray(dimensions: [count], elements: labels)))
}

/// Writes a train split into `directory`, gzipped or raw; returns (images path, labels path).
@discardableResult
private func writeTrainSplit(_ images: [UInt8], _ labels: [UInt8], into directory: String,
                             gzip: Bool) throws -> (images: String, labels: String) {
    let names = FashionMNIST.fileNames(.train)
    let suffix = gzip ? ".gz" : ""
    let paths = (directory + "/" + names.images + suffix, directory + "/" + names.labels + suffix)
    try write(gzip ? Gzip.compress(images) : images, to: paths.0)
    try write(gzip ? Gzip.compress(labels) : labels, to: paths.1)
    return paths
}

/// Expects loading the train split of `directory` to fail with a FormatError about `path`
/// whose message contains every fragment.
private func expectLoadError(_ directory: String, path: String, _ fragments: [String],
                             sourceLocation: SourceLocation = #_sourceLocation) {
    let error = #expect(throws: FormatError.self, sourceLocation: sourceLocation) {
        try FashionMNIST.load(.train, from: directory)
    }
    guard let error else { return }
    #expect(error.path == path, sourceLocation: sourceLocation)
    #expect(error.description.hasPrefix(path + ": "), sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Fashion-MNIST committed subset")
struct SubsetTests {
    @Test("loads with the documented counts, shape, balance and fingerprint", arguments: Split.allCases)
    func loadsBalanced(split: Split) throws {
        let data = try FashionMNIST.load(split, from: committedSubsetDirectory)
        let perClass = split == .train ? 200 : 50
        #expect(data.count == perClass * 10)
        #expect((data.itemShape, data.classCount) == ([28, 28, 1], 10))
        #expect(data.samples.count == data.count * 28 * 28)
        #expect(data.labelCounts == Array(repeating: perClass, count: 10))
        #expect(data.fingerprint == (split == .train ? "crc32:3410214e/n=2000" : "crc32:7aa8013c/n=500"))
        #expect(FashionMNIST.classNames.count == data.classCount)
    }

    @Test("re-encoding reproduces the decompressed file bytes; raw files load the same", arguments: Split.allCases)
    func roundTrip(split: Split) throws {
        let data = try FashionMNIST.load(split, from: committedSubsetDirectory)
        let names = FashionMNIST.fileNames(split)
        let imageBytes = try DataFile.read(path: committedSubsetDirectory + "/" + names.images + ".gz")
        let labelBytes = try DataFile.read(path: committedSubsetDirectory + "/" + names.labels + ".gz")
        #expect(IDX.encode(IDXArray(dimensions: [data.count, 28, 28], elements: data.samples.map { UInt8($0) })) == imageBytes)
        #expect(IDX.encode(IDXArray(dimensions: [data.count], elements: data.labels)) == labelBytes)
        try withTemporaryDirectory { directory in
            try write(imageBytes, to: directory + "/" + names.images)
            try write(labelBytes, to: directory + "/" + names.labels)
            #expect(try FashionMNIST.load(split, from: directory) == data)
        }
    }

    @Test("subset picks images and labels in the given order")
    func subsetPicks() throws {
        let data = try FashionMNIST.load(.test, from: committedSubsetDirectory)
        let picked = data.subset([3, 0, 3])
        #expect(picked.count == 3)
        #expect(picked.labels == [data.labels[3], data.labels[0], data.labels[3]])
        #expect(picked.item(0) == data.item(3))
        #expect(picked.item(1) == data.item(0))
        #expect(picked.samples.count == 3 * 784)
        #expect(data.subset([]).count == 0)
    }
}

@Suite("Gzip")
struct GzipTests {
    @Test("compress then decompress is the identity, including empty input")
    func roundTrip() throws {
        for input in [[], [42], Array(repeating: UInt8(7), count: 100_000), tinySplit().images] as [[UInt8]] {
            #expect(try Gzip.decompress(Gzip.compress(input), path: "x.gz") == input)
        }
    }

    @Test("concatenated gzip members decompress to the concatenation")
    func multiMember() throws {
        let a: [UInt8] = Array(0..<200), b: [UInt8] = Array(repeating: 9, count: 5000)
        #expect(try Gzip.decompress(Gzip.compress(a) + Gzip.compress(b), path: "x.gz") == a + b)
    }

    @Test("rejects truncation, corruption, trailing bytes and non-gzip data")
    func rejectsBadStreams() throws {
        let good = Gzip.compress(tinySplit().images)
        let cases: [([UInt8], String)] = [
            (Array(good.prefix(good.count / 2)), "truncated or corrupt gzip stream"),
            (Array(good.dropLast(4)), "truncated or corrupt gzip stream"),  // no ISIZE trailer
            ([], "truncated or corrupt gzip stream"),
            (good + [1, 2, 3], "3 bytes of trailing data"),
            (tinySplit().images, "does not start with gzip's 1f 8b"),
            (good.enumerated().map { $0.offset == good.count - 6 ? $0.element ^ 0xff : $0.element },
             "truncated or corrupt gzip stream"),  // CRC-32 in the trailer no longer matches
        ]
        for (bytes, fragment) in cases {
            let error = #expect(throws: FormatError.self) { try Gzip.decompress(bytes, path: "dir/f.gz") }
            #expect(error?.path == "dir/f.gz")
            #expect(error?.problem.contains(fragment) == true, "\(String(describing: error))")
        }
    }
}

@Suite("IDX validation")
struct IDXValidationTests {
    @Test("loads a valid tiny split, gzipped or raw")
    func loadsTiny() throws {
        let (images, labels) = tinySplit()
        for gzip in [true, false] {
            try withTemporaryDirectory { directory in
                try writeTrainSplit(images, labels, into: directory, gzip: gzip)
                let data = try FashionMNIST.load(.train, from: directory)
                #expect((data.count, data.itemShape) == (6, [4, 5, 1]))
                #expect(data.labels == [0, 1, 2, 3, 4, 5])
                #expect(Array(data.item(1)) == images[36..<56].map(Int32.init))
            }
        }
    }

    /// The classes are the training labels' (no classes.txt here): a test label beyond them is
    /// an error naming the test file, not a twelfth class the network would have to output.
    @Test("a test label outside the training labels' classes names the test file")
    func testLabelOutsideTrainingClasses() throws {
        let (images, labels) = tinySplit()
        try withTemporaryDirectory { directory in
            try writeTrainSplit(images, labels, into: directory, gzip: false)
            let names = FashionMNIST.fileNames(.test)
            var testLabels = labels
            try write(images, to: directory + "/" + names.images)
            try write(testLabels, to: directory + "/" + names.labels)
            #expect(try DataSource.load(DataOptions(data: directory)).test.classCount == 6)
            testLabels[12] = 7  // the fifth item (index 4): labels start after an 8-byte header
            try write(testLabels, to: directory + "/" + names.labels)
            let error = #expect(throws: FormatError.self) { try DataSource.load(DataOptions(data: directory)) }
            #expect(error?.description == directory + "/" + names.labels
                + ": label 7 at index 4 is not one of the training labels' 6 classes (0…5)")
        }
    }

    /// Without classes.txt the classes are 0…(highest training label); one damaged label byte
    /// would make them 256, so a class with no training example is an error naming the label
    /// file, and classes.txt declares such classes on purpose.
    @Test("a class with no training example names the training label file, unless classes.txt lists it")
    func classWithoutTrainingExample() throws {
        let (images, labels) = tinySplit()
        try withTemporaryDirectory { directory in
            var damaged = labels
            damaged[10] = 9  // item 2 (labels start after an 8-byte header): classes 0…9 without 2, 6, 7, 8
            let files = try writeTrainSplit(images, damaged, into: directory, gzip: false)
            let names = FashionMNIST.fileNames(.test)
            try write(images, to: directory + "/" + names.images)
            try write(labels, to: directory + "/" + names.labels)
            let error = #expect(throws: FormatError.self) { try DataSource.load(DataOptions(data: directory)) }
            #expect(error?.description == files.labels + ": the labels run from 0 to 9, but 4 of these 10 classes have no training "
                + "example (2, 6, 7, …); is a label damaged? To keep classes without examples, name every class in classes.txt (one per line).")
            try write(Array((0..<10).map { "class \($0)\n" }.joined().utf8), to: directory + "/classes.txt")
            #expect(try DataSource.load(DataOptions(data: directory)).train.classCount == 10)
        }
    }

    /// `loadTest` (prove --image) reads an IDX folder's test split alone: the same dataset as
    /// a whole load's, also when the training files are gone; a label beyond the model's
    /// classes names the test file.
    @Test("the test split alone, for a trained model's encoding")
    func testSplitAlone() throws {
        let (images, labels) = tinySplit()
        try withTemporaryDirectory { directory in
            let trainFiles = try writeTrainSplit(images, labels, into: directory, gzip: true)
            let names = FashionMNIST.fileNames(.test)
            var testLabels = tinySplit().labels
            testLabels[8...] = [5, 4, 3, 2, 1, 0]
            try write(images, to: directory + "/" + names.images)
            try write(testLabels, to: directory + "/" + names.labels)
            let whole = try DataSource.load(DataOptions(data: directory))
            let alone = try DataSource.loadTest(DataOptions(data: directory), encoding: whole.train.encoding)
            #expect(alone == whole.test && alone.labels == [5, 4, 3, 2, 1, 0])
            for path in [trainFiles.images, trainFiles.labels] { try FileManager.default.removeItem(atPath: path) }
            #expect(try DataSource.loadTest(DataOptions(data: directory), encoding: whole.train.encoding) == whole.test)
            #expect(throws: FormatError.self) { try DataSource.load(DataOptions(data: directory)) }
            var narrower = whole.train.encoding
            narrower.classNames = ["a", "b", "c"]
            let error = #expect(throws: FormatError.self) { try DataSource.loadTest(DataOptions(data: directory), encoding: narrower) }
            #expect(error?.description == directory + "/" + names.labels + ": label 5 at index 0 is not one of the model's 3 classes (0…2)")
        }
    }

    @Test("rejects a truncated .gz and names it")
    func truncatedGzip() throws {
        let (images, labels) = tinySplit()
        try withTemporaryDirectory { directory in
            let paths = try writeTrainSplit(images, labels, into: directory, gzip: true)
            let compressed = try DataFile.readRaw(path: paths.images)
            try write(Array(compressed.prefix(compressed.count - 10)), to: paths.images)
            expectLoadError(directory, path: paths.images, ["truncated or corrupt gzip stream"])
        }
    }

    /// Each case: images bytes, labels bytes, which file the error names, fragments of the message.
    @Test("rejects malformed raw IDX files and names the file")
    func malformedRaw() throws {
        let (images, labels) = tinySplit()
        var wrongType = images; wrongType[2] = 0x0d
        var zeroRows = images; zeroRows[11] = 0
        var badLabels = labels; badLabels[12] = 10
        let mismatched = tinySplit(count: 5).labels
        let cases: [([UInt8], [UInt8], Bool, [String])] = [
            (Array(images.dropLast(10)), labels, true,
             ["truncated: header declares 6×4×5 = 120 pixel bytes, file has 110 bytes after the header"]),
            (images, Array(labels.dropLast(1)), false,
             ["truncated: header declares 6 label bytes, file has 5 bytes after the header"]),
            (Array(images.prefix(9)), labels, true, ["truncated", "needs 16"]),
            (images + [0, 0], labels, true, ["2 trailing bytes"]),
            (wrongType, labels, true, ["wrong magic 0x00000d03, expected 0x00000803", "element type 0x0d"]),
            (labels, labels, true,
             ["wrong magic 0x00000801, expected 0x00000803 (ubyte images, 3 dimensions)", "1 dimension(s)"]),
            (images, images, false, ["wrong magic 0x00000803, expected 0x00000801 (ubyte labels, 1 dimension)"]),
            (Gzip.compress(images), labels, true, ["wrong magic 0x1f8b", "should end in .gz"]),
            (zeroRows, labels, true, ["dimension 1 is 0"]),
            (images, badLabels, false, ["label 10 at index 4", "0...9"]),
            (images, mismatched, false, ["has 5 labels", "has 6 images"]),
        ]
        for (imageBytes, labelBytes, imagesAtFault, fragments) in cases {
            try withTemporaryDirectory { directory in
                let paths = try writeTrainSplit(imageBytes, labelBytes, into: directory, gzip: false)
                expectLoadError(directory, path: imagesAtFault ? paths.images : paths.labels,
                                fragments + (fragments[0].hasPrefix("has 5") ? [paths.images] : []))
            }
        }
    }

    @Test("a missing directory or file says how to get the dataset")
    func missing() throws {
        let hint = ["apt-get install dataset-fashion-mnist", "--data DIR"]
        try withTemporaryDirectory { directory in
            expectLoadError(directory + "/nope", path: directory + "/nope", ["no such directory"] + hint)
            let names = FashionMNIST.fileNames(.train)
            try write(tinySplit().labels, to: directory + "/" + names.labels)
            expectLoadError(directory, path: directory + "/" + names.images + ".gz", ["no such file"] + hint)
        }
    }
}

@Suite("Full Fashion-MNIST (Debian dataset-fashion-mnist)", .enabled(if: systemDatasetInstalled))
struct FullDatasetTests {
    @Test("has the standard counts, and the committed subset is an ordered sub-sequence of it",
          arguments: Split.allCases)
    func fullAndSubset(split: Split) throws {
        let full = try FashionMNIST.load(split, from: FashionMNIST.systemDirectory)
        let perClass = split == .train ? 6000 : 1000
        #expect(full.count == perClass * 10)
        #expect(full.itemShape == [28, 28, 1])
        #expect(full.labelCounts == Array(repeating: perClass, count: 10))
        #expect(full.fingerprint.hasSuffix("/n=\(full.count)"))

        let subset = try FashionMNIST.load(split, from: committedSubsetDirectory)
        var matched = 0
        for index in 0..<full.count where matched < subset.count {
            if full.labels[index] == subset.labels[matched] && full.item(index) == subset.item(matched) {
                matched += 1
            }
        }
        #expect(matched == subset.count)
    }
}

// An in-memory classification dataset: integer inputs of any shape and uint8 labels, with
// the `InputEncoding` that says how they were made from raw data and what the classes are.
// Holds data only: no batching (Train's Batch.swift) and no file formats (IDX/, CSV/, NumPy/).

import CZlib

/// Examples as the integers a model reads, and their class labels.
///
/// `samples` is `[count] + encoding.shape` row-major: item `i` is
/// `samples[i * itemSize ..< (i + 1) * itemSize]`, every value in `encoding.range`.
/// `labels` is `[count]`, each `< classCount`.
public struct Dataset: Sendable, Equatable {
    /// Integer inputs, `[count] + itemShape` row-major.
    public private(set) var samples: [Int32]
    /// Class labels, `[count]`, each in `0..<classCount`.
    public private(set) var labels: [UInt8]
    /// How raw data became `samples`: shape, range, float scale, class names, table rules.
    public let encoding: InputEncoding

    /// Wraps already-validated arrays.
    /// - Precondition: `samples.count == labels.count * itemSize`, every label `< classCount`.
    ///   Data from files goes through the loaders (`DataSource.load`), which check and throw.
    public init(samples: [Int32], labels: [UInt8], encoding: InputEncoding) {
        precondition(samples.count == labels.count * encoding.itemSize,
                     "Dataset: \(samples.count) values for \(labels.count) items of \(encoding.shape)")
        precondition(labels.allSatisfy { Int($0) < encoding.classNames.count }, "Dataset: a label is ≥ classCount")
        self.samples = samples
        self.labels = labels
        self.encoding = encoding
    }

    /// Number of examples.
    public var count: Int { labels.count }
    /// Number of classes.
    public var classCount: Int { encoding.classNames.count }
    /// Shape of one input item: `[features]` or `[height, width, channels]`.
    public var itemShape: [Int] { encoding.shape }
    /// Values per item.
    public var itemSize: Int { encoding.itemSize }

    /// The inputs of item `index`, row-major over `itemShape`.
    public func item(_ index: Int) -> ArraySlice<Int32> {
        samples[index * itemSize ..< (index + 1) * itemSize]
    }

    /// How many examples each class has, `[classCount]`.
    public var labelCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The examples at `indices`, in that order (repeats allowed).
    /// - Precondition: every index is in `0..<count`.
    public func subset(_ indices: [Int]) -> Dataset {
        let size = itemSize
        var values = [Int32]()
        values.reserveCapacity(indices.count * size)
        for index in indices {
            precondition((0..<count).contains(index), "Dataset.subset: index \(index) not in 0..<\(count)")
            values += samples[index * size ..< (index + 1) * size]
        }
        return Dataset(samples: values, labels: indices.map { labels[$0] }, encoding: encoding)
    }

    /// Identifies the data in checkpoints: `"crc32:xxxxxxxx/n=COUNT"`, the zlib CRC-32 of the
    /// samples followed by the label bytes, in lower-case hex. Samples that all fit 0...255
    /// (images) are hashed one byte each, as the files store them; others as 4-byte
    /// little-endian integers. Not a secure hash: it detects an accidentally different
    /// dataset, not a deliberately crafted one.
    public var fingerprint: String {
        var crc = crc32_z(0, nil, 0)
        if samples.allSatisfy({ (0...255).contains($0) }) {
            let bytes = samples.map { UInt8($0) }
            crc = bytes.withUnsafeBufferPointer { crc32_z(crc, $0.baseAddress, $0.count) }
        } else {
            let words = samples.map { $0.littleEndian }
            crc = words.withUnsafeBytes { crc32_z(crc, $0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
        }
        crc = labels.withUnsafeBufferPointer { crc32_z(crc, $0.baseAddress, $0.count) }
        return "crc32:\(IDX.hex(UInt32(crc)).dropFirst(2))/n=\(count)"
    }
}

/// Which part of a dataset: the training examples or the held-out test examples.
public enum Split: String, Sendable, CaseIterable {
    case train, test
}

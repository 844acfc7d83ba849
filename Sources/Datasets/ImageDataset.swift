// An in-memory image-classification dataset as raw uint8 pixels and uint8 labels.
// Holds data only: no normalisation, augmentation or batching (the training loop does those),
// and no file formats (IDX.swift, FashionMNIST.swift).

import CZlib

/// An image-classification dataset as raw uint8 pixels.
///
/// `images` is `[count, rows, cols]` row-major (image `i` is `images[i*rows*cols ..< (i+1)*rows*cols]`),
/// one channel, pixel values 0...255 as stored in the file. `labels` is `[count]`, each `< classCount`.
public struct ImageDataset: Sendable, Equatable {
    /// Pixels, `[count, rows, cols]` row-major.
    public var images: [UInt8]
    /// Class labels, `[count]`, each in `0..<classCount`.
    public var labels: [UInt8]
    /// Number of examples.
    public var count: Int
    /// Image height in pixels.
    public var rows: Int
    /// Image width in pixels.
    public var cols: Int
    /// Number of classes; 10 for Fashion-MNIST.
    public var classCount: Int

    /// Wraps already-validated arrays; `count` is `labels.count`.
    /// - Precondition: `images.count == labels.count * rows * cols` and every label `< classCount`.
    ///   Data from files goes through `FashionMNIST.load`, which checks these and throws instead.
    public init(images: [UInt8], labels: [UInt8], rows: Int, cols: Int, classCount: Int) {
        precondition(rows > 0 && cols > 0 && classCount > 0 && classCount <= 256,
                     "ImageDataset needs rows, cols > 0 and classCount in 1...256")
        precondition(images.count == labels.count * rows * cols,
                     "ImageDataset: \(images.count) pixels for \(labels.count) images of \(rows)×\(cols)")
        precondition(labels.allSatisfy { Int($0) < classCount }, "ImageDataset: a label is ≥ classCount")
        self.images = images
        self.labels = labels
        self.count = labels.count
        self.rows = rows
        self.cols = cols
        self.classCount = classCount
    }

    /// Pixels per image, `rows * cols`.
    public var pixelsPerImage: Int { rows * cols }

    /// The pixels of image `index`, `[rows, cols]` row-major.
    public func image(_ index: Int) -> ArraySlice<UInt8> {
        images[index * pixelsPerImage ..< (index + 1) * pixelsPerImage]
    }

    /// How many examples each class has, `[classCount]`.
    public var labelCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The examples at `indices`, in that order (repeats allowed).
    /// - Precondition: every index is in `0..<count`.
    public func subset(_ indices: [Int]) -> ImageDataset {
        let size = pixelsPerImage
        var pixels = [UInt8]()
        pixels.reserveCapacity(indices.count * size)
        var subsetLabels = [UInt8]()
        subsetLabels.reserveCapacity(indices.count)
        for index in indices {
            precondition((0..<count).contains(index), "ImageDataset.subset: index \(index) not in 0..<\(count)")
            pixels += images[index * size ..< (index + 1) * size]
            subsetLabels.append(labels[index])
        }
        return ImageDataset(images: pixels, labels: subsetLabels, rows: rows, cols: cols, classCount: classCount)
    }

    /// Identifies the data in checkpoints: `"crc32:xxxxxxxx/n=COUNT"`, the zlib CRC-32 of all pixel
    /// bytes followed by all label bytes (no file headers), in lower-case hex. Not a secure hash:
    /// it detects an accidentally different dataset, not a deliberately crafted one.
    public var fingerprint: String {
        var crc = crc32_z(0, nil, 0)
        crc = images.withUnsafeBufferPointer { crc32_z(crc, $0.baseAddress, $0.count) }
        crc = labels.withUnsafeBufferPointer { crc32_z(crc, $0.baseAddress, $0.count) }
        return "crc32:\(IDX.hex(UInt32(crc)).dropFirst(2))/n=\(count)"
    }
}

/// Which part of a dataset: the training images or the held-out test images.
public enum Split: String, Sendable, CaseIterable {
    case train, test
}

// What several test suites share: the repository's folder and its committed Fashion-MNIST
// subset, found from this file's path (suites read the source tree, not bundled resources).
// Holds no assertions.
import Datasets
import Foundation

/// The repository's root folder, from this file's real location (symlinks resolved).
public let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The committed Fashion-MNIST subset (2,000 training and 500 test images).
public let committedSubsetDirectory = repositoryRoot.appendingPathComponent("datasets/fashion-mnist-subset").path

/// The committed subset's training and test splits.
public func loadSubset() throws -> (train: Dataset, test: Dataset) {
    (try FashionMNIST.load(.train, from: committedSubsetDirectory), try FashionMNIST.load(.test, from: committedSubsetDirectory))
}

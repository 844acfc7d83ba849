// Fashion-MNIST (Zalando Research, MIT license): 28×28 grayscale images of clothing, 10 classes,
// 60,000 train and 10,000 test, in the four IDX files of the original distribution.
// Reads them from a local directory (Debian's dataset-fashion-mnist, or the committed subset);
// never downloads anything. The same four-file layout serves any IDX image set (MNIST, EMNIST).
import Support

/// Loader for Fashion-MNIST in its original four-file IDX layout.
public enum FashionMNIST {
    /// Where Debian's `dataset-fashion-mnist` package installs the files.
    public static let systemDirectory = "/usr/share/datasets/fashion-mnist"

    /// Class names, indexed by label.
    public static let classNames: [String] = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// The standard file names of a split, without `.gz`.
    public static func fileNames(_ split: Split) -> (images: String, labels: String) {
        switch split {
        case .train: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte")
        case .test: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")
        }
    }

    /// Loads one split from `directory`, which holds the standard file names, each either gzipped
    /// (`NAME.gz`, preferred when both exist) or raw (`NAME`).
    ///
    /// Any image size is accepted (Fashion-MNIST's is 28×28); labels must be in 0...9. Other
    /// IDX image sets (MNIST, EMNIST) load through `DataSource` with their own class count.
    /// - Throws: `FormatError` naming the file: a missing directory or file (with how to install
    ///   the dataset), bad gzip, bad IDX, label and image counts that differ, a label ≥ 10.
    public static func load(_ split: Split, from directory: String) throws -> Dataset {
        let (images, labels) = try read(split, from: directory)
        if let index = labels.elements.firstIndex(where: { Int($0) >= classNames.count }) {
            throw FormatError(path: labels.path, problem: "label \(labels.elements[index]) at index \(index) "
                + "is not a class; Fashion-MNIST labels are 0...\(classNames.count - 1)")
        }
        return dataset(images, labels, classNames: classNames)
    }

    /// The images and labels of one split in `directory`, checked against each other.
    static func read(_ split: Split, from directory: String) throws -> (images: IDXFile, labels: IDXFile) {
        guard DataFile.isDirectory(directory) else {
            throw FormatError(path: directory, problem: "no such directory; \(installHint)")
        }
        let names = fileNames(split)
        let imagesPath = try locate(names.images, in: directory)
        let labelsPath = try locate(names.labels, in: directory)
        let images = try IDX.read(path: imagesPath, dimensionCount: 3)
        let labels = try IDX.read(path: labelsPath, dimensionCount: 1)
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw FormatError(path: labelsPath, problem: "has \(labels.dimensions[0]) labels, but "
                + "\(imagesPath) has \(images.dimensions[0]) images; they must match one to one")
        }
        return (IDXFile(path: imagesPath, array: images), IDXFile(path: labelsPath, array: labels))
    }

    /// Images [count, rows, cols] and their labels as a dataset of raw pixels.
    static func dataset(_ images: IDXFile, _ labels: IDXFile, classNames: [String]) -> Dataset {
        let shape = [images.array.dimensions[1], images.array.dimensions[2], 1]
        return Dataset(samples: images.elements.map(Int32.init), labels: labels.elements,
                       encoding: .pixels(shape: shape, classNames: classNames))
    }

    /// "DIR/NAME.gz" if it exists, else "DIR/NAME" if it exists, else an error.
    static func locate(_ name: String, in directory: String) throws -> String {
        let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        if DataFile.isFile(base + ".gz") { return base + ".gz" }
        if DataFile.isFile(base) { return base }
        throw FormatError(path: base + ".gz", problem: "no such file (nor \(name) without .gz); \(installHint)")
    }

    static let installHint = "install Fashion-MNIST with `apt-get install dataset-fashion-mnist` "
        + "(it goes to \(systemDirectory)) or pass `--data DIR` naming a directory with the four IDX files"
}

/// An IDX array and the file it came from.
struct IDXFile {
    var path: String
    var array: IDXArray
    var elements: [UInt8] { array.elements }
}

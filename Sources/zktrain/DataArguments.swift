// The data options `train`, `eval`, `quantize`, `prove`, `bench` and `cost` share: where the
// data is, how it is split and how raw rows become integers. Parsing only; the meaning lives
// in Datasets' `DataOptions` and `DataSource`.
import ArgumentParser
import Datasets

struct DataArguments: ParsableArguments {
    @Option(help: ArgumentHelp("""
        Data: a CSV file with a header; an .npz file (x_train, y_train[, x_test, y_test] or x, y); \
        a directory of x_train.npy, y_train.npy[, x_test.npy, y_test.npy]; or a directory of IDX \
        files (train-images-idx3-ubyte[.gz] …, e.g. Fashion-MNIST, MNIST, EMNIST). Arrays: x is \
        [N, features] or [N, height, width, channels] ([N, C, H, W] with --channels-first); y is \
        [N] class numbers 0…K−1. Default: Fashion-MNIST at \(FashionMNIST.systemDirectory), or \
        the data a trained model remembers.
        """, valueName: "path")) var data: String?
    @Option(help: "A separate test file of the same kind (otherwise a stratified split of --data).") var testData: String?
    @Option(help: "CSV label column (default: the last column).") var label: String?
    @Option(help: "Fraction held out for testing when the data has no test part (default 0.2).") var testFraction: Double?
    @Option(help: "Seed of the stratified split (default 0).") var splitSeed: UInt64?
    @Option(help: "Fill missing CSV cells with the training median (numeric; text columns: mode) or mode (default: a missing cell is an error).")
    var impute: TableEncoding.Imputation?
    @Option(help: "Table scaling: standard ((x − mean) / std, ±4 std in range) or minmax (default standard).") var scaling: TableEncoding.Scaling?
    @Option(help: "Bits of each integer table input, 4…16 (default 8).") var inputBits: Int?
    @Option(help: "A cell text that marks a missing value (repeatable; besides empty, NA, N/A, NaN, nan, NULL, null).") var na: [String] = []
    @Option(help: "A CSV column to leave out, e.g. an identifier (repeatable).") var ignore: [String] = []
    @Flag(help: "Image arrays are [N, C, H, W] (PyTorch's layout).") var channelsFirst = false

    /// The options given (defaults elsewhere); laid over a model's remembered options by the
    /// library (`DataOptions.overriding`).
    func options() -> DataOptions {
        var o = DataOptions()
        if let data { o.data = data }
        if let testData { o.testData = testData }
        if let label { o.label = label }
        if let testFraction { o.testFraction = testFraction }
        if let splitSeed { o.splitSeed = splitSeed }
        if let impute { o.impute = impute }
        if let scaling { o.scaling = scaling }
        if let inputBits { o.inputBits = inputBits }
        if !na.isEmpty { o.missingMarkers = na }
        if !ignore.isEmpty { o.ignore = ignore }
        if channelsFirst { o.channelsFirst = true }
        return o
    }
}

extension TableEncoding.Imputation: ExpressibleByArgument {}
extension TableEncoding.Scaling: ExpressibleByArgument {}

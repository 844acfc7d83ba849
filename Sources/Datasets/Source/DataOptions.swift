// Where a model's data comes from and how it is split and encoded: the options `train`,
// `eval`, `quantize`, `sweep` and `search` share. A trained model stores them in model.json,
// so later commands need only what differs.
import Support

/// A data source and its split and encoding settings.
public struct DataOptions: Codable, Sendable, Equatable {
    /// A CSV file, an .npz file, a directory of NumPy files (x_train.npy, y_train.npy,
    /// x_test.npy, y_test.npy) or of IDX files (train-images-idx3-ubyte[.gz], …); nil means
    /// Fashion-MNIST where Debian's dataset-fashion-mnist installs it.
    public var data: String?
    /// A separate test file of the same kind (otherwise a stratified split of `data`).
    public var testData: String?
    /// The label column of a CSV file (default: the last column).
    public var label: String?
    /// Fraction of `data` held out for testing when there is no `testData` and the source has
    /// no test part of its own.
    public var testFraction = 0.2
    /// Seed of the stratified split.
    public var splitSeed: UInt64 = 0
    /// Scaling of numeric table columns before the fixed-point step.
    public var scaling = TableEncoding.Scaling.standard
    /// Bits of each integer input of a table.
    public var inputBits = 8
    /// How missing table cells are filled (nil: a missing cell is an error).
    public var impute: TableEncoding.Imputation?
    /// Cell texts that mark a missing value, besides CSV.defaultMissingMarkers.
    public var missingMarkers: [String] = []
    /// CSV columns to leave out (identifiers, free text).
    public var ignore: [String] = []
    /// Image arrays are [N, C, H, W] rather than [N, H, W, C].
    public var channelsFirst = false

    public init(data: String? = nil) { self.data = data }

    private enum CodingKeys: String, CodingKey {
        case data, testData, label, testFraction, splitSeed, scaling, inputBits, impute, missingMarkers, ignore, channelsFirst
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decodeIfPresent(String.self, forKey: .data)
        testData = try c.decodeIfPresent(String.self, forKey: .testData)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        testFraction = try c.decodeIfPresent(Double.self, forKey: .testFraction) ?? testFraction
        splitSeed = try c.decodeIfPresent(UInt64.self, forKey: .splitSeed) ?? splitSeed
        scaling = try c.decodeIfPresent(TableEncoding.Scaling.self, forKey: .scaling) ?? scaling
        inputBits = try c.decodeIfPresent(Int.self, forKey: .inputBits) ?? inputBits
        impute = try c.decodeIfPresent(TableEncoding.Imputation.self, forKey: .impute)
        missingMarkers = try c.decodeIfPresent([String].self, forKey: .missingMarkers) ?? []
        ignore = try c.decodeIfPresent([String].self, forKey: .ignore) ?? []
        channelsFirst = try c.decodeIfPresent(Bool.self, forKey: .channelsFirst) ?? false
    }

    /// These options laid over `stored` (a trained model's): every field left at its default
    /// here takes `stored`'s value, so a later command names only what differs. A new `data`
    /// without a new `testData` drops the stored test file.
    public func overriding(_ stored: DataOptions) -> DataOptions {
        let d = DataOptions()
        var o = stored
        if data != d.data { o.data = data; o.testData = testData }
        if testData != d.testData { o.testData = testData }
        if label != d.label { o.label = label }
        if testFraction != d.testFraction { o.testFraction = testFraction }
        if splitSeed != d.splitSeed { o.splitSeed = splitSeed }
        if scaling != d.scaling { o.scaling = scaling }
        if inputBits != d.inputBits { o.inputBits = inputBits }
        if impute != d.impute { o.impute = impute }
        if missingMarkers != d.missingMarkers { o.missingMarkers = missingMarkers }
        if ignore != d.ignore { o.ignore = ignore }
        if channelsFirst != d.channelsFirst { o.channelsFirst = channelsFirst }
        return o
    }

    /// Checks the settings; the message names the option.
    public func validate() throws {
        func fail(_ s: String) -> FormatError { FormatError(path: data ?? "data options", problem: s) }
        guard testFraction > 0, testFraction < 1 else { throw fail("--test-fraction \(testFraction) is not between 0 and 1") }
        guard TableEncoding.bitRange.contains(inputBits) else { throw fail("--input-bits \(inputBits) is not in \(TableEncoding.bitRange)") }
    }
}

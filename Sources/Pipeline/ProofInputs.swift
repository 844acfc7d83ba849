// What a proof is about: an item of the model's test set, or a raw example from a file (a JSON
// array of raw values or a one-row CSV with the training header), turned into the model's
// integer inputs by its stored input encoding — so public.json holds exactly what that rule
// produces from the raw row, and anyone can recompute it (scripts/data/encode_row.py).
import Datasets
import Foundation
import Quantize
import Support

/// One input to prove.
public enum ProofInput: Sendable, Equatable {
    /// Item N of the model's test set (its remembered data, or the data options given).
    case testItem(Int)
    /// A JSON array of raw values (pixels for an image model; one value per column for a
    /// table: numbers, strings for categories, null for missing) or a one-row CSV file.
    case file(String)
    /// Integer inputs already encoded (by the driver of a batch proved on a cluster), written to `name`.
    case encoded(name: String, values: [Int64])
}

extension ProofInput {
    /// The output sub-directory of this input in a batch: image-N, or input-K for the K-th file.
    func name(fileIndex: Int) -> String {
        switch self {
        case .testItem(let n): "image-\(n)"
        case .file: "input-\(fileIndex)"
        case .encoded(let name, _): name
        }
    }

    /// The integer inputs of `inputs` for `model`, each named for its output directory.
    static func encode(_ inputs: [ProofInput], model: IntegerModel, data: DataOptions) throws -> [(name: String, values: [Int64])] {
        let encoding = model.encoding ?? .pixels(shape: model.inputShape, classNames: [])
        let count = model.inputShape.reduce(1, *)
        let test: Dataset? = try inputs.contains { if case .testItem = $0 { true } else { false } }
            ? DataSource.loadTest(data, encoding: model.encoding) : nil
        var fileIndex = 0
        return try inputs.map { input in
            let values: [Int32]
            switch input {
            case .testItem(let n):
                guard test!.itemShape == model.inputShape else {
                    throw PipelineError("the test items are \(test!.itemShape), the model reads \(model.inputShape)")
                }
                guard (0..<test!.count).contains(n) else { throw PipelineError("--image \(n): the test set has items 0…\(test!.count - 1)") }
                values = Array(test!.item(n))
            case .file(let path):
                fileIndex += 1
                values = try raw(path, encoding: encoding, missingMarkers: data.missingMarkers)
                guard values.count == count else { throw PipelineError("\(path): has \(values.count) values, the model expects \(count)") }
            case .encoded(let name, let encoded):
                values = encoded.compactMap { Int32(exactly: $0) }
                guard encoded.count == count, values.count == count else {
                    throw PipelineError("\(name): \(encoded.count) encoded values, the model expects \(count) 32-bit integers")
                }
            }
            return (input.name(fileIndex: fileIndex), values.map(Int64.init))
        }
    }

    /// The encoded inputs of a raw-input file.
    private static func raw(_ path: String, encoding: InputEncoding, missingMarkers: [String]) throws -> [Int32] {
        if path.lowercased().hasSuffix(".csv") {
            let rows = try DataSource.encodeRows(csv: path, encoding: encoding, missingMarkers: missingMarkers)
            guard rows.count == 1 else { throw PipelineError("\(path): holds \(rows.count) rows; give one row per input file") }
            return rows[0]
        }
        let cells: [RawJSONCell]
        do { cells = try StrictJSON.decode([RawJSONCell].self, from: readFileData(URL(fileURLWithPath: path), limit: 1 << 28), path: path) } catch {
            throw PipelineError("\(path): expected a JSON array of raw input values (\(error))")
        }
        return try DataSource.encodeRow(cells.map(\.cell), encoding: encoding, source: path)
    }
}

/// One raw input value in a JSON array: a number, a string (a category) or null (missing).
/// Numbers are decoded as Double by JSONDecoder (not NSNumber, which on Linux reads 0 and 1 as Bools).
private struct RawJSONCell: Decodable {
    var cell: RawCell

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { cell = .missing } else if let v = try? c.decode(Double.self) { cell = .number(v) } else { cell = .text(try c.decode(String.self)) }
    }
}

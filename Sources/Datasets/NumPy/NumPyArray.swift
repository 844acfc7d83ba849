// An array read from a NumPy .npy file (or one entry of an .npz): its shape, its element type
// and its values, widened to Int64 or Double without rounding. Only the numeric dtypes a dataset
// needs; strings, objects, records, float16 and complex are refused by the reader, not here.
// Format: numpy/lib/format.py (NEP 1, "A simple file format for NumPy arrays").

/// The element types the NumPy reader accepts, named as NumPy names them.
public enum NumPyDType: String, Sendable, CaseIterable {
    case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64

    /// Bytes per element in the file.
    public var byteCount: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .int16, .uint16: 2
        case .int32, .uint32, .float32: 4
        case .int64, .uint64, .float64: 8
        }
    }

    /// Whether the values are floating point (and so land in `NumPyArray.Elements.floats`).
    public var isFloat: Bool { self == .float32 || self == .float64 }
}

/// A NumPy array in C (row-major) order.
public struct NumPyArray: Sendable, Equatable {
    /// The shape, outermost first: `[]` for a 0-d array (one element), `[n]` for a vector,
    /// `[N, F]` for a table, `[N, H, W, C]` for images. A dimension may be 0.
    public var shape: [Int]
    /// The element type the file declared (its byte order is not kept: values are decoded).
    public var dtype: NumPyDType
    /// The values in row-major order; there are `shape.reduce(1, *)` of them.
    public var elements: Elements

    /// The values of an array, widened exactly.
    public enum Elements: Sendable, Equatable {
        /// bool (0 or 1) and integer dtypes. A uint64 above `Int64.max` is a read error.
        case integers([Int64])
        /// float32 (widened exactly) and float64.
        case floats([Double])
    }

    public init(shape: [Int], dtype: NumPyDType, elements: Elements) {
        self.shape = shape
        self.dtype = dtype
        self.elements = elements
    }

    /// The number of elements held (for an array from the reader, the product of `shape`).
    public var count: Int {
        switch elements {
        case .integers(let values): values.count
        case .floats(let values): values.count
        }
    }
}

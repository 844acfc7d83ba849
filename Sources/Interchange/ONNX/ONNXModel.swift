// The subset of ONNX's protobuf schema (onnx/onnx.proto3, IR version 7+) that ZKTrain reads
// and writes: a model with opset imports and metadata, one graph, its nodes, attributes,
// initializer tensors and the shapes of its inputs and outputs. Field numbers are onnx.proto's.
// Tensors in external data are read into memory (ONNXExternalData); written files hold every
// tensor inline. Not kept: subgraphs (If/Loop bodies), sparse tensors, training info, functions.

/// An ONNX `ModelProto`.
public struct ONNXModel: Equatable, Sendable {
    public var irVersion: Int64 = 8
    public var opsetImports: [ONNXOpset] = []
    public var producerName = ""
    public var producerVersion = ""
    public var docString = ""
    public var graph = ONNXGraph()
    /// `metadata_props`, in file order.
    public var metadata: [(key: String, value: String)] = []
    /// For a model read with external data: the file (a location relative to the model's
    /// folder) each such tensor's data came from, by tensor name. Not compared by `==`.
    public var externalDataLocations: [String: String] = [:]

    public init() {}

    public static func == (a: ONNXModel, b: ONNXModel) -> Bool {
        a.irVersion == b.irVersion && a.opsetImports == b.opsetImports && a.producerName == b.producerName
            && a.producerVersion == b.producerVersion && a.docString == b.docString && a.graph == b.graph
            && a.metadata.map(\.key) == b.metadata.map(\.key) && a.metadata.map(\.value) == b.metadata.map(\.value)
    }

    /// The version of the default ("" or "ai.onnx") operator set, if imported.
    public var defaultOpset: Int64? {
        opsetImports.first { $0.domain == "" || $0.domain == "ai.onnx" }?.version
    }
}

/// An `OperatorSetIdProto`.
public struct ONNXOpset: Equatable, Sendable {
    public var domain: String
    public var version: Int64
    public init(domain: String = "", version: Int64) { self.domain = domain; self.version = version }
}

/// A `GraphProto`.
public struct ONNXGraph: Equatable, Sendable {
    public var name = ""
    public var nodes: [ONNXNode] = []
    public var initializers: [ONNXTensor] = []
    public var inputs: [ONNXValueInfo] = []
    public var outputs: [ONNXValueInfo] = []
    public var valueInfo: [ONNXValueInfo] = []
    public init() {}
}

/// A `NodeProto`: one operator application.
public struct ONNXNode: Equatable, Sendable {
    public var name = ""
    public var opType: String
    public var domain = ""
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [ONNXAttribute] = []

    public init(_ opType: String, name: String = "", inputs: [String], outputs: [String], attributes: [ONNXAttribute] = []) {
        self.opType = opType
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// The attribute called `name`, if present.
    public func attribute(_ name: String) -> ONNXAttribute.Value? { attributes.first { $0.name == name }?.value }
}

/// An `AttributeProto` of the kinds ZKTrain uses; other kinds are kept as `.unsupported(type)`.
public struct ONNXAttribute: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case float(Float)
        case int(Int64)
        case string([UInt8])
        case tensor(ONNXTensor)
        case floats([Float])
        case ints([Int64])
        /// A graph, sparse tensor, type proto or a list of them: read but not interpreted.
        case unsupported(type: Int32)
    }
    public var name: String
    public var value: Value
    public init(_ name: String, _ value: Value) { self.name = name; self.value = value }
}

/// A `TensorProto` held in memory as one of the element types ZKTrain uses.
public struct ONNXTensor: Equatable, Sendable {
    /// ONNX `TensorProto.DataType` codes used here.
    public enum ElementType: Int32, Sendable {
        case float = 1, uint8 = 2, int8 = 3, int32 = 6, int64 = 7, double = 11

        /// float or double.
        public var isFloatingPoint: Bool { self == .float || self == .double }
    }
    public enum Storage: Equatable, Sendable {
        case floats([Float])
        case doubles([Double])
        /// int64, int32, int8, uint8 values (widened).
        case integers([Int64])
    }
    public var name: String
    public var dims: [Int]
    public var elementType: ElementType
    public var storage: Storage

    public init(name: String, dims: [Int], floats: [Float]) {
        self.name = name; self.dims = dims; elementType = .float; storage = .floats(floats)
    }

    public init(name: String, dims: [Int], int64s: [Int64]) {
        self.name = name; self.dims = dims; elementType = .int64; storage = .integers(int64s)
    }

    /// Number of elements (the product of `dims`; checked when read).
    public var count: Int { dims.reduce(1, *) }

    /// The values as Float (doubles rounded, integers converted).
    public var floatValues: [Float] {
        switch storage {
        case .floats(let v): return v
        case .doubles(let v): return v.map { Float($0) }
        case .integers(let v): return v.map { Float($0) }
        }
    }

    /// The values as integers, if they are integers.
    public var integerValues: [Int64]? {
        if case .integers(let v) = storage { return v }
        return nil
    }
}

/// A `ValueInfoProto` for a tensor: name, element type and shape (a dimension is a number,
/// a symbolic name such as "batch", or unknown).
public struct ONNXValueInfo: Equatable, Sendable {
    public enum Dimension: Equatable, Sendable {
        case value(Int64)
        case symbol(String)
        case unknown
    }
    public var name: String
    public var elementType: Int32
    /// nil when the file gives no shape.
    public var shape: [Dimension]?

    public init(name: String, elementType: Int32 = ONNXTensor.ElementType.float.rawValue, shape: [Dimension]?) {
        self.name = name; self.elementType = elementType; self.shape = shape
    }
}

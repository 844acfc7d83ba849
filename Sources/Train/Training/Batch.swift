// Turning uint8 images into float input batches, and evaluation over a dataset.
// Input scale: x = pixel / 255, so a pixel is the integer input of the quantized model and
// 1/255 is absorbed into the first layer's weight scale.
import Datasets

/// Scale from uint8 pixel to float network input.
public let pixelScale: Float = 1 / 255

extension ImageDataset {
    /// Shape of one network input item: [rows, cols, 1].
    public var itemShape: [Int] { [rows, cols, 1] }

    /// The images at `indices` as a float batch [n, rows, cols, 1] scaled by `pixelScale`,
    /// and their labels.
    public func batch(_ indices: ArraySlice<Int>) -> (x: Tensor, labels: [UInt8]) {
        let p = pixelsPerImage
        var x = Tensor(uninitializedShape: [indices.count, rows, cols, 1])
        x.data.withUnsafeMutableBufferPointer { xp in
            images.withUnsafeBufferPointer { ip in
                for (j, i) in indices.enumerated() {
                    let src = ip.baseAddress! + i * p, dst = xp.baseAddress! + j * p
                    for k in 0..<p { dst[k] = Float(src[k]) * pixelScale }
                }
            }
        }
        return (x, indices.map { labels[$0] })
    }
}

/// Accuracy and mean loss of a model on a dataset.
public struct Evaluation: Sendable, Codable, Equatable {
    /// Fraction of correctly classified samples, in [0, 1].
    public var accuracy: Double
    /// Mean softmax cross-entropy.
    public var loss: Double
    /// Number of samples evaluated.
    public var samples: Int
}

extension Network {
    /// Evaluates in inference mode (batch-norm running statistics), `batchSize` images at a time.
    public func evaluate(on data: ImageDataset, batchSize: Int = 250) -> Evaluation {
        var correct = 0, lossSum = 0.0
        var start = 0
        while start < data.count {
            let idx = Array(start..<min(start + batchSize, data.count))
            let (x, labels) = data.batch(idx[...])
            let logits = forward(x, training: false)
            let (loss, _) = softmaxCrossEntropy(logits, labels: labels[...])
            lossSum += Double(loss) * Double(idx.count)
            correct += zip(argmaxRows(logits), labels).filter { $0 == Int($1) }.count
            start += batchSize
        }
        let n = max(data.count, 1)
        return Evaluation(accuracy: Double(correct) / Double(n), loss: lossSum / Double(n), samples: data.count)
    }
}

// Turning integer inputs into float batches, and evaluation over a dataset.
// Input scale: x = integer × encoding.scale (1/255 for pixels), so the integer is the input of
// the quantized model and the scale is absorbed into the first layer's weight scale.
import Datasets
import Quantize

extension Dataset {
    /// The items at `indices` as a float batch `[n] + itemShape`, each integer times the
    /// encoding's scale (as a 32-bit float), and their labels.
    public func batch(_ indices: ArraySlice<Int>) -> (x: Tensor, labels: [UInt8]) {
        let p = itemSize, scale = Float(encoding.scale)
        var x = Tensor(uninitializedShape: [indices.count] + itemShape)
        x.data.withUnsafeMutableBufferPointer { xp in
            samples.withUnsafeBufferPointer { ip in
                for (j, i) in indices.enumerated() {
                    let src = ip.baseAddress! + i * p, dst = xp.baseAddress! + j * p
                    for k in 0..<p { dst[k] = Float(src[k]) * scale }
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
    /// Evaluates in inference mode (batch-norm running statistics), `batchSize` items at a time.
    public func evaluate(on data: Dataset, batchSize: Int = 250) -> Evaluation {
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

/// How a network's float forward and its integer model compare on a test set.
public struct QuantizationComparison: Sendable, Equatable {
    /// Accuracy of the float (quantization-aware) forward.
    public var floatAccuracy: Double
    /// Accuracy of the integer model: what a proof attests.
    public var integerAccuracy: Double
    /// Fraction of items on which the two predict the same class.
    public var agreement: Double
}

extension Network {
    /// Compares this network's predictions on `test` with `integer`'s (evaluated exactly on
    /// `threads` threads).
    public func compare(with integer: IntegerModel, on test: Dataset, threads: Int) throws -> QuantizationComparison {
        let predicted = try integer.predict(inputs: test.samples, count: test.count, threads: threads)
        var floatCorrect = 0, intCorrect = 0, agree = 0, start = 0
        while start < test.count {
            let idx = Array(start..<min(start + 250, test.count))
            let (x, labels) = test.batch(idx[...])
            for (j, p) in argmaxRows(forward(x, training: false)).enumerated() {
                let n = idx[j]
                floatCorrect += p == Int(labels[j]) ? 1 : 0
                intCorrect += predicted[n] == Int(labels[j]) ? 1 : 0
                agree += predicted[n] == p ? 1 : 0
            }
            start += 250
        }
        let n = Double(max(test.count, 1))
        return QuantizationComparison(floatAccuracy: Double(floatCorrect) / n, integerAccuracy: Double(intCorrect) / n,
                                      agreement: Double(agree) / n)
    }
}

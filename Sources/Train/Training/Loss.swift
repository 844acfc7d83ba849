// Softmax cross-entropy on logits, fused with its gradient (softmax − one-hot) / batch.
import Foundation

/// Mean softmax cross-entropy of `logits` [batch, classes] against `labels`, and its gradient.
public func softmaxCrossEntropy(_ logits: Tensor, labels: ArraySlice<UInt8>) -> (loss: Float, gradient: Tensor) {
    let n = logits.batch, k = logits.itemSize
    var grad = Tensor(uninitializedShape: logits.shape)
    var total = 0.0
    withBuffers(logits, &grad) { lp, gp in
        for i in 0..<n {
            let row = lp + i * k, g = gp + i * k
            var m = row[0]
            for j in 1..<k { m = max(m, row[j]) }
            var sum: Float = 0
            for j in 0..<k { g[j] = exp(row[j] - m); sum += g[j] }
            let label = Int(labels[labels.startIndex + i])
            total += Double(log(sum) + m - row[label])
            let inv = 1 / (sum * Float(n))
            for j in 0..<k { g[j] *= inv }
            g[label] -= 1 / Float(n)
        }
    }
    return (Float(total / Double(n)), grad)
}

/// Index of the largest logit in each row of [batch, classes].
public func argmaxRows(_ logits: Tensor) -> [Int] {
    let k = logits.itemSize
    return (0..<logits.batch).map { i in
        var best = 0
        for j in 1..<k where logits.data[i * k + j] > logits.data[i * k + best] { best = j }
        return best
    }
}

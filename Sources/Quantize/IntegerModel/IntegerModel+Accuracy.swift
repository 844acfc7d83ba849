// The accuracy of an integer model on a labelled dataset: the fraction of items whose exact
// integer prediction (IntegerModel.predict, bit-identical to the circuit) is the label. The
// one place train, eval, quantize, sweep and bench measure what a proof would attest.
import Datasets

extension IntegerModel {
    /// Fraction of `data`'s items predicted correctly, evaluated on `threads` threads.
    /// - Throws: if the data's item shape differs from the model's input shape, or a value is
    ///   outside the model's input range.
    public func accuracy(on data: Dataset, threads: Int = 2) throws -> Double {
        guard data.itemShape == inputShape else {
            throw IntegerModelError("the data's items are \(data.itemShape), the model reads \(inputShape)")
        }
        let predicted = try predict(inputs: data.samples, count: data.count, threads: threads)
        let correct = zip(predicted, data.labels).filter { $0 == Int($1) }.count
        return Double(correct) / Double(max(data.count, 1))
    }
}

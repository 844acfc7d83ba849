// 2-D convolution (NHWC, zero padding, stride) in the circuit: the weighted layer's linear
// lowering over the taps that fall inside the image; padding contributes nothing, neither
// constraints nor terms.
import Quantize

extension IntegerConv2D: WeightedLayer {
    func productCount(inputShape shape: [Int]) -> Int {
        let (h, w) = (shape[0], shape[1]), (oh, ow) = outputSize(h, w)
        func inside(_ out: Int, _ size: Int) -> Int {
            (0..<kernel).count { k in let p = out * stride - padding + k; return p >= 0 && p < size }
        }
        let rows = (0..<oh).reduce(0) { $0 + inside($1, h) }, cols = (0..<ow).reduce(0) { $0 + inside($1, w) }
        return rows * cols * inChannels * outChannels
    }

    func lower(_ x: [Signal], _ plan: LayerPlan, weights: LayerWeights, label: String, in b: inout CircuitBuilder) -> [Signal] {
        linear(x, taps: taps(inputShape: plan.inputShape), plan, weights: weights, label: label, in: &b)
    }

    func cost(_ p: LayerPlan, options: CircuitOptions, into tally: inout CostTally) {
        linearCost(p, options: options, into: &tally)
    }

    /// For each output (NHWC order), the (input index, weight index) pairs of the taps that
    /// fall inside the image.
    func taps(inputShape: [Int]) -> [[(input: Int, weight: Int)]] {
        let (h, w) = (inputShape[0], inputShape[1]), (oh, ow) = outputSize(h, w)
        var taps = [[(input: Int, weight: Int)]]()
        taps.reserveCapacity(oh * ow * outChannels)
        for oy in 0..<oh { for ox in 0..<ow { for o in 0..<outChannels {
            var row = [(input: Int, weight: Int)]()
            for ky in 0..<kernel { for kx in 0..<kernel {
                let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                for ci in 0..<inChannels {
                    row.append(((iy * w + ix) * inChannels + ci, ((ky * kernel + kx) * inChannels + ci) * outChannels + o))
                }
            } }
            taps.append(row)
        } } }
        return taps
    }

    /// Output height and width on an h × w input.
    private func outputSize(_ h: Int, _ w: Int) -> (Int, Int) {
        ((h + 2 * padding - kernel) / stride + 1, (w + 2 * padding - kernel) / stride + 1)
    }
}

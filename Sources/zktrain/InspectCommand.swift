// `zktrain inspect`: the per-layer table of an integer model (shape, the stored weight and bias widths,
// proven bound bits, rescales, parameters, multiplications).
import ArgumentParser
import Foundation
import Quantize

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Per-layer table of an integer model written by `zktrain quantize`.")

    @Argument(help: "Integer model directory (model.int.json + model.int.safetensors).") var model: String

    func run() throws {
        try reportingErrors {
            let m = try IntegerModel(contentsOf: URL(fileURLWithPath: model))
            let rows = try m.analyze()
            print("\(m.arch)   input \(m.inputShape) in \(m.inputRange), output scale \(m.outputScale)")
            if let e = m.encoding {
                print("classes: " + e.classNames.enumerated().map { "\($0) \($1)" }.joined(separator: ", "))
                if let t = e.table {
                    let kinds = t.columns.map { rule in rule.categories.map { "\(rule.name) (\($0.count) categories)" } ?? rule.name }
                    print("input: table rows, \(t.scaling.rawValue) scaling to \(t.inputBits)-bit integers (×\(Int(t.multiplier)) per unit), "
                          + "label column '\(t.labelColumn)'; columns: " + kinds.joined(separator: ", "))
                } else {
                    print("input: raw pixels \(e.range), float input pixel × \(e.scale)")
                }
            }
            print("  #  layer                        shape          w-bits  b-bits  bound-bits      params        MACs")
            for (i, (layer, a)) in zip(m.layers, rows).enumerated() {
                let wbits = layer.weightBits.map(String.init) ?? "-", bbits = layer.biasBits.map(String.init) ?? "-"
                print(String(format: "%3d  %@ %@ %@ %@ %@ %@ %@", i, pad(a.name, 28), pad("\(a.shape)", 14), pad(wbits, 7, right: true), pad(bbits, 7, right: true),
                             pad(String(a.bits), 11, right: true), pad(String(a.parameters), 11, right: true), pad(String(a.multiplies), 11, right: true)))
            }
            let rescales = m.layers.filter { if case .rescale = $0 { true } else { false } }.count
            print("totals: \(rows.reduce(0) { $0 + $1.parameters }) params, \(rows.reduce(0) { $0 + $1.multiplies }) MACs, "
                  + "\(rescales) rescale layer(s), largest value \(rows.map(\.bits).max() ?? 0) bits (field allows < 253)")
        }
    }

    private func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
        s.count >= n ? s : (right ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
    }
}

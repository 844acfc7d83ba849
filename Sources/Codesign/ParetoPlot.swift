// pareto.svg: integer accuracy against constraints (log x-axis) for every trained candidate,
// public weights as circles and committed weights as squares, each visibility's Pareto front
// drawn as a step line with numbered members, and a key below the plot naming each number.
// Hand-written SVG 1.1, no dependencies; text is XML-escaped.
import Circuit
import Foundation

public enum ParetoPlot {
    static let width = 960.0, plotHeight = 520.0
    static let left = 70.0, right = 30.0, top = 46.0, bottom = 56.0
    static let colors: [WeightVisibility: String] = [.public: "#1f6fb4", .committed: "#d9661f", .certified: "#2a9d5c"]

    /// The plot of `outcome` as an SVG document.
    public static func svg(_ outcome: SweepOutcome) -> String {
        let series = WeightVisibility.allCases.map { w in
            (weights: w, points: outcome.results.compactMap { r in r.score.cost(w).map { (r, Double($0.constraints)) } }, front: outcome.front(weights: w))
        }
        let costs = series.flatMap { $0.points.map(\.1) }, accuracies = outcome.results.map(\.integerAccuracy)
        let xLo = floor(log10(max(costs.min() ?? 10, 1))), xHi = max(ceil(log10(max(costs.max() ?? 1000, 1))), xLo + 1)
        let yLo = floor(((accuracies.min() ?? 0.5) * 100 - 1) / 5) * 5, yHi = min(100, ceil(((accuracies.max() ?? 0.9) * 100 + 1) / 5) * 5)
        let pw = width - left - right, ph = plotHeight - top - bottom
        func x(_ c: Double) -> Double { left + (log10(max(c, 1)) - xLo) / (xHi - xLo) * pw }
        func y(_ a: Double) -> Double { top + (1 - (a * 100 - yLo) / max(yHi - yLo, 1)) * ph }
        let keyed = series.flatMap { s in s.front.map { (s.weights, $0) } }
        let height = plotHeight + 28 + Double(keyed.count) * 16 + 10
        var s = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="24" font-size="16" font-weight="bold">\(escape(outcome.plan.space.name)): integer test accuracy vs circuit constraints</text>

            """
        // Grid and axes.
        for e in stride(from: xLo, through: xHi, by: 1) {
            s += line(x(pow(10, e)), top, x(pow(10, e)), top + ph, "#ddd")
            s += text(x(pow(10, e)), top + ph + 18, powerLabel(e), anchor: "middle")
        }
        for a in stride(from: yLo, through: yHi, by: 5) {
            s += line(left, y(a / 100), left + pw, y(a / 100), "#ddd")
            s += text(left - 8, y(a / 100) + 4, "\(Int(a)) %", anchor: "end")
        }
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#444\"/>\n"
        s += text(left + pw / 2, top + ph + 42, "constraints (log scale)", anchor: "middle")
        s += "<text x=\"18\" y=\"\(f(top + ph / 2))\" transform=\"rotate(-90 18 \(f(top + ph / 2)))\" text-anchor=\"middle\">integer accuracy</text>\n"
        // Budgets on the constraint axis.
        for b in outcome.plan.space.budgets {
            guard let limit = b.constraints, Double(limit) >= pow(10, xLo), Double(limit) <= pow(10, xHi) else { continue }
            s += line(x(Double(limit)), top, x(Double(limit)), top + ph, colors[b.weights]!, dash: true)
            s += text(x(Double(limit)) + 4, top + 14, "\(b.weights.rawValue) budget \(limit)", fill: colors[b.weights]!)
        }
        // Points, fronts and their numbers.
        var number = 0
        for (w, points, front) in series {
            let color = colors[w]!
            for c in points { s += marker(w, x(c.1), y(c.0.integerAccuracy), color, opacity: 0.35) }
            let steps = front.map { (x(Double($0.score.cost(w)!.constraints)), y($0.integerAccuracy)) }
            if steps.count > 1 {
                var d = "M\(f(steps[0].0)),\(f(steps[0].1))"
                for b in steps.dropFirst() { d += " H\(f(b.0)) V\(f(b.1))" }
                s += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
            }
            var previous: (x: Double, y: Double, below: Bool)?
            for (px, py) in steps {
                number += 1
                s += marker(w, px, py, color, opacity: 1)
                // Numbers go above their point, or below it when the previous point is close and its number above.
                let below = previous.map { abs(px - $0.x) < 24 && abs(py - $0.y) < 16 && !$0.below } ?? false
                s += text(px + 6, below ? py + 16 : py - 6, String(number), fill: color, weight: "bold")
                previous = (px, py, below)
            }
        }
        // Legend and key.
        for (i, w) in WeightVisibility.allCases.reversed().enumerated() {
            s += marker(w, left + pw - 190, top + ph - 16 - 18 * Double(i), colors[w]!, opacity: 1)
            s += text(left + pw - 180, top + ph - 12 - 18 * Double(i), "\(w.rawValue) weights", fill: colors[w]!)
        }
        var keyY = plotHeight + 20
        s += text(left, keyY, "Pareto fronts (numbered above):", weight: "bold")
        for (i, (w, r)) in keyed.enumerated() {
            keyY += 16
            let c = r.score.cost(w)!
            s += text(left, keyY, String(format: "%d. %@ — %.2f %%, %d constraints (%@)", i + 1, r.candidate.label, r.integerAccuracy * 100, c.constraints, w.rawValue),
                      fill: colors[w]!)
        }
        return s + "</svg>\n"
    }

    private static func marker(_ weights: WeightVisibility, _ x: Double, _ y: Double, _ color: String, opacity: Double) -> String {
        weights == .public
            ? "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"4\" fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>\n"
            : "<rect x=\"\(f(x - 4))\" y=\"\(f(y - 4))\" width=\"8\" height=\"8\" fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>\n"
    }

    private static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ color: String, dash: Bool = false) -> String {
        "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\"\(dash ? " stroke-dasharray=\"5,4\"" : "")/>\n"
    }

    private static func text(_ x: Double, _ y: Double, _ t: String, anchor: String = "start", fill: String = "#222", weight: String = "normal") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\" font-weight=\"\(weight)\">\(escape(t))</text>\n"
    }

    /// 10^e as "10", "100", "1k", "10k", "1M", …
    static func powerLabel(_ e: Double) -> String {
        let n = Int(e)
        switch n {
        case ..<3: return String(Int(pow(10, e)))
        case 3..<6: return String(Int(pow(10, e - 3))) + "k"
        default: return String(Int(pow(10, e - 6))) + "M"
        }
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Text safe inside an XML element or attribute.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

// pareto.svg is well-formed XML (parsed by Foundation's XMLParser) for hand-made outcomes,
// including text that needs escaping, an empty sweep and a single point; REPORT.md and
// results.csv name every front member.
@testable import Codesign
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct ParetoPlotTests {
    static let spaceJSON = """
        {"name": "plot <test> & \\"quotes\\"", "data": "unused", "activations": ["sq"], "weightBits": ["8"], "rescale": ["auto"],
         "budgets": [{"weights": "public", "constraints": 20000}, {"weights": "committed", "seconds": 10}],
         "selection": {"perBudget": 4, "maxMACs": 1000000}, "schedule": {"rounds": [{"epochs": 1}]},
         "training": {"batchSize": 64, "learningRate": 0.001, "seed": 1, "qatWarmup": 1, "threads": 1}, "measureProofs": 0}
        """

    func outcome(_ results: [CandidateResult]) throws -> SweepOutcome {
        let space = try JSONDecoder().decode(SearchSpace.self, from: Data(Self.spaceJSON.utf8))
        let plan = SweepPlan(space: space, enumerated: 10, scored: 9, scoreSeconds: 0.01, profileSource: "test", selected: results.map(\.score))
        return SweepOutcome(plan: plan, results: results, failures: [], proofs: [])
    }

    /// Parses `svg`; returns the parser error, if any, and the element count.
    func parse(_ svg: String) -> (error: Error?, elements: Int) {
        final class Counter: NSObject, XMLParserDelegate {
            var elements = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                elements += 1
            }
        }
        let parser = XMLParser(data: Data(svg.utf8)), counter = Counter()
        parser.delegate = counter
        let ok = parser.parse()
        return (ok ? nil : parser.parserError ?? CodesignError("parse failed"), counter.elements)
    }

    @Test func svgIsWellFormed() throws {
        let results = [
            FakeResults.result("a", constraints: 18, accuracy: 0.80, committed: 60_000),
            FakeResults.result("b", constraints: 138, accuracy: 0.875, committed: 900_000),
            FakeResults.result("c", constraints: 4700, accuracy: 0.89),
            FakeResults.result("d", constraints: 18_826, accuracy: 0.902, committed: 1_150_000),
            FakeResults.result("e", constraints: 9000, accuracy: 0.85, committed: 700_000),
        ]
        let o = try outcome(results)
        let svg = ParetoPlot.svg(o)
        let (error, elements) = parse(svg)
        #expect(error == nil)
        #expect(elements > 20)
        #expect(svg.contains("plot &lt;test&gt; &amp; &quot;quotes&quot;"))
        // Four public front members (c dominates e) and four committed ones (c has none), numbered 1…8 in the key.
        #expect(svg.contains("4. dense(18826) w8 — 90.20 %"))
        #expect(svg.contains("8. dense(18826) w8"))
        #expect(!svg.contains("9. "))
        let csv = o.csv().split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(csv.count == 6)
        let column = { (name: String) in csv[0].firstIndex(of: name)! }
        // e: dominated by c with public weights, on the committed front; no certified cost (empty, off that front).
        #expect([csv[5][column("pareto_public")], csv[5][column("pareto_committed")], csv[5][column("pareto_certified")]] == ["0", "1", "0"])
        #expect(csv[5][column("constraints_committed")] == "700000" && csv[5][column("constraints_certified")] == "")
        #expect(Array(csv[0][7...9]) == ["constraints_public", "constraints_committed", "constraints_certified"])
        let report = o.report(command: "zktrain sweep x.json --out y")
        #expect(report.contains("`dense(18826) w8` | 90.20 %"))
    }

    /// A certified sweep's costs reach results.csv (they were in the report and the plot only).
    @Test func csvHoldsCertifiedCosts() throws {
        let o = try outcome([
            FakeResults.result("a", constraints: 74, accuracy: 0.88, committed: 482_000, certified: 714),
            FakeResults.result("b", constraints: 138, accuracy: 0.87, committed: 963_000, certified: 1418),
        ])
        let csv = o.csv().split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = { (name: String) in csv[0].firstIndex(of: name)! }
        #expect(csv.dropFirst().map { $0[column("constraints_certified")] } == ["714", "1418"])
        #expect(csv.dropFirst().map { $0[column("predicted_s_certified")] } == ["0.0071", "0.0142"])
        #expect(csv.dropFirst().map { $0[column("pareto_certified")] } == ["1", "0"])  // b: more constraints, less accurate
        #expect(csv.allSatisfy { $0.count == csv[0].count })
    }

    @Test func emptyAndSinglePointPlotsParse() throws {
        for results in [[], [FakeResults.result("a", constraints: 50, accuracy: 0.7)]] {
            let (error, _) = parse(ParetoPlot.svg(try outcome(results)))
            #expect(error == nil)
        }
    }
}

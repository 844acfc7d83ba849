// The cost profile's fit and file checks: `fitRelative` recovers known non-negative
// coefficients (zeros included) from exact data, the shipped profile round-trips through its
// file, and a profile fitted to older features or with a wrong coefficient count is refused
// by file name.
import Foundation
import Support
import Testing
import TestSupport
@testable import Circuit

@Suite struct CostProfileTests {
    @Test func fitRecoversNonNegativeCoefficients() {
        var generator = SeededGenerator(seed: 31)
        let truth = [0.002, 0, 0.6, 0.3, 0.04]
        let rows = (0..<14).map { _ in [1.0] + (1..<5).map { _ in Double(generator.next() % 10_000) / 100 + 0.01 } }
        let targets = rows.map { zip($0, truth).reduce(0) { $0 + $1.0 * $1.1 } }
        let fitted = CostProfile.fitRelative(rows, targets)
        for (f, t) in zip(fitted, truth) { #expect(abs(f - t) <= 1e-9 * max(t, 1), "fitted \(fitted), true \(truth)") }
    }

    @Test func shippedProfileRoundTrips() throws {
        try withTemporaryDirectory { dir in
            let url = URL(fileURLWithPath: dir).appendingPathComponent("cost-profile.json")
            try JSONEncoder().encode(CostProfile.shipped).write(to: url)
            #expect(try CostProfile(contentsOf: url) == CostProfile.shipped)
        }
    }

    @Test(arguments: [
        (#""featureVersion":3"#, "fitted by an older zktrain"),
        (#""secondsPerFeature":[1,2]"#, "needs 6 time and 4 memory coefficients"),
    ])
    func refusesProfilesOfOtherFeatures(change: String, message: String) throws {
        try withTemporaryDirectory { dir in
            let url = URL(fileURLWithPath: dir).appendingPathComponent("cost-profile.json")
            var json = #"{"machine":"m","created":"c","secondsPerFeature":[1,0,1,0,0,0],"bytesPerFeature":[1,1,0,1],"featureVersion":"#
                + "\(CostProfile.currentFeatures)}"
            let key = String(change.prefix { $0 != ":" })
            let old = try #require(json.range(of: key + #":[^\]}]*\]?"#, options: .regularExpression))
            json.replaceSubrange(old, with: change)
            try Data(json.utf8).write(to: url)
            let error = #expect(throws: CircuitError.self) { try CostProfile(contentsOf: url) }
            #expect(error.map { "\($0)".contains(message) && "\($0)".contains(url.path) } == true, "\(String(describing: error))")
        }
    }
}

// The architecture spec grammar: canonical round trips and errors that point at the token.
import Testing
@testable import Train

@Suite struct ArchSpecTests {
    static let cnn = "conv(16,k3,p1) bn sq avgpool(2) conv(32,k3,p1) bn sq avgpool(2) dense(128) bn sq dense(10)"

    @Test(arguments: [cnn, "dense(128) bn sq dense(10)", "conv(8,k5,s2,p2) relu sumpool(3,s1) flatten dense(10)",
                      "dense(64) quad dense(32) quad(ch) dense(10)", "dense(32) poly(silu,d4,r2.5) dense(10)"])
    func roundTrip(text: String) throws {
        let spec = try ArchSpec(parsing: text)
        #expect(spec.description == text)
        #expect(try ArchSpec(parsing: spec.description) == spec)
        // spec → model → spec
        let net = try Network(spec: spec, inputShape: [28, 28, 1], classCount: 10, seed: 1)
        #expect(ArchSpec(layers: net.layers.map(\.spec)).description == text)
    }

    @Test func canonicalFormDropsDefaultsAndSpaces() throws {
        let spec = try ArchSpec(parsing: "  CONV(16, k3, s1, p0)   avgpool(2,s2)  dense( 10 ) ")
        #expect(spec.description == "conv(16,k3) avgpool(2) dense(10)")
        #expect(spec.layers[0] == .conv(channels: 16, kernel: 3, stride: 1, padding: 0))
    }

    /// (spec, expected caret start, expected caret length, phrase in the message)
    @Test(arguments: [
        ("conv(16,k3,p1) bn sqq avgpool(2)", 18, 3, "unknown layer 'sqq'"),
        ("dense(128 bn", 0, 12, "missing ')'"),
        ("dense(0) dense(10)", 6, 1, "number of units"),
        ("conv(16,p1) dense(10)", 0, 11, "kernel size"),
        ("conv(16,k3,q2) dense(10)", 11, 2, "unknown argument 'q2'"),
        ("conv(16,k3,k5) dense(10)", 11, 2, "given twice"),
        ("poly(tanh,d2,r4) dense(10)", 5, 4, "unknown fit target"),
        ("poly(relu,d7,r4) dense(10)", 10, 2, "degree must be"),
        ("poly(relu,d2,rx) dense(10)", 13, 2, "fit range"),
        ("sq(2) dense(10)", 0, 5, "takes 0 argument"),
        ("quad(x) dense(10)", 5, 1, "expected 'ch'"),
        ("dense(10),sq", 9, 1, "separate layers with spaces"),
        ("", 0, 1, "empty spec"),
        ("dense(10, ) sq", 9, 1, "empty argument"),
    ])
    func parseErrorsPointAtToken(text: String, start: Int, length: Int, phrase: String) {
        #expect {
            try ArchSpec(parsing: text)
        } throws: { error in
            guard let e = error as? SpecError else { return false }
            return e.range == start..<(start + length) && e.message.contains(phrase) && (text.isEmpty || e.description.contains(text))
        }
    }

    @Test func caretRendering() {
        let e = SpecError(spec: "dense(10) sqq", range: 10..<13, message: "unknown layer 'sqq'")
        #expect(e.description.hasSuffix("  dense(10) sqq\n            ^^^"))
    }

    @Test(arguments: [
        ("dense(64) conv(8,k3) dense(10)", 10, "needs an image input"),
        ("avgpool(29) dense(10)", 0, "larger than its (padded) input"),
        ("dense(64) bn sq dense(12)", 16, "must end in 10 logits"),
    ])
    func shapeErrorsPointAtLayer(text: String, start: Int, phrase: String) throws {
        let spec = try ArchSpec(parsing: text)
        #expect {
            try Network(spec: spec, inputShape: [28, 28, 1], classCount: 10, seed: 1)
        } throws: { error in
            guard let e = error as? SpecError else { return false }
            return e.range.lowerBound == start && e.message.contains(phrase)
        }
    }
}

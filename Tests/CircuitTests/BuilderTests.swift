import Prove
import Testing
@testable import Circuit

@Suite struct BuilderTests {
    @Test func witnessModeRecordsValuesAndCompileModeDoesNot() {
        for mode in [true, false] {
            var b = CircuitBuilder(generatingWitness: mode)
            let out = b.addPublicOutput()
            let x = b.addPublicInput(3)
            let y = b.addPrivate(4)
            b.constrain(LinearCombination(x), LinearCombination(y), LinearCombination(out), "x*y=out")
            b.assign(out, b.value(of: LinearCombination(x)) * b.value(of: LinearCombination(y)))
            #expect(b.constraintCount == 1)
            #expect(b.system.variableCount == 4)
            if mode {
                #expect(b.witness == [1, 12, 3, 4])
                #expect(b.system.isSatisfied(b.witness))
            } else {
                #expect(b.witness.isEmpty)
            }
        }
    }
}

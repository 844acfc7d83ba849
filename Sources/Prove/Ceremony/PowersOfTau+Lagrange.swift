// snarkjs's `powersoftau prepare phase2`: the Lagrange form of every domain size, an inverse
// FFT over the group ([Lⱼ(τ)] = (1/n)·Σᵢ ω^(−ij)·[τⁱ]) computed stage by stage: radix-2
// Cooley–Tukey after a bit-reversal permutation, each stage's twiddle products batched
// (BatchScale), its butterflies in Jacobian coordinates normalised together. n/2·log n
// scalar multiplications per block: minutes at 2^16 and beyond (use a published prepared
// file there). `groupFFTNaive` is the test oracle.

extension PowersOfTau {
    /// The accumulator with its Lagrange sections (12–15) computed.
    public func preparedForPhase2(progress: (String) -> Void = { _ in }) throws -> PowersOfTau {
        guard power + 1 <= Fr.twoAdicity else { throw CeremonyError("a 2^\(power) accumulator needs a 2^\(power + 1) domain: too large for Fr") }
        func sections<G: JacobianPoint>(_ points: [G.Affine], maxLog: Int, _ name: String, as type: G.Type) -> [G.Affine] {
            var out = [G.Affine]()
            out.reserveCapacity((1 << (maxLog + 1)) - 1)
            for p in 0...maxLog {
                progress("\(name): 2^\(p)")
                var block = Array(points.prefix(1 << p))
                while block.count < 1 << p { block.append(.infinity) }  // the top G1 block's missing power
                out += Self.groupInverseFFT(block, logSize: p, as: type)
            }
            return out
        }
        var next = self
        next.lagrange = Lagrange(tauG1: sections(tauG1, maxLog: power + 1, "τG1", as: G1Jacobian.self),
                                 tauG2: sections(tauG2, maxLog: power, "τG2", as: G2Jacobian.self),
                                 alphaTauG1: sections(alphaTauG1, maxLog: power, "ατG1", as: G1Jacobian.self),
                                 betaTauG1: sections(betaTauG1, maxLog: power, "βτG1", as: G1Jacobian.self))
        return next
    }

    /// (1/n)·Σᵢ ω^(−ij)·values[i] for j < n = 2^logSize.
    static func groupInverseFFT<G: JacobianPoint>(_ values: [G.Affine], logSize: Int, as type: G.Type) -> [G.Affine] {
        let n = 1 << logSize
        guard n > 1 else { return values }
        var a = [G.Affine](repeating: .infinity, count: n)
        for i in 0..<n { a[bitReverse(i, bits: logSize)] = values[i] }
        let rootInverse = Fr.rootOfUnity(logSize: logSize)!.inverse!
        for stage in 1...logSize {
            let m = 1 << stage, half = m / 2
            var w = rootInverse
            for _ in stage..<logSize { w.square() }  // a primitive m-th root's inverse
            let twiddles = NTTDomain.powers(of: w, count: half)
            let odd = (0..<(n / 2)).map { t in a[(t / half) * m + t % half + half] }
            let products = BatchScale.scale(odd, as: type) { twiddles[$0 % half] }
            var sums = [G](repeating: .zero, count: n)
            for t in 0..<(n / 2) {
                let top = (t / half) * m + t % half
                let u = G(a[top])
                sums[top] = u.adding(products[t])
                sums[top + half] = u.adding(products[t].negated())
            }
            a = G.batchToAffine(sums)
        }
        let nInverse = Fr(UInt64(n)).inverse!
        return BatchScale.scale(a, as: type, by: nInverse)
    }

    /// The oracle: each output as a sum of n multiplications.
    static func groupInverseFFTNaive<G: JacobianPoint>(_ values: [G.Affine], logSize: Int, as _: G.Type) -> [G.Affine] {
        let n = 1 << logSize
        let rootInverse = Fr.rootOfUnity(logSize: logSize)!.inverse!, nInverse = Fr(UInt64(n)).inverse!
        return G.batchToAffine((0..<n).map { j in
            (0..<n).reduce(G.zero) { sum, i in sum + G(values[i]).multiplied(by: rootInverse.pow(UInt64(i * j)) * nInverse) }
        })
    }

    static func bitReverse(_ i: Int, bits: Int) -> Int {
        var r = 0, x = i
        for _ in 0..<bits { r = r << 1 | x & 1; x >>= 1 }
        return r
    }
}

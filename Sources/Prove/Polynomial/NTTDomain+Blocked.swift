// The pass schedule of an NTT over Fr: the bit-reversal permutation split across cores, then
// the butterfly passes. For n ≥ 2^12 the passes that stay inside a 2^13-element block run
// block by block (one sweep of memory, blocks spread over cores) with their twiddles in a
// small per-pass table (contiguous, so they stay in cache), and the later passes are split
// across cores. The butterflies are in NTTDomain+Butterflies.swift.

#if MONTGOMERY_IFMA
import CMontgomery
#endif
import Support

extension NTTDomain {
    /// Below this size a transform runs on one thread (dispatch costs more than it saves).
    static let parallelThreshold = 1 << 12

    /// Elements per cache block (256 KiB of Fr): the passes whose butterflies stay inside a
    /// block run block by block, so the array is streamed once for all of them.
    static let blockSize = 1 << 13

    /// Bit-reversal permutation (split across cores), then log₂n butterfly passes;
    /// twiddles[k] = ω^k (or ω^−k), `blockTwiddles` their per-pass tables. Passes with
    /// 2·half ≤ blockSize run per block (blocks spread over cores); each later pass's n/2
    /// butterflies are independent and split into chunks across cores.
    static func transform(_ values: inout [Fr], twiddles: [Fr], blockTwiddles: [Fr]) {
        let n = values.count
        guard n > 1 else { return }
        let logN = n.trailingZeroBitCount
        let chunks = n >= parallelThreshold ? Parallel.chunkCount : 1
        values.withUnsafeMutableBufferPointer { a in
            // Each pair i < rev(i) is swapped by the chunk that holds i: chunks never share a pair.
            let shared = UncheckedSendable(a)
            Parallel.forEach(count: chunks) { chunk in
                let a = shared.value
                for i in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                    let j = Int(UInt64(i).bitReversed >> UInt64(64 - logN))
                    if i < j { a.swapAt(i, j) }
                }
            }
            twiddles.withUnsafeBufferPointer { w in
                blockTwiddles.withUnsafeBufferPointer { blockW in
                    let shared = UncheckedSendable((a, w, blockW))
                    let block = min(n, blockSize)
                    let blocks = n >= parallelThreshold ? n / block : 1
                    Parallel.forEach(count: blocks) { blockIndex in
                        let (a, _, blockW) = shared.value
                        let first = blockIndex * n / blocks, last = (blockIndex + 1) * n / blocks
                        var half = 1
                        #if MONTGOMERY_IFMA
                        if block >= 64 {  // half = 1, 2, 4 in one kernel call
                            a.baseAddress!.advanced(by: first).withMemoryRebound(to: zk_limbs.self, capacity: last - first) { a in
                                blockW.baseAddress!.withMemoryRebound(to: zk_limbs.self, capacity: 8) { w in
                                    zk_fr_first_passes(a, last - first, w)
                                }
                            }
                            half = 8
                        }
                        #endif
                        while 2 * half <= block {
                            butterflies(a, blockW.baseAddress! + half, twiddleStride: 1, half: half,
                                        range: (first / 2)..<(last / 2))
                            half *= 2
                        }
                    }
                    var half = block
                    while half < n {
                        let currentHalf = half
                        Parallel.forEach(count: chunks) { chunk in
                            let (a, w, _) = shared.value
                            butterflies(a, w.baseAddress!, twiddleStride: n / (2 * currentHalf), half: currentHalf,
                                        range: (chunk * (n / 2) / chunks)..<((chunk + 1) * (n / 2) / chunks))
                        }
                        half *= 2
                    }
                }
            }
        }
    }
}

extension UInt64 {
    /// The bits in reverse order (swap halves, then quarters, … then adjacent bits).
    var bitReversed: UInt64 {
        var x = self.byteSwapped
        x = (x & 0x0f0f_0f0f_0f0f_0f0f) << 4 | (x >> 4) & 0x0f0f_0f0f_0f0f_0f0f
        x = (x & 0x3333_3333_3333_3333) << 2 | (x >> 2) & 0x3333_3333_3333_3333
        x = (x & 0x5555_5555_5555_5555) << 1 | (x >> 1) & 0x5555_5555_5555_5555
        return x
    }
}

// One zlib inflate stream (RFC 1950/1951/1952 by windowBits) fed from an input buffer into a
// growing output buffer, one `inflate` call at a time: the loop that gzip files and ZIP
// entries share. The z_stream lives at a fixed address (zlib checks that its state points
// back to it), is fed in pieces of at most UInt32.max bytes, and is freed with the inflater.
import CZlib

/// A zlib inflate stream with its input and output positions.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    /// Input bytes consumed and output bytes produced so far.
    private(set) var consumed = 0
    private(set) var produced = 0

    /// A stream for `windowBits` (zlib's meaning: −15 raw deflate, 15 + 32 gzip or zlib
    /// detected); nil if zlib cannot start one (out of memory).
    init?(windowBits: Int32) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates from `input[consumed...]` into `output[produced...]` once; returns zlib's status.
    func step(_ input: ArraySlice<UInt8>, into output: inout [UInt8]) -> Int32 {
        input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                let inCount = min(inBuffer.count - consumed, Int(UInt32.max))
                let outCount = min(outBuffer.count - produced, Int(UInt32.max))
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress.map { $0 + consumed })
                stream.pointee.avail_in = UInt32(inCount)
                stream.pointee.next_out = outBuffer.baseAddress! + produced
                stream.pointee.avail_out = UInt32(outCount)
                let status = inflate(stream, Z_NO_FLUSH)
                consumed += inCount - Int(stream.pointee.avail_in)
                produced += outCount - Int(stream.pointee.avail_out)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return status
            }
        }
    }

    /// Starts a new stream where the last one ended (the next member of a multi-member gzip file).
    func reset() { inflateReset(stream) }

    /// zlib's message for the last error, or the status number.
    func message(status: Int32) -> String { stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)" }

    /// Grows `output` for more inflated bytes: doubling, never past `limit` bytes (appending an
    /// array is one copy even in unoptimised builds).
    static func grow(_ output: inout [UInt8], limit: Int) {
        output.append(contentsOf: [UInt8](repeating: 0, count: max(0, min(output.count, limit - output.count))))
    }
}

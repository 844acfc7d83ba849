// Raw deflate (RFC 1951, no zlib or gzip wrapper, as inside ZIP entries) and CRC-32 through
// zlib: whole-buffer decompression to a size known in advance, which the output may not exceed.

import CZlib
import Support

/// Decompression and checksums for ZIP entries.
enum RawDeflate {
    /// Inflates the raw deflate stream `input` that must produce exactly `size` bytes; the
    /// output buffer grows with what the stream produces and never past `size + 1` bytes,
    /// so a lying size or a deflate bomb costs no more memory than the archive declares.
    static func decompress(_ input: ArraySlice<UInt8>, size: Int, context: NumPyErrorContext) throws -> [UInt8] {
        func fail(_ reason: String) -> FormatError { context.error(reason) }
        // windowBits -15: largest window, no header or trailer (ZIP stores the CRC itself).
        guard let inflater = Inflater(windowBits: -15) else { throw fail("zlib could not start decompressing (out of memory?)") }
        let limit = size + 1  // One byte of room past the size shows a stream that is too long.
        var output = [UInt8](repeating: 0, count: min(limit, max(1 << 16, input.count * 4)))
        while true {
            if inflater.produced == output.count {
                guard output.count < limit else {
                    throw fail("the deflate data inflates to more than the \(size) bytes the archive declares")
                }
                Inflater.grow(&output, limit: limit)
            }
            let status = inflater.step(input, into: &output)
            let (produced, consumed) = (inflater.produced, inflater.consumed)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                guard produced <= size else {
                    throw fail("the deflate data inflates to more than the \(size) bytes the archive declares")
                }
                guard produced == size else {
                    throw fail("the deflate data inflates to \(produced) bytes, the archive declares \(size)")
                }
                guard consumed == input.count else {
                    throw fail("\(input.count - consumed) bytes follow the end of the deflate data")
                }
                output.removeLast(output.count - produced)
                return output
            case Z_BUF_ERROR where produced == output.count:
                continue  // Output buffer full; it grows at the top of the loop.
            case Z_BUF_ERROR:
                throw fail("truncated deflate data: the \(input.count) compressed bytes end before the stream does")
            case Z_MEM_ERROR:
                throw fail("out of memory while decompressing")
            default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
                throw fail("corrupt deflate data (zlib: \(inflater.message(status: status)))")
            }
        }
    }

    /// The CRC-32 (ISO-HDLC, as ZIP and gzip use) of `bytes`.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        return UInt32(crc32_z(0, base.assumingMemoryBound(to: Bytef.self), z_size_t(bytes.count)))
    }
}

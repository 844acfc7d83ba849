// gzip (RFC 1952) through zlib: whole-buffer decompression and compression, in memory.
// Concatenated gzip members are decompressed one after another (as `gzip -d` does); any other
// bytes after the last member, a truncated stream and corrupt data are errors. zlib's header
// auto-detection also accepts a zlib-wrapped stream. No streaming API.

import CZlib
import Support

/// Whole-buffer gzip decompression and compression with zlib.
public enum Gzip {
    /// Decompresses a complete gzip file (all members) held in memory.
    ///
    /// - Parameters:
    ///   - path: names the file in error messages; nothing is read from it.
    ///   - sizeLimit: given the bytes decompressed so far, the most the whole output may hold
    ///     (nil while it cannot tell yet, e.g. before a header is complete). Decompression stops
    ///     with an error as soon as the output passes it, so a small file that inflates to
    ///     gigabytes (a "gzip bomb") costs no more memory than the limit.
    /// - Throws: `FormatError` for a truncated or corrupt stream, trailing non-gzip bytes, or
    ///   output beyond `sizeLimit`.
    public static func decompress(_ input: [UInt8], path: String,
                                  sizeLimit: (ArraySlice<UInt8>) -> Int? = { _ in nil }) throws -> [UInt8] {
        func fail(_ reason: String) -> FormatError { FormatError(path: path, problem: reason) }
        // windowBits 15 + 32: largest window, gzip (or zlib) header detected automatically.
        guard let inflater = Inflater(windowBits: 15 + 32) else { throw fail("zlib could not start decompressing (out of memory?)") }
        var output = [UInt8](repeating: 0, count: initialCapacity(compressed: input))
        var limit: Int?
        while true {
            if limit == nil { limit = sizeLimit(output[..<inflater.produced]) }
            if let limit, inflater.produced > limit {
                throw fail("decompresses to more than the \(limit) bytes its header declares (corrupt, or a gzip bomb)")
            }
            if inflater.produced == output.count {
                // Grow by doubling, but never more than one byte past the limit.
                Inflater.grow(&output, limit: limit.map { $0 + 1 } ?? .max)
            }
            let status = inflater.step(input[...], into: &output)
            let (produced, consumed) = (inflater.produced, inflater.consumed)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                if consumed == input.count {
                    output.removeLast(output.count - produced)
                    return output
                }
                guard input.count - consumed >= 2, input[consumed] == 0x1f, input[consumed + 1] == 0x8b else {
                    throw fail("\(input.count - consumed) bytes of trailing data after the gzip stream "
                        + "(which ends at byte \(consumed) of \(input.count))")
                }
                inflater.reset()  // Another gzip member follows.
            case Z_BUF_ERROR where produced == output.count:
                continue  // Output buffer full; it grows at the top of the loop.
            case Z_BUF_ERROR:
                throw fail("truncated or corrupt gzip stream: the file ends after \(input.count) bytes, "
                    + "before the compressed data does")
            case Z_MEM_ERROR:
                throw fail("out of memory while decompressing")
            default:  // Z_DATA_ERROR, Z_NEED_DICT, Z_STREAM_ERROR
                let zlibMessage = inflater.message(status: status)
                let hint = input.starts(with: [0x1f, 0x8b]) ? "" : "; the file does not start with gzip's 1f 8b"
                throw fail("truncated or corrupt gzip stream (zlib: \(zlibMessage))\(hint)")
            }
        }
    }

    /// Compresses `input` into a single-member gzip file with mtime 0 and no file name, so the
    /// output depends only on the input, `level` (0–9, or -1 for zlib's default) and zlib.
    public static func compress(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) -> [UInt8] {
        precondition(input.count <= Int(UInt32.max), "Gzip.compress takes at most 4 GiB")
        precondition((-1...9).contains(level), "gzip level is -1 (default) or 0...9")
        var stream = z_stream()
        // windowBits 15 + 16: largest window, gzip wrapper; memLevel 8 is zlib's default.
        let started = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                    ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(started == Z_OK, "zlib deflateInit2 failed with status \(started)")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let written: Int = input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate into a deflateBound buffer returned \(status)")
                stream.next_in = nil
                stream.next_out = nil
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        output.removeLast(output.count - written)
        return output
    }

    /// The output buffer to start with: the size gzip's trailer records (ISIZE, the last member's
    /// length mod 2^32) plus one byte, so a well-formed single-member file needs no regrowth;
    /// capped by deflate's maximum ratio (1032:1) and 1 GiB so a corrupt trailer cannot
    /// ask for an absurd allocation.
    static func initialCapacity(compressed input: [UInt8]) -> Int {
        guard input.count >= 18 else { return 4096 }
        let isize = input[(input.count - 4)...].reversed().reduce(0) { $0 << 8 | Int($1) }
        return max(4096, min(isize + 1, input.count * 1032, 1 << 26))
    }
}

// One ZIP entry (PKWARE APPNOTE.TXT 4.3.7 local file header, 4.3.9 data descriptor, 4.5.3
// ZIP64 extended information): its local header checked against the central directory, its
// data located, its data descriptor (when flag bit 3 is set) checked, its contents inflated
// and their CRC-32 checked.

import Support

extension ZIPArchive {
    static let localSignature: UInt32 = 0x0403_4b50
    static let descriptorSignature: UInt32 = 0x0807_4b50

    /// The entry `central` describes, after checking its local header, which must lie before
    /// the central directory, name the same file, and agree on method, flags, CRC and sizes.
    static func locate(_ central: CentralEntry, in bytes: [UInt8], directoryStart: Int,
                       context: NumPyErrorContext) throws -> ZIPEntry {
        let start = central.localHeaderOffset
        func fail(_ reason: String) -> FormatError { context.error(reason) }
        guard start <= directoryStart - 4, LittleEndianReader.field(UInt32.self, in: bytes, at: start) == localSignature else {
            throw fail("no local header (PK\\3\\4) at offset \(start), where the central directory points "
                + "(the central directory starts at \(directoryStart))")
        }
        var reader = LittleEndianReader(bytes, from: start + 4, to: directoryStart)
        do {
            try reader.skip(2)  // Version needed.
            let flags = try reader.read(UInt16.self), methodCode = try reader.read(UInt16.self)
            try reader.skip(4)  // Modification time and date.
            let crc = try reader.read(UInt32.self)
            let compressed32 = try reader.read(UInt32.self), uncompressed32 = try reader.read(UInt32.self)
            let nameLength = Int(try reader.read(UInt16.self)), extraLength = Int(try reader.read(UInt16.self))
            let nameRange = try reader.take(nameLength), extraRange = try reader.take(extraLength)
            guard bytes[nameRange] == central.nameBytes else {
                let shown = String(decoding: bytes[nameRange.prefix(64)], as: UTF8.self) + (nameRange.count > 64 ? "…" : "")
                throw fail("the local header at offset \(start) names '\(shown)'")
            }
            guard methodCode == (central.method == .stored ? 0 : 8), flags & 0x0049 == central.flags & 0x0049 else {
                throw fail("the local header at offset \(start) disagrees with the central directory on the method or flags "
                    + "(method \(methodCode), flags 0x\(String(flags, radix: 16)))")
            }
            var zip64 = try zip64Field(bytes, extra: extraRange, context: context)
            let hasZIP64 = zip64 != nil
            let hasDescriptor = flags & 0x0008 != 0
            if !hasDescriptor {
                let uncompressed = try resolve(uncompressed32, "uncompressed size", from: &zip64, context: context)
                let compressed = try resolve(compressed32, "compressed size", from: &zip64, context: context)
                guard crc == central.crc32, uncompressed == UInt64(central.uncompressedSize),
                      compressed == UInt64(central.compressedSize) else {
                    throw fail("the local header says CRC-32 \(hex(crc)), \(compressed) bytes compressed, \(uncompressed) "
                        + "uncompressed; the central directory says \(hex(central.crc32)), \(central.compressedSize), "
                        + "\(central.uncompressedSize)")
                }
            }
            let data = try reader.take(central.compressedSize)
            let end = try hasDescriptor ? descriptorEnd(after: data.upperBound, central, wide: hasZIP64, in: bytes,
                                                        directoryStart: directoryStart, context: context) : data.upperBound
            return ZIPEntry(name: central.name, method: central.method, crc32: central.crc32,
                            uncompressedSize: central.uncompressedSize, data: data, extent: start..<end)
        } catch is LittleEndianReader.OutOfBounds {
            throw fail("the local header at offset \(start) and its \(central.compressedSize) bytes of data "
                + "run past the start of the central directory (byte \(directoryStart))")
        }
    }

    /// Where the data descriptor after the data ends (APPNOTE 4.3.9: an optional signature,
    /// the CRC-32, then both sizes, 8 bytes each for a ZIP64 entry, though some writers differ,
    /// so both widths are tried); it must repeat the central directory's values.
    private static func descriptorEnd(after dataEnd: Int, _ central: CentralEntry, wide isZIP64: Bool, in bytes: [UInt8],
                                      directoryStart: Int, context: NumPyErrorContext) throws -> Int {
        for (signed, wide) in [(true, isZIP64), (true, !isZIP64), (false, isZIP64), (false, !isZIP64)] {
            var reader = LittleEndianReader(bytes, from: dataEnd, to: directoryStart)
            if signed, (try? reader.read(UInt32.self)) != descriptorSignature { continue }
            let crc = try? reader.read(UInt32.self)
            let sizes = wide ? [try? reader.read(UInt64.self), try? reader.read(UInt64.self)]
                             : [(try? reader.read(UInt32.self)).map(UInt64.init), (try? reader.read(UInt32.self)).map(UInt64.init)]
            if crc == central.crc32, sizes == [UInt64(central.compressedSize), UInt64(central.uncompressedSize)] {
                return reader.position
            }
        }
        throw context.error("the data descriptor after the data (offset \(dataEnd)) does not repeat the central "
            + "directory's CRC-32 \(hex(central.crc32)) and sizes \(central.compressedSize), \(central.uncompressedSize)")
    }

    /// The data of the ZIP64 extended information extra field (header ID 0x0001) in `extra`, as
    /// a reader; nil if there is none. Every extra block must fit in `extra`.
    static func zip64Field(_ bytes: [UInt8], extra: Range<Int>, context: NumPyErrorContext) throws -> LittleEndianReader? {
        var reader = LittleEndianReader(bytes, from: extra.lowerBound, to: extra.upperBound)
        var found: LittleEndianReader?
        do {
            while reader.position < extra.upperBound {
                let id = try reader.read(UInt16.self), size = Int(try reader.read(UInt16.self))
                let data = try reader.take(size)
                guard id == 0x0001 else { continue }
                guard found == nil else { throw context.error("two ZIP64 extra fields") }
                found = LittleEndianReader(bytes, from: data.lowerBound, to: data.upperBound)
            }
        } catch is LittleEndianReader.OutOfBounds {
            throw context.error("malformed extra field: a block runs past its end")
        }
        return found
    }

    /// `value`, or, when it is 0xFFFFFFFF, the next 8-byte value of the ZIP64 field (APPNOTE
    /// 4.5.3: the field holds exactly the values whose 32-bit fields are 0xFFFFFFFF, in order).
    static func resolve(_ value: UInt32, _ what: String, from zip64: inout LittleEndianReader?,
                        context: NumPyErrorContext) throws -> UInt64 {
        guard value == 0xffff_ffff else { return UInt64(value) }
        guard zip64 != nil else { throw context.error("the \(what) is 0xFFFFFFFF and there is no ZIP64 extra field") }
        guard let wide = try? zip64?.read(UInt64.self) else {
            throw context.error("the ZIP64 extra field is too short to hold the \(what)")
        }
        return wide
    }

    /// Calls `body` with the uncompressed contents of `entry` after checking their CRC-32.
    static func withContents<Result>(of entry: ZIPEntry, in bytes: [UInt8], context: NumPyErrorContext,
                                     _ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result {
        guard entry.uncompressedSize <= NPY.largestFile else {
            throw context.error("declares \(entry.uncompressedSize) bytes uncompressed, more than the "
                + "\(NPY.largestFile) of the largest .npy this reader accepts")
        }
        func checked(_ contents: UnsafeRawBufferPointer) throws -> Result {
            let crc = RawDeflate.crc32(contents)
            guard crc == entry.crc32 else {
                throw context.error("CRC-32 mismatch: the contents have \(hex(crc)), the archive says \(hex(entry.crc32))")
            }
            return try body(contents)
        }
        switch entry.method {
        case .stored:
            guard entry.data.count == entry.uncompressedSize else {
                throw context.error("stored (uncompressed), yet \(entry.data.count) bytes in the archive and "
                    + "\(entry.uncompressedSize) declared uncompressed")
            }
            return try bytes[entry.data].withUnsafeBytes(checked)
        case .deflate:
            return try RawDeflate.decompress(bytes[entry.data], size: entry.uncompressedSize, context: context)
                .withUnsafeBytes(checked)
        }
    }

    /// "0x1234abcd".
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

// The ZIP container of .npz files (PKWARE APPNOTE.TXT 4.3.16 end of central directory record,
// 4.3.14–4.3.15 ZIP64 end record and locator, 4.3.12 central directory): finds the end record
// (after an optional comment), follows ZIP64 when present, and reads every central directory
// entry, with ZIP64 extra fields (4.5.3) for sizes and offsets. Single-disk archives only.
// Local headers, data descriptors and contents: ZIP+Entry.swift.

import Support

/// One file of a ZIP archive, located and checked against its local header.
struct ZIPEntry {
    enum Method { case stored, deflate }

    var name: String
    var method: Method
    var crc32: UInt32
    var uncompressedSize: Int
    /// The (compressed) data in the archive.
    var data: Range<Int>
    /// Everything the entry occupies: local header, data and data descriptor.
    var extent: Range<Int>
}

/// A central directory record (APPNOTE 4.3.12), its 32-bit fields resolved through ZIP64.
struct CentralEntry {
    var name: String
    var nameBytes: ArraySlice<UInt8>
    var flags: UInt16
    var method: ZIPEntry.Method
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
}

/// Reading the directory of a ZIP archive held in memory.
enum ZIPArchive {
    static let endSignature: UInt32 = 0x0605_4b50
    static let zip64EndSignature: UInt32 = 0x0606_4b50
    static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    static let centralSignature: UInt32 = 0x0201_4b50

    /// Every entry of the archive `bytes`, checked: names unique and ending in ".npy", each
    /// local header agreeing with the central directory, no two entries overlapping.
    static func entries(of bytes: [UInt8], path: String) throws -> [ZIPEntry] {
        let context = NumPyErrorContext(path: path, entry: nil)
        let directory = try centralDirectory(bytes, context: context)
        var reader = LittleEndianReader(bytes, from: directory.range.lowerBound, to: directory.range.upperBound)
        var names: Set<String> = []
        var entries: [ZIPEntry] = []
        for index in 0..<directory.entryCount {
            let central = try centralEntry(&reader, index: index, context: context)
            guard names.insert(central.name).inserted else {
                throw context.error("two entries are named '\(central.name)'")
            }
            entries.append(try locate(central, in: bytes, directoryStart: directory.range.lowerBound,
                                      context: NumPyErrorContext(path: path, entry: central.name)))
        }
        guard reader.position == directory.range.upperBound else {
            throw context.error("the central directory has \(directory.range.upperBound - reader.position) bytes "
                + "after its \(directory.entryCount) entries")
        }
        let byOffset = entries.sorted { $0.extent.lowerBound < $1.extent.lowerBound }
        for (first, second) in zip(byOffset, byOffset.dropFirst()) where first.extent.upperBound > second.extent.lowerBound {
            throw context.error("entries '\(first.name)' (bytes \(first.extent)) and '\(second.name)' "
                + "(bytes \(second.extent)) overlap")
        }
        return entries
    }

    /// The central directory's entry count and byte range, from the end record (and the ZIP64
    /// end record its locator points to, if there is one).
    private static func centralDirectory(_ bytes: [UInt8], context: NumPyErrorContext) throws -> (entryCount: Int, range: Range<Int>) {
        func fail(_ reason: String) -> FormatError { context.error(reason) }
        guard let end = endRecordOffset(bytes) else {
            var reason = "not a ZIP archive (.npz): no end-of-central-directory record"
            if bytes.starts(with: NPY.magic) { reason += "; it is an .npy file: read it with NumPy.readNPY" }
            throw fail(reason)
        }
        do {
            return try directoryLocation(bytes, endRecord: end, context: context)
        } catch is LittleEndianReader.OutOfBounds {
            throw fail("the end-of-central-directory records are cut short")
        }
    }

    /// `centralDirectory` once the end record is found at `end`; a read past the bytes throws
    /// `LittleEndianReader.OutOfBounds`.
    private static func directoryLocation(_ bytes: [UInt8], endRecord end: Int,
                                          context: NumPyErrorContext) throws -> (entryCount: Int, range: Range<Int>) {
        func fail(_ reason: String) -> FormatError { context.error(reason) }
        var directoryEnd = end
        var fields = LittleEndianReader(bytes, from: end + 4, to: bytes.count)
        var disk = UInt64(try fields.read(UInt16.self)), directoryDisk = UInt64(try fields.read(UInt16.self))
        var entriesOnDisk = UInt64(try fields.read(UInt16.self)), entryCount = UInt64(try fields.read(UInt16.self))
        var size = UInt64(try fields.read(UInt32.self)), offset = UInt64(try fields.read(UInt32.self))
        if end >= 20, LittleEndianReader.field(UInt32.self, in: bytes, at: end - 20) == zip64LocatorSignature {
            let locatorStart = end - 20
            var locator = LittleEndianReader(bytes, from: locatorStart + 4, to: end)
            let recordDisk = try locator.read(UInt32.self), recordOffset = try locator.read(UInt64.self)
            let diskCount = try locator.read(UInt32.self)
            guard recordDisk == 0, diskCount <= 1 else {
                throw fail("the ZIP64 locator puts the end record on disk \(recordDisk) of \(diskCount) "
                    + "(split archives are not supported)")
            }
            guard let record = Int(exactly: recordOffset), record <= locatorStart - 56,
                  LittleEndianReader.field(UInt32.self, in: bytes, at: record) == zip64EndSignature else {
                throw fail("no ZIP64 end-of-central-directory record at offset \(recordOffset), where its locator points")
            }
            var zip64 = LittleEndianReader(bytes, from: record + 4, to: locatorStart)
            let recordSize = try zip64.read(UInt64.self)
            guard recordSize == UInt64(locatorStart - record - 12) else {
                throw fail("the ZIP64 end-of-central-directory record declares \(recordSize) bytes, "
                    + "\(locatorStart - record - 12) lie between it and its locator")
            }
            try zip64.skip(4)  // Versions made by and needed.
            disk = UInt64(try zip64.read(UInt32.self))
            directoryDisk = UInt64(try zip64.read(UInt32.self))
            entriesOnDisk = try zip64.read(UInt64.self)
            entryCount = try zip64.read(UInt64.self)
            size = try zip64.read(UInt64.self)
            offset = try zip64.read(UInt64.self)
            directoryEnd = record
        }
        guard disk == 0, directoryDisk == 0, entriesOnDisk == entryCount else {
            throw fail("the archive spans several disks (split archives are not supported)")
        }
        guard let start = Int(exactly: offset), let length = Int(exactly: size),
              CheckedSize.plus(start, length) == directoryEnd else {
            throw fail("the central directory (\(size) bytes at offset \(offset)) does not end where the end record "
                + "begins (byte \(directoryEnd)): the archive is damaged, or has bytes before or inside it")
        }
        guard entryCount <= UInt64(length / 46) else {
            throw fail("the end record declares \(entryCount) entries, more than a central directory "
                + "of \(length) bytes can hold")
        }
        return (Int(entryCount), start..<directoryEnd)
    }

    /// The offset of the end-of-central-directory record: the last "PK\5\6" whose comment
    /// length reaches exactly to the end of the file (APPNOTE 4.3.16; the comment is < 64 KiB).
    private static func endRecordOffset(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        for candidate in stride(from: bytes.count - 22, through: max(0, bytes.count - 22 - 0xffff), by: -1)
        where LittleEndianReader.field(UInt32.self, in: bytes, at: candidate) == endSignature
            && LittleEndianReader.field(UInt16.self, in: bytes, at: candidate + 20).map(Int.init) == bytes.count - candidate - 22 {
            return candidate
        }
        return nil
    }

    /// The central directory record at the reader's position, which it moves past.
    private static func centralEntry(_ reader: inout LittleEndianReader, index: Int, context: NumPyErrorContext) throws -> CentralEntry {
        let start = reader.position
        func fail(_ reason: String) -> FormatError { context.error("central directory entry \(index) (offset \(start)): " + reason) }
        do {
            guard try reader.read(UInt32.self) == centralSignature else { throw fail("no signature PK\\1\\2") }
            try reader.skip(4)  // Versions made by and needed.
            let flags = try reader.read(UInt16.self), methodCode = try reader.read(UInt16.self)
            try reader.skip(4)  // Modification time and date.
            let crc = try reader.read(UInt32.self)
            let compressed32 = try reader.read(UInt32.self), uncompressed32 = try reader.read(UInt32.self)
            let nameLength = Int(try reader.read(UInt16.self)), extraLength = Int(try reader.read(UInt16.self))
            let commentLength = Int(try reader.read(UInt16.self))
            let disk16 = try reader.read(UInt16.self)
            try reader.skip(6)  // Internal and external attributes.
            let offset32 = try reader.read(UInt32.self)
            let nameRange = try reader.take(nameLength), extraRange = try reader.take(extraLength)
            try reader.skip(commentLength)

            let name = try entryName(reader.bytes[nameRange], flags: flags, fail: fail)
            let entryContext = NumPyErrorContext(path: context.path, entry: name)
            guard name.hasSuffix(".npy") else {
                throw entryContext.error("not an .npy file (an .npz holds only NAME.npy entries)")
            }
            var zip64 = try zip64Field(reader.bytes, extra: extraRange, context: entryContext)
            let uncompressed = try resolve(uncompressed32, "uncompressed size", from: &zip64, context: entryContext)
            let compressed = try resolve(compressed32, "compressed size", from: &zip64, context: entryContext)
            let offset = try resolve(offset32, "local header offset", from: &zip64, context: entryContext)
            if disk16 == 0xffff {
                guard let disk = try? zip64?.read(UInt32.self) else {
                    throw entryContext.error("the disk number is 0xFFFF, and the ZIP64 extra field does not hold it")
                }
                guard disk == 0 else { throw entryContext.error("the entry is on disk \(disk) (split archives are not supported)") }
            } else if disk16 != 0 {
                throw entryContext.error("the entry is on disk \(disk16) (split archives are not supported)")
            }
            guard flags & 0x0041 == 0 else { throw entryContext.error("the entry is encrypted (not supported)") }
            let method: ZIPEntry.Method
            switch methodCode {
            case 0: method = .stored
            case 8: method = .deflate
            default:
                let known: [UInt16: String] = [9: "deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "xz", 99: "AES encryption"]
                throw entryContext.error("compression method \(methodCode)\(known[methodCode].map { " (\($0))" } ?? "") "
                    + "is not supported, only stored (0) and deflate (8)")
            }
            guard let uncompressedSize = Int(exactly: uncompressed), let compressedSize = Int(exactly: compressed),
                  let localHeaderOffset = Int(exactly: offset) else {
                throw entryContext.error("sizes or offset beyond 2^63 (\(uncompressed), \(compressed), \(offset))")
            }
            return CentralEntry(name: name, nameBytes: reader.bytes[nameRange], flags: flags, method: method, crc32: crc,
                                compressedSize: compressedSize, uncompressedSize: uncompressedSize,
                                localHeaderOffset: localHeaderOffset)
        } catch is LittleEndianReader.OutOfBounds {
            throw fail("runs past the end of the central directory")
        }
    }

    /// The entry name: UTF-8 when flag bit 11 says so, ASCII otherwise (the CP437 of old
    /// archives is not decoded).
    private static func entryName(_ bytes: ArraySlice<UInt8>, flags: UInt16, fail: (String) -> FormatError) throws -> String {
        let isUTF8 = flags & 0x0800 != 0
        guard let name = String(validating: bytes, as: UTF8.self), isUTF8 || bytes.allSatisfy({ $0 < 0x80 }) else {
            throw fail(isUTF8 ? "the name is not valid UTF-8" : "the name is not ASCII and its UTF-8 flag is not set")
        }
        return name
    }
}

#!/usr/bin/env python3
"""Writes Tests/DatasetsTests/Fixtures/npy/: small .npy and .npz files and expected.json, the known
answers Tests/DatasetsTests/NumPyTests.swift checks Datasets' NumPy readers against.

Valid files are NumPy's own output (write_array in each format version, np.savez and
np.savez_compressed, also to an unseekable stream so that zipfile writes data descriptors) or
assembled here (headers NumPy reads but does not write; a ZIP with ZIP64 records everywhere).
Broken files are NumPy output edited byte by byte, or archives assembled here. expected.json maps
each file name to {"shape", "dtype", "integers": [numbers]} or {"shape", "dtype", "floats":
[Python repr strings, exact, "nan" and "inf" included]}, to {"arrays": {name: ...}} for an .npz,
or to {"error": [fragments the reader's error message must contain]}. ZIP timestamps are pinned:
re-running with the same NumPy (2.x) and zlib gives the same bytes. Usage (repository root):

    python3 scripts/data/make_npy_fixtures.py [--out Tests/DatasetsTests/Fixtures/npy]
"""

import argparse
import io
import itertools
import json
import os
import struct
import time
import zipfile
import zlib

import numpy as np

# zipfile stamps entries with the current local time: pin both for reproducible archives.
os.environ["TZ"] = "UTC"
time.tzset()
time.time = lambda: 1767225600.0  # 2026-01-01 00:00:00 UTC


def expectation(array):
    """The expected.json record of a valid array: shape, dtype name and values in C order."""
    array = np.asarray(array)
    flat = array.ravel(order="C")
    values = {"floats": [repr(float(x)) for x in flat]} if array.dtype.kind == "f" else {"integers": [int(x) for x in flat]}
    return {"shape": list(array.shape), "dtype": array.dtype.name, **values}


def npy(array, version=None, allow_pickle=False):
    """The bytes np.save would write for `array` (in format `version`, or NumPy's choice)."""
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.asanyarray(array), version=version, allow_pickle=allow_pickle)
    return buffer.getvalue()


def handmade_npy(header, data=b"", version=(1, 0), length=None):
    """An .npy file with a header text of our choosing (newline added, no alignment padding)."""
    text = (header + "\n").encode("utf-8")
    declared = struct.pack("<H" if version[0] == 1 else "<I", len(text) if length is None else length)
    return b"\x93NUMPY" + bytes(version) + declared + text + data


def header_for(descr, shape):
    """A header as NumPy writes it (without its padding), for any descr and shape."""
    return "{'descr': %r, 'fortran_order': False, 'shape': %r, }" % (descr, tuple(shape))


class Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes a data descriptor after each entry's data."""

    def __init__(self, sink):
        self.sink = sink

    def write(self, data):
        return self.sink.write(data)


def savez(arrays, compressed=False, unseekable=False):
    """The bytes of np.savez (or np.savez_compressed) of the dict `arrays`."""
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(Unseekable(buffer) if unseekable else buffer, **arrays)
    return buffer.getvalue()


def zip_archive(entries, zip64=False, comment=b""):
    """A ZIP archive of (name, contents, method) entries. With zip64, every local and central
    record carries a ZIP64 extra field (sizes and offset 0xFFFFFFFF) and the ZIP64 end record
    and locator precede the end record, whose counts and offsets are 0xFFFF and 0xFFFFFFFF."""
    out, central = bytearray(), bytearray()
    for name, contents, method in entries:
        deflater = zlib.compressobj(9, zlib.DEFLATED, -15)  # Raw deflate, as ZIP stores it.
        payload = deflater.compress(contents) + deflater.flush() if method == 8 else contents
        crc, offset, encoded = zlib.crc32(contents), len(out), name.encode("utf-8")
        version = 45 if zip64 else 20
        if zip64:
            local_extra = struct.pack("<HHQQ", 1, 16, len(contents), len(payload))
            central_extra = struct.pack("<HHQQQ", 1, 24, len(contents), len(payload), offset)
            sizes, offset32 = (0xFFFFFFFF, 0xFFFFFFFF), 0xFFFFFFFF
        else:
            local_extra = central_extra = b""
            sizes, offset32 = (len(payload), len(contents)), offset
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, version, 0, method, 0, 0x5C21, crc, *sizes,
                           len(encoded), len(local_extra)) + encoded + local_extra + payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, version, version, 0, method, 0, 0x5C21, crc,
                               *sizes, len(encoded), len(central_extra), 0, 0, 0, 0, offset32)
        central += encoded + central_extra
    directory_offset, count = len(out), len(entries)
    out += central
    if zip64:
        record = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(central), directory_offset)
        out += struct.pack("<IIQI", 0x07064B50, 0, record, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, len(comment))
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), directory_offset, len(comment))
    return bytes(out + comment)


def patch(data, offset, fmt, *values):
    """`data` with struct `fmt` packed at `offset`."""
    data = bytearray(data)
    struct.pack_into(fmt, data, offset, *values)
    return bytes(data)


def records(archive):
    """(local header offset, central record offset, name) of each entry of a ZIP archive."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        infos, position = zf.infolist(), zf.start_dir
    result = []
    for info in infos:
        result.append((info.header_offset, position, info.filename))
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", archive, position + 28)
        position += 46 + name_length + extra_length + comment_length
    return result


def both_headers(archive, index, field_offset, fmt, *values):
    """Writes the same field into entry `index`'s local header and central record; the offsets
    are those of the local header (CRC 14, sizes 18 and 22, flags 6, method 8), central +2."""
    local, central, _ = records(archive)[index]
    archive = patch(archive, local + field_offset, fmt, *values)
    return patch(archive, central + field_offset + 2, fmt, *values)


def valid_npy():
    """Every dtype in both byte orders, every rank the datasets use, the three versions."""
    floats = [0.0, -0.0, 1.5, 0.1, 1 / 3, float("inf"), float("-inf"), float("nan")]
    samples = {
        "bool": [True, False, True, True], "int8": [-128, -1, 0, 1, 127], "uint8": [0, 1, 128, 255],
        "int16": [-32768, -2, 0, 258, 32767], "uint16": [0, 1, 258, 65535],
        "int32": [-2**31, -1, 0, 16909060, 2**31 - 1], "uint32": [0, 1, 16909060, 2**32 - 1],
        "int64": [-2**63, -1, 0, 72623859790382856, 2**63 - 1], "uint64": [0, 1, 72623859790382856, 2**63 - 1],
        "float32": floats + [3.4028234663852886e38, 1e-45], "float64": floats + [1.7976931348623157e308, 5e-324],
    }
    arrays = {}
    for name, values in samples.items():
        orders = {"": "|"} if np.dtype(name).itemsize == 1 else {"_le": "<", "_be": ">"}
        arrays.update({name + suffix: np.array(values, dtype=np.dtype(name).newbyteorder(order)) for suffix, order in orders.items()})
    arrays.update({
        "scalar_f8": np.array(-2.5), "scalar_i2_be": np.array(-300, dtype=">i2"),
        "table_f4": (np.arange(12, dtype="<f4") * 0.25 - 1).reshape(4, 3),  # [N, F]
        "images_u1": np.arange(48, dtype="u1").reshape(2, 3, 4, 2),  # [N, H, W, C]
        "images_f4_be": (np.arange(24, dtype=">f4") / 8).reshape(2, 2, 2, 3),
        "empty_f8": np.zeros((0, 3)), "empty_middle_u1": np.zeros((2, 0, 4), dtype="u1"),
    })
    for name, array in arrays.items():
        yield name + ".npy", npy(array), expectation(array)
    for version in [(1, 0), (2, 0), (3, 0)]:
        array = np.arange(-3, 3, dtype="<i8").reshape(2, 3)
        yield "version_%d_%d.npy" % version, npy(array, version=version), expectation(array)
    # Headers NumPy reads but does not write: keys reordered, double quotes, no trailing comma,
    # no alignment padding; '<u1' for a one-byte type; '=' (native: little-endian here).
    data = np.arange(6, dtype="<i4")
    yield ("header_reordered.npy", handmade_npy('{"shape":(2,3) ,"fortran_order":False,  "descr":"<i4"}', data.tobytes()),
           expectation(data.reshape(2, 3)))
    yield "descr_lt_u1.npy", handmade_npy(header_for("<u1", (3,)), b"\x01\x02\xff"), expectation(np.array([1, 2, 255], "u1"))
    yield ("descr_native_f8.npy", handmade_npy(header_for("=f8", (2,)), np.array([0.5, -8], "<f8").tobytes()),
           expectation(np.array([0.5, -8.0])))


def broken_npy():
    """Each broken .npy and the fragments its error names."""
    good = npy(np.arange(12, dtype="<f8").reshape(3, 4))
    data = good[128:]
    yield "fortran.npy", npy(np.asfortranarray(np.arange(6).reshape(2, 3))), ["fortran_order is True", "np.ascontiguousarray"]
    yield "object.npy", npy(np.array([1, "a", None], dtype=object), allow_pickle=True), ["'|O'", "object arrays cannot be read", "pickled"]
    yield "float16.npy", npy(np.zeros(3, dtype="<f2")), ["'<f2'", "float16"]
    yield "structured.npy", npy(np.zeros(2, dtype=[("x", "<i4"), ("y", "<f8")])), ["structured (record) dtypes"]
    yield "unicode.npy", npy(np.array(["ab", "c"])), ["'<U2'", "strings"]
    yield "bytes.npy", npy(np.array([b"ab"])), ["'|S2'", "strings"]
    yield "complex.npy", npy(np.zeros(2, dtype="<c16")), ["'<c16'", "complex"]
    yield "datetime.npy", npy(np.array(["2020-01-01"], dtype="datetime64[D]")), ["'<M8[D]'", "datetime"]
    yield "float128.npy", handmade_npy(header_for("<f16", (1,)), bytes(16)), ["'<f16'", "16-byte floats"]
    yield "uint64_above_int64.npy", npy(np.array([1, 2**63], dtype="<u8")), ["uint64 element 1 is 9223372036854775808", "Int64.max"]
    yield "bool_2.npy", npy(np.array([True, False]))[:-1] + b"\x02", ["bool element 1 is 2, not 0 or 1"]
    yield "bad_magic.npy", b"\x92" + good[1:], ["not an .npy file", "magic"]
    yield "zip_as_npy.npy", savez({"a": np.zeros(1)}), ["not an .npy file", "ZIP archive", "readNPZ"]
    yield "zero_bytes.npy", b"", ["truncated: 0 bytes"]
    yield "version_4_0.npy", good[:6] + b"\x04\x00" + good[8:], ["unsupported .npy format version 4.0", "1.0, 2.0 and 3.0"]
    yield "version_1_1.npy", good[:6] + b"\x01\x01" + good[8:], ["unsupported .npy format version 1.1"]
    yield "truncated.npy", good[:-16], ["truncated: declares 3×4 float64 = 96 bytes, the file holds 80"]
    yield "trailing.npy", good + b"xyz", ["3 trailing bytes", "declares 3×4 float64 = 96 bytes, the file holds 99"]
    yield "truncated_header.npy", good[:60], ["truncated: the header length is 118 bytes, the file holds 50"]
    yield "truncated_length.npy", good[:9], ["the file ends inside the header length"]
    yield "header_too_long.npy", handmade_npy(header_for("<f8", (1,)), bytes(8), version=(2, 0), length=20000), ["20000 bytes, more than the 10000"]
    yield "header_list.npy", handmade_npy("[('descr', '<f8')]"), ["not a Python dict literal", "starts with '['"]
    yield "header_syntax.npy", handmade_npy("{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}", data[:16]), ["not a valid dict literal", "expected '}'"]
    yield "header_unclosed.npy", handmade_npy("{'descr': '<f8', 'shape': (2,"), ["not a valid dict literal"]
    yield "header_escape.npy", handmade_npy("{'descr': '<f\\x38', 'fortran_order': False, 'shape': (1,)}", data[:8]), ["escape sequence"]
    yield "header_deep.npy", handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': " + "(" * 40 + ")" * 40 + "}"), ["nested more than 16 deep"]
    yield "missing_key.npy", handmade_npy("{'descr': '<f8', 'fortran_order': False}", data[:8]), ["no 'shape' key"]
    yield "extra_key.npy", handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", data[:8]), ["unexpected key 'extra'"]
    yield "duplicate_key.npy", handmade_npy("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}", data[:8]), ["repeats the key 'descr'"]
    yield "fortran_not_bool.npy", handmade_npy("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", data[:8]), ["fortran_order is 0, not True or False"]
    yield "shape_negative.npy", handmade_npy(header_for("<f8", (2, -1))), ["holds -1, not a size ≥ 0"]
    yield "shape_list.npy", handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': [1]}", data[:8]), ["shape is [1], not a tuple"]
    yield "shape_parenthesized.npy", handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1)}", data[:8]), ["shape is 1, not a tuple"]
    yield "shape_overflow.npy", handmade_npy(header_for("<f8", (2**40, 2**40))), ["(1099511627776, 1099511627776) overflows"]
    yield "shape_too_large.npy", handmade_npy(header_for("|u1", (2**29,))), ["more than the 268435456 elements"]
    yield "shape_huge_int.npy", handmade_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}"), ["too large for 64 bits"]
    yield "descr_unknown.npy", handmade_npy(header_for("<x4", (1,)), bytes(4)), ["unknown descr '<x4'"]
    yield "descr_no_order.npy", handmade_npy(header_for("|i4", (1,)), bytes(4)), ["'|i4' has no byte order"]
    yield "descr_python_name.npy", handmade_npy(header_for("float64", (1,)), bytes(8)), ["unknown descr 'float64'"]


def npz_fixtures():
    """Archives NumPy writes (ZIP64 local headers; data descriptors when unseekable), archives
    assembled here, and broken ones, with their expected.json records."""
    arrays = {"features": (np.arange(12, dtype="<f4") / 4).reshape(4, 3), "labels": np.array([0, 1, 2, 1]),
              "flag": np.bool_(True), "empty": np.zeros((0, 2)), "arr_0": np.arange(3, dtype=">i2")}
    compressible = dict(arrays, zeros=np.zeros(300))
    def record(contents):
        return {"arrays": {name: expectation(array) for name, array in contents.items()}}
    stored, deflated = savez(arrays), savez(compressible, compressed=True)
    small = {"a": np.array([1.0, 2.0]), "b": np.arange(4, dtype="<u2").reshape(2, 2)}
    small_entries = [(name + ".npy", npy(array), method) for (name, array), method in zip(small.items(), [8, 0])]
    yield "savez.npz", stored, record(arrays)
    yield "savez_compressed.npz", deflated, record(compressible)
    yield "descriptor_stored.npz", savez(arrays, unseekable=True), record(arrays)
    yield "descriptor_deflate.npz", savez(compressible, compressed=True, unseekable=True), record(compressible)
    yield "zip64_records.npz", zip_archive(small_entries, zip64=True, comment=b"ZIP64 everywhere"), record(small)
    yield "comment.npz", zip_archive(small_entries, comment=b"a comment"), record(small)
    yield "unicode_name.npz", savez({"größe": np.array([1.0])}), record({"größe": np.array([1.0])})
    yield "empty.npz", savez({}), record({})
    def broken(name, data, *fragments):
        return name, data, {"error": list(fragments)}
    entries = records(stored)
    classic = zip_archive(small_entries)
    local_b, central_b, _ = records(classic)[1]
    yield broken("not_zip.npz", npy(np.zeros(2)), "no end-of-central-directory record", "readNPY")
    yield broken("truncated.npz", stored[:len(stored) // 2], "no end-of-central-directory record")
    yield broken("bad_crc.npz", patch(stored, entries[1][0] - 1, "<B", stored[entries[1][0] - 1] ^ 1),
                 "entry 'features.npy'", "CRC-32 mismatch")
    yield broken("bad_crc_deflate.npz", both_headers(deflated, 1, 14, "<I", 0x12345678),
                 "entry 'labels.npy'", "CRC-32 mismatch", "0x12345678")
    yield broken("encrypted.npz", both_headers(stored, 0, 6, "<H", 1), "entry 'features.npy'", "encrypted")
    yield broken("method_bzip2.npz", both_headers(stored, 0, 8, "<H", 12), "compression method 12 (bzip2)")
    yield broken("not_npy_name.npz", zip_archive([("readme.txt", b"hello", 0)]), "entry 'readme.txt'", "not an .npy file")
    yield broken("duplicate_names.npz", zip_archive(small_entries[:1] * 2), "two entries are named 'a.npy'")
    directory = struct.unpack_from("<I", classic, len(classic) - 6)[0]
    grown = struct.unpack_from("<I", classic, 18)[0] + directory - local_b  # a's data now covers b.
    yield broken("overlap.npz", both_headers(classic, 0, 18, "<I", grown), "entries 'a.npy'", "'b.npy'", "overlap")
    yield broken("outside.npz", patch(classic, central_b + 42, "<I", 0x7FFFFFF0), "entry 'b.npy'", "no local header")
    yield broken("zip64_missing.npz", patch(classic, central_b + 20, "<I", 0xFFFFFFFF), "entry 'b.npy'", "no ZIP64 extra field")
    local, central, name = records(deflated)[1]
    size_at = local + 30 + len(name) + 4  # The uncompressed size in the local ZIP64 extra field.
    size = struct.unpack_from("<Q", deflated, size_at)[0]
    yield broken("size_mismatch.npz", patch(patch(deflated, size_at, "<Q", size - 1), central + 24, "<I", size - 1),
                 "entry 'labels.npy'", "inflates to more than the %d bytes" % (size - 1))
    yield broken("local_mismatch.npz", patch(stored, entries[0][0] + 14, "<I", 0), "the local header says CRC-32 0x00000000")
    described = savez(arrays, unseekable=True)
    crc_at = records(described)[1][0] - 20  # Signature, CRC-32, two 8-byte sizes before entry 1.
    yield broken("descriptor_bad.npz", patch(described, crc_at, "<I", 0), "entry 'features.npy'", "data descriptor")
    yield broken("entry_count.npz", patch(classic, len(classic) - 14, "<HH", 3, 3), "declares 3 entries")
    yield broken("multi_disk.npz", patch(classic, len(classic) - 18, "<H", 1), "split archives")
    yield broken("directory_offset.npz", patch(classic, len(classic) - 6, "<I", directory - 1),
                 "does not end where the end record begins")
    zip64 = zip_archive(small_entries, zip64=True)
    record_at = struct.unpack_from("<Q", zip64, len(zip64) - 34)[0]
    yield broken("zip64_locator_bad.npz", patch(zip64, len(zip64) - 34, "<Q", record_at + 1),
                 "no ZIP64 end-of-central-directory record")
    yield broken("bad_entry.npz", savez({"ok": np.zeros(1), "half": np.zeros(2, dtype="<f2")}), "entry 'half.npy'", "float16")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="Tests/DatasetsTests/Fixtures/npy")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    broken = ((name, data, {"error": fragments}) for name, data, fragments in broken_npy())
    fixtures = {name: (data, record) for name, data, record in itertools.chain(valid_npy(), broken, npz_fixtures())}
    for name in os.listdir(out):
        os.remove(os.path.join(out, name))
    for name, (data, _) in fixtures.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({name: record for name, (_, record) in fixtures.items()}, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(fixtures)} fixtures and expected.json to {out}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes datasets/fashion-mnist-subset/: a small, balanced, deterministic Fashion-MNIST subset.

Reads Debian's dataset-fashion-mnist files, keeps 200 train and 50 test images per class,
chosen with random.Random(20261121) and kept in their original order, and writes the same
four IDX file names gzipped with mtime 0, so re-running gives byte-identical files.
Python standard library only. Usage (from the repository root):

    python3 scripts/make_subset.py [--source /usr/share/datasets/fashion-mnist] [--out datasets/fashion-mnist-subset]
"""

import argparse
import gzip
import os
import random
import struct
import sys

SEED = 20261121
CLASSES = 10
PER_CLASS = {"train": 200, "t10k": 50}


def read_idx(path, dimension_count):
    """Returns (dimensions, data bytes) of a gzipped ubyte IDX file, checking its header."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = struct.unpack(">I", raw[:4])[0]
    if magic != 0x0800 | dimension_count:
        sys.exit(f"{path}: wrong magic {magic:#010x}, expected {0x0800 | dimension_count:#010x}")
    header = 4 + 4 * dimension_count
    dims = struct.unpack(">" + "I" * dimension_count, raw[4:header])
    size = 1
    for d in dims:
        size *= d
    if len(raw) - header != size:
        sys.exit(f"{path}: header declares {dims}, file has {len(raw) - header} data bytes")
    return dims, raw[header:]


def write_idx_gz(path, dims, data):
    """Writes a ubyte IDX file gzipped deterministically (level 9, mtime 0, no file name)."""
    header = struct.pack(">I", 0x0800 | len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
            g.write(header + data)


def make_split(source, out, prefix, per_class):
    (count, rows, cols), pixels = read_idx(os.path.join(source, f"{prefix}-images-idx3-ubyte.gz"), 3)
    (label_count,), labels = read_idx(os.path.join(source, f"{prefix}-labels-idx1-ubyte.gz"), 1)
    if label_count != count:
        sys.exit(f"{prefix}: {label_count} labels for {count} images")
    rng = random.Random(SEED)
    chosen = []
    for c in range(CLASSES):
        members = [i for i, label in enumerate(labels) if label == c]
        chosen += rng.sample(members, per_class)
    chosen.sort()  # keep the original order
    size = rows * cols
    subset_pixels = b"".join(pixels[i * size:(i + 1) * size] for i in chosen)
    subset_labels = bytes(labels[i] for i in chosen)
    write_idx_gz(os.path.join(out, f"{prefix}-images-idx3-ubyte.gz"), (len(chosen), rows, cols), subset_pixels)
    write_idx_gz(os.path.join(out, f"{prefix}-labels-idx1-ubyte.gz"), (len(chosen),), subset_labels)
    print(f"{prefix}: {len(chosen)} of {count} images ({per_class} per class)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--out", default="datasets/fashion-mnist-subset")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for prefix, per_class in PER_CLASS.items():
        make_split(args.source, args.out, prefix, per_class)


if __name__ == "__main__":
    main()

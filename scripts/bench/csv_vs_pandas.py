#!/usr/bin/env python3
"""CSV reading speed: `zktrain bench csv` against pandas.read_csv on the same file.

Usage:
    swift build -c release --product zktrain
    python3 scripts/bench/csv_vs_pandas.py [--zktrain .build/release/zktrain] [--rows 1000000]
        [--columns 30] [--runs 5] [--seed 0] [--file PATH]

Writes (once; kept and reused if it exists) a seeded numeric CSV of ROWS x COLUMNS: most
columns `%.6g` of normals at several scales, every fifth column integers. Then alternates
one `zktrain bench csv FILE --repeats 1 --json` run and one timed `pandas.read_csv(FILE)`
(default settings: C engine, one thread), RUNS times each after one untimed warm-up of each
(so both read from the page cache). Prints each time, the medians and the ratio; exits 1 if
zktrain's median is slower than pandas', 2 if the tables disagree on the shape.
The zktrain time is measured inside the process (read + parse), like the pandas time.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd


def make_file(path, rows, columns, seed):
    """Writes the benchmark CSV to `path` (through a temporary name, renamed when complete)."""
    rng = np.random.default_rng(seed)
    names = [f"c{j}" for j in range(columns)]
    temporary = path + ".partial"
    with open(temporary, "w") as f:
        f.write(",".join(names) + "\n")
        for start in range(0, rows, 100_000):
            count = min(100_000, rows - start)
            frame = {}
            for j, name in enumerate(names):
                if j % 5 == 4:
                    frame[name] = rng.integers(-1000, 100_000, size=count)
                else:
                    frame[name] = rng.standard_normal(count) * 10.0 ** (j % 7 - 3)
            pd.DataFrame(frame).to_csv(f, header=False, index=False, float_format="%.6g")
    os.replace(temporary, path)


def zktrain_seconds(binary, path):
    out = subprocess.run([binary, "bench", "csv", path, "--repeats", "1", "--json"],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    return result["seconds_median"], (result["rows"], result["columns"])


def pandas_seconds(path):
    start = time.perf_counter()
    frame = pd.read_csv(path)
    seconds = time.perf_counter() - start
    return seconds, frame.shape


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zktrain", default=".build/release/zktrain")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--file")
    args = parser.parse_args()
    path = args.file or f"/tmp/zktrain-csv-bench-{args.rows}x{args.columns}-seed{args.seed}.csv"
    if not os.path.exists(path):
        print(f"writing {path} ...", file=sys.stderr)
        make_file(path, args.rows, args.columns, args.seed)
    size = os.path.getsize(path)
    print(f"{path}: {args.rows} rows x {args.columns} columns, {size / 1e6:.1f} MB")
    print(f"pandas {pd.__version__}, numpy {np.__version__}, load average {os.getloadavg()}")

    _, zk_shape = zktrain_seconds(args.zktrain, path)  # warm-ups: the file is in the page cache
    _, pd_shape = pandas_seconds(path)
    if zk_shape != pd_shape:
        print(f"shapes differ: zktrain {zk_shape}, pandas {pd_shape}")
        return 2
    zk_times, pd_times = [], []
    for run in range(args.runs):
        zk_times.append(zktrain_seconds(args.zktrain, path)[0])
        pd_times.append(pandas_seconds(path)[0])
        print(f"run {run + 1}: zktrain {zk_times[-1]:.3f} s   pandas {pd_times[-1]:.3f} s")
    zk, pdm = statistics.median(zk_times), statistics.median(pd_times)
    print(f"median: zktrain {zk:.3f} s ({size / 1e6 / zk:.0f} MB/s), pandas {pdm:.3f} s "
          f"({size / 1e6 / pdm:.0f} MB/s); pandas/zktrain = {pdm / zk:.2f}x")
    print(f"load average after: {os.getloadavg()}")
    return 0 if zk <= pdm else 1


if __name__ == "__main__":
    sys.exit(main())

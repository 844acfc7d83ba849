#!/usr/bin/env python3
"""PyTorch CPU baseline for ZKTrain: throughput of the training step alone.

Measures, on random data generated once up front (no data loading):

* train: samples/s of one optimisation step = forward, cross-entropy loss,
  backward, Adam step (lr 1e-3), at batch size 128 (``--batch``);
* infer: images/s of ``model.eval()`` + ``torch.no_grad()`` forward passes at
  batch size 1000 (``--infer-batch``), to compare with ZKTrain's
  ``infer_images_per_s``.

Models (input [N, 1, 28, 28] float32, labels int64 in 0..9):

* mlp: Flatten -> Linear(784,128) -> BatchNorm1d(128) -> x*x -> Linear(128,10)
* cnn: Conv2d(1,16,3,p=1) -> BatchNorm2d -> x*x -> AvgPool2d(2)
       -> Conv2d(16,32,3,p=1) -> BatchNorm2d -> x*x -> AvgPool2d(2)
       -> Flatten -> Linear(1568,128) -> BatchNorm1d -> x*x -> Linear(128,10)

After ``--warmup`` untimed steps, ``--seconds`` of wall time are split into
``--chunks`` equal chunks; each chunk runs whole steps until its share of time
has passed and yields one throughput. The report gives the median (headline),
min, max and mean of the per-chunk throughputs, plus the process CPU time / wall
time ratio per chunk (about 1.0 for 1 thread, about 2.0 for 2 threads when the
machine is otherwise idle; lower means the run was starved by other load) and
the 1/5/15-minute load averages before and after. ``median_per_cpu_second``
(items per second of process CPU time) is a load-robust estimate for 1 thread.

torch.set_num_threads / set_num_interop_threads can only be set once per
process, so one process measures one thread count; run_all.sh runs 1 and 2.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone

import torch
import torch.nn as nn
import torch.nn.functional as F


class Square(nn.Module):
    """Elementwise x*x (the quadratic activation ZKTrain uses)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        return x * x


def make_mlp() -> nn.Module:
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128),
        nn.BatchNorm1d(128),
        Square(),
        nn.Linear(128, 10),
    )


def make_cnn() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1),
        nn.BatchNorm2d(16),
        Square(),
        nn.AvgPool2d(2),  # 28 -> 14
        nn.Conv2d(16, 32, 3, padding=1),
        nn.BatchNorm2d(32),
        Square(),
        nn.AvgPool2d(2),  # 14 -> 7
        nn.Flatten(),
        nn.Linear(32 * 7 * 7, 128),  # 1568
        nn.BatchNorm1d(128),
        Square(),
        nn.Linear(128, 10),
    )


MODELS = {"mlp": make_mlp, "cnn": make_cnn}


def loadavg() -> list[float]:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return []


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def prep(x: torch.Tensor, args) -> torch.Tensor:
    return x.contiguous(memory_format=torch.channels_last) if args.channels_last else x


def timed_chunks(step, items_per_step: int, seconds: float, chunks: int) -> dict:
    """Run ``step`` repeatedly for ``seconds`` split into ``chunks``; stats."""
    per_chunk = seconds / chunks
    rates, cpu_rates, cpu_ratios, steps_per_chunk = [], [], [], []
    for _ in range(chunks):
        n = 0
        c0 = time.process_time()
        t0 = time.perf_counter()
        while True:
            step()
            n += 1
            dt = time.perf_counter() - t0
            if dt >= per_chunk:
                break
        dc = time.process_time() - c0
        rates.append(n * items_per_step / dt)
        cpu_rates.append(n * items_per_step / dc if dc > 0 else float("nan"))
        cpu_ratios.append(dc / dt)
        steps_per_chunk.append(n)
    return {
        "median": statistics.median(rates),
        "min": min(rates),
        "max": max(rates),
        "mean": statistics.fmean(rates),
        "chunks": rates,
        "steps_per_chunk": steps_per_chunk,
        "cpu_time_over_wall": [round(r, 3) for r in cpu_ratios],
        "median_ms_per_step": 1000.0 * items_per_step / statistics.median(rates),
        # Items per second of this process's CPU time. With 1 thread this is a
        # load-robust estimate of unloaded throughput (time-slicing by other
        # processes does not count); with 2 threads it includes OpenMP spinning.
        "median_per_cpu_second": statistics.median(cpu_rates),
    }


def bench_train(name: str, args) -> dict:
    torch.manual_seed(args.seed)
    model = MODELS[name]()
    model.train()
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    fwd = torch.compile(model) if args.compile else model
    # A few pre-generated batches, cycled; generation is not timed.
    g = torch.Generator().manual_seed(args.seed + 1)
    xs = [prep(torch.randn(args.batch, 1, 28, 28, generator=g), args) for _ in range(args.pool)]
    ys = [torch.randint(0, 10, (args.batch,), generator=g) for _ in range(args.pool)]
    state = {"i": 0, "loss": None}

    def step():
        i = state["i"]
        state["i"] = (i + 1) % args.pool
        opt.zero_grad(set_to_none=True)
        out = fwd(xs[i])
        loss = F.cross_entropy(out, ys[i])
        loss.backward()
        opt.step()
        state["loss"] = loss

    for _ in range(args.warmup):
        step()
    la0 = loadavg()
    res = timed_chunks(step, args.batch, args.seconds, args.chunks)
    res.update(
        {
            "unit": "samples/s",
            "batch": args.batch,
            "warmup_steps": args.warmup,
            "final_loss": float(state["loss"].item()),
            "params": sum(p.numel() for p in model.parameters()),
            "loadavg_before": la0,
            "loadavg_after": loadavg(),
        }
    )
    return res


def bench_infer(name: str, args) -> dict:
    torch.manual_seed(args.seed)
    model = MODELS[name]()
    model.eval()  # BatchNorm uses running stats
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    fwd = torch.compile(model) if args.compile else model
    g = torch.Generator().manual_seed(args.seed + 2)
    x = prep(torch.randn(args.infer_batch, 1, 28, 28, generator=g), args)

    def step():
        with torch.no_grad():
            fwd(x)

    for _ in range(max(3, args.warmup // 4)):
        step()
    la0 = loadavg()
    res = timed_chunks(step, args.infer_batch, args.seconds, args.chunks)
    res.update(
        {
            "unit": "images/s",
            "batch": args.infer_batch,
            "loadavg_before": la0,
            "loadavg_after": loadavg(),
        }
    )
    return res


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--threads", type=int, default=1, help="intra-op and inter-op threads (1 or 2)")
    p.add_argument("--model", choices=["mlp", "cnn", "both"], default="both")
    p.add_argument("--mode", choices=["train", "infer", "both"], default="both")
    p.add_argument("--seconds", type=float, default=10.0, help="measured wall time per (model, mode)")
    p.add_argument("--chunks", type=int, default=5, help="measurement chunks; median of their throughputs")
    p.add_argument("--warmup", type=int, default=20, help="untimed training steps first")
    p.add_argument("--batch", type=int, default=128, help="training batch size")
    p.add_argument("--infer-batch", type=int, default=1000, help="inference batch size")
    p.add_argument("--pool", type=int, default=4, help="pre-generated random batches cycled through")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--compile", action="store_true",
                   help="optional variant: torch.compile the model (not the default baseline; "
                        "compilation happens during warm-up)")
    p.add_argument("--channels-last", action="store_true",
                   help="optional variant: channels_last memory format for model and input")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout instead of text")
    p.add_argument("--out", help="also write the JSON object to this file")
    args = p.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)

    models = ["mlp", "cnn"] if args.model == "both" else [args.model]
    modes = ["train", "infer"] if args.mode == "both" else [args.mode]

    report = {
        "tool": "scripts/baseline/pytorch_train_bench.py",
        "timestamp_utc": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
        "cpu": cpu_model(),
        "nproc": os.cpu_count(),
        "threads_requested": args.threads,
        "torch_num_threads": torch.get_num_threads(),
        "torch_num_interop_threads": torch.get_num_interop_threads(),
        "parallel_backend": next(
            (l.split(":", 1)[1].strip() for l in torch.__config__.parallel_info().splitlines()
             if l.startswith("ATen parallel backend")), ""),
        "env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY",
                                                 "GOMP_SPINCOUNT", "OMP_PROC_BIND") if k in os.environ},
        "variant": {"compile": args.compile, "channels_last": args.channels_last},
        "seconds": args.seconds,
        "chunks": args.chunks,
        "loadavg_start": loadavg(),
        "results": {},
    }
    for m in models:
        report["results"][m] = {}
        for mode in modes:
            r = bench_train(m, args) if mode == "train" else bench_infer(m, args)
            report["results"][m][mode] = r
            if not args.json:
                print(
                    f"{m:3s} {mode:5s} threads={args.threads} batch={r['batch']:4d}: "
                    f"median {r['median']:10.1f} {r['unit']}  "
                    f"(min {r['min']:.1f}, max {r['max']:.1f}; "
                    f"{r['median_ms_per_step']:.2f} ms/step; "
                    f"cpu/wall {statistics.median(r['cpu_time_over_wall']):.2f}; "
                    f"per cpu-s {r['median_per_cpu_second']:.1f}; "
                    f"load {r['loadavg_before']})",
                    flush=True,
                )
    report["loadavg_end"] = loadavg()

    text = json.dumps(report, indent=2)
    if args.json:
        print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

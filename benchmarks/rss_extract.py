#!/usr/bin/env python3
"""Peak RSS of `figures extract DIR -o OUT` (the command and its -j workers), to show memory does not
grow with the input: run it on two corpus sizes and compare.

    python benchmarks/make_corpus.py --size 10MB --format txt -o /tmp/c10
    python benchmarks/make_corpus.py --size 100MB --format txt -o /tmp/c100
    python benchmarks/rss_extract.py /tmp/c10 /tmp/c100 -j 2 --format parquet

Samples the process tree with psutil every 0.2 s; prints one line per input.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def peak_rss(cmd: list[str]) -> tuple[float, float, float, int]:
    """(parent peak MiB, largest worker peak MiB, wall seconds, exit code) of a command."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd)
    parent, workers = psutil.Process(proc.pid), {}
    top = 0
    while proc.poll() is None:
        try:
            top = max(top, parent.memory_info().rss)
            for child in parent.children(recursive=True):
                workers[child.pid] = max(workers.get(child.pid, 0), child.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    mib = 1 << 20
    return top / mib, max(workers.values(), default=0) / mib, time.monotonic() - started, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--format", default="parquet", choices=["parquet", "csv", "jsonl"])
    args = ap.parse_args()
    for src in args.inputs:
        size = sum(p.stat().st_size for p in Path(src).rglob("*") if p.is_file()) / 1e6
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp, f"out.{args.format}")
            cmd = [sys.executable, "-m", "figures", "extract", src, "-o", str(out), "-j", str(args.jobs),
                   "-q", "--lang", "en"]
            parent, worker, wall, code = peak_rss(cmd)
            print(f"{src}: {size:.0f} MB input, peak RSS {parent:.0f} MiB command + {worker:.0f} MiB "
                  f"largest worker, {wall:.0f} s, exit {code}", flush=True)


if __name__ == "__main__":
    main()

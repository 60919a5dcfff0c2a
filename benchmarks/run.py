#!/usr/bin/env python3
"""Throughput, memory and cold start of `figures`, side by side with other systems on the same text.

    PYTHONPATH=. .venv/bin/python benchmarks/run.py                  # 1 and 10 MB English corpora
    PYTHONPATH=. .venv/bin/python benchmarks/run.py --sizes 1MB,10MB,100MB --rss-sizes 10MB,100MB --publish

Measures, on corpora from make_corpus.py (same seed, same bytes every run):

* figures: `extract_many` over the whole corpus with jobs=1 and jobs=N (the
  full pipeline down to the DataFrame): MB/s, documents/s, speed-up;
* the bare candidate scan: one compiled regex over digits and number words
  (the English pack's trigger) over the same text: the ceiling of a regex
  pipeline that has to look at every character at least once;
* quantulum3 (`quantulum3.parser.parse`) and Microsoft Recognizers-Text
  (number + number-with-unit models) on a sample, with figures on the same sample;
* peak RSS of a streaming run (`figures.stream.extract_to` to Parquet) in a
  fresh process per corpus size;
* cold start: a fresh interpreter running import + pack load + a first short extract.

Results: benchmarks/results/bench-<time>.json and .png (gitignored);
`--publish` also copies them to benchmarks/latest.json and latest.png.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

CORPUS = HERE / "corpus"
RESULTS = HERE / "results"
COLD_SNIPPET = (
    "import time; t0 = time.perf_counter(); import figures; t1 = time.perf_counter(); "
    "df = figures.extract('At least 20 people were killed and 45 wounded.'); t2 = time.perf_counter(); "
    "import json, sys; print(json.dumps({'import': t1 - t0, 'first_extract': t2 - t1, 'total': t2 - t0, "
    "'rows': len(df), 'pandas_loaded': 'pandas' in sys.modules, 'pint_loaded': 'pint' in sys.modules, "
    "'quantulum3_loaded': 'quantulum3' in sys.modules}))"
)


def corpus(size: int, lang: str = "en", seed: int = 0) -> Path:
    path = CORPUS / f"{lang}-{_label(size)}-s{seed}.jsonl"
    if not path.is_file():
        make_corpus.write(path, size, lang, seed, "jsonl")
    return path


def _label(size: int) -> str:
    for unit, n in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= n:
            return f"{size / n:g}{unit}"
    return f"{size}B"


def load_docs(path: Path, limit_bytes: int | None = None) -> list[tuple[str, str]]:
    docs, total = [], 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.append((rec["id"], rec["text"]))
            total += len(rec["text"].encode("utf-8"))
            if limit_bytes and total >= limit_bytes:
                break
    return docs


def nbytes(docs) -> int:
    return sum(len(t.encode("utf-8")) for _, t in docs)


def timed(fn, *args, **kw):
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0, time.process_time() - c0


def rate(nb: int, ndocs: int, wall: float, cores: int = 1) -> dict:
    return {"seconds": round(wall, 4), "MB_per_s": round(nb / wall / 1e6, 4),
            "docs_per_s": round(ndocs / wall, 2),
            "MB_per_s_per_core": round(nb / wall / 1e6 / cores, 4)}


# --------------------------------------------------------------------------- systems

LAST_CPU: dict = {}


def run_figures(docs, jobs: int = 1) -> tuple[int, float]:
    """Rows and wall seconds; CPU seconds (this process + finished workers) go to LAST_CPU."""
    import resource

    import figures

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    df, wall, cpu = timed(figures.extract_many, docs, lang="en", jobs=jobs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    LAST_CPU["seconds"] = cpu + (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return len(df), wall


def run_scan(docs) -> tuple[int, float]:
    from figures import packs

    trigger = packs.load("en").trigger
    t0 = time.perf_counter()
    hits = 0
    for _, text in docs:
        for _ in trigger.finditer(text):
            hits += 1
    return hits, time.perf_counter() - t0


def run_quantulum(docs) -> tuple[int, float]:
    from quantulum3 import parser

    parser.parse("warm up 5 km")  # its first call loads models and builds regexes
    t0 = time.perf_counter()
    found = sum(len(parser.parse(text)) for _, text in docs)
    return found, time.perf_counter() - t0


def run_recognizers(docs) -> tuple[int, float]:
    from recognizers_suite import (Culture, recognize_age, recognize_currency, recognize_dimension,
                                   recognize_number, recognize_percentage)

    models = (recognize_number, recognize_dimension, recognize_currency, recognize_percentage, recognize_age)
    for model in models:
        model("warm up 5 km", Culture.English)
    t0 = time.perf_counter()
    found = 0
    for _, text in docs:
        for model in models:
            found += len(model(text, Culture.English))
    return found, time.perf_counter() - t0


def optional(name: str, fn, docs) -> dict:
    try:
        found, wall = fn(docs)
    except ImportError as e:
        return {"system": name, "error": f"{type(e).__name__}: {e}"}
    return {"system": name, "found": found, **rate(nbytes(docs), len(docs), wall)}


# --------------------------------------------------------------------------- fresh processes

def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def cold_start(repeat: int = 5) -> dict:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COLD_SNIPPET], capture_output=True, text=True,
                             env=_env(), check=True)
        rec = json.loads(out.stdout)
        rec["process_wall"] = time.perf_counter() - t0
        runs.append(rec)
    keys = ("import", "first_extract", "total", "process_wall")
    med = {k: round(statistics.median(r[k] for r in runs), 4) for k in keys}
    return {**med, "repeat": repeat, **{k: runs[-1][k] for k in runs[-1] if k.endswith("_loaded")}}


def rss_child(path: str, jobs: int) -> None:
    """In a fresh process: stream a JSONL corpus to Parquet, print peak RSS (MiB)."""
    import resource
    import tempfile

    from figures import stream

    def docs():
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                yield rec["id"], rec["text"]

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        summary = stream.extract_to(docs(), Path(tmp) / "out.parquet", lang="en", jobs=jobs)
        wall = time.perf_counter() - t0
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"documents": summary.documents, "figures": summary.figures, "seconds": wall,
                      "peak_rss_MiB": round(self_kib / 1024, 1),
                      "peak_rss_worker_MiB": round(child_kib / 1024, 1)}))


def peak_rss(path: Path, jobs: int) -> dict:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--rss-child", str(path),
                          "--jobs", str(jobs)], capture_output=True, text=True, env=_env(), check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- report

def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.8))
    side = [r for r in results["side_by_side"] if "MB_per_s" in r]
    names = [r["system"] for r in side]
    values = [r["MB_per_s"] for r in side]
    bars = ax1.barh(names, values, color=["#2b6cb0" if n.startswith("figures") else "#a0aec0" for n in names])
    ax1.set_xscale("log")
    ax1.set_xlabel("MB/s on one core (log scale)")
    ax1.set_title(f"Throughput on the same {results['sample_MB']:.2f} MB English sample")
    for bar, v in zip(bars, values):
        ax1.text(v, bar.get_y() + bar.get_height() / 2, f" {v:.3g}", va="center", fontsize=8)
    ax1.invert_yaxis()
    sizes = results["by_size"]
    mb = [s["MB"] for s in sizes]
    for key, label, style in (("figures_jobs1", "figures, 1 job", "o-"),
                              (f"figures_jobs{results['jobs']}", f"figures, {results['jobs']} jobs", "s-"),
                              ("scan", "bare candidate scan", "^--")):
        if all(key in s for s in sizes):
            ax2.plot(mb, [s[key]["seconds"] for s in sizes], style, label=label)
    ax2.set_xscale("log")
    ax2.set_yscale("log")
    ax2.set_xlabel("corpus size (MB of UTF-8 text)")
    ax2.set_ylabel("seconds")
    ax2.set_title("Time vs corpus size")
    ax2.legend()
    ax2.grid(True, which="both", alpha=0.3)
    fig.suptitle(f"figures {results['figures_version']} — {results['machine']['summary']}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def machine() -> dict:
    import psutil

    cores = os.cpu_count() or 1
    mem = psutil.virtual_memory().total / 2**30
    return {"cores": cores, "memory_GiB": round(mem, 1), "python": platform.python_version(),
            "platform": platform.platform(), "processor": platform.processor() or platform.machine(),
            "summary": f"{cores} cores, {mem:.0f} GiB, Python {platform.python_version()}"}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1MB,10MB", help="corpus sizes for throughput and time vs size")
    ap.add_argument("--sample", default="200kB", help="text given to every system side by side")
    ap.add_argument("--rss-sizes", default="10MB", help="corpus sizes for the streaming peak-RSS runs")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rss-jobs", type=int, default=1, help="worker processes for the peak-RSS runs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--publish", action="store_true", help="copy the results to benchmarks/latest.{json,png}")
    ap.add_argument("--rss-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rss_child:
        rss_child(args.rss_child, args.jobs)
        return

    import figures

    results: dict = {"figures_version": figures.__version__, "machine": machine(), "jobs": args.jobs,
                     "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "seed": args.seed}
    print("cold start ...", flush=True)
    results["cold_start"] = cold_start()
    print(json.dumps(results["cold_start"]), flush=True)

    figures.extract("warm up: 5 people")  # pack load is reported by cold start, not throughput
    sizes = [make_corpus.parse_size(s) for s in args.sizes.split(",")]
    results["by_size"] = []
    for size in sizes:
        path = corpus(size, "en", args.seed)
        docs = load_docs(path)
        nb = nbytes(docs)
        row = {"MB": round(nb / 1e6, 3), "documents": len(docs), "corpus": path.name}
        rows, wall = run_figures(docs, 1)
        row["figures_rows"] = rows
        row["figures_jobs1"] = rate(nb, len(docs), wall)
        row["figures_jobs1"]["cpu_seconds"] = round(LAST_CPU["seconds"], 3)
        row["figures_jobs1"]["MB_per_cpu_s"] = round(nb / LAST_CPU["seconds"] / 1e6, 4)
        if args.jobs > 1:
            rows_n, wall_n = run_figures(docs, args.jobs)
            assert rows_n == rows, "jobs changed the table"
            row[f"figures_jobs{args.jobs}"] = rate(nb, len(docs), wall_n, args.jobs)
            row[f"figures_jobs{args.jobs}"]["cpu_seconds"] = round(LAST_CPU["seconds"], 3)
            row["speedup"] = round(wall / wall_n, 3)
        hits, wall_s = run_scan(docs)
        row["scan"] = {"hits": hits, **rate(nb, len(docs), wall_s)}
        row["figures_vs_scan"] = round(wall / wall_s, 2)
        row["loadavg_1min"] = os.getloadavg()[0]  # > cores means other work shared the machine
        results["by_size"].append(row)
        print(json.dumps(row), flush=True)
        del docs

    sample = load_docs(corpus(sizes[0], "en", args.seed), make_corpus.parse_size(args.sample))
    results["sample_MB"] = nbytes(sample) / 1e6
    results["loadavg_at_side_by_side"] = os.getloadavg()
    side = [optional("figures (1 core)", lambda d: run_figures(d, 1), sample),
            optional("bare candidate scan", run_scan, sample),
            optional("quantulum3", run_quantulum, sample),
            optional("Recognizers-Text (5 models)", run_recognizers, sample)]
    results["side_by_side"] = side
    base = side[0]["MB_per_s"]
    for r in side[1:]:
        if "MB_per_s" in r:
            r["figures_speed_ratio"] = round(base / r["MB_per_s"], 3)
    print(json.dumps(side, indent=1), flush=True)

    results["peak_rss"] = []
    for size in [make_corpus.parse_size(s) for s in args.rss_sizes.split(",") if s]:
        path = corpus(size, "en", args.seed)
        rec = {"MB": round(path.stat().st_size / 1e6, 1), "jobs": args.rss_jobs, **peak_rss(path, args.rss_jobs)}
        results["peak_rss"].append(rec)
        print(json.dumps(rec), flush=True)

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    jpath, ppath = RESULTS / f"bench-{stamp}.json", RESULTS / f"bench-{stamp}.png"
    jpath.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results, ppath)
    print(jpath, ppath)
    if args.publish:
        shutil.copy(jpath, HERE / "latest.json")
        shutil.copy(ppath, HERE / "latest.png")


if __name__ == "__main__":
    main()

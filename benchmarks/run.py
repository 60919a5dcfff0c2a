#!/usr/bin/env python3
"""Throughput, memory and cold start of `figures`, side by side with other systems on the same text.

    PYTHONPATH=. .venv/bin/python benchmarks/run.py                  # ~1-2 min: 1 MB news + 1 MB dense
    PYTHONPATH=. .venv/bin/python benchmarks/run.py --sizes 1MB,10MB --jobs 2 --rss-sizes 10MB --publish

Measures, on two English corpora from make_corpus.py (same seed, same bytes every
run): `news` (about 2 figures per KB, like the seed articles) and `dense` (about 9):

* figures: `extract_many(docs)` with language detection on (the full pipeline down to
  the DataFrame), with jobs=1 and optionally jobs=N: wall and CPU time, MB/s per CPU-second;
* side by side on a sample of each corpus, in one run, CPU seconds and ratios: figures,
  the bare candidate scan (one compiled regex over digits and number words, the English
  pack's trigger: the ceiling of a regex pipeline that must look at every character),
  quantulum3 (`parser.parse`) and Microsoft Recognizers-Text (5 models; the `bench` extra);
* `figures.extract()` called once per one-sentence text (fixed per-call costs);
* cold start: a fresh interpreter running import + pack load + a first extract whose
  sentence has a unit (so pint's part is counted);
* which engine ran (`figures.compiled()`: the Cython-compiled modules, or pure Python) and, side
  by side in fresh processes, the compiled engine against the pure-Python one (`FIGURES_PURE=1`)
  on each corpus and on one-sentence calls (skipped, saying so, where nothing is compiled);
* optionally, peak RSS of a streaming run (`figures.stream.extract_to` to Parquet) in a
  fresh process per corpus size.

The machine is shared (2 cores, 8 helpers this session): CPU time is the figure to
read; wall time and the load average are recorded beside it.

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
SENTENCE = "Strikes killed at least 20 people and wounded about 35 others 12 km from the border."
COLD_SNIPPET = (
    "import time; t0 = time.perf_counter(); import figures; t1 = time.perf_counter(); "
    f"df = figures.extract({SENTENCE!r}); t2 = time.perf_counter(); "
    "import json, sys; print(json.dumps({'import': t1 - t0, 'first_extract': t2 - t1, 'total': t2 - t0, "
    "'rows': len(df), 'pandas_loaded': 'pandas' in sys.modules, 'pint_loaded': 'pint' in sys.modules, "
    "'quantulum3_loaded': 'quantulum3' in sys.modules}))"
)


DENSITIES = ("news", "dense")


def corpus(size: int, lang: str = "en", seed: int = 0, density: str = "dense") -> Path:
    tag = "" if density == "dense" else f"-{density}"
    path = CORPUS / f"{lang}{tag}-{_label(size)}-s{seed}.jsonl"
    if not path.is_file():
        make_corpus.write(path, size, lang, seed, "jsonl", density)
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
    """(result, wall seconds, CPU seconds of this process)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0, time.process_time() - c0


def rate(nb: int, ndocs: int, wall: float, cores: int = 1) -> dict:
    return {"seconds": round(wall, 4), "MB_per_s": round(nb / wall / 1e6, 4),
            "docs_per_s": round(ndocs / wall, 2),
            "MB_per_s_per_core": round(nb / wall / 1e6 / cores, 4)}


# --------------------------------------------------------------------------- systems
# Each returns (items found, wall seconds, CPU seconds) for the same documents.

def run_figures(docs, jobs: int = 1, lang: str | None = None) -> tuple[int, float, float]:
    """Rows, wall and CPU seconds (this process + its finished workers)."""
    import resource
    import warnings

    import figures

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df, wall, cpu = timed(figures.extract_many, docs, lang=lang, jobs=jobs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return len(df), wall, cpu


def scan_pattern():
    """One regex over digits and the English pack's number words (cardinals, scales, fractions,
    approximatives, vague amounts): the candidate scan any regex pipeline has to make."""
    import regex

    from figures import packs
    from figures.lexicon import trie_pattern

    g = packs.load("en").grammar
    words = [w for table in ("cardinals", "scales", "fractions", "approximatives", "vague")
             for w in (getattr(g, table, None) or {})]
    return regex.compile(r"\d+|\b(?:" + trie_pattern(words) + r")\b", regex.IGNORECASE)


def run_scan(docs) -> tuple[int, float, float]:
    trigger = scan_pattern()

    def scan():
        return sum(1 for _, text in docs for _ in trigger.finditer(text))

    return timed(scan)


def run_quantulum(docs) -> tuple[int, float, float]:
    import warnings

    from quantulum3 import parser

    parser.parse("warm up 5 km")  # its first call loads models and builds regexes
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timed(lambda: sum(len(parser.parse(text)) for _, text in docs))


def run_recognizers(docs) -> tuple[int, float, float]:
    from recognizers_suite import (Culture, recognize_age, recognize_currency, recognize_dimension,
                                   recognize_number, recognize_percentage)

    models = (recognize_number, recognize_dimension, recognize_currency, recognize_percentage, recognize_age)
    for model in models:
        model("warm up 5 km", Culture.English)
    return timed(lambda: sum(len(model(text, Culture.English)) for _, text in docs for model in models))


def optional(name: str, fn, docs) -> dict:
    try:
        found, wall, cpu = fn(docs)
    except ImportError as e:
        return {"system": name, "error": f"{type(e).__name__}: {e}"}
    nb = nbytes(docs)
    return {"system": name, "found": found, **rate(nb, len(docs), wall), "cpu_seconds": round(cpu, 4),
            "MB_per_cpu_s": round(nb / cpu / 1e6, 4) if cpu else None}


def side_by_side(docs) -> list[dict]:
    """figures, the bare scan, quantulum3 and Recognizers-Text on the same documents, with ratios
    of CPU time to figures' (a ratio above 1: that system is slower than figures by that factor)."""
    side = [optional("figures (lang=None)", run_figures, docs),
            optional("bare candidate scan", run_scan, docs),
            optional("quantulum3", run_quantulum, docs),
            optional("Recognizers-Text (5 models)", run_recognizers, docs)]
    base = side[0]["cpu_seconds"]
    for r in side:
        if "cpu_seconds" in r and r["cpu_seconds"]:
            r["cpu_vs_figures"] = round(r["cpu_seconds"] / base, 4)
    return side


def per_call(repeat: int = 300) -> dict:
    """figures.extract() on one sentence, called `repeat` times: the fixed cost of one call."""
    import warnings

    import figures

    out = {"sentence": SENTENCE, "calls": repeat}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lang in ("en", None):
            figures.extract(SENTENCE, lang=lang)
            _, wall, cpu = timed(lambda: [figures.extract(SENTENCE, lang=lang) for _ in range(repeat)])
            key = "lang_en" if lang else "lang_none"
            out[key] = {"ms_per_call_cpu": round(cpu / repeat * 1e3, 4), "ms_per_call_wall": round(wall / repeat * 1e3, 4)}
    return out


# --------------------------------------------------------------------------- fresh processes

def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def cold_start(repeat: int = 3) -> dict:
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


def engine() -> dict:
    """Which engine runs here: the compiled modules (figures.compiled()) or pure Python."""
    import figures

    state = figures.compiled()
    running = sorted(m for m, s in state.items() if s == "compiled")
    return {"path": "compiled" if running else "pure", "compiled_modules": running, "state": state}


def path_child(mode: str, paths: list[str], repeat: int = 2) -> None:  # paths: ["news=<path>", ...]
    """In a fresh process (FIGURES_PURE set or not by the parent): MB per CPU-second on each corpus,
    best of `repeat`, and extract() per call on one sentence."""
    import warnings

    import figures

    warnings.simplefilter("ignore")
    out: dict = {"mode": mode, **engine(), "corpora": {}}
    figures.extract("warm up: 5 people 3 km away", lang="en")
    for arg in paths:  # density=path
        name, _, path = arg.partition("=")
        docs = load_docs(Path(path))
        figures.extract_many(docs[:20], lang="en")
        best = min(timed(figures.extract_many, docs, lang="en")[2] for _ in range(repeat))
        out["corpora"][name] = round(nbytes(docs) / best / 1e6, 4)
    calls = 300
    best = min(timed(lambda: [figures.extract(SENTENCE, lang="en") for _ in range(calls)])[2] for _ in range(repeat))
    out["per_call_ms_cpu"] = round(best / calls * 1e3, 4)
    print(json.dumps(out))


def compiled_vs_pure(paths: dict[str, Path]) -> dict:
    """The same corpora and sentence through the compiled engine and the pure-Python one (fresh
    processes, the same installation, FIGURES_PURE=1 for the second): CPU MB/s, ms per call, ratios."""
    here = engine()
    if here["path"] != "compiled":
        return {"skipped": "no compiled build here (pip install . compiles the engine where a C compiler is)",
                "state": here["state"]}
    out: dict = {}
    for mode in ("compiled", "pure"):
        env = _env()
        env.pop("FIGURES_PURE", None)
        if mode == "pure":
            env["FIGURES_PURE"] = "1"
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--path-child", mode,
                               *(f"{d}={p}" for d, p in paths.items())], capture_output=True, text=True, env=env, check=True)
        out[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    c, p = out["compiled"], out["pure"]
    out["speedup"] = {name: round(c["corpora"][name] / p["corpora"][name], 3) for name in c["corpora"]}
    out["speedup"]["per_call"] = round(p["per_call_ms_cpu"] / c["per_call_ms_cpu"], 3)
    return out


# --------------------------------------------------------------------------- report

def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    blocks = results["side_by_side"]
    fig, axes = plt.subplots(1, max(len(blocks), 1), figsize=(6 * max(len(blocks), 1), 4.4), squeeze=False)
    for ax, (density, block) in zip(axes[0], blocks.items()):
        side = [r for r in block["systems"] if r.get("MB_per_cpu_s")]
        names = [r["system"] for r in side]
        values = [r["MB_per_cpu_s"] for r in side]
        bars = ax.barh(names, values, color=["#2b6cb0" if n.startswith("figures") else "#a0aec0" for n in names])
        ax.set_xscale("log")
        ax.set_xlabel("MB per CPU-second (log scale)")
        ax.set_title(f"{density} corpus, same {block['MB']:.2f} MB sample")
        for bar, v in zip(bars, values):
            ax.text(v, bar.get_y() + bar.get_height() / 2, f" {v:.3g}", va="center", fontsize=8)
        ax.invert_yaxis()
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
    ap.add_argument("--sizes", default="1MB", help="corpus sizes for throughput and time vs size")
    ap.add_argument("--densities", default=",".join(DENSITIES), help="news, dense or both")
    ap.add_argument("--sample", default="100kB", help="text of each corpus given to every system side by side")
    ap.add_argument("--rss-sizes", default="", help="corpus sizes for the streaming peak-RSS runs (none by default)")
    ap.add_argument("--jobs", type=int, default=1, help="also time extract_many with this many workers")
    ap.add_argument("--rss-jobs", type=int, default=1, help="worker processes for the peak-RSS runs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--publish", action="store_true", help="copy the results to benchmarks/latest.{json,png}")
    ap.add_argument("--no-paths", action="store_true", help="leave out the compiled-vs-pure comparison")
    ap.add_argument("--rss-child", help=argparse.SUPPRESS)
    ap.add_argument("--path-child", help=argparse.SUPPRESS)
    args, rest = ap.parse_known_args(argv)
    if args.rss_child:
        rss_child(args.rss_child, args.jobs)
        return
    if args.path_child:
        path_child(args.path_child, rest)
        return
    if rest:
        ap.error(f"unrecognized arguments: {' '.join(rest)}")

    import figures

    results: dict = {"figures_version": figures.__version__, "machine": machine(), "jobs": args.jobs,
                     "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "seed": args.seed,
                     "loadavg_at_start": os.getloadavg(), "engine": engine()}
    print("engine:", results["engine"]["path"], results["engine"]["compiled_modules"], flush=True)
    print("cold start ...", flush=True)
    results["cold_start"] = cold_start()
    print(json.dumps(results["cold_start"]), flush=True)

    figures.extract("warm up: 5 people 3 km away")  # pack load is reported by cold start, not throughput
    results["per_call"] = per_call()
    print(json.dumps(results["per_call"]), flush=True)

    sizes = [make_corpus.parse_size(s) for s in args.sizes.split(",")]
    densities = [d for d in args.densities.split(",") if d]
    results["by_size"], results["side_by_side"] = [], {}
    for density in densities:
        for size in sizes:
            path = corpus(size, "en", args.seed, density)
            docs = load_docs(path)
            nb = nbytes(docs)
            row = {"density": density, "MB": round(nb / 1e6, 3), "documents": len(docs), "corpus": path.name}
            rows, wall, cpu = run_figures(docs, 1)
            row["figures_rows"] = rows
            row["figures_per_KB"] = round(rows / nb * 1e3, 2)
            row["figures_jobs1"] = {**rate(nb, len(docs), wall), "cpu_seconds": round(cpu, 3),
                                    "MB_per_cpu_s": round(nb / cpu / 1e6, 4)}
            if args.jobs > 1:
                rows_n, wall_n, cpu_n = run_figures(docs, args.jobs)
                assert rows_n == rows, "jobs changed the table"
                row[f"figures_jobs{args.jobs}"] = {**rate(nb, len(docs), wall_n, args.jobs),
                                                   "cpu_seconds": round(cpu_n, 3)}
                row["speedup"] = round(wall / wall_n, 3)
            hits, wall_s, cpu_s = run_scan(docs)
            row["scan"] = {"hits": hits, **rate(nb, len(docs), wall_s), "cpu_seconds": round(cpu_s, 4)}
            row["figures_vs_scan_cpu"] = round(cpu / cpu_s, 2)
            row["loadavg_1min"] = os.getloadavg()[0]  # > cores means other work shared the machine
            results["by_size"].append(row)
            print(json.dumps(row), flush=True)
            del docs
        sample = load_docs(corpus(sizes[0], "en", args.seed, density), make_corpus.parse_size(args.sample))
        side = side_by_side(sample)
        results["side_by_side"][density] = {"MB": round(nbytes(sample) / 1e6, 4), "documents": len(sample),
                                            "loadavg_1min": os.getloadavg()[0], "systems": side}
        print(json.dumps(results["side_by_side"][density], indent=1), flush=True)

    if not args.no_paths:
        print("compiled vs pure ...", flush=True)
        results["compiled_vs_pure"] = compiled_vs_pure({d: corpus(sizes[0], "en", args.seed, d) for d in densities})
        print(json.dumps(results["compiled_vs_pure"].get("speedup", results["compiled_vs_pure"])), flush=True)

    results["peak_rss"] = []
    for size in [make_corpus.parse_size(s) for s in args.rss_sizes.split(",") if s]:
        path = corpus(size, "en", args.seed)
        rec = {"MB": round(path.stat().st_size / 1e6, 1), "jobs": args.rss_jobs, **peak_rss(path, args.rss_jobs)}
        results["peak_rss"].append(rec)
        print(json.dumps(rec), flush=True)

    print(summary(results))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    jpath, ppath = RESULTS / f"bench-{stamp}.json", RESULTS / f"bench-{stamp}.png"
    jpath.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results, ppath)
    print(jpath, ppath)
    if args.publish:
        shutil.copy(jpath, HERE / "latest.json")
        shutil.copy(ppath, HERE / "latest.png")


def summary(results: dict) -> str:
    """The side-by-side table as text: CPU MB/s and each system's CPU time as a multiple of figures'."""
    lines = [f"\nside by side (CPU time; load average {results['loadavg_at_start'][0]:.1f} at start)",
             f"{'corpus':<7} {'system':<30} {'MB/CPU-s':>9} {'x figures':>10}"]
    for density, block in results["side_by_side"].items():
        for r in block["systems"]:
            if "cpu_seconds" in r:
                lines.append(f"{density:<7} {r['system']:<30} {r['MB_per_cpu_s']:>9.3f} {r['cpu_vs_figures']:>10.3f}")
            else:
                lines.append(f"{density:<7} {r['system']:<30} {'n/a':>9} {r['error'][:30]:>10}")
    pc = results["per_call"]
    lines.append(f"extract() on one sentence: {pc['lang_en']['ms_per_call_cpu']:.3f} ms (lang='en'), "
                 f"{pc['lang_none']['ms_per_call_cpu']:.3f} ms (lang=None) CPU per call")
    eng = results["engine"]
    lines.append(f"engine: {eng['path']}" + (f" ({len(eng['compiled_modules'])} modules compiled: "
                                              f"{', '.join(eng['compiled_modules'])})" if eng["compiled_modules"] else ""))
    cvp = results.get("compiled_vs_pure") or {}
    if "speedup" in cvp:
        lines.append(f"{'':<7} {'':<30} {'compiled':>9} {'pure':>9} {'speed-up':>9}")
        for name, ratio in cvp["speedup"].items():
            if name == "per_call":
                lines.append(f"{'':<7} {'extract(), ms per call':<30} {cvp['compiled']['per_call_ms_cpu']:>9.3f} "
                             f"{cvp['pure']['per_call_ms_cpu']:>9.3f} {ratio:>8.2f}x")
            else:
                lines.append(f"{'':<7} {name + ', MB/CPU-s':<30} {cvp['compiled']['corpora'][name]:>9.3f} "
                             f"{cvp['pure']['corpora'][name]:>9.3f} {ratio:>8.2f}x")
    elif cvp:
        lines.append(f"compiled vs pure: {cvp.get('skipped')}")
    cs = results["cold_start"]
    lines.append(f"cold start (import + pack + first extract with a unit): {cs['total']:.3f} s "
                 f"(import {cs['import']:.3f} s); pint loaded: {cs['pint_loaded']}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

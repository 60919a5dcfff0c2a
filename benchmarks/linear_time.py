"""Is extraction time linear in document length? Prints the 1 KB vs 1 MB time ratio.

    PYTHONPATH=. python benchmarks/linear_time.py [--small 1000] [--large 1000000] [--lang en] [--stages]

For each kind of document (news text built from the seed documents and the
gold passages, and hostile shapes: dense figures, a run of digits, number
words, separator runs, one "sentence" with no punctuation), the script builds
a small and a large document of the same material, times `figures.extract`
on each (best of a few runs, CPU time), and prints the ratio. Linear time gives a ratio
near large/small (1000); fixed per-call costs push it below that, anything
super-linear pushes it well above. Exit status 1 when a ratio exceeds
`--fail-above` times large/small (default 3: a ratio above 3000).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import figures  # noqa: E402


def news_text() -> str:
    """Real news prose: the seed documents and any gold passages beside the checkout."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted((ROOT.parent / "shared" / "gold").glob("*-en.jsonl")):
        with open(path, encoding="utf-8") as fh:
            parts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return "\n\n".join(parts)


KINDS = {
    "news": None,  # filled in main()
    "dense figures": "killed 12 people, about 3.5 miles, at least 40 hours; ",
    "digit run": "7",
    "number words": "seven ",
    "hyphenated words": "twenty-",
    "separators": "1,,,,,2 ..... ",
    "no punctuation": "at least twenty people and more than 3 000 tons ",
    "1,1,1,": "1,",
    "0-1-2-": lambda k: f"{k}-",
    "1 to 2 to 3": lambda k: f"{k} to ",
    "comma list": lambda k: f"{k % 97 + 3} killed, ",
    "hr od 1 do 2": lambda k: ("od " if k == 0 else "") + f"{k} do ",
    "1.000.000": lambda k: "1" if k == 0 else ".000",
    "e-mail like": "press2016@un.org ",
}
LANGS = {"hr od 1 do 2": "hr"}


def sized(unit, n: int) -> str:
    if callable(unit):
        parts, size, k = [], 0, 0
        while size < n:
            piece = unit(k)
            parts.append(piece)
            size += len(piece)
            k += 1
        return "".join(parts)[:n]
    return (unit * (n // len(unit) + 1))[:n]


class ContextClock:
    """CPU time spent in the context stage (figures/context.py `attach`), for `--stages`."""

    def __init__(self):
        from figures import pipeline

        self.seconds, self._attach = 0.0, pipeline.context.attach
        pipeline.context.attach = self

    def __call__(self, *args, **kwargs):
        t0 = time.process_time()
        try:
            return self._attach(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - t0


def best(text: str, lang: str, budget: float = 1.0, runs: int = 20, clock: ContextClock | None = None):
    """CPU seconds of the fastest of up to `runs` runs, stopping once `budget` seconds are spent (at
    least one run), and of its context stage (0 without a `clock`)."""
    times: list[tuple[float, float]] = []
    while not times or (len(times) < runs and sum(t for t, _ in times) < budget):
        if clock is not None:
            clock.seconds = 0.0
        t0 = time.process_time()
        figures.extract(text, lang=lang)
        times.append((time.process_time() - t0, clock.seconds if clock is not None else 0.0))
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1_000)
    ap.add_argument("--large", type=int, default=1_000_000)
    ap.add_argument("--lang", default="en")
    ap.add_argument("--kinds", nargs="*", default=list(KINDS))
    ap.add_argument("--fail-above", type=float, default=3.0)
    ap.add_argument("--stages", action="store_true", help="also the context stage's µs per character")
    args = ap.parse_args(argv)
    clock = ContextClock() if args.stages else None
    warnings.simplefilter("ignore")
    KINDS["news"] = news_text() + "\n\n"
    figures.extract("warm up: 5 people", lang=args.lang)  # load the pack outside the timings
    if "news" in args.kinds:
        args.kinds = ["news"] + [k for k in args.kinds if k != "news"]  # the baseline per character
    expected = args.large / args.small
    print(f"{'document':<18} {'small s':>9} {'large s':>9} {'ratio':>8} {'µs/char':>8} {'x news':>7}"
          + (f" {'context':>8}" if clock else "") + f"   (CPU; linear: ratio ~{expected:.0f})")
    worst, news_cost = 0.0, None
    for kind in args.kinds:
        unit = KINDS[kind]
        lang = LANGS.get(kind, args.lang)
        figures.extract("warm up: 5", lang=lang)
        small, large = sized(unit, args.small), sized(unit, args.large)
        t_small, _ = best(small, lang)
        t_large, t_context = best(large, lang, budget=2.0, clock=clock)
        ratio = t_large / max(t_small, 1e-9)
        cost = t_large / len(large) * 1e6  # µs per character on the large document
        news_cost = cost if kind == "news" else news_cost
        rel = f"{cost / news_cost:7.1f}" if news_cost else f"{'':>7}"
        worst = max(worst, ratio / expected)
        stage = f" {t_context / len(large) * 1e6:8.2f}" if clock else ""
        print(f"{kind:<18} {t_small:9.4f} {t_large:9.2f} {ratio:8.0f} {cost:8.2f} {rel}{stage}", flush=True)
    return 1 if worst > args.fail_above else 0


if __name__ == "__main__":
    sys.exit(main())

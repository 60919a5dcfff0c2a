"""CPU time to compile every installed pack from scratch, and the largest regex any pack holds.

    PYTHONPATH=. python benchmarks/compile_time.py

The token engine needs no large patterns: numerals, units, cues and rules are
dictionary lookups over tokens, and the only regexes left describe one
token's shape (`/\\d{1,2}/` in a rule) or cut the text into tokens. The
script builds each pack with the cache off (`FIGURES_CACHE=0`), times it in
CPU seconds (time.process_time), then walks the compiled pack for every
compiled regex and reports the longest source pattern. pint's registry is
loaded once before the timings (it is not part of compiling a pack).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["FIGURES_CACHE"] = "0"

import regex  # noqa: E402

from figures import packs, units  # noqa: E402


def patterns(obj, seen=None):
    """Every compiled regex reachable from obj (attributes, containers)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, (regex.Pattern,)) or type(obj).__name__ == "Pattern":
        yield obj
        return
    if isinstance(obj, dict):
        for v in list(obj.keys()) + list(obj.values()):
            yield from patterns(v, seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for v in obj:
            yield from patterns(v, seen)
    elif hasattr(obj, "__dict__") or hasattr(obj, "__slots__"):
        for name in list(getattr(obj, "__dict__", {})) + list(getattr(type(obj), "__slots__", ())):
            if hasattr(obj, name):
                yield from patterns(getattr(obj, name), seen)


def main() -> int:
    units.is_known("meter")  # pint's registry (or its facts file) once, outside the timings
    total, largest = 0.0, (0, "")
    print(f"{'pack':<6} {'CPU s':>7} {'rules':>6} {'largest regex':>14}")
    for lang in packs.languages():
        t0 = time.process_time()
        pack = packs.Pack(lang, packs.patterns_dir())
        dt = time.process_time() - t0
        total += dt
        sizes = [(len(p.pattern), p.pattern) for p in patterns(pack)]
        big = max(sizes, default=(0, ""))
        largest = max(largest, big)
        print(f"{lang:<6} {dt:7.3f} {len(pack.rules):6d} {big[0]:14d}")
    print(f"all    {total:7.3f}   (target: under 2 s CPU)")
    print(f"largest compiled regex: {largest[0]} characters: {largest[1][:80]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

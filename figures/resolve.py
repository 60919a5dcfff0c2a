"""Ordered refiners over candidates; every drop carries its reason.

1. `overlap`: the one overlap policy — longest span first, then higher
   priority, then leftmost. Exclusion rules (dates, years, clock times,
   identifiers) compete under the same policy, so "Oct. 19" beats "19" and
   "between 8 a.m. and 4 p.m." beats "8 a.m.".
2. `drop_exclusions`: winning exclusions veto the span; they never become rows.
3. `inherit_brackets`: a conversion in brackets right after a figure of the
   same dimension takes that figure's qualifier ("up to 115 mph (185 km/h)").
"""
from __future__ import annotations

import bisect
from dataclasses import replace

import regex

from .rules import BOUNDS
from .types import Candidate, Drop

_BRACKET_GAP = regex.compile(r"\s*[(\[/]\s*")


def overlap(cands: list[Candidate]) -> tuple[list[Candidate], list[Drop]]:
    """Keep a non-overlapping set: longest, then highest priority, then leftmost."""
    order = sorted(set(cands), key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.rule))
    starts: list[int] = []
    kept_sorted: list[Candidate] = []
    drops: list[Drop] = []
    for c in order:
        i = bisect.bisect_left(starts, c.start)
        clash = None
        if i > 0 and kept_sorted[i - 1].end > c.start:
            clash = kept_sorted[i - 1]
        elif i < len(kept_sorted) and kept_sorted[i].start < c.end:
            clash = kept_sorted[i]
        if clash is not None:
            why = "vetoed by exclusion" if clash.exclude else "overlaps a longer or stronger figure"
            drops.append(Drop(c, "overlap", f"{why} {clash.rule} [{clash.start}:{clash.end}]"))
            continue
        starts.insert(i, c.start)
        kept_sorted.insert(i, c)
    return kept_sorted, drops


def drop_exclusions(cands: list[Candidate]) -> tuple[list[Candidate], list[Drop]]:
    """Exclusions have done their work once they won their span."""
    kept = [c for c in cands if not c.exclude]
    drops = [Drop(c, "exclude", f"not a figure ({c.rule})") for c in cands if c.exclude]
    return kept, drops


def inherit_brackets(cands: list[Candidate], text: str, dims: list[str]) -> list[Candidate]:
    """A bracketed or slashed conversion inherits the qualifier of the figure it converts."""
    out = list(cands)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        if (cur.qualifier == "exact" and prev.qualifier in BOUNDS and prev.qualifier != "exact"
                and prev.unit and cur.unit and dims[i] == dims[i - 1] and cur.value is not None
                and _BRACKET_GAP.fullmatch(text, prev.end, cur.start)):
            low, high = BOUNDS[prev.qualifier](cur.value)
            out[i] = replace(cur, qualifier=prev.qualifier, low=low, high=high)
    return out

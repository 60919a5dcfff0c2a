"""Figures placed in their text as <mark>s, each with its reading visible and a link to its table row.

A mark is cut from the document by the row's start/end offsets and placed only
where `doc[start:end] == text` holds, so a stale or mismatched table cannot
highlight the wrong words. Without the document (a report rendered from a
figures table alone) the rows' sentences stand in for it (`from_sentences`).
"""
from __future__ import annotations

from typing import Any

import html
import math

import pandas as pd

from .palette import style_key

QUALIFIER_SIGNS = {"at_least": "≥", "more_than": ">", "at_most": "≤", "less_than": "<", "approx": "~"}


def num(value: Any, missing: str = "") -> str:
    """A number for people: thousands separated, no trailing '.0'."""
    if blank(value):
        return missing
    v = float(value)
    if not math.isfinite(v):
        return str(v)
    return f"{int(v):,}" if v == int(v) and abs(v) < 1e15 else f"{v:,.6g}"


def reading(row: dict) -> str:
    """The short reading shown after a mark: bounds or value, unit, category ("≥20 killed")."""
    value, low, high = row.get("value"), row.get("low"), row.get("high")
    qualifier = text(row.get("qualifier"))
    if blank(value) and not blank(low) and not blank(high):
        amount = f"{num(low)}–{num(high)}" if low != high else num(low)
    elif blank(value):
        amount = f"≥{num(low)}" if not blank(low) else f"≤{num(high)}" if not blank(high) else "?"
    else:
        amount = QUALIFIER_SIGNS.get(qualifier, "") + num(value)
    words = [amount, text(row.get("unit")).replace("_", " ")]
    if text(row.get("category")):
        words.append(text(row["category"]))
    return " ".join(w for w in words if w)


def mark_up(doc: str, rows: list[dict], first_id: int = 0) -> tuple[str, list[int | None]]:
    """The document as escaped HTML with a <mark> per placeable row.

    Row i (in the order given) gets id `m{first_id + i}` and links to `#r{first_id + i}`; the
    second result holds, per row, that id number or None when the row could not be placed
    (overlapping, out of range, or offsets that do not fit this text).
    """
    order = sorted(range(len(rows)), key=lambda i: (_int(rows[i].get("start")), _int(rows[i].get("end"))))
    placed: list[int | None] = [None] * len(rows)
    out, pos = [], 0
    for i in order:
        row = rows[i]
        start, end = row.get("start"), row.get("end")
        if start is None or end is None or blank(start) or blank(end):
            continue
        start, end = int(start), int(end)
        if start < pos or end > len(doc) or start >= end or (
                text(row.get("text")) and doc[start:end] != row["text"]):
            continue
        n = first_id + i
        css, _ = style_key(row.get("category"), row.get("dimension"))
        out.append(html.escape(doc[pos:start], quote=False))
        said = reading(row)  # shown after the mark unless the words already say exactly that
        shown = f' data-v="{html.escape(said)}"' if said != doc[start:end] else ""
        out.append(f"<mark id=m{n} class={css}{shown}>"
                   f"<a href=#r{n}>{html.escape(doc[start:end], quote=False)}</a></mark>")
        placed[i] = n
        pos = end
    out.append(html.escape(doc[pos:], quote=False))
    return "".join(out), placed


def from_sentences(rows: list[dict], gap: str = "\n…\n") -> tuple[str, list[dict]]:
    """A stand-in text made of the rows' sentences, and the rows with offsets into it.

    Each sentence's start in the lost document is the one that lets most of its rows' texts
    sit at their stated offsets; rows that fit nowhere keep offsets that do not match (and
    are then not marked).
    """
    by_sentence: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_sentence.setdefault(text(row.get("sentence")) or text(row.get("text")), []).append(i)
    pieces: list[str] = []
    moved, offset = [dict(r) for r in rows], 0
    for sentence, members in by_sentence.items():
        if pieces:
            pieces.append(gap)
            offset += len(gap)
        base = _sentence_start(sentence, [rows[i] for i in members])
        for i in members:
            start, end = rows[i].get("start"), rows[i].get("end")
            if base is not None and start is not None and end is not None and not blank(start) and not blank(end):
                moved[i]["start"], moved[i]["end"] = int(start) - base + offset, int(end) - base + offset
            else:
                moved[i]["start"] = moved[i]["end"] = None
        pieces.append(sentence)
        offset += len(sentence)
    return "".join(pieces), moved


def _sentence_start(sentence: str, rows: list[dict]) -> int | None:
    def fits(base: int) -> int:
        return sum(1 for r in rows if not blank(r.get("start")) and
                   sentence[int(r["start"]) - base:int(r["end"]) - base] == text(r.get("text")))

    best, score = None, 0
    for r in rows:
        word, start = text(r.get("text")), r.get("start")
        if not word or start is None or blank(start):
            continue
        at = sentence.find(word)
        while at >= 0:
            base = int(start) - at
            if (n := fits(base)) > score:
                best, score = base, n
            at = sentence.find(word, at + 1)
    return best


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for display: missing values blank, floats without a trailing '.0'."""
    return df.astype(object).map(lambda v: "" if text(v) == "" else
                                 format(v, ".10g") if isinstance(v, float) else v)


def text(value: object) -> str:
    return "" if blank(value) else str(value)


def blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _int(value: Any) -> int:
    return -1 if blank(value) else int(value)

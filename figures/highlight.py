"""Documents with their figures highlighted, as HTML: one renderer for the report and notebooks.

The page is self-contained (inline CSS, no scripts, no network), so it can be
mailed or archived. Every `<mark>` is cut from the document by the row's
start/end offsets and placed only where `doc[start:end] == text` holds, which
keeps a stale or mismatched table from highlighting the wrong words.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter
from typing import Iterable, Sequence

import pandas as pd

#: Colours for counts of people by casualty category, then for every other dimension.
CATEGORY_COLOURS = {
    "killed": "#e4572e", "injured": "#f3a712", "missing": "#a86ed4", "trapped": "#8d6e63",
    "displaced": "#29a3a3", "evacuated": "#5bba6f", "detained": "#7a7fd1", "affected": "#e58fb0",
}
DIMENSION_COLOURS = {
    "count": "#9ecbf0", "length": "#b5e3a1", "area": "#d7efa1", "volume": "#a1e3d4",
    "mass": "#d9c7a3", "duration": "#f7e08f", "time_window": "#f9cf8f", "ratio": "#c9b8f0",
    "currency": "#9fe0b0", "speed": "#f0b8c9", "temperature": "#f5a3a3", "age": "#c8d6e5",
    "other": "#dddddd",
}
#: Columns of the per-document table under each text.
TABLE_COLUMNS = ["start", "end", "text", "value", "low", "high", "qualifier", "unit", "dimension",
                 "norm_value", "norm_unit", "object", "category", "rule"]

CSS = """
.figures-hl { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
.figures-hl .doc { margin: 1.5em 0 2.5em; }
.figures-hl h2 { font-size: 1.1em; margin: 0 0 .4em; font-family: ui-monospace, monospace; }
.figures-hl .meta { color: #666; font-size: .85em; margin-bottom: .5em; }
.figures-hl .text { white-space: pre-wrap; line-height: 1.6; max-width: 52em; padding: .8em 1em;
  background: #fafafa; border: 1px solid #e3e3e3; border-radius: 4px; }
.figures-hl mark { padding: 0 .15em; border-radius: 3px; cursor: help; color: inherit;
  box-shadow: inset 0 -2px rgba(0,0,0,.25); }
.figures-hl mark.cat { color: #fff; }
.figures-hl .legend { display: flex; flex-wrap: wrap; gap: .4em .9em; font-size: .85em; margin: .5em 0; }
.figures-hl .legend span { white-space: nowrap; }
.figures-hl .swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px;
  vertical-align: -.1em; margin-right: .3em; }
.figures-hl table { border-collapse: collapse; font-size: .8em; margin-top: .8em; }
.figures-hl th, .figures-hl td { border-bottom: 1px solid #e3e3e3; padding: .2em .6em; text-align: left; }
.figures-hl th { background: #f0f0f0; }
.figures-hl nav ol { columns: 2; font-size: .9em; }
"""


def colour(row: pd.Series | dict) -> tuple[str, str]:
    """(css class, colour) of a figure: casualty category for counts, else its dimension."""
    category, dimension = _str(row.get("category")), _str(row.get("dimension")) or "other"
    if dimension == "count" and category in CATEGORY_COLOURS:
        return f"cat cat-{_slug(category)}", CATEGORY_COLOURS[category]
    return f"dim-{_slug(dimension)}", DIMENSION_COLOURS.get(dimension, DIMENSION_COLOURS["other"])


def tooltip(row: pd.Series | dict) -> str:
    """The plain-text tooltip of a figure (becomes the mark's title attribute)."""
    parts = [f"“{_str(row.get('text'))}”", f"value: {_num(row.get('value'))}",
             f"bounds: [{_num(row.get('low'), '−∞')}, {_num(row.get('high'), '+∞')}]",
             f"qualifier: {_str(row.get('qualifier')) or '—'}",
             f"unit: {_str(row.get('unit')) or '—'} ({_str(row.get('dimension')) or '—'})"]
    if _str(row.get("norm_unit")) and row.get("norm_unit") != row.get("unit"):
        parts.append(f"normalised: {_num(row.get('norm_value'))} {row.get('norm_unit')}")
    if _str(row.get("category")) or _str(row.get("object")):
        parts.append(f"category: {_str(row.get('category')) or '—'}; object: {_str(row.get('object')) or '—'}")
    parts.append(f"rule: {_str(row.get('rule')) or '—'}")
    return "\n".join(parts)


def mark_up(text: str, figures: pd.DataFrame) -> tuple[str, int]:
    """The document as escaped HTML with a <mark> per figure; also how many rows could not be placed."""
    out, pos, skipped = [], 0, 0
    rows = figures.sort_values(["start", "end"], kind="stable") if len(figures) else figures
    for row in rows.to_dict("records"):
        start, end = row.get("start"), row.get("end")
        if pd.isna(start) or pd.isna(end):
            skipped += 1
            continue
        start, end = int(start), int(end)
        if start < pos or end > len(text) or start >= end or (
                _str(row.get("text")) and text[start:end] != row["text"]):
            skipped += 1  # overlapping, out of range, or offsets that do not fit this text
            continue
        css, bg = colour(row)
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark class="{css}" style="background:{bg}" title="{html.escape(tooltip(row))}">'
                   f"{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out), skipped


def legend(figures: pd.DataFrame | None = None) -> str:
    """Swatches for the colours in use (all of them when no table is given)."""
    if figures is None or figures.empty:
        keys = [("cat", c) for c in CATEGORY_COLOURS] + [("dim", d) for d in DIMENSION_COLOURS]
    else:
        keys = list(dict.fromkeys(
            ("cat", c) if c else ("dim", d)
            for c, d in (colour_key(r) for r in figures.to_dict("records"))))
    items = []
    for kind, name in keys:
        bg = (CATEGORY_COLOURS if kind == "cat" else DIMENSION_COLOURS).get(name, DIMENSION_COLOURS["other"])
        label = f"count: {name}" if kind == "cat" else name.replace("_", " ")
        items.append(f'<span><i class="swatch" style="background:{bg}"></i>{html.escape(label)}</span>')
    return f'<div class="legend">{"".join(items)}</div>'


def colour_key(row: dict) -> tuple[str | None, str]:
    """(category, dimension) as the legend groups them: category only for counts."""
    dimension = _str(row.get("dimension")) or "other"
    category = _str(row.get("category"))
    return (category if dimension == "count" and category in CATEGORY_COLOURS else None), dimension


def render_document(doc_id: str, text: str, figures: pd.DataFrame, anchor: str | None = None) -> str:
    """One document: heading, highlighted text, and its table."""
    body, skipped = mark_up(text, figures)
    counts = Counter(_str(c) for c in figures["category"].dropna()) if "category" in figures else Counter()
    meta = f"{len(figures)} figure{'s' if len(figures) != 1 else ''}"
    if counts:
        meta += " · " + ", ".join(f"{n} {c}" for c, n in counts.most_common())
    if skipped:
        meta += f" · {skipped} not placed (overlapping or offsets outside this text)"
    langs = sorted({_str(x) for x in figures.get("lang", pd.Series(dtype=object)).dropna()} - {""})
    if langs:
        meta += " · lang " + "/".join(langs)
    shown = readable(figures[[c for c in TABLE_COLUMNS if c in figures.columns]])
    table = shown.to_html(index=False, escape=True, border=0) if len(shown) else ""
    ident = f' id="{html.escape(anchor)}"' if anchor else ""
    return (f'<section class="doc"{ident}><h2>{html.escape(str(doc_id))}</h2>'
            f'<div class="meta">{html.escape(meta)}</div><div class="text">{body}</div>{table}</section>')


def render_fragment(docs: Sequence[tuple[str, str, pd.DataFrame]], max_docs: int | None = None) -> str:
    """Legend plus documents inside a scoped <div> with its own <style> (safe inside a notebook)."""
    figures = _concat([f for _, _, f in docs])
    shown = docs if max_docs is None else docs[:max_docs]
    parts = [f"<style>{CSS}</style>", '<div class="figures-hl">', legend(figures)]
    parts += [render_document(d, t, f, anchor=f"doc-{i}") for i, (d, t, f) in enumerate(shown)]
    if len(shown) < len(docs):
        parts.append(f'<p class="meta">… {len(docs) - len(shown)} more documents not shown.</p>')
    parts.append("</div>")
    return "\n".join(parts)


def render_page(docs: Iterable[tuple[str, str]], table: pd.DataFrame, title: str = "figures report") -> str:
    """A whole HTML page for (doc_id, text) pairs and the figures table that covers them."""
    triples = split(docs, table)
    nav = "".join(f'<li><a href="#doc-{i}">{html.escape(str(d))}</a> ({len(f)})</li>'
                  for i, (d, _, f) in enumerate(triples))
    summary = f"{len(triples)} documents, {len(table)} figures"
    return (f'<!doctype html>\n<html><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title></head><body>\n"
            f'<div class="figures-hl"><h1>{html.escape(title)}</h1><p class="meta">{summary}. '
            f"Hover a highlighted figure for its reading.</p><nav><ol>{nav}</ol></nav></div>\n"
            f"{render_fragment(triples)}\n</body></html>\n")


def split(docs: Iterable[tuple[str, str]], table: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """Pair each document with its rows of the table (by doc_id)."""
    groups = {k: g for k, g in table.groupby(table["doc_id"].astype(object), sort=False)} if len(table) else {}
    empty = table.iloc[0:0]
    return [(doc_id, text, groups.get(str(doc_id), empty)) for doc_id, text in docs]


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for display: missing values blank, floats without a trailing '.0'."""
    return df.astype(object).map(lambda v: "" if _str(v) == "" else
                                 format(v, ".10g") if isinstance(v, float) else v)


class Highlight:
    """Documents and their figures, shown highlighted in a notebook (`_repr_html_`)."""

    def __init__(self, docs: Sequence[tuple[str, str]], table: pd.DataFrame, max_docs: int = 20):
        self.docs, self.table, self.max_docs = list(docs), table, max_docs

    def _repr_html_(self) -> str:
        return render_fragment(split(self.docs, self.table), max_docs=self.max_docs)

    def to_html(self, title: str = "figures report") -> str:
        """The full self-contained page (as `figures highlight` writes it)."""
        return render_page(self.docs, self.table, title=title)

    def save(self, path, title: str = "figures report") -> None:
        """Write the full page to a file."""
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.to_html(title))

    def __repr__(self) -> str:
        return f"<Highlight: {len(self.docs)} documents, {len(self.table)} figures>"


def highlight(text_or_frame: str | pd.DataFrame | pd.Series, lang: str | None = None,
              text_column: str = "text", max_docs: int = 20) -> Highlight:
    """Extract figures and return an object a notebook displays highlighted.

    Accepts one string, a Series of texts, or a DataFrame with `text_column`;
    rows are identified by their index labels (as in `df.figures.extract`).
    """
    import figures as api

    if isinstance(text_or_frame, str):
        docs = [("text", text_or_frame)]
        return Highlight(docs, api.extract(text_or_frame, lang=lang, doc_id="text"), max_docs)
    from .accessor import extract_column

    series = text_or_frame if isinstance(text_or_frame, pd.Series) else _column(text_or_frame, text_column)
    table = extract_column(series, lang=lang)
    docs = [(str(label), text) for label, text in series.items() if isinstance(text, str)]
    return Highlight(docs, table.reset_index(drop=True), max_docs)


def _column(df: pd.DataFrame, column: str) -> pd.Series:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"highlight() takes a string, Series or DataFrame, not {type(df).__name__}")
    if column not in df.columns:
        raise KeyError(f"no text column {column!r} (columns: {', '.join(map(str, df.columns))})")
    return df[column]


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _str(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def _num(value: object, missing: str = "—") -> str:
    if _str(value) == "":
        return missing
    v = float(value)
    return f"{int(v):,}" if math.isfinite(v) and v == int(v) and abs(v) < 1e15 else f"{v:,.6g}"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", name.lower())

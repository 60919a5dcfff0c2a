"""Documents with their figures highlighted: the notebook object and `figures.highlight()`.

The rendering lives in `figures.report` (page and notebook view), `figures.marks`
(marks placed by offsets) and `figures.palette` (colours and their contrast);
this module is the entry point notebooks and the accessor use.
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from . import batch
from .columns import extract_column
from .marks import mark_up, readable, reading  # noqa: F401  (re-exported: older callers import them here)
from .palette import CATEGORY_COLOURS, DIMENSION_COLOURS  # noqa: F401
from .report import collect, render_fragment
from .report import render_page as _render_page
from .tolls import tolls


def render_page(docs, table: pd.DataFrame, title: str = "figures report", meta: dict | None = None,
                tolls: pd.DataFrame | None = None) -> str:
    """A whole HTML page for (doc_id, text) pairs and the figures table that covers them."""
    return _render_page(collect(list(docs), table, meta, tolls), title=title)


class Highlight:
    """Documents and their figures, shown highlighted in a notebook (`_repr_html_`)."""

    def __init__(self, docs: Sequence[tuple[str, str]], table: pd.DataFrame, max_docs: int = 20,
                 meta: dict | None = None, tolls: pd.DataFrame | None = None):
        self.docs, self.table, self.max_docs = list(docs), table, max_docs
        self.meta, self.tolls = meta, tolls

    def _repr_html_(self) -> str:
        return render_fragment(collect(self.docs, self.table, self.meta, self.tolls), max_docs=self.max_docs)

    def to_html(self, title: str = "figures report") -> str:
        """The full self-contained page (as `figures highlight` writes it)."""
        return render_page(self.docs, self.table, title=title, meta=self.meta, tolls=self.tolls)

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
    A DataFrame's `title`, `date` and `outlet` columns head each document, and each
    document's tolls (`figures.tolls`) sit above its text.
    """
    if isinstance(text_or_frame, str):
        docs = [("text", text_or_frame)]
        table = batch.extract_many(docs, lang=lang)
        return Highlight(docs, table, max_docs, tolls=tolls(table, text=dict(docs)))
    if isinstance(text_or_frame, pd.Series):
        series, frame = text_or_frame, None
    else:
        series, frame = _column(text_or_frame, text_column), text_or_frame
    table = extract_column(series, lang=lang)
    docs = [(str(label), text) for label, text in series.items() if isinstance(text, str)]
    meta = None
    if frame is not None and (keys := [k for k in ("title", "date", "outlet") if k in frame.columns]):
        meta = {str(label): {k: v for k, v in row.items() if isinstance(v, str) or pd.notna(v)}
                for label, row in zip(frame.index, frame[keys].to_dict("records"))}
    table = table.reset_index(drop=True)
    return Highlight(docs, table, max_docs, meta=meta, tolls=tolls(table, text=dict(docs)))


def _column(df: pd.DataFrame, column: str) -> pd.Series:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"highlight() takes a string, Series or DataFrame, not {type(df).__name__}")
    if column not in df.columns:
        raise KeyError(f"no text column {column!r} (columns: {', '.join(map(str, df.columns))})")
    return df[column]

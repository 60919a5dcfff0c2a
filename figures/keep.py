"""`--keep-columns`: carry each document's own columns (outlet, date, url, its text) onto its figures.

A table input's row gives its columns (`io.Source.extra`); a file gives
`text` (its text as read: for HTML the main text its offsets point into) and,
for HTML, `title`, `date`, `outlet` and `url` from its markup. A kept name
that is also a figures column (`text`) is written as `source_<name>`. Values
are written as strings, so every part file and chunk has one schema.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import pandas as pd

from . import htmltext, io, table

#: What a file (not a table row) can give.
FILE_COLUMNS = ("text", "title", "date", "outlet", "url")


def output_name(column: str) -> str:
    return f"source_{column}" if column in table.COLUMNS else column


class KeepColumns:
    """A run state (`resume.RunState` or the screen) that first adds the kept columns to each chunk's
    figures. `watch()` wraps the sources so each document's values are known when its figures come."""

    def __init__(self, state, columns: list[str]):
        self.state, self.columns = state, columns
        self._pending: dict[str, io.Source] = {}

    def __getattr__(self, name):  # skip, due, save, finish ... are the wrapped state's
        return getattr(self.state, name)

    def watch(self, sources: Iterable[io.Source]) -> Iterator[io.Source]:
        for src in sources:
            self._pending[src.doc_id] = src
            yield src

    def add(self, doc_ids, found: pd.DataFrame, errors: pd.DataFrame) -> None:
        values = {d: self._values(self._pending.pop(d)) for d in doc_ids if d in self._pending}
        found = found.copy()
        ids = found["doc_id"].astype(object)
        for col in self.columns:
            found[output_name(col)] = pd.array([values.get(d, {}).get(col) for d in ids], dtype="string")
        self.state.add(doc_ids, found, errors)

    def _values(self, src: io.Source) -> dict:
        if src.extra is not None:
            return {k: None if _missing(v) else str(v) for k, v in src.extra.items()}
        wanted = set(self.columns)
        if not wanted & set(FILE_COLUMNS):
            return {}
        try:
            if src.path is not None and htmltext.is_html(str(src.path)):
                page = io.read_html(src.path, src.encoding)
                return {"text": page.text, **page.meta()}
            return {"text": src.load()}
        except (OSError, ValueError):  # unreadable: its error is already in the errors table
            return {}


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array cell
        return False

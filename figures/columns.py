"""Figures of a pandas Series of texts, indexed by the Series' own labels.

The one place that turns a text column into a figures table: the `df.figures`
accessor and `figures.highlight` both use it, so neither imports the other.
"""
from __future__ import annotations

import warnings

import pandas as pd

from . import batch
from . import table as schema


class MissingTextWarning(UserWarning):
    """Some rows had no text (None/NaN) and were skipped."""


def extract_column(texts: pd.Series, lang: str | None = None) -> pd.DataFrame:
    """Figures of every text in a Series, indexed by the Series' index labels."""
    _check_text(texts)
    present = texts.notna().to_numpy()
    if not present.all():
        missing = list(texts.index[~present])
        shown = ", ".join(map(repr, missing[:10])) + (" …" if len(missing) > 10 else "")
        warnings.warn(f"figures: skipped {len(missing)} row(s) with no text in "
                      f"{texts.name!r} (index labels: {shown})", MissingTextWarning, stacklevel=3)
    # Run on positions, not labels, so duplicate labels cannot mix two rows' figures.
    docs = [(str(pos), text) for pos, text in enumerate(texts.tolist()) if present[pos]]
    found, errors = batch.extract_many(docs, lang=lang, return_errors=True)
    if errors is not None and len(errors):
        failed = ", ".join(f"{texts.index[int(d)]!r}: {m}" for d, m in
                           zip(errors["doc_id"].head(5), errors["message"].head(5)))
        warnings.warn(f"figures: {len(errors)} row(s) failed ({failed})", RuntimeWarning, stacklevel=3)
    found = found if len(found) else schema.empty_frame()
    positions = found["doc_id"].astype(int).to_numpy()
    labels = texts.index.take(positions)
    found = found.assign(doc_id=pd.array([str(x) for x in labels], dtype="string"))
    found.index = labels
    return found


def _check_text(texts: pd.Series) -> None:
    """Refuse a column that is not text (numbers, dates, …) with a TypeError that says so."""
    dtype = texts.dtype
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return
    if not (pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype)):
        raise TypeError(f"column {texts.name!r} holds {dtype}, not text")
    for label, value in texts.items():
        if not (isinstance(value, str) or pd.isna(value)):
            raise TypeError(f"column {texts.name!r} holds {type(value).__name__} at index "
                            f"{label!r}, not text")

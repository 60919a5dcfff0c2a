"""Figures -> pandas DataFrame with the columns and dtypes of FIGURES_SPEC §2.

The schema lives here once; every writer, reader and accessor uses it so an
empty result, a Parquet round trip and a Dask `meta` all agree.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from .types import Figure

QUALIFIERS = ["exact", "approx", "at_least", "more_than", "at_most", "less_than", "range", "vague"]
DIMENSIONS = [
    "count", "length", "area", "volume", "mass", "duration", "time_window", "ratio",
    "currency", "speed", "temperature", "age", "other",
]
CATEGORIES = [
    "killed", "injured", "missing", "trapped", "displaced", "evacuated", "detained", "affected",
]

COLUMNS = [
    "doc_id", "lang", "start", "end", "text", "value", "low", "high", "qualifier", "unit",
    "dimension", "norm_value", "norm_unit", "object", "category", "sentence", "rule",
]

DTYPES: dict[str, object] = {
    "doc_id": "string",
    "lang": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "value": "Float64",
    "low": "Float64",
    "high": "Float64",
    "qualifier": pd.CategoricalDtype(QUALIFIERS),
    "unit": "string",
    "dimension": pd.CategoricalDtype(DIMENSIONS),
    "norm_value": "Float64",
    "norm_unit": "string",
    "object": "string",
    "category": pd.CategoricalDtype(CATEGORIES),
    "sentence": "string",
    "rule": "string",
}


def empty_frame() -> pd.DataFrame:
    """A zero-row table that still has every column with its dtype."""
    return coerce(pd.DataFrame({c: pd.Series([], dtype=object) for c in COLUMNS}))


def coerce(df: pd.DataFrame) -> pd.DataFrame:
    """Put columns in spec order and give each its stable dtype."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"figures table is missing columns {missing}")
    out = df[COLUMNS].copy()
    for col, dtype in DTYPES.items():
        if dtype == "Float64":
            out[col] = pd.to_numeric(out[col].astype(object), errors="raise").astype("Float64")
        else:
            out[col] = out[col].astype(dtype)
    return out.reset_index(drop=True)


def to_frame(figures: Iterable[Figure]) -> pd.DataFrame:
    """Build the table from finished figures (in document order)."""
    rows = [
        {
            "doc_id": f.doc_id, "lang": f.lang, "start": f.start, "end": f.end, "text": f.text,
            "value": f.value, "low": f.low, "high": f.high, "qualifier": f.qualifier,
            "unit": f.unit, "dimension": f.dimension, "norm_value": f.norm_value,
            "norm_unit": f.norm_unit, "object": f.object, "category": f.category,
            "sentence": f.sentence, "rule": f.rule,
        }
        for f in figures
    ]
    if not rows:
        return empty_frame()
    return coerce(pd.DataFrame.from_records(rows, columns=COLUMNS))


def concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate figure tables keeping dtypes (categoricals survive)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame()
    return coerce(pd.concat(frames, ignore_index=True))

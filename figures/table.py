"""Figures -> pandas DataFrame with the columns and dtypes of FIGURES_SPEC §2.

The schema lives here once; every writer, reader and accessor uses it so an
empty result, a Parquet round trip and a Dask `meta` all agree.
"""
from __future__ import annotations

import inspect
from operator import attrgetter
from typing import Iterable

import numpy as np
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


_RESOLVED = {c: pd.api.types.pandas_dtype(t) for c, t in DTYPES.items()}  # "string" -> StringDtype(...)
_FLOATS = ("value", "low", "high", "norm_value")
_INTS = ("start", "end")
_CATS = {c: t for c, t in DTYPES.items() if isinstance(t, pd.CategoricalDtype)}
_CODES = {c: {v: i for i, v in enumerate(t.categories)} for c, t in _CATS.items()}
#: the string dtype built once and handed over (pandas >= 3 otherwise builds one per array, reading its options)
_STRING = ({"dtype": _RESOLVED["text"]} if getattr(_RESOLVED["text"], "storage", None) == "pyarrow"
           and "dtype" in inspect.signature(pd.arrays.ArrowStringArray.__init__).parameters else {})


def _strings(values: list) -> pd.api.extensions.ExtensionArray:
    """A `string` column from Python values (None stays missing), built by pyarrow in one call."""
    import pyarrow as pa

    if not all(v is None or type(v) is str for v in values):
        values = [None if v is None or v != v else str(v) for v in values]
    return pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(values, type=pa.large_string())]), **_STRING)


def _floats(values: list) -> pd.arrays.FloatingArray:
    data = np.array([np.nan if v is None else v for v in values], dtype="float64")
    return pd.arrays.FloatingArray(data, np.isnan(data))


def _ints(values: list) -> pd.arrays.IntegerArray:
    mask = np.array([v is None for v in values], dtype=bool)
    data = np.array([0 if v is None else v for v in values], dtype="int64")
    return pd.arrays.IntegerArray(data, mask)


def _categories(col: str, values: list) -> pd.Categorical:
    codes = _CODES[col]
    # a value outside the categories becomes missing, as astype(CategoricalDtype) does
    return pd.Categorical.from_codes(np.array([codes.get(v, -1) for v in values], dtype="int8"),
                                     dtype=_CATS[col])


def from_columns(columns: dict[str, list]) -> pd.DataFrame:
    """The figures table from one Python list per column (in any order), every column typed
    directly (FloatingArray, IntegerArray, Categorical.from_codes, pyarrow strings): one build
    per call or per chunk, no `astype` per column. Equal to `coerce` of the same data."""
    arrays = []
    for col in COLUMNS:
        values = columns[col]
        if col in _FLOATS:
            arrays.append(_floats(values))
        elif col in _INTS:
            arrays.append(_ints(values))
        elif col in _CATS:
            arrays.append(_categories(col, values))
        else:
            arrays.append(_strings(values))
    return _frame(arrays, len(columns[COLUMNS[0]]))


_COLUMN_INDEX = pd.Index(COLUMNS)


def _frame(arrays: list, n: int) -> pd.DataFrame:
    """A DataFrame of ready arrays, one per column of COLUMNS. pandas' `_from_arrays` skips the
    dict constructor's per-column checks (0.04 ms instead of 0.12); the public constructor is
    the fallback should a pandas release drop it (tests compare both paths' frames)."""
    try:
        return pd.DataFrame._from_arrays(arrays, columns=_COLUMN_INDEX, index=pd.RangeIndex(n),
                                         verify_integrity=False)
    except (AttributeError, TypeError):
        return pd.DataFrame(dict(zip(COLUMNS, arrays)), copy=False)


def string_frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """A table of `string` columns from dict records (the errors table), typed in one build."""
    return pd.DataFrame({c: _strings([r.get(c) for r in records]) for c in columns}, copy=False)


_EMPTY: list[pd.DataFrame] = []


def empty_frame() -> pd.DataFrame:
    """A zero-row table that still has every column with its dtype (a copy of one built once)."""
    if not _EMPTY:
        _EMPTY.append(from_columns({c: [] for c in COLUMNS}))
    return _EMPTY[0].copy()


def coerce(df: pd.DataFrame) -> pd.DataFrame:
    """Put columns in spec order and give each its stable dtype."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"figures table is missing columns {missing}")
    out = df[COLUMNS].copy()
    for col, dtype in DTYPES.items():
        if out[col].dtype == _RESOLVED[col]:
            continue  # already typed (a table we built): nothing to convert
        if dtype == "Float64":
            out[col] = pd.to_numeric(out[col].astype(object), errors="raise").astype("Float64")
        else:
            out[col] = out[col].astype(dtype)
    return out.reset_index(drop=True)



_GETTERS = [(c, attrgetter(c)) for c in COLUMNS]


def to_frame(figures: Iterable[Figure]) -> pd.DataFrame:
    """Build the table from finished figures (in document order)."""
    figures = list(figures)
    if not figures:
        return empty_frame()
    return from_columns({c: list(map(get, figures)) for c, get in _GETTERS})


def concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate figure tables keeping dtypes (categoricals survive)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame()
    if len(frames) == 1:
        return coerce(frames[0])
    return coerce(pd.concat(frames, ignore_index=True))

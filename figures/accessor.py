"""`df.figures` and `series.figures`: extract figures from a text column in a notebook.

The result is indexed by the input rows' own index labels (repeated once per
figure), so it lines up with the input without any key juggling:

    news = pd.DataFrame({"text": ["Strikes killed at least 20 people.", None]},
                        index=pd.Index([101, 102], name="story"))
    fig = news.figures.extract("text")       # warns: 1 row without text skipped
    fig.index.name, fig["doc_id"].iloc[0]    # ('story', '101')
    fig.join(news.drop(columns="text"))      # each figure with its row's other columns
    news.join(fig, rsuffix="_figure")        # each row with its figures (NA where none)
    fig.reset_index().merge(news, on="story", suffixes=("", "_row"))  # the same as a merge

`doc_id` holds the label as a string (the table's contract); the index keeps
its original dtype, which is what makes `join`/`merge` work with int labels.
"""
from __future__ import annotations

import warnings

import pandas as pd

from . import table as schema


class MissingTextWarning(UserWarning):
    """Some rows had no text (None/NaN) and were skipped."""


def extract_column(texts: pd.Series, lang: str | None = None) -> pd.DataFrame:
    """Figures of every text in a Series, indexed by the Series' index labels."""
    import figures as api

    _check_text(texts)
    present = texts.notna().to_numpy()
    if not present.all():
        missing = list(texts.index[~present])
        shown = ", ".join(map(repr, missing[:10])) + (" …" if len(missing) > 10 else "")
        warnings.warn(f"figures: skipped {len(missing)} row(s) with no text in "
                      f"{texts.name!r} (index labels: {shown})", MissingTextWarning, stacklevel=3)
    # Run on positions, not labels, so duplicate labels cannot mix two rows' figures.
    docs = [(str(pos), text) for pos, text in enumerate(texts.tolist()) if present[pos]]
    found, errors = api.extract_many(docs, lang=lang, return_errors=True)
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


@pd.api.extensions.register_dataframe_accessor("figures")
class FramesAccessor:
    """`df.figures.extract("text")` — see the module docstring for joining back."""

    def __init__(self, df: pd.DataFrame):
        self._df = df

    def extract(self, column: str = "text", lang: str | None = None) -> pd.DataFrame:
        """Figures of every row's `column`, indexed by the row labels; doc_id = str(label)."""
        if column not in self._df.columns:
            raise KeyError(f"no column {column!r} to read text from "
                           f"(columns: {', '.join(map(str, self._df.columns))})")
        texts = self._df[column]
        if isinstance(texts, pd.DataFrame):
            raise KeyError(f"column name {column!r} is not unique")
        return extract_column(texts, lang=lang)

    def highlight(self, column: str = "text", lang: str | None = None, max_docs: int = 20):
        """The rows' texts with their figures highlighted (displays in a notebook)."""
        from .highlight import highlight

        return highlight(self._df, lang=lang, text_column=column, max_docs=max_docs)


@pd.api.extensions.register_series_accessor("figures")
class SeriesAccessor:
    """`series.figures.extract()` — the same as the DataFrame form for one text column."""

    def __init__(self, series: pd.Series):
        self._series = series

    def extract(self, lang: str | None = None) -> pd.DataFrame:
        """Figures of every text, indexed by the Series' labels; doc_id = str(label)."""
        return extract_column(self._series, lang=lang)

    def highlight(self, lang: str | None = None, max_docs: int = 20):
        """The texts with their figures highlighted (displays in a notebook)."""
        from .highlight import highlight

        return highlight(self._series, lang=lang, max_docs=max_docs)

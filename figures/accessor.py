"""`df.figures` and `series.figures`: extract figures from a text column in a notebook.

The result is indexed by the input rows' own index labels (repeated once per
figure), so it lines up with the input without any key juggling:

    news = pd.DataFrame({"text": ["Strikes killed at least 20 people.", None]},
                        index=pd.Index([101, 102], name="story"))
    fig = news.figures.extract("text")       # warns: 1 row without text skipped
    fig.index.name, fig["doc_id"].iloc[0]    # ('story', '101')
    fig.join(news.drop(columns="text"))      # each figure with its row's other columns
    news.join(fig.add_suffix("_figure"))     # each row with its figures (NA where none)
    fig.reset_index().merge(news, on="story", suffixes=("", "_row"))  # the same as a merge

`doc_id` holds the label as a string (the table's contract); the index keeps
its original dtype, which is what makes `join`/`merge` work with int labels.
"""
from __future__ import annotations

import pandas as pd

from .columns import MissingTextWarning, extract_column  # noqa: F401  (MissingTextWarning: public here)
from .highlight import highlight


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
        return highlight(self._df, lang=lang, text_column=column, max_docs=max_docs)

    def tolls(self, column: str = "text", lang: str | None = None, by: str | None = None) -> pd.DataFrame:
        """Document tolls (figures/tolls.py): of this figures table, or of the texts in `column`
        (doc_id = str(row label); `by` then names a column of these rows, e.g. "event")."""
        from .tolls import tolls

        if "sentence" in self._df.columns and "category" in self._df.columns:  # already a figures table
            return tolls(self._df, by=by)
        fig = self.extract(column, lang=lang)
        texts = {str(k): v for k, v in self._df[column].items() if isinstance(v, str)}
        events = None if by is None else {str(k): v for k, v in self._df[by].items() if pd.notna(v)}
        return tolls(fig, text=texts, by=events)


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
        return highlight(self._series, lang=lang, max_docs=max_docs)

"""Dask: the figures of a dask.dataframe column, partition by partition, on a cluster.

    import dask.dataframe as dd
    import figures.dask

    ddf = dd.read_parquet("articles/*.parquet")          # one row per document
    out = figures.dask.extract(ddf, "body", lang="en")    # lazy; meta = figures.table.empty_frame()
    out.to_parquet("figures/")                            # or out.compute()

Each partition runs `figures.batch.process_chunk` on (str(index), text)
pairs, so the rows (and their order within a partition) are exactly those of
`figures.extract_many` over the same documents; `doc_id` is the dataframe's
index as a string. Workers load the pack once per process and keep it.
Needs the `dask` extra: dask[dataframe] and distributed.
"""
from __future__ import annotations

import pandas as pd

from . import batch, table


def _texts(part: pd.DataFrame, column: str) -> list[tuple[str, object]]:
    values = part[column].astype(object)
    return [(str(i), None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
            for i, v in zip(part.index, values)]


def _figures(part: pd.DataFrame, column: str, lang: str | None) -> pd.DataFrame:
    return batch.process_chunk(_texts(part, column), lang)[0]


def _errors(part: pd.DataFrame, column: str, lang: str | None) -> pd.DataFrame:
    return batch.process_chunk(_texts(part, column), lang)[1]


def _check(ddf, column: str) -> None:
    if column not in ddf.columns:
        raise KeyError(f"no column {column!r}; columns: {', '.join(map(str, ddf.columns))}")


def extract(ddf, column: str, lang: str | None = None):
    """A lazy dask DataFrame of the figures in `ddf[column]` (one partition per input partition).

    A missing or non-text value is not a figure and is skipped; `errors()`
    lists such documents (and any that failed) with the reason.
    """
    _check(ddf, column)
    return ddf.map_partitions(_figures, column, lang, meta=table.empty_frame(), align_dataframes=False)


def errors(ddf, column: str, lang: str | None = None):
    """A lazy dask DataFrame of the documents that could not be read (doc_id, stage, error_type, message).

    It runs the extraction again: persist `ddf` first when you need both tables.
    """
    _check(ddf, column)
    return ddf.map_partitions(_errors, column, lang, meta=batch.error_frame([]), align_dataframes=False)

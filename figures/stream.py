"""Streaming writers: any number of documents to one table file with bounded memory.

`extract_to(docs, path)` runs `batch.iter_tables` and appends each chunk's
figures to the output as it arrives: Parquet one row group per chunk (a
`pyarrow.parquet.ParquetWriter` with the table's schema and pandas metadata,
so `figures.io.read` / `pandas.read_parquet` restore every dtype), CSV and
JSON Lines appended row by row in the same dialect as `figures.io.write_table`
(CSV: UTF-8, header once, CRLF; JSONL: one object per row, null for missing).
Everything is written to a temporary file beside the target and moved into
place with `os.replace` only when the last chunk is written, so an interrupted
run never leaves a truncated table under the real name.
"""
from __future__ import annotations

import csv
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import batch, table

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_of(path: str | os.PathLike, format: str | None = None) -> str:
    """The output format: the explicit one, else from the file suffix."""
    fmt = format or FORMATS.get(Path(path).suffix.lower())
    if fmt not in {"csv", "parquet", "jsonl"}:
        raise ValueError(f"cannot tell the table format of {str(path)!r}: use .csv, .parquet or .jsonl")
    return fmt


def arrow_schema():
    """The Arrow schema of the figures table (with pandas metadata for the dtypes)."""
    import pyarrow as pa

    return pa.Table.from_pandas(table.empty_frame(), preserve_index=False).schema


class TableWriter:
    """Append figures frames to one CSV / Parquet / JSONL file; atomic on close.

        with TableWriter("out.parquet") as w:
            for figures_df, errors_df in batch.iter_tables(docs, jobs=2):
                w.write(figures_df)

    Leaving the block by an exception discards the temporary file.
    """

    def __init__(self, path: str | os.PathLike, format: str | None = None):
        self.path = Path(path)
        self.format = format_of(self.path, format)
        self.rows = 0
        fd, self._tmp = tempfile.mkstemp(dir=self.path.parent or ".", prefix=f".{self.path.name}.",
                                         suffix=".tmp")
        self._fh = os.fdopen(fd, "wb")
        self._parquet = None
        self._header = True
        self._closed = False

    def write(self, df: pd.DataFrame) -> None:
        """Append one chunk (a figures table; it is coerced to the schema)."""
        df = table.coerce(df)
        if self.format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            if self._parquet is None:
                self._schema = arrow_schema()
                self._parquet = pq.ParquetWriter(self._fh, self._schema)
            if len(df):
                self._parquet.write_table(pa.Table.from_pandas(df, schema=self._schema, preserve_index=False))
        elif self.format == "csv":
            if len(df) or self._header:
                text = df.to_csv(index=False, header=self._header, lineterminator="\r\n",
                                 quoting=csv.QUOTE_MINIMAL)
                self._fh.write(text.encode("utf-8"))
                self._header = False
        else:
            cols = list(df.columns)
            lines = [json.dumps({c: _plain(v) for c, v in zip(cols, row)}, ensure_ascii=False)
                     for row in df.astype(object).itertuples(index=False, name=None)]
            if lines:
                self._fh.write(("\n".join(lines) + "\n").encode("utf-8"))
        self.rows += len(df)

    def close(self) -> Path:
        """Finish the file and move it into place."""
        if self._closed:
            return self.path
        if self.format == "parquet" and self._parquet is None:
            self.write(table.empty_frame())  # a zero-row file still has the schema
        if self._parquet is not None:
            self._parquet.close()
        if self.format == "csv" and self._header:
            self.write(table.empty_frame())
        self._fh.close()
        os.replace(self._tmp, self.path)
        self._closed = True
        return self.path

    def abort(self) -> None:
        """Discard the temporary file."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._parquet is not None:
                self._parquet.close()
            self._fh.close()
        finally:
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _plain(value: object) -> object:
    """A JSON-ready value: NA -> None, numpy scalars -> int/float."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


@dataclass
class Summary:
    """What `extract_to` did."""

    path: Path
    documents: int = 0
    figures: int = 0
    errors: pd.DataFrame = field(default_factory=lambda: batch.error_frame([]))


def extract_to(docs: Iterable, path: str | os.PathLike, format: str | None = None, lang: str | None = None,
               jobs: int = 1, chunk_docs: int = batch.CHUNK_DOCS, errors_path: str | os.PathLike | None = None,
               progress=None) -> Summary:
    """Extract figures from `docs` straight into a table file, chunk by chunk.

    Memory stays bounded by the chunk size (not the input size). The errors
    table is kept in memory (one small row per failed document) and returned
    in the summary; with `errors_path` it is also written there as CSV.
    `progress(n_docs_done)` is called after each chunk when given.
    """
    summary = Summary(Path(path))
    errors = []
    counted = _Counter(docs)
    with TableWriter(path, format) as writer:
        for found, errs in batch.iter_tables(counted, lang=lang, jobs=jobs, chunk_docs=chunk_docs):
            writer.write(found)
            summary.figures += len(found)
            if len(errs):
                errors.append(errs)
            if progress is not None:
                progress(counted.n)
    summary.documents = counted.n
    if errors:
        summary.errors = pd.concat(errors, ignore_index=True)
    if errors_path is not None:
        _write_errors(summary.errors, Path(errors_path))
    return summary


class _Counter:
    """Counts documents as the batch consumes them."""

    def __init__(self, docs: Iterable):
        self._docs, self.n = docs, 0

    def __iter__(self):
        for doc in self._docs:
            self.n += 1
            yield doc


def _write_errors(errors: pd.DataFrame, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(errors.to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

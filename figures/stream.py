"""Streaming writers: any number of documents to one table file with bounded memory.

`extract_to(docs, path)` runs `batch.iter_tables` and appends each chunk's
figures to the output as it arrives: Parquet one row group per chunk (a
`pyarrow.parquet.ParquetWriter` with the table's schema and pandas metadata,
so `figures.io.read` / `pandas.read_parquet` restore every dtype), CSV and
JSON Lines appended row by row in the same dialect as `figures.io.write_table`
(CSV: UTF-8, header once, CRLF; JSONL: one object per row, null for missing).
Everything is written to a temporary file beside the target and moved into
place with `os.replace` only when the last chunk is written, so an interrupted
run never leaves a truncated table under the real name. `TableAppender` is the
same appending without the file (the command streams CSV/JSONL to stdout with
it), and `append_file` concatenates finished files of one format without
re-parsing them (how `figures.resume` merges its part files).
"""
from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import batch, budget, io, table

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_of(path: str | os.PathLike, format: str | None = None) -> str:
    """The output format: the explicit one, else from the file suffix."""
    fmt = format or FORMATS.get(Path(path).suffix.lower())
    if fmt not in {"csv", "parquet", "jsonl"}:
        raise ValueError(f"cannot tell the table format of {str(path)!r}: use .csv, .parquet or .jsonl")
    return fmt


def arrow_schema(extra: Iterable[str] = ()):
    """The Arrow schema of the figures table (with pandas metadata for the dtypes), plus `extra`
    string columns after it (`--keep-columns`)."""
    import pyarrow as pa

    return pa.Table.from_pandas(with_extra(table.empty_frame(), list(extra)), preserve_index=False).schema


def with_extra(df: pd.DataFrame, extra: list[str]) -> pd.DataFrame:
    """`df` in the table schema, followed by the `extra` columns as strings (missing ones as NA)."""
    core = table.coerce(df)
    for col in extra:
        core[col] = (pd.array(df[col].astype(object), dtype="string") if col in df.columns
                     else pd.array([None] * len(core), dtype="string"))
    return core


class TableAppender:
    """Append figures frames to an open binary stream (a file, or stdout for CSV/JSONL).

    The stream is not closed here; `finish()` writes what an empty table
    still needs (the CSV header, the Parquet schema and footer).
    """

    def __init__(self, fh, format: str, extra: Iterable[str] = ()):
        self.fh, self.format, self.extra = fh, format, list(extra)
        self.rows = 0
        self._parquet = None
        self._header = True

    def write(self, df: pd.DataFrame) -> None:
        """Append one chunk (a figures table; it is coerced to the schema)."""
        df = with_extra(df, self.extra)
        if self.format == "parquet":
            import pyarrow as pa

            if len(df):
                self._parquet_writer().write_table(
                    pa.Table.from_pandas(df, schema=self._schema, preserve_index=False))
        elif self.format == "csv":
            if len(df) or self._header:
                text = df.to_csv(index=False, header=self._header, lineterminator="\r\n",
                                 quoting=csv.QUOTE_MINIMAL)
                self.fh.write(text.encode("utf-8"))
                self._header = False
        else:
            cols = list(df.columns)
            lines = [json.dumps({c: io.plain(v) for c, v in zip(cols, row)}, ensure_ascii=False)
                     for row in df.astype(object).itertuples(index=False, name=None)]
            if lines:
                self.fh.write(("\n".join(lines) + "\n").encode("utf-8"))
        self.rows += len(df)

    def append_file(self, path: str | os.PathLike) -> None:
        """Append a table file written by a TableWriter of the same format, without re-parsing rows
        where the format allows it (CSV and JSONL are copied byte for byte, less the CSV header;
        Parquet row groups are copied as Arrow tables). `rows` does not count copied CSV rows
        (a quoted field may hold a newline): the caller knows them."""
        path = Path(path)
        if self.format == "parquet":
            import pyarrow.parquet as pq

            part = pq.ParquetFile(path)
            writer = self._parquet_writer()
            for i in range(part.num_row_groups):
                group = part.read_row_group(i)
                if not group.schema.equals(self._schema, check_metadata=False):  # not our writer's file
                    self.write(group.to_pandas())
                    continue
                writer.write_table(group)
                self.rows += group.num_rows
            return
        if self.format == "csv" and self._header:
            self.write(table.empty_frame())  # our header, once
        rows, last = 0, b""
        with open(path, "rb") as src:
            if self.format == "csv":
                header = src.readline()
                if header.rstrip(b"\r\n").decode("utf-8-sig") != ",".join(table.COLUMNS + self.extra):
                    raise ValueError(f"{path}: not a figures CSV in column order")
            while block := src.read(1 << 20):
                rows += block.count(b"\n")
                self.fh.write(block)
                last = block
            if last and not last.endswith(b"\n"):
                self.fh.write(b"\r\n" if self.format == "csv" else b"\n")
                rows += 1
        if self.format == "jsonl":
            self.rows += rows

    def finish(self) -> None:
        if self.format == "parquet":
            self._parquet_writer().close()
        elif self.format == "csv" and self._header:
            self.write(table.empty_frame())

    def abort(self) -> None:
        if self._parquet is not None:
            self._parquet.close()

    def _parquet_writer(self):
        if self._parquet is None:
            import pyarrow.parquet as pq

            self._schema = arrow_schema(self.extra)
            self._parquet = pq.ParquetWriter(self.fh, self._schema)
        return self._parquet


class TableWriter:
    """Append figures frames to one CSV / Parquet / JSONL file; atomic on close.

        with TableWriter("out.parquet") as w:
            for figures_df, errors_df in batch.iter_tables(docs, jobs=2):
                w.write(figures_df)

    Leaving the block by an exception discards the temporary file.
    """

    def __init__(self, path: str | os.PathLike, format: str | None = None, extra: Iterable[str] = ()):
        self.path = Path(path)
        self.format = format_of(self.path, format)
        fd, self._tmp = io.temp_beside(self.path)
        self._fh = os.fdopen(fd, "wb")
        self._out = TableAppender(self._fh, self.format, extra)
        self._closed = False

    @property
    def rows(self) -> int:
        return self._out.rows

    def write(self, df: pd.DataFrame) -> None:
        """Append one chunk (a figures table; it is coerced to the schema)."""
        self._out.write(df)

    def append_file(self, path: str | os.PathLike) -> None:
        """Append another file of this format (see TableAppender.append_file)."""
        self._out.append_file(path)

    def close(self, fsync: bool = False) -> Path:
        """Finish the file and move it into place (`fsync`: on disk before the rename)."""
        if self._closed:
            return self.path
        self._out.finish()
        if fsync:
            self._fh.flush()
            os.fsync(self._fh.fileno())
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
            self._out.abort()
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




@dataclass
class Summary:
    """What `extract_to` did."""

    path: Path
    documents: int = 0
    figures: int = 0
    errors: pd.DataFrame = field(default_factory=lambda: batch.error_frame([]))


def extract_to(docs: Iterable, path: str | os.PathLike, format: str | None = None, lang: str | None = None,
               jobs: int = 1, chunk_docs: int = batch.CHUNK_DOCS, errors_path: str | os.PathLike | None = None,
               progress=None, max_seconds: float | None = budget.SECONDS,
               max_chars: int | None = budget.CHARS) -> Summary:
    """Extract figures from `docs` straight into a table file, chunk by chunk.

    `max_seconds` / `max_chars` are per-document budgets, as for `extract_many`.

    Memory stays bounded by the chunk size (not the input size). The errors
    table is kept in memory (one small row per failed document) and returned
    in the summary; with `errors_path` it is also written there as CSV.
    `progress(n_docs_done)` is called after each chunk when given.
    """
    summary = Summary(Path(path))
    errors = []
    counted = _Counter(docs)
    with TableWriter(path, format) as writer:
        for found, errs in batch.iter_tables(counted, lang=lang, jobs=jobs, chunk_docs=chunk_docs,
                                             max_seconds=max_seconds, max_chars=max_chars):
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
    with io.atomic_file(path, "wb") as fh:
        fh.write(errors.to_csv(index=False, lineterminator="\r\n").encode("utf-8"))

"""`figures extract --dask ADDRESS`: the command's documents read and extracted on a Dask cluster.

The command stays the one place that writes: workers return (doc ids,
figures, errors) per task, and the command feeds them, in input order, to the
same run state as a local run (parts, merge, error report, `.done`, resume,
Ctrl-C), so the output is the local run's, byte for byte up to row order
within the file (it is in input order too).

- Text files (folders, globs, files) are listed here and sent to the workers
  in segments of paths; each worker reads its files (the cluster must see the
  same file system) with the command's own reader and engine-bug isolation
  (`figures.runner.run_sources`), so read errors and decoding notes are the
  local run's.
- CSV, Parquet and JSON Lines tables are read by the workers with
  `dask.dataframe` (`read_csv` / `read_parquet` / `read_json`, block by
  block), never whole by the command; row ids are the global row numbers as in
  a local run (one cheap pass counts the rows of each block), or
  `--id-column`. JSON Lines are split into blocks of BLOCK_BYTES, Parquet by
  row groups; a CSV file is one partition (a quoted field may hold a newline,
  so it cannot be cut at a byte offset): give a big table as Parquet or JSONL
  to spread it. Dask reads UTF-8 tables only (a local run also decodes UTF-16
  and legacy code pages).

We do not go through `figures.dask.extract` plus `figures.dask.errors`: that
pair extracts every document twice, and the command needs both tables.
Results come back through a bounded window of tasks in flight, so the
command's memory does not grow with the corpus.
"""
from __future__ import annotations

import contextlib
import logging
import os
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

import click

from . import io

EXTRA = "news-figures[dask]"
TASK_DOCS = 1024  # text files per task
BLOCK_BYTES = 16 << 20  # CSV/JSONL bytes per partition (one task each)


def check() -> None:
    """Raise ImportError naming the extra when dask.dataframe or distributed is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as err:
        raise ImportError(f"--dask needs the dask extra: pip install '{EXTRA}' ({err})") from None


def split_tables(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """(table files read by dask, everything else read as with a local run)."""
    tables: list[str] = []
    rest: list[str] = []
    for arg in paths:
        (tables if arg != "-" and Path(arg).is_file() and io.table_format(arg) else rest).append(arg)
    return tables, rest


def _read(path: str):
    import dask.dataframe as dd

    fmt = io.table_format(path)
    if fmt == "csv":
        # not split by bytes: a quoted field may hold a newline, and a block boundary there breaks rows
        return dd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], blocksize=None)
    if fmt == "jsonl":
        return dd.read_json(path, lines=True, dtype=False, blocksize=BLOCK_BYTES)
    return dd.read_parquet(path)


def check_tables(tables: list[str], text_column: str, id_column: str | None) -> None:
    """A table without the text (or id) column is a usage error, before any work starts."""
    for path in tables:
        try:
            columns = list(_read(path).columns)
        except (OSError, ValueError) as err:
            raise click.BadParameter(f"{path}: {err}", param_hint="PATH")
        for col, what in ((text_column, "text"), (id_column, "id")):
            if col is not None and col not in columns:
                raise click.BadParameter(f"{path}: no {what} column {col!r} (columns: {', '.join(columns)})",
                                         param_hint="PATH")


@contextlib.contextmanager
def _client(address: str, jobs: int):
    import distributed

    if address == "local":
        with distributed.LocalCluster(n_workers=jobs if jobs > 1 else os.cpu_count() or 1,
                                      threads_per_worker=1, processes=True, dashboard_address=None,
                                      silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as c:
            yield c
    else:
        with distributed.Client(address) as c:
            yield c


def results(address: str, jobs: int, todo: Iterable[io.Source], tables: list[str], text_column: str,
            id_column: str | None, lang: str | None, skip: set[str], count, limits=None,
            several: bool = False) -> Iterator[tuple]:
    """(doc ids, figures, errors) per task, in input order: text files first, then each table.
    `count` (a `runner.Count`) is told about the table rows skipped on the workers; `several`: the
    command was given several PATH arguments (row ids get the table's name, `figures.sources`)."""
    with _client(address, jobs) as client:
        window = 2 * max(len(client.scheduler_info().get("workers", {})), 1)
        yield from _ordered(_file_tasks(client, todo, lang, limits), window)
        if tables:
            skipped = client.scatter(frozenset(skip), broadcast=True) if skip else frozenset()
            for path in tables:
                for doc_ids, found, errors, n_skipped in _ordered(
                        _table_tasks(client, path, text_column, id_column, lang, skipped, limits,
                                     several), window):
                    count.skip(n_skipped)
                    yield doc_ids, found, errors


def _ordered(futures: Iterator, window: int) -> Iterator[tuple]:
    """Results of a stream of futures in submission order, at most `window` in flight."""
    pending: deque = deque()
    for future in futures:
        pending.append(future)
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _file_tasks(client, todo: Iterable[io.Source], lang: str | None, limits) -> Iterator:
    from .runner import chunks

    for segment in chunks(todo, TASK_DOCS):
        yield client.submit(run_sources, segment, lang, limits, pure=False)


def _table_tasks(client, path: str, text_column: str, id_column: str | None, lang: str | None,
                 skip, limits, several: bool) -> Iterator:
    from dask import delayed

    ddf = _read(path)
    parts = ddf.to_delayed()
    offsets = [None] * len(parts)
    if id_column is None and ddf.index.name is None:  # ids are global row numbers: count each block
        lengths = client.compute([delayed(len)(p) for p in parts], sync=True)
        offsets = [sum(lengths[:i]) for i in range(len(parts))]
    for part, offset in zip(parts, offsets):
        task = delayed(run_table)(part, offset, text_column, id_column, path, lang, skip, limits, several)
        yield client.compute(task)


def run_sources(sources: list[io.Source], lang: str | None, limits=None) -> tuple:
    """On a worker: (doc ids, figures, errors) of some documents, exactly as a local run reads them."""
    from . import budget
    from .runner import run_sources

    return run_sources(sources, lang, limits or budget.DEFAULT)


def run_table(part, offset: int | None, text_column: str, id_column: str | None, name: str,
              lang: str | None, skip, limits=None, several: bool = False) -> tuple:
    """On a worker: one block of a table, rows numbered from `offset` when ids are row numbers."""
    import pandas as pd

    if offset is not None:
        part = part.set_axis(pd.RangeIndex(offset, offset + len(part)))
    sources = list(io.table_sources(part, text_column, id_column, name=name))
    if several and id_column is None:  # ids unique across arguments, as in a local run
        from .sources import row_id

        sources = [row_id(src, name) for src in sources]
    todo = [src for src in sources if src.doc_id not in skip]
    return (*run_sources(todo, lang, limits), len(sources) - len(todo))

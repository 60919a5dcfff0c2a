"""Many documents in, tables out: the batch path behind extract_many, the command and Dask.

A document that fails never stops the batch; it lands in the errors table
with the stage and the reason, so documents in = documents with figures or
none + documents in error.

Documents are processed in chunks: each chunk's figures become one DataFrame
built in bulk (one `table.to_frame` per chunk, not one per document), and
`iter_tables` yields chunk by chunk, so memory stays bounded by the chunk size
whatever the number of documents. With `jobs > 1` chunks go to a pool of
worker processes (each loads its pack once) and come back in input order, so
the table is the same as with `jobs=1`.
"""
from __future__ import annotations

import os
import warnings
from collections import Counter, deque
from itertools import islice
from typing import Iterable, Iterator, Mapping

import pandas as pd

from . import budget, table
from .errors import RuleTimeout
from .surrogates import scrub, scrub_value

ERROR_COLUMNS = ["doc_id", "stage", "error_type", "message"]
CHUNK_DOCS = 256  # documents per chunk: one DataFrame build and one worker task each
CHUNK_CHARS = 8_000_000  # ... or fewer documents when they are long (bounds memory per chunk)
# Any failure of one document is recorded, never raised: an engine bug on one news story in a
# million must cost that story, not the run. The error_type column names the exception.
_ERRORS = (Exception,)


def _documents(docs) -> Iterable[tuple[str, object]]:
    if isinstance(docs, (str, bytes)):
        raise TypeError(f"extract_many() takes an iterable of documents (texts, (doc_id, text) pairs or "
                        f"paths), not one {type(docs).__name__}: use figures.extract() for one text")
    if isinstance(docs, Mapping):
        raise TypeError("extract_many() takes an iterable of documents, not a mapping: for "
                        "{doc_id: text} pass dict.items()")
    for i, doc in enumerate(docs):
        if isinstance(doc, tuple) and len(doc) == 2:
            yield scrub(str(doc[0])), doc[1]
        elif isinstance(doc, os.PathLike):
            yield scrub(str(doc)), doc
        else:
            yield str(i), doc


def _chunks(pairs: Iterable[tuple[str, object]], chunk_docs: int,
            chunk_chars: int = CHUNK_CHARS) -> Iterator[list[tuple[str, object]]]:
    """Consecutive lists of at most `chunk_docs` documents and about `chunk_chars` characters."""
    chunk: list[tuple[str, object]] = []
    size = 0
    for pair in pairs:
        chunk.append(pair)
        if isinstance(pair[1], str):
            size += len(pair[1])
        if len(chunk) >= chunk_docs or size >= chunk_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def error_frame(errors: list[dict]) -> pd.DataFrame:
    """The errors table (doc_id, stage, error_type, message), all strings."""
    return table.string_frame([{k: scrub_value(v) for k, v in e.items()} for e in errors], ERROR_COLUMNS)


def process_chunk(chunk: list[tuple[str, object]], lang: str | None,
                  limits: budget.Limits = budget.DEFAULT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures and errors of one chunk of (doc_id, text-or-path) pairs; never raises for one document.
    A document over its budget (`limits`) is an error with stage `budget`."""
    from . import packs, pipeline
    from .langid import choose as _lang

    found, errors = [], []
    for doc_id, doc in chunk:
        stage = "read"
        try:
            if isinstance(doc, os.PathLike):
                from .io import read_document

                doc = read_document(doc)
            if not isinstance(doc, str):
                raise TypeError(f"expected text, a (doc_id, text) pair or a path, got {type(doc).__name__}")
            doc = scrub(doc)
            stage = "budget"
            limits.refuse(doc)
            stage = "extract"
            code = _lang(doc, lang)
            packs.load(code)  # a first compile is not this document's cost
            # the same steps as figures.extract(), without one DataFrame per document
            with budget.document(limits, doc):
                found.extend(pipeline.run(doc, code, doc_id))
        except TimeoutError as e:
            if stage == "extract" and not isinstance(e, RuleTimeout):
                raise  # a caller's deadline (SIGALRM, a framework timeout) is not this document's failure
            errors.append({"doc_id": doc_id, "stage": stage, "error_type": type(e).__name__, "message": str(e)})
        except budget.BudgetExceeded as e:
            message = str(e) if e.args else f"over the budget of {limits.seconds:g} CPU seconds a document"
            errors.append({"doc_id": doc_id, "stage": "budget", "error_type": "BudgetExceeded",
                           "message": message})
        except _ERRORS as e:
            errors.append({"doc_id": doc_id, "stage": stage, "error_type": type(e).__name__, "message": str(e)})
    return table.to_frame(found), error_frame(errors)


def _warm(lang: str | None) -> None:
    """Load the pack (and pint's registry) once per process: in the parent before
    forking, so workers inherit it, and as the workers' initializer elsewhere."""
    from . import packs
    from .langid import DEFAULT_LANG

    try:
        packs.load(lang or DEFAULT_LANG)
    except ValueError:
        return  # an unknown language is reported per document, as with jobs=1


def recorded(fn, *args):
    """`fn(*args)` in a worker process, with the warnings it raised (counted) handed back to the parent:
    a worker printing its own would show one "first" warning per worker (`jobs=N` shows N)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args)
    return result, list(Counter((w.category, str(w.message)) for w in caught).items())


def replayed(outcome):
    """A `recorded` result: its warnings raised again here, where the caller's filters (or the command's
    once-per-kind printer) see them as if the work had run in this process."""
    result, caught = outcome
    for (category, message), n in caught:
        for _ in range(n):
            warnings.warn(message, category, stacklevel=2)
    return result


def _pool(jobs: int, lang: str | None):
    import multiprocessing as mp
    import sys
    from concurrent.futures import ProcessPoolExecutor

    # fork is cheapest where it is safe (Linux: workers start with the parent's compiled pack)
    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    if ctx is not None:
        _warm(lang)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_warm, initargs=(lang,))


def limits(max_seconds: float | None = budget.SECONDS, max_chars: int | None = budget.CHARS) -> budget.Limits:
    """The per-document budget of these arguments (None or 0: no limit)."""
    for name, value in (("max_seconds", max_seconds), ("max_chars", max_chars)):
        if value is not None and value < 0:
            raise ValueError(f"{name} must be positive (or None for no limit), got {value!r}")
    return budget.Limits(max_seconds or None, max_chars or None)


def iter_tables(docs, lang: str | None = None, jobs: int = 1, chunk_docs: int = CHUNK_DOCS,
                max_seconds: float | None = budget.SECONDS, max_chars: int | None = budget.CHARS,
                ) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """Yield (figures, errors) per chunk of documents, in input order.

    `docs` is any iterable (consumed lazily) of texts, (doc_id, text) pairs or
    paths. Memory is bounded by `chunk_docs` x (jobs + a few) documents; with
    `jobs > 1` (or `jobs=0` / `None` for every core) chunks run in worker
    processes and still come back in order. A document longer than `max_chars`
    or taking more than `max_seconds` of CPU time is an error row with stage
    `budget` (None: no limit).
    """
    budget_ = limits(max_seconds, max_chars)
    if jobs is None or jobs <= 0:
        jobs = os.cpu_count() or 1
    if chunk_docs < 1:
        raise ValueError("chunk_docs must be at least 1")
    chunks = _chunks(_documents(docs), chunk_docs)
    if jobs == 1:
        for chunk in chunks:
            yield process_chunk(chunk, lang, budget_)
        return
    pool = _pool(jobs, lang)
    try:
        pending: deque = deque()
        for chunk in islice(chunks, 2 * jobs):  # a bounded number of chunks in flight
            pending.append(pool.submit(recorded, process_chunk, chunk, lang, budget_))
        while pending:
            result = replayed(pending.popleft().result())
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(recorded, process_chunk, nxt, lang, budget_))
            yield result
    except BaseException:  # Ctrl-C, an abandoned generator: do not wait for the chunks in flight
        stop_pool(pool)
        raise
    pool.shutdown()


def stop_pool(pool) -> None:
    """Cancel a process pool's queued work and end its workers now, without waiting."""
    import contextlib

    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(2)


def extract_many(docs, lang: str | None = None, return_errors: bool = False, jobs: int = 1,
                 chunk_docs: int = CHUNK_DOCS, max_seconds: float | None = budget.SECONDS,
                 max_chars: int | None = budget.CHARS):
    """Figures of many documents in one table.

    `docs` holds texts, (doc_id, text) pairs or paths. A document that fails
    never stops the batch: it is reported in the errors table (doc_id, stage,
    error_type, message), returned when `return_errors` is true. `jobs=N` uses
    N worker processes (0 or None: every core) and gives the same table.
    Budgets are per document: over `max_chars` characters or `max_seconds` of
    CPU time, it is an error row with stage `budget` (None: no limit).
    For more documents than fit in memory, use `iter_tables` or
    `figures.stream.extract_to`.
    """
    frames, errors = [], []
    for found, errs in iter_tables(docs, lang=lang, jobs=jobs, chunk_docs=chunk_docs,
                                   max_seconds=max_seconds, max_chars=max_chars):
        frames.append(found)
        if len(errs):
            errors.append(errs)
    result = table.concat(frames)
    if return_errors:
        errs = pd.concat(errors, ignore_index=True) if errors else error_frame([])
        return result, errs
    return result

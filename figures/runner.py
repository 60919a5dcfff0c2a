"""The local run engine behind `figures extract`: documents in, (doc ids, figures, errors) out.

The command (`figures.cli`) only turns arguments into sources and a run
state; this module runs them. Documents go in chunks of CHUNK_DOCS to
`run_sources` (read, extract, isolate an engine bug to its document), in this
process or in a pool of `-j` worker processes, and every finished chunk is
handed to the run state at once: the progress bar counts finished documents
(with figures and errors), a checkpoint is taken as soon as `--checkpoint`
seconds have passed, and Ctrl-C or SIGTERM keeps every finished chunk (those
already back from a worker too) and stops the workers at once.

`figures.scaleout` runs the same `run_sources` on Dask workers, so a cluster
run reads and isolates errors exactly as a local one.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import signal
import sys
from collections import deque
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from . import batch, io, table
from .budget import DEFAULT, Limits
from .resume import NOTE, Outcome
from .surrogates import scrub_value

CHUNK_DOCS = 64  # documents per task: the unit of work, of accounting and of loss on Ctrl-C
ERROR_COLUMNS = ["doc_id", "stage", "error_type", "message"]  # the errors table (see figures/resume.py)


# --------------------------------------------------------------------------- one chunk

def run_sources(sources: list[io.Source], lang: str | None, limits: Limits = DEFAULT
                ) -> tuple[list[str], pd.DataFrame, pd.DataFrame]:
    """(doc ids, figures, errors) of a few documents. If the engine raises something it does not report
    per document (a bug), the chunk is run again one document at a time, so only that document is lost:
    it goes to the errors table with the exception's type and message, and the run goes on."""
    ids = [src.doc_id for src in sources]
    read_errors: list[dict] = []
    try:
        found, engine_errors = batch.extract_many(
            texts(sources, read_errors), lang=lang, return_errors=True, jobs=1,
            max_seconds=limits.seconds, max_chars=limits.chars)
    except Exception:  # noqa: BLE001  an engine bug: isolate it (recorded per document below)
        return (ids, *_one_by_one(sources, lang, limits))
    return ids, found, error_frame(read_errors, engine_errors)


def _one_by_one(sources: list[io.Source], lang: str | None, limits: Limits) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames, rows = [], []
    for src in sources:
        one: list[dict] = []
        try:
            found, engine_errors = batch.extract_many(texts([src], one), lang=lang, return_errors=True,
                                                      max_seconds=limits.seconds, max_chars=limits.chars)
            frames.append(found)
            rows.append(error_frame(one, engine_errors))
        except Exception as err:  # noqa: BLE001
            rows.append(error_frame(one + [{"doc_id": src.doc_id, "stage": "extract",
                                            "error_type": type(err).__name__,
                                            "message": str(err) or repr(err)}], None))
    return table.concat(frames), pd.concat(rows, ignore_index=True)


def texts(sources: Iterable[io.Source], errors: list[dict]) -> Iterator[tuple[str, str]]:
    """Read each document lazily, recording the unreadable ones (and replaced bytes) instead of stopping."""
    for src in sources:
        try:
            decoded = src.decoded()
        except (OSError, ValueError) as err:
            errors.append({"doc_id": src.doc_id, "stage": "read", "error_type": type(err).__name__,
                           "message": str(err)})
        else:
            if decoded.replaced:
                errors.append({"doc_id": src.doc_id, "stage": "read", "error_type": NOTE,
                               "message": decoded.note})
            yield src.doc_id, decoded.text


def error_frame(read_errors: list[dict], engine_errors: pd.DataFrame | None) -> pd.DataFrame:
    frames = [pd.DataFrame(read_errors, columns=ERROR_COLUMNS)]
    if engine_errors is not None and len(engine_errors):
        frames.append(engine_errors.reindex(columns=ERROR_COLUMNS))
    return pd.concat(frames, ignore_index=True).map(scrub_value).astype(object)


def chunks(sources: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` documents."""
    sources = iter(sources)
    while chunk := list(itertools.islice(sources, size)):
        yield chunk


# --------------------------------------------------------------------------- executing chunks

class Local:
    """Chunks run in this process (`jobs=1`) or in `jobs` worker processes, results in input order.

    At most 2 x jobs chunks are in flight. `ready()` hands over results that came back out of turn
    (used on Ctrl-C, so nothing finished is lost); `stop()` kills the workers without waiting.
    """

    def __init__(self, lang: str | None, jobs: int, limits: Limits = DEFAULT):
        self.lang, self.limits = lang, limits
        self.jobs = jobs if jobs and jobs > 0 else os.cpu_count() or 1
        self._pool: Any = None  # a ProcessPoolExecutor while -j workers run
        self._pending: deque = deque()

    def results(self, todo: Iterable[io.Source]) -> Iterator[tuple]:
        parts = chunks(todo, CHUNK_DOCS)
        if self.jobs == 1:
            for chunk in parts:
                yield run_sources(chunk, self.lang, self.limits)
            return
        self._pool = _pool(self.jobs, self.lang)
        for chunk in parts:
            self._pending.append(self._pool.submit(batch.recorded, run_sources, chunk, self.lang, self.limits))
            while len(self._pending) >= 2 * self.jobs:
                yield self._next()
        while self._pending:
            yield self._next()
        self._pool.shutdown()
        self._pool = None

    def _next(self) -> tuple:
        result = self._pending[0].result()  # still pending while we wait: ready() sees it on Ctrl-C
        self._pending.popleft()
        return batch.replayed(result)

    def ready(self) -> list[tuple]:
        """Results already computed but not yet handed over."""
        done = [f for f in self._pending if f.done() and not f.cancelled() and f.exception() is None]
        return [batch.replayed(f.result()) for f in done]

    def stop(self) -> None:
        """Cancel what is queued and end the workers now (their unfinished chunks are lost)."""
        pool, self._pool = self._pool, None
        self._pending.clear()
        if pool is not None:
            batch.stop_pool(pool)


def _worker_start(lang: str | None) -> None:
    """A worker leaves Ctrl-C to the command (which stops it) and loads its pack once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from .batch import _warm

    _warm(lang)


def _pool(jobs: int, lang: str | None):
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from .batch import _warm

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else None
    if ctx is not None:
        _warm(lang)  # forked workers start with the parent's compiled pack
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start, initargs=(lang,))


# --------------------------------------------------------------------------- a whole run

class Count:
    """Documents finished, skipped, figures and failures of this run; drives the progress bar."""

    def __init__(self, bar=None, repeats: bool = True):
        self.read = self.skipped = self.figures = self.errors = self.repeated = 0
        self.first_repeat: str | None = None
        self.bar = bar if bar is not None else _NoBar()
        self._seen: set[str] | None = set() if repeats else None

    def filter(self, sources: Iterable[io.Source], skip: set[str]) -> Iterator[io.Source]:
        """The sources still to do: not already done, and (when `repeats` can happen: several
        arguments, an id column) not a doc id given twice."""
        for src in sources:
            if src.doc_id in skip:
                self.skip(1)
            elif self._seen is None:
                yield src
            elif src.doc_id in self._seen:
                self.repeated += 1
                self.first_repeat = self.first_repeat or src.doc_id
            else:
                self._seen.add(src.doc_id)
                yield src

    def skip(self, n: int) -> None:
        self.skipped += n
        self.bar.update(n)

    def finished(self, doc_ids: list, found: pd.DataFrame, errors: pd.DataFrame) -> None:
        self.read += len(doc_ids)
        self.figures += len(found)
        self.errors += int((errors["error_type"] != NOTE).sum()) if len(errors) else 0
        self.bar.update(len(doc_ids))
        if hasattr(self.bar, "set_postfix"):
            self.bar.set_postfix(figures=self.figures, errors=self.errors, refresh=False)


class _NoBar:
    @staticmethod
    def update(n: int) -> None:
        return None


@dataclass
class Result:
    outcome: Outcome
    count: Count
    interrupted: bool = False
    cause: str = ""  # why an interrupted run stopped, in words


def execute(sources: Iterable[io.Source], state, count: Count, lang: str | None = None, jobs: int = 1,
            checkpoint: float = 60.0, results: Callable[[Iterable[io.Source]], Iterable[tuple]] | None = None,
            limits: Limits = DEFAULT) -> Result:
    """Run `sources` into `state` (a `resume.RunState` or the command's screen); `results` replaces the
    local executor (Dask). Ctrl-C and SIGTERM end it early with what is finished saved."""
    local = Local(lang, jobs, limits) if results is None else None
    todo = count.filter(sources, state.skip)
    try:
        with stop_on_sigterm():
            produced = local.results(todo) if local is not None else results(todo) if results else ()
            for doc_ids, found, errors in produced:
                _add(state, count, doc_ids, found, errors)
                if state.due(checkpoint):
                    _write(state.save, state)
    except (KeyboardInterrupt, BrokenProcessPool) as err:  # Ctrl-C, SIGTERM; a worker killed (OOM)
        with _no_interrupts():
            if local is not None:
                for doc_ids, found, errors in local.ready():
                    _add(state, count, doc_ids, found, errors)
                local.stop()
            cause = "interrupted" if isinstance(err, KeyboardInterrupt) else "stopped: a worker process died"
            return Result(_write(lambda: state.finish(interrupted=True), state), count, interrupted=True,
                          cause=cause)
    finally:
        if local is not None:
            local.stop()
    return Result(_write(state.finish, state), count)


class WriteFailed(Exception):
    """The output could not be written (a full disk, permissions): what failed and what was kept."""

    def __init__(self, err: OSError, kept: str, where: object = None):
        self.err, self.kept = err, kept
        where = err.filename or where
        super().__init__(f"cannot write {where or 'the output'}: {err.strerror or err}; {kept}")


def _write(step: Callable, state):
    try:
        return step()
    except OSError as err:
        kept = state.kept() if hasattr(state, "kept") else "what was printed stays printed"
        raise WriteFailed(err, kept, getattr(state, "output", None)) from err


class Screen:
    """A run without -o: CSV and JSONL stream to stdout chunk by chunk; the terminal table and Parquet
    are kept in memory and handed to `show` at the end (they are meant for small runs)."""

    skip: frozenset[str] = frozenset()

    def __init__(self, fmt: str, show: Callable[[pd.DataFrame], None], extra: Iterable[str] = ()):
        self.fmt, self.show, self.rows, self.done = fmt, show, 0, 0
        self.frames: list[pd.DataFrame] = []
        self.errors: list[pd.DataFrame] = []
        self.extra = list(extra)  # string columns after the figures columns (--keep-columns)
        self._out = None
        if fmt in ("csv", "jsonl"):
            from .stream import TableAppender

            self._out = TableAppender(sys.stdout.buffer, fmt, self.extra)

    def add(self, doc_ids, found: pd.DataFrame, errors: pd.DataFrame) -> None:
        failed = set(errors.loc[errors["error_type"] != NOTE, "doc_id"])
        self.done += sum(1 for d in doc_ids if d not in failed)
        self.rows += len(found)
        if len(errors):
            self.errors.append(errors)
        if self._out is not None:
            self._out.write(found)
            sys.stdout.buffer.flush()
        elif len(found):
            self.frames.append(found)

    def due(self, interval: float) -> bool:
        return False

    def save(self) -> None:
        return None

    def finish(self, interrupted: bool = False) -> Outcome:
        if self._out is not None:
            self._out.finish()
            sys.stdout.flush()
        else:
            from .stream import with_extra

            self.show(with_extra(pd.concat(self.frames, ignore_index=True), self.extra) if self.frames
                      else with_extra(table.empty_frame(), self.extra))
        errors = pd.concat(self.errors, ignore_index=True) if self.errors else error_frame([], None)
        return Outcome(figures=self.rows, done=self.done, errors=errors,
                       failures=errors[errors["error_type"] != NOTE])


def _add(state, count: Count, doc_ids, found, errors) -> None:
    state.add(doc_ids, found, errors)
    count.finished(doc_ids, found, errors)


@contextlib.contextmanager
def stop_on_sigterm():
    """Turn SIGTERM (a scheduler stopping the job) into KeyboardInterrupt, so progress is saved."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _no_interrupts():
    """While saving after an interrupt, a second Ctrl-C or SIGTERM waits (the save takes a moment)."""
    try:
        previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)

"""The state of one `figures extract -o OUT` run, saved so an interrupted run can resume.

Three files live side by side and are always written in this order, each
atomically (temp file, then `os.replace`):

1. `OUT` (CSV, Parquet or JSONL): the figures of every finished document;
2. `OUT-stem.errors.csv`: one row per failed document (doc_id, stage,
   error_type, message), plus notes about documents that were read with
   replaced bytes; removed when there is nothing to report;
3. `OUT.done`: the ids of the finished documents, one JSON string per line.

A document with no figures leaves no row in OUT, so OUT alone cannot tell a
resumed run it was read: `OUT.done` can. Because it is written last, it never
names a document whose figures are not in OUT yet; a crash between the writes
only means a few documents are read again. `figures extract --resume -o OUT`
skips the documents named in `OUT.done`, in OUT and (unless `--retry-errors`)
in the error report, and writes the union.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import io, table

ERROR_COLUMNS = ["doc_id", "stage", "error_type", "message"]
NOTE = "DecodeWarning"  # error_type of a note: the document was read (with replaced bytes) and is done


def errors_path(output: str | os.PathLike) -> Path:
    """Where the error report of `-o out.parquet` goes: `out.errors.csv` beside it."""
    output = Path(output)
    return output.with_name(f"{output.stem}.errors.csv")


def done_path(output: str | os.PathLike) -> Path:
    """The list of finished documents beside an output: `out.parquet` -> `out.parquet.done`."""
    output = Path(output)
    return output.with_name(output.name + ".done")


def read_done(path: str | os.PathLike) -> list[str]:
    """Doc ids from a `.done` list (one JSON string per line); [] when there is none."""
    path = Path(path)
    if not path.is_file():
        return []
    ids = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc_id = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}: line {n} is not a JSON string ({err.msg})") from None
            if not isinstance(doc_id, str):
                raise ValueError(f"{path}: line {n} is not a JSON string")
            ids.append(doc_id)
    return ids


def write_done(ids: Iterable[str], path: str | os.PathLike) -> Path:
    """Write a `.done` list atomically: one doc id per line as a JSON string (ids may hold newlines)."""
    return io.write_text_atomic(path, "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ids))


def read_errors(path: str | os.PathLike) -> pd.DataFrame:
    """An error report as a table of strings; empty when the file does not exist."""
    path = Path(path)
    if not path.is_file():
        return error_frame([])
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ERROR_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: not an error report (no column {missing[0]!r})")
    return df[ERROR_COLUMNS].astype(object)


def error_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ERROR_COLUMNS).astype(object)


class RunState:
    """Figures, errors and finished doc ids of a run; `save()` writes the three files.

    Documents in = `done` + failed documents (doc ids of error rows that are
    not notes); every figure's doc_id is in `done`.
    """

    def __init__(self, output: Path | None, fmt: str, resume: bool = False, retry_errors: bool = False):
        self.output, self.fmt = output, fmt
        self.frames: list[pd.DataFrame] = []
        self.errors = error_frame([])
        self.done: dict[str, None] = {}  # insertion-ordered set
        self.skip: set[str] = set()
        self.saved_at = time.monotonic()
        self.save_seconds = 0.0
        if resume and output is not None and output.exists():
            self._load(retry_errors)

    def _load(self, retry_errors: bool) -> None:
        previous = io.read(self.output, self.fmt)
        self.frames.append(previous)
        self.done = dict.fromkeys(read_done(done_path(self.output)))
        self.done.update(dict.fromkeys(str(d) for d in previous["doc_id"].dropna().unique()))
        errors = read_errors(errors_path(self.output))
        if retry_errors:  # forget the failures; notes about finished documents stay
            errors = errors[errors["doc_id"].isin(self.done)]
        self.errors = errors.reset_index(drop=True)
        self.skip = set(self.done) | set(self.errors["doc_id"])

    # ---- accounting ------------------------------------------------------------
    def add(self, doc_ids: Iterable[str], found: pd.DataFrame, errors: pd.DataFrame) -> None:
        """Record a finished batch: its doc ids, their figures, their error and note rows."""
        errors = error_frame(errors)
        failed = set(errors.loc[errors["error_type"] != NOTE, "doc_id"])
        self.done.update(dict.fromkeys(d for d in doc_ids if d not in failed))
        if len(found):
            self.frames.append(found)
        if len(errors):
            self.errors = pd.concat([self.errors, errors], ignore_index=True)

    def figures(self) -> pd.DataFrame:
        merged = table.concat(self.frames)
        self.frames = [merged]
        return merged

    def failures(self) -> pd.DataFrame:
        """Error rows of documents that did not finish (notes excluded)."""
        return self.errors[~self.errors["doc_id"].isin(self.done)]

    # ---- saving ----------------------------------------------------------------
    def due(self, interval: float) -> bool:
        """Time for a checkpoint: `interval` seconds passed, and at least ten times the last save took
        (so rewriting a growing output never costs more than a tenth of the run)."""
        return time.monotonic() - self.saved_at >= max(interval, 10 * self.save_seconds)

    def save(self) -> None:
        """Write output, error report and `.done` list, in that order, each atomically."""
        if self.output is None:
            return
        started = time.monotonic()
        io.write_table(self.figures(), self.output, format=self.fmt)
        report = errors_path(self.output)
        if len(self.errors):
            io.write_text_atomic(report, self.errors.to_csv(index=False, lineterminator="\r\n"))
        elif report.exists():
            report.unlink()  # a stale report from an earlier run would mislead
        write_done(self.done, done_path(self.output))
        self.saved_at = time.monotonic()
        self.save_seconds = self.saved_at - started

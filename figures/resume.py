"""The state of one `figures extract -o OUT` run, kept on disk so memory stays bounded and an
interrupted run can resume.

What the user sees, beside OUT, once a run ends (finished or interrupted):

1. `OUT` (CSV, Parquet or JSONL): the figures of every finished document;
2. `OUT-stem.errors.csv`: one row per failed document (doc_id, stage,
   error_type, message), plus notes about documents that were read with
   replaced bytes; removed when there is nothing to report;
3. `OUT.done`: the ids of the finished documents, one JSON string per line.

They are written in that order, each atomically (temp file, then
`os.replace`), so `OUT.done` never names a document whose figures are not in
OUT. A document with no figures leaves no row in OUT: `OUT.done` is how a
resumed run knows it was read.

During the run nothing is rewritten: every `--checkpoint` seconds (or every
PART_ROWS figures) the finished documents become one *part* in the folder
`OUT.parts/`: `part-NNNNNN.<fmt>` (figures), `part-NNNNNN.errors.csv`, then
the commit record `part-NNNNNN.json` (row count, finished and failed ids),
written last and fsync'd. A part without its record is debris of a crash and
is ignored. At the end (and on Ctrl-C/SIGTERM) the parts are merged by
streaming (CSV/JSONL bytes copied, Parquet one row group per part) into OUT,
after the previous OUT when resuming; then the folder is removed. A run that
crashed without merging leaves its parts, and `--resume` counts them as
finished. The file `OUT.parts/base` marks a run that continues the existing
OUT (a `--resume`); without it, the old OUT is replaced. The merge drops the
old rows of any document a part read again, so finishing twice (a crash in
the middle of a merge) cannot duplicate rows.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import io

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


PART_ROWS = 50_000  # figures buffered before a part is written, whatever the checkpoint interval


def parts_path(output: str | os.PathLike) -> Path:
    """The folder of part files of a run in progress: `out.parquet` -> `out.parquet.parts`."""
    output = Path(output)
    return output.with_name(output.name + ".parts")


@dataclass
class Outcome:
    """What a finished (or interrupted) run wrote."""

    figures: int            # rows in OUT
    done: int               # finished documents (OUT.done)
    errors: pd.DataFrame    # the error report (failures and notes)
    failures: pd.DataFrame  # its rows about documents that did not finish
    kept: Path | None = None  # interrupted over an existing OUT: the parts folder kept for --resume


class RunState:
    """Figures, errors and finished doc ids of a `-o OUT` run, on disk as parts; `finish()` merges.

    Memory holds the figures of at most one part, the ids to skip and a few
    counters; the errors are read back (they are small) only by `finish()`.
    """

    def __init__(self, output: Path, fmt: str, resume: bool = False, retry_errors: bool = False,
                 force: bool = False, extra: Iterable[str] = ()):
        self.output, self.fmt, self.force = Path(output), fmt, force
        self.extra = list(extra)  # string columns after the figures columns (--keep-columns)
        self.parts = parts_path(self.output)
        self.skip: set[str] = set()
        self.finished = 0  # documents finished by this process
        self._base_ids: set[str] = set()
        self._base_rows = 0
        self._buffer: list[tuple[list[str], pd.DataFrame, pd.DataFrame]] = []
        self._buffered_rows = 0
        self.saved_at = time.monotonic()
        _remove_debris(self.output)
        if resume:
            self._open_resumed(retry_errors)
        else:
            _remove_tree(self.parts)  # an abandoned run's parts: not asked to continue it
            self.parts.mkdir()

    # ---- starting ---------------------------------------------------------------
    def _open_resumed(self, retry_errors: bool) -> None:
        if not self.parts.is_dir():
            self.parts.mkdir()
            if self.output.exists():
                (self.parts / "base").touch()
        for record in self._records():
            self.skip.update(record["done"])
            if not retry_errors:
                self.skip.update(record["failed"])
        if self._has_base():
            self._base_ids, self._base_rows = _doc_ids(self.output, self.fmt)
            self.skip.update(read_done(done_path(self.output)))
            self.skip.update(self._base_ids)
            if not retry_errors:
                self.skip.update(read_errors(errors_path(self.output))["doc_id"])

    def _has_base(self) -> bool:
        return (self.parts / "base").exists() and self.output.exists()

    def _records(self) -> list[dict]:
        """The committed parts in order (each with its `seq`); uncommitted files are removed."""
        committed, records = set(), []
        for path in sorted(self.parts.glob("part-*.json")):
            with open(path, encoding="utf-8") as fh:
                record = json.load(fh)
            record["seq"] = int(path.stem.split("-")[1])
            committed.add(path.stem)
            records.append(record)
        for path in self.parts.iterdir():
            if path.name != "base" and path.name.split(".")[0] not in committed:
                path.unlink()  # written before a crash, never committed
        return records

    def kept(self) -> str:
        """What survives a failed write, in words: the previous output and the committed parts."""
        try:
            records = self._records() if self.parts.is_dir() else []
        except (OSError, ValueError):
            records = []
        done = len({d for r in records for d in r["done"]})
        before = f"{self.output} is unchanged" if self.output.exists() else f"{self.output} was not written"
        if not done:
            return f"{before}; no part was committed"
        return (f"{before}; {done} finished document(s) are committed in {self.parts}: "
                "free some space and add --resume to continue")

    # ---- accounting -------------------------------------------------------------
    def add(self, doc_ids: Iterable[str], found: pd.DataFrame, errors: pd.DataFrame) -> None:
        """Record a finished batch: its doc ids, their figures, their error and note rows."""
        errors = error_frame(errors)
        self._buffer.append((list(doc_ids), found, errors))
        self._buffered_rows += len(found)

    def due(self, interval: float) -> bool:
        """Time to write a part: `interval` seconds passed, or PART_ROWS figures are waiting."""
        return bool(self._buffer) and (time.monotonic() - self.saved_at >= interval
                                       or self._buffered_rows >= PART_ROWS)

    def save(self) -> None:
        """Write the buffered documents as one committed part (figures, errors, then the record)."""
        if not self._buffer:
            return
        from .stream import TableWriter

        seq = max((int(p.stem.split("-")[1]) for p in self.parts.glob("part-*.json")), default=0) + 1
        stem = self.parts / f"part-{seq:06d}"
        errors = pd.concat([e for _, _, e in self._buffer], ignore_index=True)
        failed = set(errors.loc[errors["error_type"] != NOTE, "doc_id"])
        done = [d for ids, _, _ in self._buffer for d in ids if d not in failed]
        rows = sum(len(f) for _, f, _ in self._buffer)
        if rows:
            writer = TableWriter(stem.with_suffix(f".{self.fmt}"), format=self.fmt, extra=self.extra)
            try:
                for _, found, _ in self._buffer:
                    if len(found):
                        writer.write(found)
                writer.close(fsync=True)
            except BaseException:
                writer.abort()
                raise
        if len(errors):
            _atomic_lines(stem.with_suffix(".errors.csv"), [errors.to_csv(index=False, lineterminator="\r\n")])
        record = {"rows": rows, "done": done, "failed": sorted(failed)}
        _atomic_lines(stem.with_suffix(".json"), [json.dumps(record, ensure_ascii=False)])
        self.finished += len(done)
        self._buffer, self._buffered_rows = [], 0
        self.saved_at = time.monotonic()

    # ---- finishing --------------------------------------------------------------
    def finish(self, interrupted: bool = False) -> Outcome:
        """Merge the base output and every part into OUT, then the error report, then `.done`
        (each atomically, in that order), and remove the parts folder.

        An interrupted run that would replace an existing OUT it does not continue (a fresh run,
        not `--resume`) keeps its parts for `--resume` and leaves OUT alone, unless `force`."""
        from .stream import TableWriter

        self.save()
        records = self._records()
        if interrupted and not self.force and self.output.exists() and not self._has_base():
            return self._kept(records)
        last: dict[str, int] = {}  # doc id -> the last part that read it
        for record in records:
            last.update(dict.fromkeys(record["done"], record["seq"]))
            last.update(dict.fromkeys(record["failed"], record["seq"]))
        base = self._has_base()
        rows = 0
        writer = TableWriter(self.output, format=self.fmt, extra=self.extra)
        try:
            if base:
                rows += self._copy_base(writer, last)
            for record in records:
                if record["rows"]:
                    writer.append_file(self.parts / f"part-{record['seq']:06d}.{self.fmt}")
                    rows += record["rows"]
            writer.close(fsync=True)
        except BaseException:
            writer.abort()
            raise
        errors = self._merged_errors(records, last, base)
        done: dict[str, None] = {}
        if base:
            done.update(dict.fromkeys(read_done(done_path(self.output))))
            done.update(dict.fromkeys(self._base_ids))
        for record in records:
            for doc_id in record["failed"]:
                done.pop(doc_id, None)
            done.update(dict.fromkeys(record["done"]))
        report = errors_path(self.output)
        if len(errors):
            _atomic_lines(report, [errors.to_csv(index=False, lineterminator="\r\n")])
        elif report.exists():
            report.unlink()  # a stale report from an earlier run would mislead
        _atomic_lines(done_path(self.output), (json.dumps(i, ensure_ascii=False) + "\n" for i in done))
        _remove_tree(self.parts)
        failures = errors[~errors["doc_id"].isin(done)].reset_index(drop=True)
        return Outcome(figures=rows, done=len(done), errors=errors, failures=failures)

    def _kept(self, records: list[dict]) -> Outcome:
        last = {d: r["seq"] for r in records for d in r["done"] + r["failed"]}
        errors = self._merged_errors(records, last, False)
        done = {d for r in records for d in r["done"]} - {d for r in records for d in r["failed"]}
        return Outcome(figures=sum(r["rows"] for r in records), done=len(done), errors=errors,
                       failures=errors[~errors["doc_id"].isin(done)].reset_index(drop=True), kept=self.parts)

    def _copy_base(self, writer, last: dict[str, int]) -> int:
        """Append the previous OUT: byte for byte unless a part read one of its documents again."""
        if not any(doc_id in last for doc_id in self._base_ids):
            try:
                writer.append_file(self.output)
                return self._base_rows
            except ValueError:  # a CSV not in our dialect: read it with the schema instead
                pass
        previous = io.read(self.output, self.fmt)
        previous = previous[~previous["doc_id"].isin(last.keys())]
        writer.write(previous)
        return len(previous)

    def _merged_errors(self, records: list[dict], last: dict[str, int], base: bool) -> pd.DataFrame:
        frames = []
        if base:
            previous = read_errors(errors_path(self.output))
            frames.append(previous[~previous["doc_id"].isin(last.keys())])
        for record in records:
            path = self.parts / f"part-{record['seq']:06d}.errors.csv"
            if path.exists():
                part = read_errors(path)
                frames.append(part[[last.get(d) == record["seq"] for d in part["doc_id"]]])
        return error_frame(pd.concat(frames, ignore_index=True) if frames else [])


def _doc_ids(path: Path, fmt: str) -> tuple[set[str], int]:
    """The doc ids in a figures table and its row count, reading only that column."""
    ids: set[str] = set()
    rows = 0
    if fmt == "parquet":
        import pyarrow.parquet as pq

        column = pq.read_table(path, columns=["doc_id"]).column("doc_id").to_pylist()
        ids.update(str(d) for d in column if d is not None)
        return ids, len(column)
    if fmt == "csv":
        for chunk in pd.read_csv(path, usecols=["doc_id"], dtype=str, keep_default_na=False,
                                 na_values=[""], encoding="utf-8-sig", chunksize=100_000):
            ids.update(chunk["doc_id"].dropna())
            rows += len(chunk)
        return ids, rows
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            if line.strip():
                doc_id = json.loads(line).get("doc_id")
                if doc_id is not None:
                    ids.add(str(doc_id))
                rows += 1
    return ids, rows


def _atomic_lines(path: Path, lines: Iterable[str]) -> None:
    """Write text atomically and durably (temp file, fsync, `os.replace`), line by line."""
    with io.atomic_file(path, "w", fsync=True, encoding="utf-8", newline="") as fh:
        for line in lines:
            fh.write(line)


def _remove_debris(output: Path) -> None:
    """Temp files a killed run left beside OUT, its error report and `.done` (`.NAME.*.tmp`)."""
    names = (output.name, errors_path(output).name, done_path(output).name)
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        return
    for name in names:
        for path in folder.glob(f".{glob.escape(name)}.*.tmp"):
            try:
                path.unlink()
            except OSError:
                pass


def _remove_tree(path: Path) -> None:
    """Remove a parts folder: renamed away first, so no half-removed folder is ever read as parts."""
    if not path.exists():
        return
    trash = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.trash")
    os.replace(path, trash)
    shutil.rmtree(trash, ignore_errors=True)

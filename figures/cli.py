"""The `figures` command: extract, explain, highlight, langs.

A thin shell over the public API and `figures.io`: it expands PATH arguments
into documents (folders lazily), feeds them segment by segment to
`extract_many` (or to a Dask cluster, `figures.scaleout`) with a progress bar,
and hands each segment's tables to the run state (`figures.resume`: part
files, merged atomically into `-o` at the end) or streams them to stdout, so
memory does not grow with the corpus. Exit codes: 0 all documents read, 1 some
failed (listed on stderr and in `<out>.errors.csv`), 2 usage errors.
"""
from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import click
import pandas as pd

import figures

from . import io, packs
from .batch import CHUNK_DOCS
from .errors import PackError
from .explain import format_trace
from .resume import NOTE, RunState, errors_path

SEGMENT_CHUNKS = 4  # documents are accounted (and checkpoints taken) every SEGMENT_CHUNKS x jobs x CHUNK_DOCS

FORMATS = ["csv", "parquet", "jsonl", "table"]
ERROR_COLUMNS = ["doc_id", "stage", "error_type", "message"]  # the errors table (see figures/resume.py)
#: Columns shown by `--format table` in a terminal (the rest are in the files).
SHOWN = ["doc_id", "start", "end", "text", "value", "low", "high", "qualifier", "unit",
         "dimension", "object", "category"]


def _check_lang(ctx, param, value: str | None) -> str | None:
    """Reject an unknown pack up front (exit 2) instead of failing every document."""
    if value is None:
        return None
    installed = figures.languages()
    if value not in installed:
        raise click.BadParameter(f"no language pack {value!r}; installed: {', '.join(installed)}")
    return value


def _use_patterns(ctx, param, value: Path | None) -> Path | None:
    """Load packs from DIR (or $FIGURES_PATTERNS) and validate every pack in it now (exit 2 on a PackError)."""
    if value is None:
        return None
    if not (value / "common" / "pack.yaml").is_file():
        raise click.BadParameter(f"{value} is not a patterns folder (no common/pack.yaml)")
    os.environ["FIGURES_PATTERNS"] = str(value)  # also seen by worker processes
    try:
        for code in packs.languages():
            packs.load(code)
    except PackError as err:
        raise click.BadParameter(f"invalid language pack: {err}")
    except ValueError as err:  # e.g. an `inherits` naming a missing pack
        raise click.BadParameter(str(err))
    return value


def patterns_option():
    return click.option("--patterns", type=click.Path(file_okay=False, exists=True, path_type=Path),
                        envvar="FIGURES_PATTERNS", is_eager=True, expose_value=False, callback=_use_patterns,
                        help="Load language packs from DIR (default: $FIGURES_PATTERNS, else the bundled "
                             "ones); every pack is validated first.")


def lang_option(default_help: str = "detect per document"):
    return click.option("--lang", callback=_check_lang, help=f"Language pack code (default: {default_help}).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(figures.__version__, message="figures %(version)s")
def main() -> None:
    """Turn news text into a table of the figures in it."""


# --------------------------------------------------------------------------- extract

@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@patterns_option()
@lang_option()
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: from -o's extension, else table).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the table to this file (atomically).")
@click.option("--text-column", default="text", show_default=True,
              help="Column holding the text in CSV/Parquet/JSONL inputs.")
@click.option("--id-column", help="Column holding document ids in table inputs (default: row index).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per core).")
@click.option("--resume", is_flag=True,
              help="Skip the documents already in -o's output, its .done list, its unmerged parts and its "
                   "error report; write the union.")
@click.option("--retry-errors", is_flag=True, help="With --resume: read the failed documents again.")
@click.option("--checkpoint", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              help="With -o: commit the finished documents to a part file (in OUT.parts/) this often, "
                   "so an interrupted or crashed run can --resume.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run on a Dask cluster (a scheduler address, or `local` for one worker process per core); "
                   "needs the `news-figures[dask]` extra.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
def extract(paths, lang, fmt, output, text_column, id_column, jobs, resume, retry_errors, checkpoint,
            dask_address, quiet) -> None:
    """Extract figures from files, folders, globs, tables or `-` (stdin).

    \b
    figures extract seeds/ -o figures.parquet
    figures extract 'news/**/*.txt' --format csv > figures.csv
    figures extract articles.csv --text-column body --id-column url -o out.jsonl
    figures extract corpus/ -o out.parquet --resume      # continue an interrupted run
    figures extract corpus/ -o out.parquet --dask tcp://scheduler:8786
    echo "killed at least 20 people" | figures extract -
    """
    fmt = _output_format(fmt, output)
    if (resume or retry_errors) and output is None:
        raise click.BadParameter("needs -o FILE (the output to continue)", param_hint="--resume")
    if dask_address is not None:
        from . import scaleout

        try:
            scaleout.check()
        except ImportError as err:
            raise click.UsageError(str(err))
        tables, paths = scaleout.split_tables(paths)
        scaleout.check_tables(tables, text_column, id_column)
    groups = _sources(paths, text_column, id_column)
    started = time.monotonic()
    try:
        state = RunState(output, fmt, resume=resume, retry_errors=retry_errors) if output else _Screen(fmt)
    except (OSError, ValueError) as err:  # an existing output or sidecar that cannot be read
        raise click.BadParameter(f"cannot resume from {output}: {err}", param_hint="--resume")
    count = _Count()
    total = sum(len(g) for g in groups) if _bar_shown(quiet) and dask_address is None else None
    with _progress(total, quiet) as bar, _stop_on_sigterm():
        try:
            todo = count.filter(itertools.chain.from_iterable(groups), state.skip, bar)
            if dask_address is None:
                results = _local(todo, lang, jobs, bar)
            else:
                results = scaleout.results(dask_address, jobs, todo, tables, text_column, id_column,
                                           lang, state.skip, count, bar)
            for doc_ids, found, errors in results:
                state.add(doc_ids, found, errors)
                count.read += len(doc_ids)
                if output is not None and state.due(checkpoint):
                    state.save()
        except KeyboardInterrupt:
            outcome = state.finish()
            where = f"; {output} holds them: add --resume to continue" if output is not None else ""
            click.echo(f"figures: interrupted after {_n(outcome.done, 'finished document')}{where}", err=True)
            sys.exit(130)
    outcome = state.finish()
    failed = _report_errors(outcome.errors, outcome.failures, output)
    if not quiet:
        skipped = f", {count.skipped} skipped (already done)" if resume else ""
        click.echo(f"figures: {_n(count.read, 'document')}, {_n(outcome.figures, 'figure')}, "
                   f"{_n(len(outcome.failures), 'error')}{skipped}, {time.monotonic() - started:.1f} s",
                   err=True)
    sys.exit(1 if failed else 0)


class _Count:
    """Documents read and skipped (already done) in this run."""

    def __init__(self):
        self.read = self.skipped = 0

    def filter(self, sources: Iterable[io.Source], skip: set[str], bar) -> Iterator[io.Source]:
        for src in sources:
            if src.doc_id in skip:
                self.skipped += 1
                bar.update(1)
            else:
                yield src


def _local(todo: Iterable[io.Source], lang: str | None, jobs: int, bar):
    """(doc ids, figures, errors) per segment, extracted in this process (and its -j workers)."""
    for segment in _segments(todo, SEGMENT_CHUNKS * max(jobs or os.cpu_count() or 1, 1) * CHUNK_DOCS):
        found, errors = _run_segment(segment, lang, jobs, bar)
        yield [src.doc_id for src in segment], found, errors


class _Screen:
    """A run without -o: CSV and JSONL stream to stdout segment by segment; the terminal table and
    Parquet are kept in memory and written at the end (they are meant for small runs)."""

    skip: set[str] = frozenset()

    def __init__(self, fmt: str):
        self.fmt, self.frames, self.errors, self.rows, self.done = fmt, [], [], 0, 0
        self._out = None
        if fmt in ("csv", "jsonl"):
            from .stream import TableAppender

            self._out = TableAppender(sys.stdout.buffer, fmt)

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

    def finish(self):
        from .resume import Outcome

        if self._out is not None:
            self._out.finish()
            sys.stdout.flush()
        else:
            _emit(figures.table.concat(self.frames), self.fmt, None)
        errors = pd.concat(self.errors, ignore_index=True) if self.errors else _error_frame([], None)
        return Outcome(figures=self.rows, done=self.done, errors=errors,
                       failures=errors[errors["error_type"] != NOTE])


def _run_segment(segment: list[io.Source], lang: str | None, jobs: int, bar) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures and errors of a few documents. If the engine raises something it does not report per
    document (a bug), the segment is run again one document at a time, so only that document is lost:
    it goes to the errors table with the exception's type and message, and the run goes on."""
    read_errors: list[dict] = []
    try:
        found, engine_errors = figures.extract_many(
            _texts(segment, read_errors, bar), lang=lang, return_errors=True, jobs=jobs)
    except Exception:  # noqa: BLE001  an engine bug: isolate it (recorded per document below)
        return _one_by_one(segment, lang)
    return found, _error_frame(read_errors, engine_errors)


def _one_by_one(segment: list[io.Source], lang: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    frames, rows = [], []
    for src in segment:
        one: list[dict] = []
        try:
            found, engine_errors = figures.extract_many(
                _texts([src], one, _NoBar), lang=lang, return_errors=True)
            frames.append(found)
            rows.append(_error_frame(one, engine_errors))
        except Exception as err:  # noqa: BLE001
            rows.append(_error_frame(one + [{"doc_id": src.doc_id, "stage": "extract",
                                             "error_type": type(err).__name__,
                                             "message": str(err) or repr(err)}], None))
    return figures.table.concat(frames), pd.concat(rows, ignore_index=True)


class _NoBar:
    @staticmethod
    def update(n: int) -> None:
        return None


def _segments(sources: Iterable[io.Source], size: int) -> Iterator[list[io.Source]]:
    """Consecutive lists of `size` documents: the unit of extraction and accounting."""
    sources = iter(sources)
    while segment := list(itertools.islice(sources, size)):
        yield segment


@contextlib.contextmanager
def _stop_on_sigterm():
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


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _output_format(fmt: str | None, output: Path | None) -> str:
    if fmt is None:
        fmt = io.table_format(output) if output else "table"
        if fmt is None:
            raise click.BadParameter(f"cannot tell the format of {output}; use --format "
                                     "csv|parquet|jsonl", param_hint="-o")
    if fmt == "table" and output is not None:
        raise click.BadParameter("--format table prints to the terminal; choose csv, parquet "
                                 "or jsonl with -o", param_hint="--format")
    if fmt == "parquet" and output is None and sys.stdout.isatty():
        raise click.BadParameter("will not print Parquet to a terminal; use -o FILE", param_hint="--format")
    return fmt


class _Folder:
    """A folder argument's documents, walked lazily (a million paths need not sit in memory)."""

    def __init__(self, root: Path):
        self.root = root

    def __iter__(self) -> Iterator[io.Source]:
        for path in io._walk(self.root):
            yield io.Source(path.relative_to(self.root).as_posix(), path=path)

    def __len__(self) -> int:  # walks again: only asked for by the progress bar
        return sum(1 for _ in io._walk(self.root))


def _sources(paths: Iterable[str], text_column: str, id_column: str | None) -> list:
    """Expand every PATH into a group of documents (a folder lazily, see _Folder); a path that matches
    nothing or lacks the text column is a usage error."""
    sources: list = []
    for arg in paths:
        if arg != "-" and Path(arg).is_dir():
            sources.append(_Folder(Path(arg)))
            continue
        try:
            sources.append(io.expand(arg, text_column=text_column, id_column=id_column,
                                     stdin=sys.stdin.buffer))
        except (FileNotFoundError, KeyError) as err:
            raise click.BadParameter(err.args[0] if err.args else str(err), param_hint="PATH")
        except (OSError, ValueError) as err:  # an unreadable table or stdin
            raise click.BadParameter(f"{arg}: {err}", param_hint="PATH")
    return sources


def _texts(sources: list[io.Source], errors: list[dict], bar) -> Iterator[tuple[str, str]]:
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
        finally:
            bar.update(1)


def _bar_shown(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def _progress(total: int | None, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, leave=False, disable=not _bar_shown(quiet))


def _error_frame(read_errors: list[dict], engine_errors: pd.DataFrame | None) -> pd.DataFrame:
    frames = [pd.DataFrame(read_errors, columns=ERROR_COLUMNS)]
    if engine_errors is not None and len(engine_errors):
        frames.append(engine_errors.reindex(columns=ERROR_COLUMNS))
    return pd.concat(frames, ignore_index=True).astype(object)


def _emit(table: pd.DataFrame, fmt: str, output: Path | None) -> None:
    if output is not None:
        io.write_table(table, output, format=fmt)
    elif fmt == "table":
        click.echo(_pretty(table))
    else:
        io.write_stream(io.conform(table), sys.stdout.buffer, fmt)
        sys.stdout.flush()


def _pretty(table: pd.DataFrame) -> str:
    """The table for a terminal: key columns, no index, fit to the terminal width."""
    if table.empty:
        return "(no figures)"
    width = shutil.get_terminal_size((160, 24)).columns
    from .highlight import readable

    shown = readable(table[[c for c in SHOWN if c in table.columns]])
    with pd.option_context("display.width", width, "display.max_columns", None,
                           "display.max_colwidth", 40, "display.max_rows", None):
        return shown.to_string(index=False)


def _report_errors(errors: pd.DataFrame, failures: pd.DataFrame, output: Path | None,
                   shown: int = 20) -> bool:
    """List failed documents (and notes) on stderr; True when any document failed.

    With -o the full report is `<out>.errors.csv`, written by RunState.finish().
    """
    if errors.empty:
        return False
    if len(failures):
        click.echo(f"figures: {len(failures)} document(s) failed:", err=True)
    for row in errors.head(shown).itertuples(index=False):
        click.echo(f"  {row.doc_id}\t{row.stage}\t{row.error_type}: {row.message}", err=True)
    if len(errors) > shown:
        click.echo(f"  ... and {len(errors) - shown} more", err=True)
    if output is not None:
        click.echo(f"figures: error report written to {errors_path(output)}", err=True)
    return len(failures) > 0


# --------------------------------------------------------------------------- explain

@main.command()
@click.argument("text")
@patterns_option()
@lang_option("detect")
def explain(text, lang) -> None:
    """Show each pipeline stage's output for TEXT, with the reason for every drop."""
    try:
        trace = figures.explain(text, lang=lang)
    except ValueError as err:  # unknown language
        raise click.BadParameter(str(err), param_hint="--lang")
    click.echo(format_trace(trace, text, styled=True))  # click drops the styling off a terminal


# --------------------------------------------------------------------------- highlight, langs

@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@patterns_option()
@lang_option()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML report to write.")
@click.option("--from", "from_table", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Render the figures of this table (from `figures extract -o`) without extracting; "
                   "PATHs then only supply the texts, matched by doc_id.")
@click.option("--text-column", default="text", show_default=True)
@click.option("--id-column")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Worker processes (0: one per core).")
@click.option("--title", default="figures report", show_default=True)
@click.option("-q", "--quiet", is_flag=True)
def highlight(paths, lang, output, from_table, text_column, id_column, jobs, title, quiet) -> None:
    """Write one self-contained HTML report: totals, a chart, a sortable table, marked documents.

    \b
    figures highlight seeds/ -o report.html
    figures highlight articles.csv --text-column body -o report.html -j 0
    figures highlight --from figures.parquet corpus/ -o report.html   # no re-extraction
    """
    from .cli_highlight import run as write_report

    sys.exit(write_report(paths, lang, output, text_column, id_column, title, quiet, from_table, jobs))


@main.command()
@patterns_option()
def langs() -> None:
    """List the installed language packs."""
    for code in figures.languages():
        click.echo(code)


if __name__ == "__main__":  # pragma: no cover
    main()

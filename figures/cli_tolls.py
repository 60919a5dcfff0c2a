"""`figures tolls`: each document's tolls (FIGURES_SPEC §9) from the same inputs as `figures extract`.

`command()` builds the click command from the shared options of `figures.cli`
(which registers it with one line, so this module never imports the CLI). Documents are run by the local run engine (`figures.runner`: chunks, `-j`
worker processes, progress bar, one failed document isolated in the errors
table, Ctrl-C keeps what is finished); each finished chunk's figures and texts
(for singular victims, `figures.mentions`) become its tolls in this process.
A tolls table is a few rows a document, so it is kept in memory and written
atomically at the end (`-o`), with the error report beside it as for extract.
With `--from TABLE` nothing is extracted: the tolls are computed from a figures
table (`figures extract -o`), and PATH arguments, if any, supply the texts.
"""
from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import click
import pandas as pd

from . import io, runner
from .resume import NOTE, Outcome, errors_path
from .tolls import COLUMNS, frame, tolls

SHOWN = ["doc_id", "category", "group", "value", "low", "high", "n_figures", "sources"]


class TollState:
    """The run state of `runner.execute` for a tolls table: rows kept, written once at `finish`."""

    skip: frozenset[str] = frozenset()

    def __init__(self, output: Path | None, fmt: str):
        self.output, self.fmt = output, fmt
        self.frames: list[pd.DataFrame] = []
        self.errors: list[pd.DataFrame] = []
        self.rows = self.done = 0

    def add(self, doc_ids, found: pd.DataFrame, errors: pd.DataFrame) -> None:
        failed = set(errors.loc[errors["error_type"] != NOTE, "doc_id"]) if len(errors) else set()
        self.done += sum(1 for d in doc_ids if d not in failed)
        self.rows += len(found)
        if len(found):
            self.frames.append(found)
        if len(errors):
            self.errors.append(errors)

    def due(self, interval: float) -> bool:
        return False

    def save(self) -> None:
        return None

    def finish(self, interrupted: bool = False) -> Outcome:
        table = pd.concat(self.frames, ignore_index=True) if self.frames else frame([], COLUMNS)
        errors = pd.concat(self.errors, ignore_index=True) if self.errors else runner.error_frame([], None)
        write(table, self.fmt, self.output)
        if self.output is not None and len(errors):
            with io.atomic_file(errors_path(self.output), "w", encoding="utf-8", newline="") as fh:
                fh.write(errors.to_csv(index=False, lineterminator="\r\n"))
        return Outcome(figures=len(table), done=self.done, errors=errors,
                       failures=errors[errors["error_type"] != NOTE])


def write(table: pd.DataFrame, fmt: str, output: Path | None) -> None:
    """The tolls table to -o (atomically) or stdout; `table` prints the key columns for a terminal."""
    if fmt == "table":
        click.echo("(no tolls)" if table.empty else table[SHOWN].to_string(index=False))
    elif output is not None:
        with io.atomic_file(output, "wb") as fh:
            io.write_stream(table, fh, fmt)
    else:
        io.write_stream(table, sys.stdout.buffer, fmt)
        sys.stdout.flush()


def _with_tolls(results, sources: dict):
    """Each chunk's (doc ids, figures, errors) -> (doc ids, tolls, errors), reading its texts again."""
    for doc_ids, found, errors in results:
        read = [sources.pop(d) for d in doc_ids if d in sources]
        texts = dict(runner.texts(read, []))
        yield doc_ids, tolls(found, text=texts), errors


def _total(groups: list) -> int | None:
    """Documents to do, for the progress bar (None when a group cannot tell without reading it)."""
    try:
        return sum(len(g) for g in groups)
    except TypeError:
        return None


def run(groups: list, lang: str | None, fmt: str, output: Path | None, jobs: int, quiet: bool,
        from_table: Path | None, progress) -> int:
    """Compute and write the tolls; return the exit status (1 when some document failed)."""
    started = time.monotonic()
    state = TollState(output, fmt)
    sources = itertools.chain.from_iterable(groups)
    if from_table is not None:
        found = io.read(from_table)
        errs: list[dict] = []
        texts = dict(runner.texts(sources, errs))
        state.add(list(dict.fromkeys(found["doc_id"].astype(str))), tolls(found, text=texts or None),
                  runner.error_frame(errs, None))
        outcome, interrupted, n_docs = state.finish(), False, found["doc_id"].nunique()
    else:
        total = _total(groups) if not quiet and sys.stderr.isatty() else None
        with progress(total, quiet) as bar:
            count = runner.Count(bar)
            seen: dict = {}

            def produce(todo):
                def remember(items):
                    for src in items:
                        seen[src.doc_id] = src
                        yield src
                return _with_tolls(runner.Local(lang, jobs).results(remember(todo)), seen)

            result = runner.execute(sources, state, count, lang=lang, jobs=jobs, checkpoint=float("inf"),
                                    results=produce)
        outcome, interrupted, n_docs = result.outcome, result.interrupted, count.read
    for row in outcome.errors.head(20).itertuples(index=False):
        click.echo(f"  {row.doc_id}\t{row.stage}\t{row.error_type}: {row.message}", err=True)
    if len(outcome.errors) > 20:
        click.echo(f"  ... and {len(outcome.errors) - 20} more", err=True)
    if output is not None and len(outcome.errors):
        click.echo(f"figures: error report written to {errors_path(output)}", err=True)
    if interrupted:
        click.echo(f"figures: interrupted after {outcome.done} finished documents", err=True)
        return 130
    if not quiet:
        click.echo(f"figures: {n_docs} documents, {outcome.figures} toll rows, {len(outcome.failures)} errors, "
                   f"{time.monotonic() - started:.1f} s", err=True)
    return 1 if len(outcome.failures) else 0


def command(patterns_option, lang_option, formats: list[str], output_format, sources, progress) -> click.Command:
    """The `figures tolls` command, built from the shared pieces of `figures.cli`."""

    @click.command("tolls")
    @click.argument("paths", nargs=-1, metavar="[PATH]...")
    @patterns_option()
    @lang_option()
    @click.option("--format", "fmt", type=click.Choice(formats),
                  help="Output format (default: from -o's extension, else table).")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                  help="Write the tolls table to this file (atomically).")
    @click.option("--from", "from_table", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                  help="Compute the tolls of this figures table (from `figures extract -o`) without extracting; "
                       "PATHs then only supply the texts (for singular victims), matched by doc_id.")
    @click.option("--text-column", default="text", show_default=True,
                  help="Column holding the text in CSV/Parquet/JSONL inputs.")
    @click.option("--id-column", help="Column holding document ids in table inputs (default: row index).")
    @click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
                  help="Worker processes (0: one per core).")
    @click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
    def tolls_command(paths, lang, fmt, output, from_table, text_column, id_column, jobs, quiet) -> None:
        """Each document's tolls: killed, injured, detained ... by group, with bounds and sources.

        \b
        figures tolls seeds/ -o tolls.csv
        figures tolls articles.csv --text-column body --id-column url -o tolls.parquet -j 0
        figures tolls --from figures.parquet corpus/ -o tolls.jsonl   # no re-extraction
        """
        if not paths and from_table is None:
            raise click.UsageError("give PATH... (documents to read) or --from TABLE (figures already extracted)")
        fmt = output_format(fmt, output)
        sys.exit(run(sources(paths, text_column, id_column), lang, fmt, output, jobs, quiet, from_table, progress))

    return tolls_command

"""The `figures` command: extract, explain, highlight, langs.

Argument handling only: it expands PATH arguments into documents (folders
lazily), opens the run state (`figures.resume`: part files merged atomically
into `-o` at the end, or the screen) and hands both to the run engine
(`figures.runner`, or a Dask cluster through `figures.scaleout`), then reports.
Exit codes: 0 all documents read, 1 some
failed (listed on stderr and in `<out>.errors.csv`), 2 usage errors, 3 the
output could not be written (a full disk: one line says what was kept), 130
interrupted.
"""
from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable

import click
import pandas as pd

import figures

from . import budget, cli_tolls, io, packs, runner, sources, terminal
from . import cli_options as opts
from .keep import KeepColumns, output_name
from .langid import NoPackError
from .terminal import PlainWarnings
from .errors import PackError
from .explain import format_trace
from .resume import NOTE, RunState, errors_path

FORMATS = ["csv", "parquet", "jsonl", "table"]
EXIT_WRITE = 3  # the output could not be written (a full disk): one line says what failed and what was kept


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
@click.option("--max-seconds", type=click.FloatRange(min=0), default=budget.SECONDS, show_default=True,
              help="CPU seconds a document may take; over it, the document is an error (stage budget) "
                   "and the run goes on (0: no limit).")
@click.option("--max-chars", type=click.IntRange(min=0), default=budget.CHARS, show_default=True,
              help="Characters a document may have; a longer one is an error (stage budget) (0: no limit).")
@click.option("--force", is_flag=True,
              help="On Ctrl-C or SIGTERM, replace an existing -o output with the documents finished so far "
                   "(default: keep it and leave them for --resume).")
@click.option("--encoding", metavar="NAME", callback=opts.check_encoding,
              help="Read text files, HTML and CSV/JSONL tables in this encoding (default: detect; see README).")
@click.option("--columns", metavar="A,B,...",
              help="Terminal table: show these columns (default: those that fit the terminal).")
@click.option("--keep-columns", metavar="A,B,...", callback=opts.split_names,
              help="Carry these columns of each input row (outlet, date, url...) into the output; for files: "
                   "text, and for HTML also title, date, outlet, url. `text` is written as source_text.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, compile notice or summary line.")
def extract(paths, lang, fmt, output, text_column, id_column, jobs, resume, retry_errors, checkpoint,
            dask_address, max_seconds, max_chars, force, encoding, columns, keep_columns, quiet) -> None:
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
    opts.check_output(output)
    shown = opts.check_columns(columns, fmt, keep_columns)
    opts.quiet_notices(quiet)
    tables: list[str] = []
    if dask_address is not None:
        from . import scaleout

        try:
            scaleout.check()
        except ImportError as err:
            raise click.UsageError(str(err))
        if keep_columns or encoding:
            raise click.UsageError("--keep-columns and --encoding are not available with --dask")
        tables, paths = scaleout.split_tables(paths)
        scaleout.check_tables(tables, text_column, id_column)
    skipped: list[Path] = []
    groups = _sources(paths, text_column, id_column, several=len(paths) + len(tables) > 1,
                      encoding=encoding, keep=keep_columns, skipped=skipped)
    opts.check_text_column(groups, text_column)
    limits = budget.Limits(max_seconds or None, max_chars or None)
    started = time.monotonic()
    try:
        extra = [output_name(k) for k in keep_columns or []]
        state: Any = (RunState(output, fmt, resume=resume, retry_errors=retry_errors, force=force, extra=extra)
                      if output else runner.Screen(fmt, lambda table: _emit(table, fmt, None, shown), extra))
    except (OSError, ValueError) as err:  # an existing output or sidecar that cannot be read or written
        if resume:
            raise click.BadParameter(f"cannot resume from {output}: {err}", param_hint="--resume")
        raise click.BadParameter(f"cannot write {output}: {err}", param_hint="-o")
    docs: Iterable[io.Source] = itertools.chain.from_iterable(groups)
    if keep_columns:
        state = KeepColumns(state, keep_columns)
        docs = state.watch(docs)
    total = sum(len(g) for g in groups) if _bar_shown(quiet) and dask_address is None else None
    with _progress(total, quiet) as bar, PlainWarnings(rewrite=opts.cli_words) as said:
        count = runner.Count(bar, repeats=len(paths) + len(tables) > 1 or id_column is not None)
        produce = None
        if dask_address is not None:
            def produce(todo):
                return scaleout.results(dask_address, jobs, todo, tables, text_column, id_column,
                                        lang, state.skip, count, limits, len(paths) + len(tables) > 1)
        try:
            result = runner.execute(docs, state, count, lang=lang, jobs=jobs,
                                    checkpoint=checkpoint if output is not None else float("inf"),
                                    results=produce, limits=limits)
        except runner.WriteFailed as err:
            bar.close()
            click.echo(f"figures: {err}", err=True)
            sys.exit(EXIT_WRITE)
    outcome = result.outcome
    if result.interrupted:
        if outcome.kept is not None:
            where = (f"; {output} is unchanged, the finished ones are kept in {outcome.kept}: "
                     "add --resume to continue (or --force to write a partial output)")
        elif output is not None:
            where = f"; {output} holds them: add --resume to continue"
        else:
            where = ""
        click.echo(f"figures: {result.cause} after {_n(outcome.done, 'finished document')}{where}", err=True)
        sys.exit(130)
    failed = _report_errors(outcome.errors, outcome.failures, output)
    if count.repeated:
        click.echo(f"figures: {_n(count.repeated, 'document')} not read again: the doc_id repeats an "
                   f"earlier one (first: {count.first_repeat})", err=True)
    for kind, n in said.repeats().items():
        click.echo(f"figures: {_n(n, 'more warning')} like it ({kind})", err=True)
    if not quiet:
        done = f", {count.skipped} skipped (already done)" if resume else ""
        click.echo(f"figures: {_n(count.read, 'document')}, {_n(outcome.figures, 'figure')}, "
                   f"{_n(len(outcome.failures), 'error')}{done}{opts.skipped_files(skipped)}, "
                   f"{time.monotonic() - started:.1f} s", err=True)
    sys.exit(1 if failed else 0)


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


def _sources(paths: Iterable[str], text_column: str, id_column: str | None, several: bool | None = None,
             encoding: str | None = None, keep: list[str] | None = None, skipped: list[Path] | None = None) -> list:
    """Expand every PATH into a group of documents (`figures.sources`); a path that matches nothing or
    lacks the text column is a usage error."""
    try:
        return sources.expand(paths, text_column=text_column, id_column=id_column, stdin=sys.stdin.buffer,
                              several=several, encoding=encoding, keep=keep or (), skipped=skipped)
    except (FileNotFoundError, KeyError) as err:
        raise click.BadParameter(err.args[0] if err.args else str(err), param_hint="PATH")
    except (OSError, ValueError) as err:  # an unreadable table or stdin
        raise click.BadParameter(str(err), param_hint="PATH")


def _bar_shown(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def _progress(total: int | None, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, leave=False, disable=not _bar_shown(quiet))


def _emit(table: pd.DataFrame, fmt: str, output: Path | None, columns: list[str] | None = None) -> None:
    if output is not None:
        io.write_table(table, output, format=fmt)
    elif fmt == "table":
        click.echo(terminal.render(table, columns, styled=sys.stdout.isatty()))
    else:
        io.write_stream(io.conform(table), sys.stdout.buffer, fmt)
        sys.stdout.flush()


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
    except NoPackError as err:  # the text is in a language we have no pack for: not a bad option
        raise click.UsageError(f"{err}") from None
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


main.add_command(cli_tolls.command(patterns_option, lang_option, FORMATS, _output_format, _sources, _progress))


@main.command()
@patterns_option()
def langs() -> None:
    """List the installed language packs."""
    for code in figures.languages():
        click.echo(code)


@main.command()
@click.option("--lang", "codes", multiple=True, callback=lambda ctx, param, v: [_check_lang(ctx, param, c) for c in v],
              help="Compile only this pack (repeatable; default: every installed pack).")
def warmup(codes) -> None:
    """Compile the language packs now, into the cache later runs load in milliseconds (a first run
    otherwise compiles each language it meets). Uses $FIGURES_PATTERNS when set."""
    import logging

    compiled: list[str] = []

    class _Seen(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            compiled.append(str(record.args[0]) if isinstance(record.args, tuple) and record.args else "")

    log, seen = logging.getLogger("figures.packs"), _Seen()
    log.addHandler(seen)  # replaces the stderr notice: this command reports each pack itself
    try:
        for code in codes or figures.languages():
            started = time.process_time()
            packs.load(code)
            how = "compiled" if code in compiled else "already compiled"
            click.echo(f"figures: {code}: {how} ({time.process_time() - started:.1f} s CPU)")
    except PackError as err:
        raise click.ClickException(f"invalid language pack: {err}")
    finally:
        log.removeHandler(seen)
    where = packs._cache_dir()
    click.echo(f"figures: cached in {where}" if where else "figures: the cache is off (FIGURES_CACHE=0): "
               "nothing was kept")

from .cli_packs import packs_group  # noqa: E402  `figures packs check` lives in its own module
main.add_command(packs_group)

if __name__ == "__main__":  # pragma: no cover
    main()

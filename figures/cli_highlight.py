"""`figures highlight`: the HTML report, from source documents or from an existing figures table.

The command's options are declared in `figures.cli`; this module does the work,
so the report can grow without touching the CLI's shared file.

With `--from TABLE` nothing is extracted: the figures come from the table (as
`figures extract -o` wrote it) and the PATH arguments, if any, supply the
source texts, matched by `doc_id` (give them as for the extract run that made
the table). The marks need the texts: a document of the table without one is
shown as the sentences of its figures (the `sentence` column), marked where
each figure's text sits at its offsets.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click
import pandas as pd

import figures

from . import io, runner
from .resume import NOTE
from .report import META_KEYS, collect, render_page

ERROR_COLUMNS = ["doc_id", "stage", "error_type", "message"]


def run(paths, lang, output: Path, text_column: str, id_column: str | None, title: str, quiet: bool,
        from_table: Path | None, jobs: int) -> int:
    """Write the report; return the exit status (1 when some document could not be read or extracted)."""
    if not paths and from_table is None:
        raise click.UsageError("give PATH... (documents to read) or --from TABLE (figures already extracted)")
    started = time.monotonic()
    sources, meta = _sources(paths, text_column, id_column)
    errors: list[dict] = []
    bar = _bar(len(sources), quiet)
    with bar:
        docs = list(_texts(sources, errors, bar))
        if from_table is not None:
            table = _read_table(from_table)
        else:
            table, engine_errors = figures.extract_many(docs, lang=lang, return_errors=True, jobs=jobs)
            errors.extend(engine_errors.astype(object).to_dict("records"))
    page = render_page(collect(docs, table, meta, _tolls(table, docs)), title=title)
    io.write_text_atomic(output, page)
    failed = [e for e in errors if e["error_type"] != NOTE]
    for e in errors[:20]:
        click.echo(f"  {e['doc_id']}\t{e['stage']}\t{e['error_type']}: {e['message']}", err=True)
    if len(errors) > 20:
        click.echo(f"  ... and {len(errors) - 20} more", err=True)
    if not quiet:
        n_docs = len({str(d) for d, _ in docs} | set(table["doc_id"].astype(str)))
        click.echo(f"figures: {n_docs} documents, {len(table)} figures, {len(failed)} errors; "
                   f"{output} ({len(page.encode('utf-8')) / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s",
                   err=True)
    return 1 if failed else 0


def _sources(paths, text_column: str, id_column: str | None) -> tuple[list[io.Source], dict]:
    """The documents of every PATH, and the title/date/outlet of rows of table inputs."""
    sources: list[io.Source] = []
    meta: dict[str, dict] = {}
    for arg in paths:
        try:
            if arg != "-" and io.table_format(arg) and Path(arg).is_file():
                df = io.read_input_table(arg)
                sources.extend(io.table_sources(df, text_column, id_column, name=arg))
                meta.update(_table_meta(df, id_column))
            else:
                sources.extend(io.expand(arg, text_column=text_column, id_column=id_column,
                                         stdin=sys.stdin.buffer))
        except (FileNotFoundError, KeyError) as err:
            raise click.BadParameter(err.args[0] if err.args else str(err), param_hint="PATH")
        except (OSError, ValueError) as err:
            raise click.BadParameter(f"{arg}: {err}", param_hint="PATH")
    return sources, meta


def _table_meta(df: pd.DataFrame, id_column: str | None) -> dict[str, dict]:
    keys = [k for k in META_KEYS if k in df.columns]
    if not keys:
        return {}
    ids = df[id_column] if id_column is not None else df.index.to_series()
    return {str(i): {k: str(v) for k, v in rec.items() if isinstance(v, str) or pd.notna(v)}
            for i, rec in zip(ids, df[keys].to_dict("records"))}


def _texts(sources: list[io.Source], errors: list[dict], bar):
    for pair in runner.texts(sources, errors):
        bar.update(1)
        yield pair


def _tolls(table: pd.DataFrame, docs: list[tuple[str, str]]) -> pd.DataFrame | None:
    """Each document's tolls (`figures.tolls`, singular victims included where the text is known).
    A failure there costs the tolls tables, not the report."""
    try:
        return figures.tolls(table, text=dict(docs))
    except Exception as err:  # noqa: BLE001  (the figures are still worth showing)
        click.echo(f"figures: tolls not shown ({type(err).__name__}: {err})", err=True)
        return None


def _read_table(path: Path) -> pd.DataFrame:
    try:
        return io.read(path)
    except (OSError, ValueError) as err:  # not a figures table, or unreadable
        raise click.BadParameter(f"{path}: {err}", param_hint="--from")


def _bar(total: int, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, leave=False, disable=quiet or not sys.stderr.isatty())

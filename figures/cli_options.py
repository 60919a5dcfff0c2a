"""Checks of `figures extract`'s options that turn a doomed run into one usage error (exit 2) naming
the real cause, and the wording of what the command says about its inputs."""
from __future__ import annotations

import codecs
import logging
import os
from pathlib import Path

import click

from . import table
from .keep import output_name


def check_encoding(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r} (e.g. utf-8, cp1252, cp1250, iso-8859-2, cp1251)")


def split_names(ctx, param, value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise click.BadParameter("give column names separated by commas")
    return names


def check_output(output: Path | None) -> None:
    """-o must name a file in an existing, writable folder (checked before any work is done)."""
    if output is None:
        return
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.exists():
        raise click.BadParameter(f"cannot write {output}: the folder {folder} does not exist", param_hint="-o")
    if not folder.is_dir():
        raise click.BadParameter(f"cannot write {output}: {folder} is not a folder", param_hint="-o")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise click.BadParameter(f"cannot write {output}: no permission to write in {folder}", param_hint="-o")


def check_columns(columns: str | None, fmt: str, keep: list[str] | None) -> list[str] | None:
    """`--columns` as a list of known names; it only shapes the terminal table."""
    if columns is None:
        return None
    if fmt != "table":
        raise click.BadParameter(f"chooses the columns of the terminal table; a {fmt} output holds every "
                                 "column", param_hint="--columns")
    available = list(table.COLUMNS) + [output_name(k) for k in keep or []]
    names = [v.strip() for v in columns.split(",") if v.strip()]
    unknown = [n for n in names if n not in available]
    if unknown or not names:
        raise click.BadParameter(f"unknown column(s) {', '.join(unknown) or '(none given)'}; choose from "
                                 f"{', '.join(available)}", param_hint="--columns")
    return names


def check_text_column(groups: list, text_column: str) -> None:
    """A table whose text column holds no text at all (numbers, say) is one usage error, not one
    error per row."""
    for group in groups:
        if not isinstance(group, list) or not group:
            continue
        problems = [src.problem for src in group if src.problem]
        if len(problems) == len(group) and all(p.endswith(", not text") for p in problems):
            name, _, rest = problems[0].partition(": row ")
            held = rest.rsplit(" holds ", 1)[-1]
            raise click.BadParameter(f"{name}: column {text_column!r} holds {held}: choose the column with the "
                                     "documents' text with --text-column", param_hint="--text-column")


def quiet_notices(quiet: bool) -> None:
    """--quiet also silences the one-line notice while a pack compiles (figures.packs.log), until the
    command ends."""
    if quiet:
        log = logging.getLogger("figures.packs")
        level = log.level
        log.setLevel(logging.ERROR)
        click.get_current_context().call_on_close(lambda: log.setLevel(level))


def cli_words(message: str) -> str:
    """A library warning in the command's words (`lang=` is `--lang` here)."""
    return message.replace("pass lang= to choose", "pass --lang to choose")


def skipped_files(skipped: list[Path], named: int = 5) -> str:
    """The summary's note on files a folder walk did not read, each named (up to `named`)."""
    if not skipped:
        return ""
    names = ", ".join(str(p) for p in skipped[:named])
    more = f" and {len(skipped) - named} more" if len(skipped) > named else ""
    noun = "file" if len(skipped) == 1 else "files"
    return f", {len(skipped)} {noun} skipped (not text or a folder's README/LICENSE: {names}{more})"

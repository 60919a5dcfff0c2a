"""`figures packs check [DIR]`: a patterns folder validated whole, with the entries that can never fire.

Its own module so the command line (cli.py) only registers it. Exit status:
0 the packs load (dead entries are listed as warnings), 1 with `--strict` when
there are dead entries, 2 when a pack does not load (every PackError is listed).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import pack_check, packs, tolls_pack
from .errors import PackError


@click.group("packs")
def packs_group() -> None:
    """Inspect language packs."""


@packs_group.command("check")
@click.argument("folder", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--lang", "langs", multiple=True, help="Check only this pack (repeatable; default: every pack).")
@click.option("--strict", is_flag=True, help="Exit 1 when some entry can never fire.")
def check(folder: Path | None, langs: tuple[str, ...], strict: bool) -> None:
    """Validate the packs in FOLDER (a patterns folder or one pack in it; default: the installed packs)
    and list the entries that can never fire."""
    root = (folder or packs.patterns_dir()).resolve()
    if (root / "pack.yaml").is_file() and not (root / "common" / "pack.yaml").is_file():
        langs, root = langs or (root.name,), root.parent  # one pack folder: check it inside its patterns folder
    if not (root / "common" / "pack.yaml").is_file():
        raise click.BadParameter(f"{root} is not a patterns folder (no common/pack.yaml)", param_hint="FOLDER")
    missing = [code for code in langs if not (root / code / "pack.yaml").is_file()]
    if missing:
        raise click.BadParameter(f"no pack {missing[0]!r} in {root}", param_hint="--lang")
    os.environ["FIGURES_PATTERNS"] = str(root)  # units and pint read common/ through it
    errors, findings = pack_check.check_folder(root, list(langs) or None)
    errors += _toll_errors(root, list(langs) or _pack_names(root))
    for err in errors:
        click.echo(f"error: {err}", err=True)
    for finding in findings:
        click.echo(f"{finding}")
    checked = len(langs) if langs else len(_pack_names(root))
    click.echo(f"figures: {checked} pack(s) in {root}: {len(errors)} error(s), "
               f"{len(findings)} entr{'y' if len(findings) == 1 else 'ies'} that can never fire", err=True)
    sys.exit(2 if errors else 1 if strict and findings else 0)


def _pack_names(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if (p / "pack.yaml").is_file() and p.name != "common")


def _toll_errors(root: Path, langs: list[str]) -> list[PackError]:
    """tolls.yaml is compiled by its own stage (figures/tolls_pack.py), not by the pack: check it too."""
    errors = []
    for lang in langs:
        tolls_pack._load.cache_clear()
        try:
            tolls_pack._load(lang, str(root))
        except PackError as err:
            errors.append(err)
    tolls_pack._load.cache_clear()
    return errors

"""PATH arguments of the command as groups of documents, each with an id unique in the run.

- A folder is walked lazily (a million paths need not sit in memory); its
  documents' ids are their paths relative to it, or, when several PATH
  arguments are given, relative paths prefixed with the argument itself
  (`figures extract a/ b/`: `a/story.txt` and `b/story.txt`, never two
  `story.txt`), as files and glob matches already are.
- Table rows numbered by position get the argument as a prefix too when
  several arguments are given (`a.csv:0`); an `--id-column` is the user's own.
- A file name that is not valid UTF-8 (an old archive's cp1250 `Šibenik.txt`)
  keeps its path for reading, and its id is the name decoded like a document
  (UTF-8, else a legacy code page), so every id can be written to any format.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

from . import io
from .surrogates import scrub


def name_id(name: str) -> str:
    """A file name as an id: the bytes of a name that is not UTF-8 (surrogate escapes) decoded."""
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return scrub(io.decode(os.fsencode(name)).text)
    except (UnicodeError, ValueError):
        return scrub(name)


class Folder:
    """A folder argument's documents, walked lazily; ids relative to it, after `prefix`."""

    def __init__(self, root: Path, prefix: str = "", encoding: str | None = None,
                 skipped: list[Path] | None = None):
        self.root, self.prefix, self.encoding, self.skipped = root, prefix, encoding, skipped

    def __iter__(self) -> Iterator[io.Source]:  # files not read (not text, a README) go to `skipped`
        for path in io._walk(self.root, self.skipped):
            yield io.Source(name_id(self.prefix + path.relative_to(self.root).as_posix()), path=path,
                            encoding=self.encoding)

    def __len__(self) -> int:  # walks again: only asked for by the progress bar
        return sum(1 for _ in io._walk(self.root))


def expand(paths: Iterable[str], text_column: str = "text", id_column: str | None = None,
           stdin: IO[bytes] | None = None, several: bool | None = None, encoding: str | None = None,
           keep: Sequence[str] = (), skipped: list[Path] | None = None) -> list:
    """One group of documents per PATH argument (see the module docstring).

    Raises FileNotFoundError or KeyError (nothing matches, no text column) and
    OSError or ValueError (an unreadable table or stdin) naming the argument.
    """
    paths = list(paths)
    several = len(paths) > 1 if several is None else several
    groups: list = []
    for arg in paths:
        if arg != "-" and Path(arg).is_dir():
            prefix = Path(arg).as_posix().rstrip("/") + "/" if several else ""
            groups.append(Folder(Path(arg), prefix, encoding, skipped))
            continue
        try:
            found = io.expand(arg, text_column=text_column, id_column=id_column, stdin=stdin, encoding=encoding,
                              keep=keep)
        except (FileNotFoundError, KeyError):
            raise
        except (OSError, ValueError) as err:
            raise ValueError(f"{arg}: {err}") from err
        groups.append([_named(src, arg, several and id_column is None) for src in found])
    return groups


def _named(src: io.Source, arg: str, prefix_rows: bool) -> io.Source:
    if src.path is None and src.doc_id != "-" and prefix_rows:  # a table row numbered by position
        return row_id(src, arg)
    doc_id = name_id(src.doc_id)
    return src if doc_id == src.doc_id else dataclasses.replace(src, doc_id=doc_id)


def row_id(src: io.Source, table: str) -> io.Source:
    """A table row's id with the table's argument in front: `a.csv:0`."""
    return dataclasses.replace(src, doc_id=name_id(f"{table}:{src.doc_id}"))

"""Read documents and tables in; write figures tables out.

Everything that touches bytes on disk lives here, so the engine only ever sees
`str` and the command, the accessor and `extract_many` decode files one way.
Tables are written atomically (temp file beside the target, then `os.replace`)
so an interrupted run never leaves half a Parquet file under the real name.
"""
from __future__ import annotations

import contextlib
import csv
import glob
import json
import math
import os
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator, Sequence

import pandas as pd

from . import htmltext, table
# Decoding lives in figures/decoding.py (HTML in figures/htmltext.py); these names stay importable from here.
from .decoding import Decoded, DecodeError, DecodeWarning, decode, decode_bytes, has_bom  # noqa: F401
from .surrogates import scrub

#: Suffixes read as tables of documents (one text per row).
TABLE_FORMATS = {
    ".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
#: Suffixes taken as plain text when walking a folder (extension-less files are sniffed).
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ".asc"}

#: A folder's own documentation is not part of the corpus (seeds/README.md); name such a file to read it.
FOLDER_DOCS = {"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "NOTICE", "AUTHORS", "CONTRIBUTING"}


def read_document(path: str | os.PathLike, encoding: str | None = None) -> str:
    """Read one text file as `str` (see `decode` for the encodings tried; HTML: its main text)."""
    decoded = read_decoded(path, encoding)
    if decoded.replaced:
        warnings.warn(f"{path}: {decoded.note}", DecodeWarning, stacklevel=2)
    return decoded.text


def read_decoded(path: str | os.PathLike, encoding: str | None = None) -> Decoded:
    """Read one file, saying which encoding was used and how many bytes were replaced.
    An HTML file (figures/htmltext.py) gives its main text: offsets point into that text."""
    data = Path(path).read_bytes()
    if htmltext.is_html(str(path)):
        return htmltext.decode_html(data, path, encoding)[1]
    return decode(data, path, encoding)


def read_html(path: str | os.PathLike, encoding: str | None = None) -> htmltext.Page:
    """An HTML file's main text (what `extract` reads) with its title, date, outlet and URL."""
    return htmltext.decode_html(Path(path).read_bytes(), path, encoding)[0]


def is_text_file(path: Path, sniff: int = 8192) -> bool:
    """A file a folder walk should read: a text suffix, or no suffix and no NUL in its head; not a README."""
    if path.stem.upper() in FOLDER_DOCS:
        return False
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix in htmltext.HTML_SUFFIXES:
        return True
    if suffix:
        return False
    with path.open("rb") as fh:
        head = fh.read(sniff)
    return has_bom(head) or b"\x00" not in head


# --------------------------------------------------------------------------- input documents

@dataclass(frozen=True)
class Source:
    """One input document: its id and either a path to read or the text itself."""

    doc_id: str
    path: Path | None = None
    text: str | None = None
    problem: str | None = None  # why this row has no usable text (tables)
    encoding: str | None = None  # read the file in this encoding instead of detecting it
    extra: dict | None = field(default=None, compare=False)  # a table row's other columns (--keep-columns)

    def load(self) -> str:
        """The document text; raises DecodeError/OSError/ValueError when unreadable."""
        return self.decoded().text

    def decoded(self) -> Decoded:
        """The document text with how it was decoded (see `decode`); raises like `load`."""
        if self.problem:
            raise ValueError(self.problem)
        if self.text is not None:
            return Decoded(self.text, "str")
        if self.path is None:
            raise ValueError(f"{self.doc_id}: neither a path nor a text")
        return read_decoded(self.path, self.encoding)


def table_format(path: str | os.PathLike) -> str | None:
    """'csv', 'parquet' or 'jsonl' from a file name, None for anything else."""
    return TABLE_FORMATS.get(Path(path).suffix.lower())


def expand(arg: str, text_column: str = "text", id_column: str | None = None,
           stdin: IO[bytes] | None = None, encoding: str | None = None, keep: Sequence[str] = ()) -> list[Source]:
    """Turn one command-line PATH argument into documents.

    `-` is standard input; a folder is walked recursively (hidden entries
    skipped) with ids relative to it; a CSV/Parquet/JSONL file yields one
    document per row; anything else is a file, or failing that a glob.
    Raises FileNotFoundError when nothing matches.
    """
    if arg == "-":
        stream = stdin if stdin is not None else os.fdopen(os.dup(0), "rb")
        return [Source("-", text=decode_bytes(stream.read(), "<stdin>", encoding))]
    path = Path(arg)
    if path.is_dir():
        return [Source(p.relative_to(path).as_posix(), path=p, encoding=encoding) for p in _walk(path)]
    if path.is_file():
        return _file_sources(path, arg, text_column, id_column, encoding, keep)
    matches = sorted(glob.glob(arg, recursive=True))
    if not matches:
        raise FileNotFoundError(f"no such file, folder or match: {arg}")
    out: list[Source] = []
    for match in matches:
        if Path(match).is_dir():
            out.extend(Source(Path(match, p.relative_to(match)).as_posix(), path=p, encoding=encoding)
                       for p in _walk(Path(match)))
        else:
            out.extend(_file_sources(Path(match), match, text_column, id_column, encoding, keep))
    return out


def _walk(folder: Path, skipped: list[Path] | None = None) -> Iterator[Path]:
    """The documents under `folder`; files that are not read (not text, a README) go to `skipped`."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root, name)
            if not name.startswith(".") and p.is_file():
                if is_text_file(p):
                    yield p
                elif skipped is not None:
                    skipped.append(p)


def _file_sources(path: Path, given: str, text_column: str, id_column: str | None,
                  encoding: str | None = None, keep: Sequence[str] = ()) -> list[Source]:
    if table_format(path) is None:
        return [Source(given, path=path, encoding=encoding)]
    return list(table_sources(read_input_table(path, encoding), text_column, id_column, name=given, keep=keep))


def read_input_table(path: str | os.PathLike, encoding: str | None = None) -> pd.DataFrame:
    """Read a CSV/Parquet/JSONL table of documents as it is (no schema applied)."""
    fmt = table_format(path)
    if fmt in ("csv", "jsonl"):  # decoded like documents: BOMs, UTF-16, legacy code pages
        from io import StringIO

        text = StringIO(decode_bytes(Path(path).read_bytes(), path, encoding))
        if fmt == "csv":
            return pd.read_csv(text, dtype=str, keep_default_na=False, na_values=[""])
        return _jsonl_frame(text)
    if fmt == "parquet":
        return pd.read_parquet(path)
    raise ValueError(f"{path}: not a CSV, Parquet or JSON Lines file")


def _jsonl_frame(lines) -> pd.DataFrame:
    """JSON Lines as a table of Python values; a `\\udXXX` escape's lone surrogate becomes U+FFFD
    (Arrow strings cannot hold it, and one such cell must not refuse the whole file)."""
    from .surrogates import scrub_value

    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"line {n} is not JSON ({err.msg})") from None
        if not isinstance(row, dict):
            raise ValueError(f"line {n} is not a JSON object")
        rows.append({scrub_value(k): scrub_value(v) for k, v in row.items()})
    return pd.DataFrame.from_records(rows) if rows else pd.DataFrame()


def table_sources(df: pd.DataFrame, text_column: str = "text", id_column: str | None = None,
                  name: str = "table", keep: Sequence[str] = ()) -> Iterator[Source]:
    """One document per row; a missing or non-text cell becomes a Source with a problem.
    The `keep` columns of each row ride along as the Source's `extra`."""
    for col, what in ((text_column, "text"), (id_column, "id"), *((k, "--keep-columns") for k in keep)):
        if col is not None and col not in df.columns:
            raise KeyError(f"{name}: no {what} column {col!r} (columns: {', '.join(map(str, df.columns))})")
    ids = df[id_column] if id_column is not None else df.index.to_series()
    extras = df[list(keep)].to_dict("records") if keep else [None] * len(df)
    for doc_id, text, extra in zip(ids, df[text_column], extras):
        doc_id = scrub(str(doc_id))
        if isinstance(text, str):
            yield Source(doc_id, text=text, extra=extra)
        elif text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
            yield Source(doc_id, problem=f"{name}: row {doc_id} has no text in column {text_column!r}")
        else:
            yield Source(doc_id, problem=f"{name}: row {doc_id} column {text_column!r} holds "
                                         f"{type(text).__name__}, not text")


# --------------------------------------------------------------------------- figures tables

def infer_format(path: str | os.PathLike, format: str | None = None) -> str:
    """The table format to use: the explicit one, else from the file suffix."""
    fmt = format or table_format(path)
    if fmt not in {"csv", "parquet", "jsonl"}:
        raise ValueError(f"cannot tell the table format of {str(path)!r}: use .csv, .parquet or .jsonl")
    return fmt


def write_table(df: pd.DataFrame, path: str | os.PathLike, format: str | None = None) -> Path:
    """Write a figures table as CSV, Parquet or JSON Lines, atomically.

    CSV is UTF-8 with a header in COLUMNS order and RFC 4180 line ends (CRLF),
    so a field holding a newline or carriage return is always quoted; an empty
    string reads back as missing. Parquet keeps every dtype (pandas metadata).
    JSON Lines writes one object per row with null for missing values.
    """
    path = Path(path)
    fmt = infer_format(path, format)
    df = conform(df)
    with atomic_file(path, "wb") as fh:
        write_stream(df, fh, fmt)
    return path


def temp_beside(path: Path) -> tuple[int, str]:
    """A temporary file in `path`'s folder (so `os.replace` is atomic), with the permissions a
    plain `open` would give (mkstemp makes files private, which a user's output must not be)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, tmp


@contextlib.contextmanager
def atomic_file(path: Path, mode: str, fsync: bool = False, **kwargs):
    """A file object whose content appears at `path` only when the block finishes (temp file
    beside it, then `os.replace`); on any error the temp file is removed and `path` is untouched."""
    path = Path(path)
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_stream(df: pd.DataFrame, fh: IO[bytes], fmt: str) -> None:
    """Write a (conformed) table to a binary stream in one of the three formats."""
    if fmt == "parquet":
        df.to_parquet(fh, engine="pyarrow", index=False)
    elif fmt == "csv":
        text = df.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        fh.write(text.encode("utf-8"))
    elif fmt == "jsonl":
        for record in _records(df):
            fh.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    else:
        raise ValueError(f"unknown table format {fmt!r}")


def _records(df: pd.DataFrame) -> Iterator[dict]:
    cols = list(df.columns)
    for row in df.astype(object).itertuples(index=False, name=None):
        yield {c: plain(v) for c, v in zip(cols, row)}


def plain(value: object) -> object:
    """A JSON-ready Python value: NA -> None, numpy scalars -> int/float."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def read(path: str | os.PathLike, format: str | None = None) -> pd.DataFrame:
    """Read a figures table written by `write_table` (or any tool) back with its dtypes."""
    fmt = infer_format(path, format)
    if fmt == "parquet":
        df = pd.read_parquet(path, engine="pyarrow")
    elif fmt == "csv":
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                         encoding="utf-8-sig")
        df = _numbers(df)
    else:
        with open(path, encoding="utf-8-sig") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        df = pd.DataFrame.from_records(rows, columns=_columns(rows))
    return conform(df)


def _columns(rows: list[dict]) -> list[str]:
    seen = dict.fromkeys(table.COLUMNS)
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Parse the numeric schema columns of a CSV read as text (Python's parsers round-trip exactly)."""
    df = df.copy()
    for col, dtype in table.DTYPES.items():
        if col in df.columns and dtype in ("Int64", "Float64"):
            parse = int if dtype == "Int64" else float
            values = [None if pd.isna(v) else parse(v) for v in df[col].astype(object)]
            df[col] = pd.array(values, dtype=dtype)
    return df


def conform(df: pd.DataFrame) -> pd.DataFrame:
    """Apply the schema to COLUMNS (table.coerce) and keep any extra columns after them."""
    if len(df) == 0:  # a zero-row table read from JSONL may have no columns at all
        df = df.reindex(columns=list(dict.fromkeys([*table.COLUMNS, *df.columns])))
    core = table.coerce(df)
    extra = [c for c in df.columns if c not in table.DTYPES]
    if extra:
        core = pd.concat([core, df[extra].reset_index(drop=True)], axis=1)
    return core


# --------------------------------------------------------------------------- run state beside an output

def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write a UTF-8 text file atomically (temp file beside it, then `os.replace`)."""
    path = Path(path)
    with atomic_file(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return path

"""Read documents and tables in; write figures tables out.

Everything that touches bytes on disk lives here, so the engine only ever sees
`str` and the command, the accessor and `extract_many` decode files one way.
Tables are written atomically (temp file beside the target, then `os.replace`)
so an interrupted run never leaves half a Parquet file under the real name.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import glob
import json
import math
import os
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

import pandas as pd
import regex

from . import table
from .surrogates import scrub

#: Suffixes read as tables of documents (one text per row).
TABLE_FORMATS = {
    ".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl",
}
#: Suffixes taken as plain text when walking a folder (extension-less files are sniffed).
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst", ".asc"}

#: A folder's own documentation is not part of the corpus (seeds/README.md); name such a file to read it.
FOLDER_DOCS = {"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "NOTICE", "AUTHORS", "CONTRIBUTING"}

_BOMS = [  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


class DecodeError(ValueError):
    """A file that cannot be read as text (binary, or broken Unicode after a BOM)."""

    def __init__(self, path: object, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


class DecodeWarning(UnicodeWarning):
    """A document was read, but some of its bytes were not valid text and became U+FFFD."""


@dataclass(frozen=True)
class Decoded:
    """A decoded document: its text, the encoding used, and how many bytes were replaced."""

    text: str
    encoding: str
    replaced: int = 0  # invalid byte sequences read as U+FFFD (one character each)

    @property
    def note(self) -> str | None:
        """What a user should know about the reading, or None when it was clean."""
        if not self.replaced:
            return None
        return (f"{self.replaced} invalid {self.encoding} byte sequence(s) read as U+FFFD "
                "(offsets count each as one character)")


# --------------------------------------------------------------------------- decoding

def decode(data: bytes, name: object = "<bytes>") -> Decoded:
    """Decode a document; raises DecodeError when it is not text.

    1. A byte order mark decides (UTF-8, UTF-16, UTF-32); broken Unicode after
       it is a DecodeError.
    2. NUL bytes without a BOM: UTF-16 when they sit on every other byte of a
       text that then decodes cleanly (BOM-less UTF-16), else a binary file.
    3. Strict UTF-8.
    4. UTF-8 with a few broken sequences (a truncated or spliced file; at least as
       many valid multi-byte characters as broken sequences):
       UTF-8 with each broken sequence read as U+FFFD, counted in `replaced`.
    5. Otherwise a legacy 8-bit code page: cp1250 when it reads more of the
       high bytes as letters than latin-1 does (š, ž, Š, Ž are control codes in
       latin-1), else latin-1, which never fails.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(name, f"invalid {encoding} after its byte order mark ({err.reason})") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
        raise DecodeError(name, f"binary file (NUL byte at offset {nul}), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if good and good >= bad:
        return Decoded(text, "utf-8", bad)
    encoding = "cp1250" if _looks_cp1250(data) else "latin-1"
    return Decoded(data.decode(encoding), encoding)


def decode_bytes(data: bytes, name: object = "<bytes>") -> str:
    """The text of a document (see `decode`); warns with DecodeWarning when bytes were replaced."""
    decoded = decode(data, name)
    if decoded.replaced:
        warnings.warn(f"{name}: {decoded.note}", DecodeWarning, stacklevel=2)
    return decoded.text


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a byte order mark: NULs on one parity only, and clean text once decoded."""
    if len(data) % 2 or len(data) < 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if even and odd:
        return None
    encoding = "utf-16-be" if even else "utf-16-le"
    if max(even, odd) < len(data) // 8:  # mostly non-Latin text has few NULs; too few to tell
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):
        return None
    return Decoded(text, encoding)


_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _looks_cp1250(data: bytes) -> bool:
    """True when cp1250 reads more of the high bytes as letters than latin-1 does."""
    try:
        data.decode("cp1250")
    except UnicodeDecodeError:
        return False
    score = 0
    for byte in range(0x80, 0x100):
        gain = _is_letter(bytes([byte]).decode("cp1250", "replace")) - _is_letter(chr(byte))
        if gain:
            score += gain * data.count(byte)
    return score > 0


def _is_letter(ch: str) -> int:
    return int(unicodedata.category(ch).startswith("L"))


def read_document(path: str | os.PathLike) -> str:
    """Read one text file as `str` (see `decode` for the encodings tried)."""
    return decode_bytes(Path(path).read_bytes(), path)


def read_decoded(path: str | os.PathLike) -> Decoded:
    """Read one text file, saying which encoding was used and how many bytes were replaced."""
    return decode(Path(path).read_bytes(), path)


def is_text_file(path: Path, sniff: int = 8192) -> bool:
    """A file a folder walk should read: a text suffix, or no suffix and no NUL in its head; not a README."""
    if path.stem.upper() in FOLDER_DOCS:
        return False
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return True
    if suffix:
        return False
    with path.open("rb") as fh:
        head = fh.read(sniff)
    return any(head.startswith(bom) for bom, _ in _BOMS) or b"\x00" not in head


# --------------------------------------------------------------------------- input documents

@dataclass(frozen=True)
class Source:
    """One input document: its id and either a path to read or the text itself."""

    doc_id: str
    path: Path | None = None
    text: str | None = None
    problem: str | None = None  # why this row has no usable text (tables)

    def load(self) -> str:
        """The document text; raises DecodeError/OSError/ValueError when unreadable."""
        return self.decoded().text

    def decoded(self) -> Decoded:
        """The document text with how it was decoded (see `decode`); raises like `load`."""
        if self.problem:
            raise ValueError(self.problem)
        if self.text is not None:
            return Decoded(self.text, "str")
        return read_decoded(self.path)


def table_format(path: str | os.PathLike) -> str | None:
    """'csv', 'parquet' or 'jsonl' from a file name, None for anything else."""
    return TABLE_FORMATS.get(Path(path).suffix.lower())


def expand(arg: str, text_column: str = "text", id_column: str | None = None,
           stdin: IO[bytes] | None = None) -> list[Source]:
    """Turn one command-line PATH argument into documents.

    `-` is standard input; a folder is walked recursively (hidden entries
    skipped) with ids relative to it; a CSV/Parquet/JSONL file yields one
    document per row; anything else is a file, or failing that a glob.
    Raises FileNotFoundError when nothing matches.
    """
    if arg == "-":
        stream = stdin if stdin is not None else os.fdopen(os.dup(0), "rb")
        return [Source("-", text=decode_bytes(stream.read(), "<stdin>"))]
    path = Path(arg)
    if path.is_dir():
        return [Source(p.relative_to(path).as_posix(), path=p) for p in _walk(path)]
    if path.is_file():
        return _file_sources(path, arg, text_column, id_column)
    matches = sorted(glob.glob(arg, recursive=True))
    if not matches:
        raise FileNotFoundError(f"no such file, folder or match: {arg}")
    out: list[Source] = []
    for match in matches:
        if Path(match).is_dir():
            out.extend(Source(Path(match, p.relative_to(match)).as_posix(), path=p) for p in _walk(Path(match)))
        else:
            out.extend(_file_sources(Path(match), match, text_column, id_column))
    return out


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root, name)
            if not name.startswith(".") and p.is_file() and is_text_file(p):
                yield p


def _file_sources(path: Path, given: str, text_column: str, id_column: str | None) -> list[Source]:
    if table_format(path) is None:
        return [Source(given, path=path)]
    return list(table_sources(read_input_table(path), text_column, id_column, name=given))


def read_input_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV/Parquet/JSONL table of documents as it is (no schema applied)."""
    fmt = table_format(path)
    if fmt in ("csv", "jsonl"):  # decoded like documents: BOMs, UTF-16, legacy code pages
        from io import StringIO

        text = StringIO(decode_bytes(Path(path).read_bytes(), path))
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
                  name: str = "table") -> Iterator[Source]:
    """One document per row; a missing or non-text cell becomes a Source with a problem."""
    for col, what in ((text_column, "text"), (id_column, "id")):
        if col is not None and col not in df.columns:
            raise KeyError(f"{name}: no {what} column {col!r} (columns: {', '.join(map(str, df.columns))})")
    ids = df[id_column] if id_column is not None else df.index.to_series()
    for doc_id, text in zip(ids, df[text_column]):
        doc_id = scrub(str(doc_id))
        if isinstance(text, str):
            yield Source(doc_id, text=text)
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

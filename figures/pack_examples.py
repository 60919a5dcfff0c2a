"""A pack's passage corpus: examples.jsonl and examples-*.jsonl, gold format (FIGURES_SPEC §7), validated.

Several helpers and topics keep their own files (examples-frames.jsonl,
examples-tolls.jsonl ...); every harness reads them all through `read`. Each
record is checked against PASSAGE with its file and line, so a misspelt field
(`qualifer`, a category `kiled`) is an error instead of a test that checks
nothing. A record may carry `known_failure: "why"`: the harness runs it as a
strict xfail, so it is reported until it passes and then must be promoted.
"""
from __future__ import annotations

from typing import Any

import json
from pathlib import Path

from .errors import PackError
from .pack_schema import INT, NUMBER, TEXT, Choice, Fields, ListOf, Scalar
from .pack_yaml import Document
from .table import CATEGORIES, DIMENSIONS, QUALIFIERS

BOOL = Scalar(bool, what="true or false")

FIGURE = Fields({
    "text": TEXT, "nth": INT, "value": NUMBER, "low": NUMBER, "high": NUMBER,
    "qualifier": Choice(QUALIFIERS, "qualifier"), "unit": TEXT, "dimension": Choice(DIMENSIONS, "dimension"),
    "object": TEXT, "category": Choice(CATEGORIES, "category"), "optional": BOOL,
})

#: One passage. Extend with PASSAGE.extend({...}) beside the harness that reads the new field.
PASSAGE = Fields({
    "id": TEXT, "lang": TEXT, "source": TEXT, "text": TEXT, "figures": ListOf(FIGURE, what="a list of figures"),
    "known_failure": TEXT, "note": TEXT,
})
REQUIRED = ("id", "text", "figures")


def files(folder: Path) -> list[Path]:
    """examples.jsonl first, then examples-*.jsonl in name order."""
    main = folder / "examples.jsonl"
    return ([main] if main.is_file() else []) + sorted(folder.glob("examples-*.jsonl"))


def read_file(path: Path) -> list[dict]:
    """The records of one file, each checked; `_file` and `_line` say where it came from."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise PackError(str(path), f"not a JSON line: {e.msg} (column {e.colno})", line=n) from None
            check(rec, str(path), n)
            out.append(dict(rec, _file=str(path), _line=n))
    ids = [r["id"] for r in out]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise PackError(str(path), f"passage ids used twice: {', '.join(dup)}", key="id")
    return out


def check(rec: Any, file: str, line: int) -> None:
    """One passage record against PASSAGE; every figure's text must occur `nth` times in the passage."""
    doc = Document(file, rec, {(): line})
    PASSAGE.check(rec, (), doc)
    missing = [k for k in REQUIRED if k not in rec]
    if missing:
        raise PackError(file, f"passage without {', '.join(missing)}", key=missing[0], line=line)
    for i, fig in enumerate(rec["figures"]):
        if "text" not in fig:
            raise PackError(file, "figure without text", key=f"figures[{i}]", line=line)
        start = -1
        for _ in range(fig.get("nth") or 1):
            start = rec["text"].find(fig["text"], start + 1)
            if start < 0:
                raise PackError(file, f"{fig['text']!r} does not occur {fig.get('nth') or 1} time(s) in the text",
                                key=f"figures[{i}].text", line=line, rule=rec["id"])


def span(rec: dict, fig: dict) -> tuple[int, int]:
    """Character offsets of a figure in its passage (its `nth` occurrence)."""
    start = -1
    for _ in range(fig.get("nth") or 1):
        start = rec["text"].find(fig["text"], start + 1)
    return start, start + len(fig["text"])


def read(folder: Path) -> list[dict]:
    """Every passage of a pack folder, in file order (ids unique across its files)."""
    out: list[dict] = []
    seen: dict[str, str] = {}
    for path in files(folder):
        for rec in read_file(path):
            if rec["id"] in seen:
                raise PackError(str(path), f"passage id {rec['id']!r} is also used in {seen[rec['id']]}",
                                key="id", line=rec["_line"])
            seen[rec["id"]] = str(path)
            out.append(rec)
    return out

"""What `figures` prints for a person at a terminal: the figures table fitted to its width, and
warnings as one plain line each.

The table is drawn with rich, one line per figure: columns are taken in
PRIORITY order while they fit the width (or exactly those given with
`--columns`), long cells end in "…", and a last line names the columns left
out. The files (`-o`, `--format csv`) always hold every column.
"""
from __future__ import annotations

import io
import shutil
import sys
import warnings
from typing import Any, Callable, TextIO

import pandas as pd

#: Columns shown by default, in display order.
SHOWN = ["doc_id", "start", "end", "text", "value", "low", "high", "qualifier", "unit",
         "dimension", "object", "category"]
#: Which of them stay when the terminal is narrow: first the most telling.
PRIORITY = ["text", "value", "category", "object", "doc_id", "qualifier", "low", "high", "unit",
            "start", "end", "dimension"]
#: Widest a cell may be before it is cut with "…" (text and object stay readable, not whole sentences).
MAX_CELL = {"text": 28, "object": 18, "sentence": 50}
NUMERIC = {"start", "end", "value", "low", "high", "norm_value"}
_GAP = 2  # rich's padding between columns


def width() -> int:
    """The terminal's width ($COLUMNS wins; 160 when stdout is not a terminal)."""
    return shutil.get_terminal_size((160, 24)).columns


def render(table: pd.DataFrame, columns: list[str] | None = None, total_width: int | None = None,
           styled: bool = False) -> str:
    """The table as text at most `total_width` characters wide, one line per row."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from .highlight import readable

    if table.empty:
        return "(no figures)"
    total_width = total_width or width()
    cells = readable(table)
    chosen = columns or _fit(cells, [c for c in SHOWN if c in cells.columns], total_width)
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold" if styled else "",
                 collapse_padding=True)
    for col in chosen:
        grid.add_column(col, justify="right" if col in NUMERIC else "left", no_wrap=True,
                        overflow="ellipsis", max_width=MAX_CELL.get(col))
    for row in cells[chosen].itertuples(index=False, name=None):
        grid.add_row(*(str(v) for v in row))
    console = Console(width=total_width, file=io.StringIO(), force_terminal=styled, color_system="standard" if styled
                      else None, highlight=False, soft_wrap=False, legacy_windows=False)
    with console.capture() as capture:
        console.print(grid)
    lines = [line.rstrip() for line in capture.get().splitlines()]
    hidden = [c for c in SHOWN if c in cells.columns and c not in chosen] if columns is None else []
    if hidden:
        note = f"(not shown: {', '.join(hidden)}; see --columns, --format csv)"
        lines.append(note if len(note) <= total_width else note[: total_width - 2] + "…)")
    return "\n".join(lines)


def _fit(cells: pd.DataFrame, candidates: list[str], total_width: int) -> list[str]:
    """The candidates (kept in their order) that fit side by side, chosen in PRIORITY order."""
    need = {c: min(max([len(c), *(len(str(v)) for v in cells[c])]), MAX_CELL.get(c, 10**6)) for c in candidates}
    chosen: set[str] = set()
    used = 0
    for col in sorted(candidates, key=lambda c: PRIORITY.index(c) if c in PRIORITY else len(PRIORITY)):
        extra = need[col] + (_GAP if chosen else 0)
        if used + extra <= total_width:
            chosen.add(col)
            used += extra
    return [c for c in candidates if c in chosen] or candidates[:1]


def columns_option(value: str | None, available: list[str]) -> list[str] | None:
    """`--columns a,b,c` as a list; an unknown name raises ValueError naming the choices."""
    if value is None:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in available]
    if unknown or not names:
        raise ValueError(f"unknown column(s) {', '.join(unknown) or '(none given)'}; "
                         f"choose from {', '.join(available)}")
    return names


# --------------------------------------------------------------------------- warnings

class PlainWarnings:
    """While active, a warning prints as `figures: warning: MESSAGE` on stderr, once per kind;
    `repeats()` says how many more of each kind were silenced."""

    def __init__(self, stream: TextIO | None = None, rewrite: Callable[[str], str] = lambda s: s):
        self.stream, self.rewrite = stream, rewrite
        self.counts: dict[str, int] = {}
        self._previous: Any = None

    def __enter__(self) -> PlainWarnings:
        self._previous = warnings.showwarning
        warnings.showwarning = self._show
        self._filters = warnings.catch_warnings()
        self._filters.__enter__()
        warnings.simplefilter("always")  # counted here instead of Python's once-per-location
        return self

    def __exit__(self, *exc) -> None:
        self._filters.__exit__(*exc)
        warnings.showwarning = self._previous

    def _show(self, message, category, filename, lineno, file=None, line=None) -> None:
        kind = category.__name__
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] == 1:
            text = " ".join(self.rewrite(str(message)).split())
            if text.startswith("figures: "):
                text = text[len("figures: "):]
            print(f"figures: warning: {text}", file=self.stream or sys.stderr, flush=True)

    def repeats(self) -> dict[str, int]:
        return {kind: n - 1 for kind, n in self.counts.items() if n > 1}

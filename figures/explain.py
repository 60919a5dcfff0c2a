"""What `figures.explain()` returns: the pipeline trace, readable wherever it is shown.

`Explanation` is a plain dict of stage -> records (existing callers index it as
before), which also renders itself: as one table per stage in a notebook
(`_repr_html_`), and as indented text in a terminal (`str()`, `print()`, and
IPython's pretty printer). `format_trace` is the text renderer, shared with the
`figures explain` command.
"""
from __future__ import annotations

import html

import click

#: Record keys shown first, in this order; the rest follow in the order they appear.
LEAD = ("start", "end", "text")
CSS = """
.figures-ex { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: .85em; color: #222; }
.figures-ex h4 { margin: .9em 0 .3em; }
.figures-ex .src { white-space: pre-wrap; background: #fafafa; border: 1px solid #ddd; padding: .4em .6em; }
.figures-ex table { border-collapse: collapse; }
.figures-ex th, .figures-ex td { border-bottom: 1px solid #e3e3e3; padding: .15em .5em; text-align: left;
  vertical-align: top; }
.figures-ex th { background: #f0f0f0; }
.figures-ex td.reason { color: #7a4100; }
"""


class Explanation(dict):
    """explain()'s stage -> records mapping; prints as text, displays as tables in a notebook."""

    def __init__(self, trace: dict, text: str | None = None):
        super().__init__(trace)
        self.text = text

    def __str__(self) -> str:
        return format_trace(self, self.text)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython in a terminal
        printer.text("Explanation(...)" if cycle else str(self))

    def _repr_html_(self) -> str:
        return render_html(self, self.text)

    def table(self, stage: str):
        """One stage's records as a pandas DataFrame (columns as in the HTML view)."""
        import pandas as pd

        records = _records(self.get(stage, []))
        return pd.DataFrame([r if isinstance(r, dict) else {"value": r} for r in records],
                            columns=_columns(records) or None)


def format_trace(trace: dict, text: str | None = None, styled: bool = False) -> str:
    """Render a stage -> records mapping as indented text (ANSI bold/colour if styled)."""
    style = click.style if styled else (lambda s, **_: s)
    lines: list[str] = []
    for stage, records in trace.items():
        if not isinstance(records, (list, tuple)):  # a scalar such as the language: one line
            lines += [style(f"{stage}: {records}", bold=True), ""]
            continue
        lines.append(style(f"{stage} ({len(records)})", bold=True))
        for rec in records:
            lines.append("  " + _record_line(rec, text, style))
        lines.append("")
    return "\n".join(lines).rstrip()


def render_html(trace: dict, text: str | None = None) -> str:
    """One table per stage (columns: start, end, text, then every other key; empty columns left out)."""
    parts = [f"<style>{CSS}</style>", '<div class="figures-ex">']
    if text is not None:
        parts.append(f'<div class="src">{html.escape(text)}</div>')
    for stage, records in trace.items():
        if not isinstance(records, (list, tuple)):
            parts.append(f"<h4>{html.escape(str(stage))}: {html.escape(str(records))}</h4>")
            continue
        parts.append(f"<h4>{html.escape(str(stage))} ({len(records)})</h4>")
        if not records:
            continue
        rows = [r if isinstance(r, dict) else {"value": r} for r in records]
        cols = _columns(rows)
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        body = "".join("<tr>" + "".join(_cell(c, r.get(c)) for c in cols) + "</tr>" for r in rows)
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append("</div>")
    return "".join(parts)


def _records(records: object) -> list:
    return list(records) if isinstance(records, (list, tuple)) else [records]


def _columns(records: list) -> list[str]:
    """LEAD keys, then the others by first appearance; keys empty in every record are left out."""
    seen: dict[str, None] = {}
    for rec in records:
        if isinstance(rec, dict):
            seen.update((k, None) for k, v in rec.items() if not _empty(v))
    lead = [k for k in LEAD if k in seen]
    rest = [k for k in seen if k not in LEAD and k != "reason"]
    return lead + rest + (["reason"] if "reason" in seen else [])


def _cell(column: str, value: object) -> str:
    shown = "" if _empty(value) else format(value, ".10g") if isinstance(value, float) else str(value)
    cls = ' class="reason"' if column == "reason" else ""
    return f"<td{cls}>{html.escape(shown)}</td>"


def _empty(value: object) -> bool:
    return value is None or value is False or value == "" or value == [] or value == {} or (
        isinstance(value, float) and value != value)


def _record_line(rec: object, text: str | None, style) -> str:
    if not isinstance(rec, dict):
        return str(rec)
    rec = dict(rec)
    head = ""
    start, end = rec.get("start"), rec.get("end")
    if isinstance(start, int) and isinstance(end, int):
        span = rec.pop("text", None) or (text[start:end] if text is not None else None)
        head = f"[{start}:{end}] " + (f"{_short(span)!r}  " if span else " ")
        rec.pop("start"), rec.pop("end")
    reason = rec.pop("reason", None)
    body = "  ".join(f"{k}={_short(v)}" for k, v in rec.items() if not _empty(v))
    line = (head + body).rstrip()
    if reason:
        line += "  " + style(f"<- {reason}", fg="yellow")
    return line


def _short(value: object, width: int = 60) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"

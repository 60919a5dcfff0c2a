"""The HTML report: corpus totals, a chart, one sortable table of every figure, and each document.

One self-contained page (inline CSS, one small inline script, no network) that
also reads without the script, on a touch screen and on paper: every mark shows
its reading as text, links to its row of the combined table, and the row links
back. The notebook view (`render_fragment`) is the same without the script.
Size matters for corpora: marks and rows use short ids and class names, and
the combined table keeps the columns a reader filters on (the full table is
the Parquet/CSV output).
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from . import palette
from .marks import blank, from_sentences, mark_up, num, reading, text

#: Columns of the combined table (after '#' and the document).
TABLE_COLUMNS = ["text", "value", "low", "high", "qualifier", "unit", "dimension", "object", "category"]
NUMERIC = {"value", "low", "high"}
META_KEYS = ("title", "date", "outlet")
#: Sorting (click a column head; again to reverse) and filtering of the combined table.
SCRIPT = r"""(function(){var t=document.getElementById("ft");if(!t)return;
var tb=t.tBodies[0],rows=[].slice.call(tb.rows),q=document.getElementById("fq"),
c=document.getElementById("fc"),n=document.getElementById("fn"),ci=%d,low=rows.map(function(r){
return r.textContent.toLowerCase()});q.parentNode.parentNode.hidden=false;
function f(){var s=q.value.toLowerCase(),k=c.value,m=0;rows.forEach(function(r,i){
var ok=(!k||r.cells[ci].textContent==k)&&(!s||low[i].indexOf(s)>=0);r.hidden=!ok;if(ok)m++});
n.textContent=m+" of "+rows.length+" figures shown"}
q.addEventListener("input",f);c.addEventListener("change",f);
function key(r,i){var v=r.cells[i].textContent,x=parseFloat(v.replace(/,/g,""));
return v===""?null:isNaN(x)||!/^[-\d.,]+$/.test(v)?v.toLowerCase():x}
[].forEach.call(t.tHead.rows[0].cells,function(th,i){th.querySelector("button").addEventListener("click",
function(){var d=th.getAttribute("aria-sort")=="ascending"?-1:1;[].forEach.call(t.tHead.rows[0].cells,
function(h){h.removeAttribute("aria-sort")});th.setAttribute("aria-sort",d>0?"ascending":"descending");
var o=rows.map(function(r,j){return[key(r,i),j]});o.sort(function(a,b){if(a[0]===b[0])return a[1]-b[1];
if(a[0]===null)return 1;if(b[0]===null)return -1;var x=typeof a[0],y=typeof b[0];
if(x!=y)return(x=="number"?-1:1)*d;return(a[0]<b[0]?-1:1)*d});
var fr=document.createDocumentFragment();o.forEach(function(p){fr.appendChild(rows[p[1]])});
tb.appendChild(fr);rows=o.map(function(p){return rows[p[1]]});low=rows.map(function(r){
return r.textContent.toLowerCase()})})});f()})();""" % (1 + TABLE_COLUMNS.index("category"))

CSS = f"""
.fh{{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:{palette.INK};background:{palette.PAGE};
 max-width:72em;margin:0 auto;padding:0 1em}}
.fh h1{{font-size:1.5em}} .fh h2{{font-size:1.1em;margin:1em 0 .2em}}
.fh .meta{{color:{palette.MUTED};font-size:.85em;margin:.2em 0 .5em}}
.fh .doc{{margin:1.5em 0 2.5em;break-inside:avoid-page}}
.fh .text{{white-space:pre-wrap;line-height:1.9;max-width:52em;padding:.8em 1em;background:#fafafa;
 border:1px solid #d0d0d0;border-radius:4px}}
.fh mark{{padding:0 .15em;border-radius:3px}}
.fh mark a{{color:inherit;text-decoration:none}}
.fh mark[data-v]::after{{content:attr(data-v);font-size:.72em;margin-left:.3em;padding:0 .25em;border-radius:3px;
 background:#fff;color:{palette.INK};border:1px solid {palette.LINE};white-space:nowrap}}
.fh :target{{outline:3px solid #0b57d0;outline-offset:1px}}
.fh .legend{{display:flex;flex-wrap:wrap;gap:.4em .9em;font-size:.85em;margin:.5em 0}}
.fh .legend span{{padding:0 .3em;border-radius:3px}}

.fh .top{{display:flex;flex-wrap:wrap;gap:1em 3em;align-items:flex-start}}
.fh table{{border-collapse:collapse;font-size:.82em}}
.fh th,.fh td{{border-bottom:1px solid #d0d0d0;padding:.2em .5em;text-align:left}}
.fh td.n,.fh #ft td:nth-child(n+3):nth-child(-n+5){{text-align:right;font-variant-numeric:tabular-nums}}
.fh th{{background:#f0f0f0;position:sticky;top:0}}
.fh th button{{font:inherit;font-weight:bold;border:0;background:none;cursor:pointer;padding:0;color:inherit}}
.fh .scroll{{max-height:70vh;overflow:auto;border:1px solid #d0d0d0}}
.fh .filters{{margin:.5em 0;font-size:.9em}} .fh .filters input{{width:18em}}
.fh a{{color:#0b57d0}}
.fh .tolls{{margin:.3em 0 .6em}}
@media print{{.fh .scroll{{max-height:none;overflow:visible;border:0}} .fh .filters{{display:none}}
 .fh table{{font-size:.62em}} .fh th,.fh td{{padding:.1em .25em}} .fh th{{position:static}}}}
"""


@dataclass
class Doc:
    """One document of the report: its text (None when only the figures table is known)."""

    doc_id: str
    text: str | None
    rows: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    tolls: list[dict] = field(default_factory=list)  # its rows of `figures.tolls`


def collect(docs, table: pd.DataFrame, meta: dict | None = None, tolls: pd.DataFrame | None = None,
            ) -> list[Doc]:
    """Pair each (doc_id, text-or-None) with its rows, its metadata and its tolls.

    Documents of the table that `docs` does not name come last, rendered from their sentences.
    `meta` maps doc_id -> {title, date, outlet}; a table carrying those columns fills them too.
    """
    records = _records(table)
    by_doc: dict[str, list[dict]] = {}
    for rec in records:
        by_doc.setdefault(str(rec.get("doc_id")), []).append(rec)
    meta = {str(k): v for k, v in (meta or {}).items()}
    toll_groups: dict[str, list[dict]] = {}
    for rec in _records(tolls):
        toll_groups.setdefault(str(rec.get("doc_id")), []).append(rec)
    out, seen = [], set()
    for doc_id, doc_text in list(docs) + [(d, None) for d in by_doc if d not in {str(x) for x, _ in docs}]:
        doc_id = str(doc_id)
        if doc_id in seen:
            continue
        seen.add(doc_id)
        rows = by_doc.get(doc_id, [])
        info = dict(meta.get(doc_id, {}))
        for key in META_KEYS:
            if not info.get(key) and rows and text(rows[0].get(key)):
                info[key] = text(rows[0][key])
        out.append(Doc(doc_id, doc_text, rows, info, toll_groups.get(doc_id, [])))
    return out


def render_page(docs: list[Doc], title: str = "figures report") -> str:
    """The whole self-contained page."""
    body = render_body(docs, title, script=True)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}{palette.css()}</style></head>"
            f"<body>\n{body}\n<script>{SCRIPT}</script>\n</body></html>\n")


def render_fragment(docs: list[Doc], max_docs: int | None = None) -> str:
    """The notebook view: a scoped <div> with its own <style>, no script."""
    shown = docs if max_docs is None else docs[:max_docs]
    more = (f'<p class="meta">… {len(docs) - len(shown)} more documents not shown.</p>'
            if len(shown) < len(docs) else "")
    return f"<style>{CSS}{palette.css()}</style>{render_body(shown, None, script=False, tail=more)}"


def render_body(docs: list[Doc], title: str | None, script: bool, tail: str = "") -> str:
    marked: list = []
    rows: list = []
    first = 0
    for k, doc in enumerate(docs):
        source, doc_rows = (doc.text, doc.rows) if doc.text is not None else from_sentences(doc.rows)
        body, placed = mark_up(source, doc_rows, first)
        at = {(r.get("start"), r.get("end")): p for r, p in zip(doc.rows, placed) if p is not None}
        marked.append(_section(k, doc, body, sum(p is None for p in placed), at))
        rows.extend((k, first + i, r, p is not None) for i, (r, p) in enumerate(zip(doc.rows, placed)))
        first += len(doc.rows)
    head = f"<h1>{html.escape(title)}</h1>" if title else ""
    return (f'<div class="fh">{head}{_summary(docs, len(rows))}{legend(docs)}'
            f'<div class="top">{corpus_totals(docs)}{chart(docs)}</div>'
            f"{combined_table(docs, rows, script)}{''.join(marked)}{tail}</div>")


def _summary(docs: list[Doc], n_rows: int) -> str:
    without = sum(d.text is None for d in docs)
    note = (f" {without} documents are shown as their figures' sentences (no source text given)."
            if without else "")
    return (f'<p class="meta">{len(docs):,} documents, {n_rows:,} figures. Each highlighted figure shows '
            f"its reading and links to its row in the table; the row's text links back.{note}</p>")


def legend(docs: list[Doc]) -> str:
    """A sample mark for every colour in use, labelled (the label is the cue colour backs up)."""
    keys = dict.fromkeys(palette.style_key(r.get("category"), r.get("dimension")) for d in docs for r in d.rows)
    items = [f"<span class={css}>{html.escape(_key_label(css))}</span>" for css, _ in keys]
    return f'<div class="legend">{"".join(items)}</div>' if items else ""


def _key_label(css: str) -> str:
    kind, name = css.split("-", 1)
    return f"people {name}" if kind == "c" else name.replace("_", " ")


def category_counts(docs: list[Doc]) -> Counter:
    """Figures per casualty category across the corpus (rows without one are not counted)."""
    return Counter(text(r.get("category")) for d in docs for r in d.rows if text(r.get("category")))


def corpus_totals(docs: list[Doc]) -> str:
    """Per category: figures, documents mentioning it and, where tolls are known, their sum."""
    figs = category_counts(docs)
    n_docs = Counter(c for d in docs for c in {text(r.get("category")) for r in d.rows} if c)
    sums = _toll_sums([r for d in docs for r in d.tolls])
    if not figs and not sums:
        return '<p class="meta">No casualty figures.</p>'
    head = "<tr><th>category<th>figures<th>documents" + ("<th>sum of document tolls" if sums else "")
    body = "".join(f"<tr><td>{html.escape(c)}<td class=n>{figs.get(c, 0):,}<td class=n>{n_docs.get(c, 0):,}"
                   + (f"<td class=n>{html.escape(sums.get(c, ''))}" if sums else "")
                   for c in sorted(set(figs) | set(sums), key=lambda c: (-figs.get(c, 0), c)))
    return f"<table><caption>Corpus totals</caption><thead>{head}</thead><tbody>{body}</tbody></table>"


def _toll_sums(tolls: list[dict]) -> dict[str, str]:
    """'value (bounds)' per category summed over the documents' `all` rows (reports add up as reports)."""
    per: dict[str, list[dict]] = {}
    for r in tolls:
        if text(r.get("group")) in ("all", ""):
            per.setdefault(text(r.get("category")), []).append(r)
    out = {}
    for cat, rows in per.items():
        value = None if any(blank(r.get("value")) for r in rows) else sum(r["value"] for r in rows)
        low = None if any(blank(r.get("low")) for r in rows) else sum(r["low"] for r in rows)
        high = None if any(blank(r.get("high")) for r in rows) else sum(r["high"] for r in rows)
        out[cat] = _bounds(value, low, high)
    return out


def _bounds(value, low, high) -> str:
    """'20', '20 (≥20)', '≥100', '30 (25–40)', '≤200': the value, then the bounds when they say more."""
    if not blank(low) and not blank(high):
        span = num(low) if low == high else f"{num(low)}–{num(high)}"
    elif not blank(low):
        span = f"≥{num(low)}"
    else:
        span = f"≤{num(high)}" if not blank(high) else ""
    if blank(value):
        return span or "?"
    return num(value) if span in ("", num(value)) else f"{num(value)} ({span})"


def chart(docs: list[Doc], width: int = 420) -> str:
    """Horizontal bars of figures per casualty category, as inline SVG with its numbers written out."""
    counts = category_counts(docs).most_common()
    if not counts:
        return ""
    bar, gap, label_w = 18, 6, 90
    top = max(n for _, n in counts)
    scale = (width - label_w - 60) / top
    parts = []
    for i, (cat, n) in enumerate(counts):
        y = i * (bar + gap)
        fill = palette.CATEGORY_COLOURS.get(cat, palette.DIMENSION_COLOURS["other"])
        w = max(n * scale, 1)
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{html.escape(cat)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar}" fill="{fill}" '
                     f'stroke="{palette.LINE}"/><text x="{label_w + w + 5:.1f}" y="{y + 13}">{n:,}</text>')
    height = len(counts) * (bar + gap)
    return (f'<figure style="margin:0;flex:1 1 320px;max-width:{width}px"><svg xmlns="http://www.w3.org/2000/svg" '
            f'role="img" viewBox="0 0 {width} {height}" style="width:100%;height:auto" font-size="12" '
            f'fill="{palette.INK}">'
            f"<title>Figures by casualty category</title>{''.join(parts)}</svg>"
            f'<figcaption class="meta">Figures by casualty category</figcaption></figure>')


def combined_table(docs: list[Doc], rows: list[tuple[int, int, dict, bool]], script: bool) -> str:
    """Every figure of every document in one table; sortable and filterable with the script."""
    if not rows:
        return ""
    cats = sorted({text(r.get("category")) for _, _, r, _ in rows} - {""})
    filters = ('<div class="filters" hidden><label>Filter <input id=fq type=search placeholder="any text">'
               '</label> <label>category <select id=fc><option value="">all</option>'
               + "".join(f"<option>{html.escape(c)}</option>" for c in cats)
               + "</select></label> <span id=fn aria-live=polite></span></div>") if script else ""
    heads = ["document"] + TABLE_COLUMNS
    head = "".join(f"<th>{'<button>' + h + '</button>' if script else h}" for h in heads)
    out = []
    for k, n, r, placed in rows:  # numbers right-aligned by CSS (nth-child), to keep rows short
        cells = [f"<td>{html.escape(docs[k].doc_id, quote=False)}"]
        shown = html.escape(text(r.get("text")), quote=False)
        cells.append(f"<td><a href=#m{n}>{shown}</a>" if placed else f"<td>{shown}")
        for col in TABLE_COLUMNS[1:]:
            v = r.get(col)
            cells.append(f"<td>{num(v)}" if col in NUMERIC else f"<td>{html.escape(text(v), quote=False)}")
        out.append(f"<tr id=r{n}>{''.join(cells)}")
    return (f"<h2>All figures</h2>{filters}<div class=scroll><table id=ft><thead><tr>{head}</thead>"
            f"<tbody>{''.join(out)}</tbody></table></div>")


def _section(k: int, doc: Doc, body: str, not_placed: int, at: dict) -> str:
    info = doc.meta
    heading = html.escape(info.get("title") or doc.doc_id)
    bits = [html.escape(str(info[key])) for key in ("outlet", "date") if info.get(key)]
    if info.get("title"):
        bits.append(html.escape(doc.doc_id))
    cats = Counter(text(r.get("category")) for r in doc.rows if text(r.get("category")))
    bits.append(f"{len(doc.rows)} figure{'s' if len(doc.rows) != 1 else ''}"
                + "".join(f" · {n} {html.escape(c)}" for c, n in cats.most_common()))
    if not_placed:
        bits.append(f"{not_placed} not placed (overlapping or offsets outside this text)")
    langs = sorted({text(r.get("lang")) for r in doc.rows} - {""})
    if langs:
        bits.append("lang " + "/".join(langs))
    return (f'<section class=doc id=d{k}><h2>{heading}</h2><p class=meta>{" · ".join(bits)}</p>'
            f"{doc_tolls(doc.tolls, at)}<div class=text>{body}</div></section>")


def doc_tolls(tolls: list[dict], at: dict | None = None) -> str:
    """A document's tolls above its text: per category the total, who was counted, and the sources.

    Each source (`start:end` in the document) links to its mark when `at` maps that span to one.
    """
    if not tolls:
        return ""
    at = at or {}
    per: dict[str, dict] = {}
    for r in tolls:
        entry = per.setdefault(text(r.get("category")), {"all": None, "groups": []})
        if text(r.get("group")) in ("all", ""):
            entry["all"] = r
        else:
            entry["groups"].append(r)
    body = []
    for cat, entry in per.items():
        total = entry["all"] or (entry["groups"][0] if len(entry["groups"]) == 1 else {})
        groups = " · ".join(f"{html.escape(text(g.get('group')).replace('_', ' '))} "
                            f"{_bounds(g.get('value'), g.get('low'), g.get('high'))}" for g in entry["groups"])
        toll = _bounds(total.get("value"), total.get("low"), total.get("high"))
        body.append(f"<tr><td>{html.escape(cat)}<td class=n>{toll}<td>{groups}<td class=n>{num(total.get('n_figures'))}"
                    f"<td>{_sources(text(total.get('sources')), at)}")
    head = "<tr><th>category<th>toll<th>by group<th>figures<th>sources"
    return (f"<table class=tolls><caption>Tolls</caption><thead>{head}</thead><tbody>{''.join(body)}</tbody>"
            "</table>")


def _sources(sources: str, at: dict) -> str:
    links = []
    for span in filter(None, (s.strip() for s in sources.split(";"))):
        start, _, end = span.partition(":")
        n = at.get((int(start), int(end))) if start.isdigit() and end.isdigit() else None
        links.append(f"<a href=#m{n}>{html.escape(span)}</a>" if n is not None else html.escape(span))
    return " ".join(links)


def _records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts with plain Python values (None for missing): fast enough for 10,000s of rows."""
    if df is None or not len(df):
        return []
    cols = {c: df[c].astype(object).where(df[c].notna(), None).tolist() for c in df.columns}
    return [dict(zip(cols, vals)) for vals in zip(*cols.values())]


__all__ = ["Doc", "collect", "render_page", "render_fragment", "reading", "chart", "corpus_totals"]

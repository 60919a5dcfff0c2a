"""Document tolls: how many were killed, injured, detained ... in each report, by group (FIGURES_SPEC §9).

    fig = figures.extract_many(docs)
    figures.tolls(fig, text=dict(docs))          # one row per document, category and group (+ `all`)
    figures.tolls(fig.assign(event=...), by="event")   # reports of one event reconciled

The figures table is the raw layer; a toll is what a careful human coder
would write down for one document and one category. The combination rules
live in figures/tolls_rules.py and read their words from
patterns/<lang>/tolls.yaml. With `text`, singular victims named without a
numeral ("a civilian was killed") are found by `figures.mentions` and count
once each; without it only the table's rows are used.
"""
from __future__ import annotations

import sys
from typing import Iterable, Mapping

import pandas as pd
import regex

from . import table as schema
from . import tolls_pack
from .tolls_rules import Item, combine, counted, read_flags

GROUPS = tolls_pack.GROUPS + ["all"]
COLUMNS = ["doc_id", "lang", "category", "group", "value", "low", "high", "n_figures", "sources"]
EVENT_COLUMNS = ["event", "category", "group", "value", "low", "high", "n_figures", "n_docs", "doc_ids",
                 "sources"]
DTYPES = {"doc_id": "string", "lang": "string", "event": "string",
          "category": pd.CategoricalDtype(schema.CATEGORIES), "group": pd.CategoricalDtype(GROUPS),
          "value": "Float64", "low": "Float64", "high": "Float64", "n_figures": "Int64", "n_docs": "Int64",
          "doc_ids": "string", "sources": "string"}
NEEDED = ["doc_id", "lang", "start", "end", "text", "value", "low", "high", "unit", "dimension", "object",
          "category", "sentence"]


def tolls(table: pd.DataFrame, text=None, by=None, mentions: pd.DataFrame | None = None,
          lang: str | None = None) -> pd.DataFrame:
    """One row per document, category and group (plus group `all`, the document's total).

    `table` is a figures table (`figures.extract`/`extract_many`/`read`). `text` is the documents'
    text: a str (one document), a mapping or Series doc_id -> text, or (doc_id, text) pairs; with it,
    singular victims found by `figures.mentions` count too (pass `mentions=` to give them yourself).
    `by="event"` (a column of `table`, or a mapping doc_id -> event) reconciles the tolls of the
    documents of each event instead (see `reconcile`). `lang` is the language of texts whose table
    has no row to tell it (default: detected).
    """
    missing = [c for c in NEEDED if c not in table.columns]
    if missing:
        raise KeyError(f"tolls() needs a figures table; missing columns {missing}")
    texts = _texts(text, table)
    if mentions is None and texts:
        mentions = find_mentions(texts, _langs(table), lang)
    rows = []
    by_doc = _records_by_doc(table)
    men_doc = {} if mentions is None or not len(mentions) else _records_by_doc(mentions)
    for doc_id in dict.fromkeys([*by_doc, *men_doc]):
        rows.extend(document(by_doc.get(doc_id), men_doc.get(doc_id), texts.get(doc_id), doc_id or None))
    out = frame(rows, COLUMNS)
    if by is None:
        return out
    return reconcile(out, _events(by, table))


def _records_by_doc(df: pd.DataFrame) -> dict[str, list[dict]]:
    """The rows of a table as records, by doc_id in order of first appearance (one conversion per table)."""
    out: dict[str, list[dict]] = {}
    for key, rec in zip(_ids(df).tolist(), df.to_dict("records")):
        out.setdefault(key, []).append(rec)
    return out


def _as_records(df) -> list[dict]:
    if df is None:
        return []
    return df.to_dict("records") if isinstance(df, pd.DataFrame) else df


def document(figs, mentions, text: str | None, doc_id: str | None) -> list[dict]:
    """The toll rows of one document; `figs` and `mentions` are its rows (frames or lists of records)."""
    figs, mentions = _as_records(figs), _as_records(mentions)
    lang = _first(figs, mentions)
    if lang is None:
        return []
    pack = tolls_pack.load(lang)
    items = _items(figs, mentions, text, pack)
    read_flags(items, pack)
    rows = []
    for category in schema.CATEGORIES:
        cands = counted([it for it in items if it.category == category])
        if not cands:
            continue
        whole = combine(cands, pack)
        if whole is None:
            continue
        rows.append(_row(doc_id, lang, category, "all", whole))
        for group in tolls_pack.GROUPS:
            part = [it for it in cands if it.group == group]
            result = combine(part, pack) if part else None
            if result is not None:
                rows.append(_row(doc_id, lang, category, group, result))
    return rows


def _row(doc_id, lang, category, group, result) -> dict:
    value, low, high, used = result
    spans = sorted({span for it in used for span in it.sources})
    return {"doc_id": doc_id, "lang": lang, "category": category, "group": group, "value": value,
            "low": low, "high": high, "n_figures": sum(len(it.sources) for it in used),
            "sources": ";".join(f"{a}:{b}" for a, b in spans)}


def _first(figs: list[dict], mentions: list[dict]) -> str | None:
    for recs in (figs, mentions):
        for rec in recs:
            if not pd.isna(rec["lang"]):
                return str(rec["lang"])
    return None


def _items(figs: list[dict], mentions: list[dict], text: str | None, pack) -> list[Item]:
    """Figure rows of counts of people (and shares with a stated base) and mentions, in text order."""
    placed = _place(figs, mentions, text)
    counts, items, shares = [], [], []
    for rec, where in zip(figs, placed["figs"]):
        if where is None:
            continue
        if rec["dimension"] == "count":
            counts.append((rec, where))
            if not pd.isna(rec["category"]):
                items.append(_item(rec, where, mention=False))
        elif rec["dimension"] == "ratio" and rec["unit"] == "percent" and not pd.isna(rec["category"]):
            shares.append((rec, where))
    for rec, where in shares:
        share = _share(rec, where, counts, pack)
        if share is not None:
            items = [it for it in items if (it.start, it.end) != share.sources[1]]
            items.append(share)
    if mentions:
        for rec, where in zip(mentions, placed["mentions"]):
            if where is not None and not pd.isna(rec.get("category")):
                items.append(_item(rec, where, mention=True))
    return sorted(items, key=lambda it: it.start)


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _item(rec: dict, where: tuple, mention: bool) -> Item:
    sid, sentence, s, e = where
    obj = "" if pd.isna(rec.get("object")) else str(rec["object"])
    if mention:
        value = low = high = 1.0
        phrase = f"{rec.get('text') or ''} {obj}"
    else:
        value, low, high = _num(rec["value"]), _num(rec["low"]), _num(rec["high"])  # type: ignore[assignment]
        phrase = _phrase(sentence, e, obj)
    return Item(start=int(rec["start"]), end=int(rec["end"]), category=str(rec["category"]), value=value,
                low=low, high=high, sentence=sentence, s=s, e=e, sid=sid, phrase=phrase, mention=mention,
                sources=((int(rec["start"]), int(rec["end"])),))


def _phrase(sentence: str, e: int, obj: str) -> str:
    """The words from the number to its counted noun ("nine humanitarian workers" -> " humanitarian workers")."""
    if obj:
        at = sentence.lower().find(obj.lower(), e, e + 60)
        if at >= 0:
            return sentence[e:at + len(obj)]
    return obj


def _share(rec: dict, where: tuple, counts: list, pack) -> Item | None:
    """A share of a population adds its resolved count when the base follows it ("90 posto od 2,2 milijuna")."""
    sid, sentence, s, e = where
    for base, (bsid, _, bs, be) in counts:
        base_value = _num(base["value"])
        if bsid != sid or bs < e or bs - e > 30 or base_value is None:
            continue
        if not pack.match("share_base", sentence[e:bs]):
            return None
        scale = base_value / 100.0
        item = _item(rec, where, mention=False)
        item.value, item.low, item.high = (None if x is None else x * scale for x in (item.value, item.low, item.high))
        item.sources = (item.sources[0], (int(base["start"]), int(base["end"])))
        item.phrase = _phrase(sentence, be, "" if pd.isna(base["object"]) else str(base["object"]))
        return item
    return None


def _place(figs: list[dict], mentions: list[dict], text: str | None) -> dict:
    """(sentence id, sentence, start, end in the sentence) of every figure row and mention.

    With the document's text the sentence is found around the row's offsets; without it, the offset
    of a sentence is the one that puts most of its rows' texts at their own offsets."""
    recs = {"figs": figs, "mentions": mentions}
    by_sentence: dict[str, list] = {}
    for kind, rows in recs.items():
        for rec in rows:
            if isinstance(rec.get("sentence"), str):
                by_sentence.setdefault(rec["sentence"], []).append(rec)
    base_of: dict[int, int | None] = {}  # id() of a row record -> its sentence's offset
    for sentence, rows in by_sentence.items():
        for rec in rows:
            base_of[id(rec)] = _base(sentence, rec, rows, text)
    out: dict[str, list] = {}
    for kind, rows in recs.items():
        placed: list = []
        for rec in rows:
            base = base_of.get(id(rec))
            if base is None:
                placed.append(None)
                continue
            sentence = rec["sentence"]
            s, e = int(rec["start"]) - base, int(rec["end"]) - base
            placed.append(((sentence, base), sentence, max(s, 0), max(e, 0)))
        out[kind] = placed
    return out


def _base(sentence: str, rec: dict, rows: list, text: str | None) -> int | None:
    start, end = int(rec["start"]), int(rec["end"])
    if text is not None:
        at = text.find(sentence, max(0, end - len(sentence)))
        while 0 <= at <= start:
            if at + len(sentence) >= end:
                return at
            at = text.find(sentence, at + 1)
    votes: dict[int, int] = {}
    for other in rows:
        for m in regex.finditer(r"(?<!\w)" + regex.escape(str(other["text"])) + r"(?!\w)", sentence):
            base = int(other["start"]) - m.start()
            votes[base] = votes.get(base, 0) + 1
    fits = [b for b in votes if 0 <= start - b and end - b <= len(sentence)]
    return max(fits, key=lambda b: (votes[b], -b)) if fits else None


def _ids(df: pd.DataFrame) -> pd.Series:
    """doc_id as the key tolls group by: a missing id (`extract(text)` without one) is ""."""
    return df["doc_id"].astype("string").fillna("").astype(str)


def _texts(text, table: pd.DataFrame) -> dict[str, str]:
    if text is None:
        return {}
    if isinstance(text, str):
        ids = _ids(table).unique()
        if len(ids) > 1:
            raise ValueError("one text for a table of several documents; pass a mapping doc_id -> text")
        return {str(ids[0]) if len(ids) else "": text}
    if isinstance(text, pd.Series):
        return {str(k): v for k, v in text.items() if isinstance(v, str)}
    if isinstance(text, Mapping):
        return {str(k): v for k, v in text.items() if isinstance(v, str)}
    return {str(k): v for k, v in text if isinstance(v, str)}


def _langs(table: pd.DataFrame) -> dict[str, str]:
    known = table.dropna(subset=["lang"]).assign(_key=_ids(table)).drop_duplicates("_key")
    return dict(zip(known["_key"], known["lang"].astype(str)))


def find_mentions(texts: Mapping[str, str], langs: Mapping[str, str], lang: str | None = None
                  ) -> pd.DataFrame | None:
    """Singular victims of every document (the rows of `figures.mentions`, in one frame built once)."""
    root = sys.modules[__package__]  # the package is imported whenever this module is
    rows = [row for doc_id, body in texts.items()
            for row in root._mention_rows(body, langs.get(doc_id) or lang, doc_id or None)]
    return root._mention_frame(rows) if rows else None


def _events(by, table: pd.DataFrame) -> pd.Series:
    if isinstance(by, str):
        if by not in table.columns:
            raise KeyError(f"no column {by!r} to group documents by (add it to the figures table)")
        pairs = table[["doc_id", by]].dropna().astype({"doc_id": str}).drop_duplicates()
        clash = pairs["doc_id"][pairs["doc_id"].duplicated()]
        if len(clash):
            raise ValueError(f"documents with more than one {by!r}: {', '.join(clash.unique()[:5])}")
        return pd.Series(pairs[by].astype(str).to_numpy(), index=pairs["doc_id"].to_numpy())
    series = by if isinstance(by, pd.Series) else pd.Series(dict(by))
    return pd.Series(series.astype(str).to_numpy(), index=[str(k) for k in series.index])


def reconcile(doc_tolls: pd.DataFrame, events: pd.Series) -> pd.DataFrame:
    """The tolls of the reports of one event, reconciled: low = the highest low any report states,
    high = the lowest high, value = the median of the stated values, with the documents used.

    This is a reconciliation of stated figures, not an estimate of the truth: reports that copy one
    another count as many times as they are repeated, and when the reports disagree the highest low
    can exceed the lowest high (both are kept as stated). Documents with no event are left out."""
    t = doc_tolls.assign(event=doc_tolls["doc_id"].astype(str).map(events)).dropna(subset=["event"])
    rows = []
    for (event, category, group), g in t.groupby(["event", "category", "group"], observed=True, sort=True):
        lows, highs, values = g["low"].dropna(), g["high"].dropna(), g["value"].dropna()
        rows.append({"event": event, "category": category, "group": group,
                     "value": float(values.median()) if len(values) else None,
                     "low": float(lows.max()) if len(lows) else None,
                     "high": float(highs.min()) if len(highs) else None,
                     "n_figures": int(g["n_figures"].sum()), "n_docs": int(g["doc_id"].nunique()),
                     "doc_ids": ";".join(sorted(g["doc_id"].astype(str).unique())),
                     "sources": ";".join(f"{d}@{s}" for d, s in zip(g["doc_id"], g["sources"]))})
    return frame(rows, EVENT_COLUMNS)


def frame(rows: Iterable[dict], columns: list[str]) -> pd.DataFrame:
    """Rows as a DataFrame with the toll columns and their stable dtypes (also when empty)."""
    df = pd.DataFrame.from_records(list(rows), columns=columns)
    for col in columns:
        dtype = DTYPES[col]
        if dtype in ("Float64", "Int64"):
            df[col] = pd.array([None if pd.isna(v) else v for v in df[col].astype(object)], dtype=dtype)
        else:
            df[col] = df[col].astype(dtype)
    return df.reset_index(drop=True)

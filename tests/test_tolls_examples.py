"""Every §9 combination rule as pack passages: patterns/<lang>/examples-tolls.jsonl, in en, hr, bs and sr.

Each passage gives its expected toll rows (category, group, value, low, high);
`figures.tolls` of the passage's extracted figures (and singular mentions)
must give exactly those rows. A passage marked `tolls_pending: "why"` (it
needs a stage that is not there yet) runs as a strict xfail.
"""
from __future__ import annotations

import math

import pytest

import figures
from figures import packs

LANGS = ("en", "hr", "bs", "sr")


def _params():
    out = []
    for lang in LANGS:
        for rec in packs.read_examples(lang):
            if "tolls" not in rec:
                continue
            marks = [pytest.mark.xfail(strict=True, reason=rec["tolls_pending"])] if rec.get("tolls_pending") else []
            out.append(pytest.param(rec, id=rec["id"], marks=marks))
    return out


PASSAGES = _params()


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or x is figures.table.pd.NA else float(x)


def rows(frame) -> set:
    return {(r.category, r.group, _num(r.value), _num(r.low), _num(r.high)) for r in frame.itertuples()}


@pytest.mark.parametrize("rec", PASSAGES)
def test_toll_example(rec):
    text = rec["text"]
    got = rows(figures.tolls(figures.extract(text, lang=rec["lang"]), text=text, lang=rec["lang"]))
    want = {(t["category"], t["group"], _num(t.get("value")), _num(t.get("low")), _num(t.get("high")))
            for t in rec["tolls"]}
    assert got == want, f"{rec['id']} ({rec['note']}): missing {sorted(want - got, key=str)}, " \
                        f"unexpected {sorted(got - want, key=str)}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_pack_illustrates_the_rules(lang):
    notes = {rec["note"].split(":")[0] for rec in packs.read_examples(lang) if "tolls" in rec}
    assert {"§9 a subset never adds", "§9 an update replaces", "§9 a singular victim counts as 1",
            "§9 perpetrators are not victims"} <= notes

"""Pack passages as tests: every figure of patterns/<lang>/examples*.jsonl comes back with its span and fields.

Each passage is in the gold format; its figures are found with exactly the
annotated span (one row each), every annotated field matches, and no other
row appears (optional figures may or may not). A passage marked
`known_failure: "reason"` runs as a strict xfail: it is reported while it
fails and breaks the suite once it passes, so the mark is removed then.
"""
from __future__ import annotations

import json
import math

import pytest

import figures
from figures import pack_examples, packs
from figures.errors import PackError

FIELDS = ("value", "low", "high", "qualifier", "unit", "dimension", "object", "category")


def _params():
    out = []
    for lang in figures.languages():
        for rec in packs.read_examples(lang):
            marks = [pytest.mark.xfail(strict=True, reason=rec["known_failure"])] if rec.get("known_failure") else []
            out.append(pytest.param(lang, rec, id=rec["id"], marks=marks))
    return out


PASSAGES = _params()


def _same(got, want) -> bool:
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return got is not None and not (isinstance(got, float) and math.isnan(got)) and math.isclose(
            float(got), float(want), rel_tol=1e-6, abs_tol=1e-9)
    return str(got) == str(want)


def _rows(text: str, lang: str) -> list[dict]:
    df = figures.extract(text, lang=lang)
    return df.astype(object).where(df.notna(), None).to_dict("records")


def problems(rec: dict, rows: list[dict]) -> list[str]:
    """Everything wrong between a passage's annotation and the extracted rows (empty: it passes)."""
    out = []
    spans = [pack_examples.span(rec, fig) for fig in rec["figures"]]
    for fig, (start, end) in zip(rec["figures"], spans):
        same_span = [r for r in rows if (r["start"], r["end"]) == (start, end)]
        if len(same_span) > 1:
            out.append(f"{fig['text']!r}: {len(same_span)} rows with this span")
        if not same_span:
            if not fig.get("optional"):
                near = [r["text"] for r in rows if r["start"] < end and start < r["end"]]
                out.append(f"missed {fig['text']!r}" + (f" (rows {near} overlap it)" if near else ""))
            continue
        row = same_span[0]
        wrong = {k: row.get(k) for k in FIELDS if k in fig and not _same(row.get(k), fig[k])}
        if wrong:
            out.append(f"{fig['text']!r}: got {wrong}, want { {k: fig[k] for k in wrong} } (rule {row['rule']})")
    for r in rows:
        if (r["start"], r["end"]) not in spans:
            out.append(f"spurious row {r['text']!r} [{r['start']}:{r['end']}] from {r['rule']}")
    return out


@pytest.mark.parametrize("lang,rec", PASSAGES)
def test_passage(lang, rec):
    found = problems(rec, _rows(rec["text"], rec.get("lang", lang)))
    assert not found, f"{rec['id']} ({rec['_file']}:{rec['_line']}): " + "; ".join(found)


def test_every_pack_has_passages():
    for lang in figures.languages():
        assert packs.read_examples(lang), f"{lang} has no examples*.jsonl passages"


# ---------------------------------------------------------------- the corpus format itself

GOOD = {"id": "en-x-1", "lang": "en", "text": "Strikes killed 20 people.",
        "figures": [{"text": "20", "nth": 1, "value": 20, "qualifier": "exact", "category": "killed"}]}


def write(folder, name: str, *records) -> None:
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_every_examples_file_is_read(tmp_path):
    write(tmp_path, "examples.jsonl", GOOD)
    write(tmp_path, "examples-topic.jsonl", dict(GOOD, id="en-x-2"))
    write(tmp_path, "other.jsonl", dict(GOOD, id="en-x-3"))
    assert [r["id"] for r in pack_examples.read(tmp_path)] == ["en-x-1", "en-x-2"]


@pytest.mark.parametrize("change, key", [
    ({"figures": [{"text": "20", "qualifer": "exact"}]}, "figures[0].qualifer"),
    ({"figures": [{"text": "20", "category": "kiled"}]}, "figures[0].category"),
    ({"figures": [{"text": "20", "dimension": "weight"}]}, "figures[0].dimension"),
    ({"figures": [{"text": "21"}]}, "figures[0].text"),
    ({"known_failure": True}, "known_failure"),
    ({"figure": []}, "figure"),
])
def test_a_wrong_record_names_file_line_and_key(tmp_path, change, key):
    write(tmp_path, "examples-topic.jsonl", GOOD, dict(GOOD, id="en-x-2", **change))
    with pytest.raises(PackError) as err:
        pack_examples.read(tmp_path)
    assert err.value.key == key and err.value.line == 2 and err.value.file.endswith("examples-topic.jsonl")


def test_ids_are_unique_across_files(tmp_path):
    write(tmp_path, "examples.jsonl", GOOD)
    write(tmp_path, "examples-topic.jsonl", GOOD)
    with pytest.raises(PackError, match="also used"):
        pack_examples.read(tmp_path)


def test_the_harness_sees_a_wrong_span_a_wrong_field_and_a_spurious_row():
    rec = dict(GOOD, text="Strikes killed 20 people in 3 towns.")
    rows = _rows(rec["text"], "en")
    assert problems(rec, rows) == [f"spurious row '3' [28:29] from {rows[1]['rule']}"]
    rec["figures"] = [dict(GOOD["figures"][0], category="injured"), {"text": "3", "value": 3}]
    assert problems(rec, rows) == [f"'20': got {{'category': 'killed'}}, want {{'category': 'injured'}} (rule {rows[0]['rule']})"]
    rec["figures"] = [{"text": "killed 20", "value": 20}, {"text": "3"}]
    assert problems(rec, rows)[0].startswith("missed 'killed 20' (rows ['20'] overlap it)")

"""The figures table built from typed columns (table.from_columns) equals the old per-column
`astype` construction, on every gold passage, the pack examples, the seeds and generated rows."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import figures
from figures import batch, packs, pipeline, table
from figures.types import Figure

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"


def _old_frame(figs: list[Figure]) -> pd.DataFrame:
    """The construction extract() used before: object records, then `astype` column by column."""
    if not figs:
        return table.coerce(pd.DataFrame({c: pd.Series([], dtype=object) for c in table.COLUMNS}))
    rows = [{c: getattr(f, c) for c in table.COLUMNS} for f in figs]
    return table.coerce(pd.DataFrame.from_records(rows, columns=table.COLUMNS))


def _passages() -> list[tuple[str, str, str]]:
    out = []
    for path in sorted(GOLD.glob("*.jsonl")) if GOLD.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append((rec["id"], rec["lang"], rec["text"]))
    for lang in packs.languages():
        for i, rec in enumerate(packs.read_examples(lang)):
            out.append((f"{lang}-example-{i}", rec.get("lang", lang), rec["text"]))
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append((path.name, figures._lang(text, None), text))
    return out


PASSAGES = _passages()


def test_there_are_passages_to_compare():
    assert len(PASSAGES) >= 10  # pack examples and seeds exist even without ../shared


def test_every_passage_gives_the_identical_frame():
    every: list[Figure] = []
    for doc_id, lang, text in PASSAGES:
        figs = pipeline.run(text, lang, doc_id)
        every.extend(figs)
        assert_frame_equal(table.to_frame(figs), _old_frame(figs))
    assert len(every) > 50
    assert_frame_equal(table.to_frame(every), _old_frame(every))  # one chunk of many documents


def test_empty_frame_is_identical():
    assert_frame_equal(table.empty_frame(), _old_frame([]))
    assert_frame_equal(figures.extract("No figures here.", lang="en"), _old_frame([]))


def test_batch_chunk_and_concat_keep_the_schema():
    docs = [(doc_id, text) for doc_id, lang, text in PASSAGES if lang == "en"][:12]
    got = figures.extract_many(docs, lang="en", chunk_docs=5)
    want = _old_frame([f for doc_id, text in docs for f in pipeline.run(text, "en", doc_id)])
    assert_frame_equal(got, want)
    assert_frame_equal(table.concat([table.empty_frame(), got.iloc[:3], got.iloc[3:]]), got)


def test_errors_table_is_strings():
    errs = batch.error_frame([{"doc_id": "a", "stage": "read", "error_type": "OSError", "message": "gone"}])
    want = pd.DataFrame([["a", "read", "OSError", "gone"]], columns=batch.ERROR_COLUMNS).astype("string")
    assert_frame_equal(errs, want)
    assert_frame_equal(batch.error_frame([]), pd.DataFrame([], columns=batch.ERROR_COLUMNS).astype("string"))


_maybe_float = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6))
_maybe_text = st.one_of(st.none(), st.text(max_size=8))
_figure = st.builds(
    Figure, start=st.integers(0, 10**6), end=st.integers(0, 10**6), text=st.text(max_size=10),
    value=_maybe_float, low=_maybe_float, high=_maybe_float,
    qualifier=st.sampled_from(table.QUALIFIERS + ["bogus"]), unit=_maybe_text,
    dimension=st.sampled_from(table.DIMENSIONS), norm_value=_maybe_float, norm_unit=_maybe_text,
    object=_maybe_text, category=st.one_of(st.none(), st.sampled_from(table.CATEGORIES)),
    sentence=st.text(max_size=20), rule=st.text(min_size=1, max_size=6),
    lang=st.sampled_from(["en", "hr"]), doc_id=st.one_of(st.none(), st.text(max_size=4)))


@pytest.mark.filterwarnings("ignore:Constructing a Categorical")  # the old astype of a "bogus" qualifier
@settings(max_examples=60, deadline=None)
@given(st.lists(_figure, max_size=6))
def test_generated_rows_give_the_identical_frame(figs):
    assert_frame_equal(table.to_frame(figs), _old_frame(figs))


def test_the_public_constructor_fallback_gives_the_same_frame(monkeypatch):
    figs = [f for doc_id, lang, text in PASSAGES[:20] for f in pipeline.run(text, lang, doc_id)]
    assert figs
    fast = table.to_frame(figs)
    monkeypatch.delattr(pd.DataFrame, "_from_arrays")
    assert_frame_equal(table.to_frame(figs), fast)
    assert_frame_equal(table.to_frame(figs), _old_frame(figs))


def test_the_empty_frame_is_a_fresh_copy():
    first = table.empty_frame()
    first["extra"] = []
    assert "extra" not in table.empty_frame().columns

"""The public API: columns and dtypes, explain(), extract_many() and its errors table."""
from __future__ import annotations

import pandas as pd
import pytest

import figures
from figures.table import DTYPES


def test_columns_and_dtypes_are_stable():
    for text in ("Strikes killed at least 20 people.", "", "no numbers here"):
        df = figures.extract(text, doc_id="d1")
        assert list(df.columns) == figures.COLUMNS
        for col, dtype in DTYPES.items():
            assert df[col].dtype == (pd.api.types.pandas_dtype(dtype) if isinstance(dtype, str) else dtype), col


def test_row_carries_provenance():
    text = "Russia and Syria paused strikes so that about 200 severely wounded and sick people could be evacuated."
    row = figures.extract(text, doc_id="seed").iloc[0]
    assert row["doc_id"] == "seed" and row["lang"] == "en"
    assert text[row["start"]:row["end"]] == row["text"] == "about 200"
    assert row["sentence"] == text
    assert row["rule"] == "en.quantity.basic"
    assert (row["qualifier"], row["object"], row["category"]) == ("approx", "people", "injured")


def test_unknown_language_lists_installed_packs():
    with pytest.raises(ValueError, match="installed"):
        figures.extract("text", lang="xx")


def test_extract_needs_text():
    with pytest.raises(TypeError):
        figures.extract(b"bytes")  # type: ignore[arg-type]


def test_explain_shows_every_stage_and_drop_reasons():
    trace = figures.explain("On Oct. 19 one of them said 20 people died in 2016.")
    for stage in ("sentences", "candidates", "dropped", "context", "figures"):
        assert stage in trace
    reasons = {d["text"]: d["reason"] for d in trace["dropped"]}
    assert any("en.exclude.date_month_day" in r for r in reasons.values())
    assert [f["text"] for f in trace["figures"]] == ["20"]
    assert all(d["reason"] for d in trace["dropped"])


def test_extract_many_accepts_texts_pairs_and_paths(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("The pause lasted eight hours.", encoding="utf-8")
    df = figures.extract_many(["killed 5 people", ("b", "about 20 miles"), path])
    assert list(df["doc_id"]) == ["0", "b", str(path)]
    assert list(df["value"]) == [5, 20, 8]


def test_extract_many_reports_failures_without_stopping(tmp_path):
    docs = ["killed 5 people", 42, tmp_path / "missing.txt", ("ok", "7 trucks")]
    df, errors = figures.extract_many(docs, return_errors=True)
    assert set(df["doc_id"]) == {"0", "ok"}
    assert list(errors.columns) == ["doc_id", "stage", "error_type", "message"]
    assert set(errors["doc_id"]) == {"1", str(tmp_path / "missing.txt")}
    # documents in = documents with figures or none + documents in error
    assert len(set(df["doc_id"])) + len(errors) == len(docs)

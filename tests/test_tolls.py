"""figures.tolls: the table it returns, its inputs, reconciliation by event, the accessor and the command."""
from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import figures
from figures import tolls_pack
from figures.cli import main
from figures.errors import PackError

T = importlib.import_module("figures.tolls")
TEXT = "Two civilians and three soldiers were killed in the attack, and at least 20 people were wounded."


def _all(df, category):
    row = df[(df["category"] == category) & (df["group"] == "all")]
    assert len(row) == 1, df
    return row.iloc[0]


def test_columns_dtypes_and_rows():
    df = figures.tolls(figures.extract(TEXT, doc_id="a"), text=TEXT)
    assert list(df.columns) == T.COLUMNS
    assert str(df["value"].dtype) == "Float64" and str(df["n_figures"].dtype) == "Int64"
    assert df["category"].dtype == T.DTYPES["category"] and df["group"].dtype == T.DTYPES["group"]
    killed = _all(df, "killed")
    assert (killed["value"], killed["low"], killed["high"], killed["n_figures"]) == (5, 5, 5, 2)
    groups = df[df["category"] == "killed"].set_index("group")["value"].dropna().to_dict()
    assert groups == {"all": 5, "civilians": 2, "security_forces": 3}
    injured = _all(df, "injured")
    assert injured["value"] == 20 and injured["low"] == 20 and pd.isna(injured["high"])


def test_sources_point_at_the_figures():
    df = figures.tolls(figures.extract(TEXT, doc_id="a"))  # no text: the table alone
    for spans in df["sources"]:
        for span in spans.split(";"):
            a, b = map(int, span.split(":"))
            assert TEXT[a:b] in ("Two", "three", "at least 20")


def test_empty_and_non_casualty_tables():
    empty = figures.tolls(figures.extract("The bridge is 35 miles long."))
    assert empty.empty and list(empty.columns) == T.COLUMNS
    with pytest.raises(KeyError):
        figures.tolls(pd.DataFrame({"doc_id": ["a"]}))


def test_several_documents_and_texts():
    docs = [("a", "Five people were killed."), ("b", "Three people were injured.")]
    fig = figures.extract_many(docs, lang="en")
    df = figures.tolls(fig, text=dict(docs))
    assert set(zip(df["doc_id"], df["category"])) == {("a", "killed"), ("b", "injured")}
    with pytest.raises(ValueError):
        figures.tolls(fig, text="one text for two documents")


def _mentions(text, *found):
    """Rows in the shape of figures.mentions (FIGURES_SPEC: doc_id, lang, start, end, text, object, ...)."""
    rows = []
    for phrase, obj, category in found:
        start = text.index(phrase)
        rows.append({"doc_id": "m", "lang": "en", "start": start, "end": start + len(phrase), "text": phrase,
                     "object": obj, "category": category, "sentence": text, "rule": "test"})
    return pd.DataFrame(rows)


def test_singular_mentions_count_once_each():
    text = "Gunmen killed two farmers and a police officer on the road."
    fig = figures.extract(text, lang="en", doc_id="m")
    fig.loc[fig["text"] == "two", "category"] = "killed"
    men = _mentions(text, ("a police officer", "officer", "killed"))
    killed = _all(figures.tolls(fig, mentions=men), "killed")
    assert killed["value"] == 3 and killed["n_figures"] == 2
    alone = _all(figures.tolls(figures.extract("", doc_id="m"), mentions=_mentions(
        "A civilian was killed.", ("A civilian", "civilian", "killed"))), "killed")
    assert (alone["value"], alone["low"], alone["high"]) == (1, 1, 1)


def test_a_mention_naming_counted_victims_adds_nothing():
    text = "Two people were killed, an elderly woman and her son."
    fig = figures.extract(text, lang="en", doc_id="m")
    men = _mentions(text, ("an elderly woman", "woman", "killed"), ("her son", "son", "killed"))
    assert _all(figures.tolls(fig, mentions=men), "killed")["value"] == 2


def test_a_mention_in_another_sentence_is_the_same_victim():
    text = "One person was killed. The 58-year-old driver was killed at the wheel."
    fig = figures.extract(text, lang="en", doc_id="m")
    men = _mentions(text, ("The 58-year-old driver", "driver", "killed"))
    fig.loc[fig["text"] == "One", "category"] = "killed"
    assert _all(figures.tolls(fig, mentions=men), "killed")["value"] == 1


def test_by_event_reconciles_stated_figures():
    docs = [("a", "At least 20 people were killed and 3 were injured."), ("b", "As many as 35 people were killed."),
            ("c", "Thirty people were killed."), ("d", "Seven people were injured.")]
    fig = figures.extract_many(docs, lang="en")
    fig["event"] = fig["doc_id"].map({"a": "e1", "b": "e1", "c": "e1", "d": "e2"})
    ev = figures.tolls(fig, by="event")
    assert list(ev.columns) == T.EVENT_COLUMNS
    row = ev[(ev["event"] == "e1") & (ev["category"] == "killed") & (ev["group"] == "all")].iloc[0]
    assert (row["low"], row["high"], row["value"]) == (30, 30, 30)  # highest low, lowest high, median
    assert row["doc_ids"] == "a;b;c" and row["n_docs"] == 3
    same = figures.tolls(fig.drop(columns="event"), by={"a": "e1", "b": "e1", "c": "e1", "d": "e2"})
    pd.testing.assert_frame_equal(ev, same)
    fig.loc[0, "event"] = "other"
    with pytest.raises(ValueError):
        figures.tolls(fig, by="event")
    with pytest.raises(KeyError):
        figures.tolls(fig, by="no_such_column")


def test_accessor_on_texts_and_on_a_figures_table():
    news = pd.DataFrame({"text": ["Five people were killed.", "Ten people fled.", None],
                         "event": ["x", "x", "y"]}, index=[10, 11, 12])
    with pytest.warns(UserWarning):
        df = news.figures.tolls("text")
    assert set(df["doc_id"]) == {"10", "11"}
    with pytest.warns(UserWarning):
        by_event = news.figures.tolls("text", by="event")
    assert set(by_event["event"]) == {"x"}
    fig = figures.extract_many([("a", "Five people were killed.")], lang="en")
    pd.testing.assert_frame_equal(fig.figures.tolls(), figures.tolls(fig))


def test_bs_and_sr_inherit_hr_groups_and_override():
    hr, sr = tolls_pack.load("hr"), tolls_pack.load("sr")
    assert hr.group(" vojnika") == sr.group(" vojnika") == "security_forces"
    assert sr.group(" dece") == "civilians" and hr.group(" dece") == "unknown"
    assert sr.group(" izbeglica") == "migrants" and tolls_pack.load("bs").group(" djece") == "civilians"


def test_a_wrong_key_in_tolls_yaml_is_a_pack_error(tmp_path):
    root = tmp_path / "patterns"
    shutil.copytree(Path(figures.packs.patterns_dir()), root)
    (root / "en" / "tolls.yaml").write_text("groups:\n  civilans: [people]\n", encoding="utf-8")
    with pytest.raises(PackError, match="civilans"):
        tolls_pack._load("en", str(root))
    (root / "en" / "tolls.yaml").write_text("separate: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(PackError, match="bad regex"):
        tolls_pack._load("en", str(root))


def test_command_writes_tolls_and_reports_errors(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "docs" / "bad.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "tolls.jsonl"
    result = CliRunner().invoke(main, ["tolls", str(tmp_path / "docs"), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 1, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["category"], r["group"], r["value"]) for r in rows if r["doc_id"] == "a.txt"} >= {
        ("killed", "all", 5.0), ("injured", "all", 20.0)}
    assert "bad.txt" in (tmp_path / "tolls.errors.csv").read_text(encoding="utf-8")
    shown = CliRunner().invoke(main, ["tolls", str(tmp_path / "docs" / "a.txt"), "-q"])
    assert shown.exit_code == 0 and "security_forces" in shown.output


def test_command_from_a_figures_table(tmp_path):
    fig = figures.extract_many([("a", TEXT)], lang="en")
    figures.io.write_table(fig, tmp_path / "fig.parquet")
    result = CliRunner().invoke(main, ["tolls", "--from", str(tmp_path / "fig.parquet"), "--format", "csv", "-q"])
    assert result.exit_code == 0, result.output
    assert "a,en,killed,all,5.0,5.0,5.0,2," in result.output


def test_every_installed_pack_has_a_valid_tolls_section():
    for lang in figures.languages():
        pack = tolls_pack.load(lang)
        assert pack.cues["update_before"] and pack.cues["subset_before"], lang


def test_a_stem_word_inside_a_group_phrase():
    """tolls.yaml phrases may have a stem word before their last ("pripadni* MUP-a"): any ending there."""
    from figures.tolls_pack import _word_pattern

    pattern = _word_pattern(["pripadni* MUP-a", "zdravstven* radni*", "specijalac"])
    assert pattern.search("ubijena su dva pripadnika MUP-a")
    assert pattern.search("troje zdravstvenih radnika")
    assert pattern.search("jedan specijalac")
    assert not pattern.search("pripadnika vojske")

"""explain() returns an Explanation: still a dict, text in a terminal, tables in a notebook."""
from __future__ import annotations

import re

import pandas as pd

import figures
from figures.explain import Explanation, format_trace

TRACE = {
    "lang": "en",
    "candidates": [{"start": 0, "end": 2, "text": "20", "value": 20.0, "rule": "r.a", "lone": False},
                   {"start": 6, "end": 10, "text": "2016", "value": 2016.0, "rule": "x.year"}],
    "dropped": [{"start": 6, "end": 10, "text": "2016", "rule": "x.year", "stage": "exclude",
                 "reason": "not a figure <year>"}],
    "figures": [],
}


def test_explanation_keeps_dict_access():
    ex = Explanation(TRACE, "20 in 2016")
    assert isinstance(ex, dict) and ex == TRACE and ex["dropped"][0]["reason"] == "not a figure <year>"
    assert list(ex) == ["lang", "candidates", "dropped", "figures"]


def test_text_rendering_for_a_terminal():
    ex = Explanation(TRACE, "20 in 2016")
    out = str(ex)
    assert out == format_trace(TRACE, "20 in 2016")
    assert out.startswith("lang: en\n\ncandidates (2)")
    assert "candidates (2)" in out and "[0:2] '20'  value=20.0  rule=r.a" in out
    assert "<- not a figure <year>" in out and "lone" not in out  # empty values are left out
    printed = []

    class Printer:
        def text(self, s):
            printed.append(s)

    ex._repr_pretty_(Printer(), False)  # IPython's terminal display
    assert printed == [out]


def test_html_rendering_is_one_table_per_stage_and_escaped():
    page = Explanation(TRACE, "20 in <2016>")._repr_html_()
    assert page.count("<table>") == 2  # candidates and dropped; figures is empty
    assert "<h4>lang: en</h4>" in page and "<h4>figures (0)</h4>" in page
    assert "20 in &lt;2016&gt;" in page and "not a figure &lt;year&gt;" in page
    heads = re.findall(r"<th>([^<]+)</th>", page)
    assert heads[:5] == ["start", "end", "text", "value", "rule"] and "lone" not in heads
    assert '<td class="reason">' in page and "<script" not in page


def test_one_stage_as_a_dataframe():
    df = Explanation(TRACE).table("candidates")
    assert isinstance(df, pd.DataFrame) and list(df.columns) == ["start", "end", "text", "value", "rule"]
    assert list(df["text"]) == ["20", "2016"]


def test_explain_returns_an_explanation():
    ex = figures.explain("On Oct. 19 one of them said 20 people died in 2016.", lang="en")
    assert isinstance(ex, Explanation) and ex.text.startswith("On Oct. 19")
    assert [f["text"] for f in ex["figures"]] == ["20"]
    assert "figures (1)" in str(ex) and "<table>" in ex._repr_html_()

"""HTML highlighting: offsets to <mark>, escaping, colours, tooltips, notebook display."""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from figures import table
from figures.highlight import (CATEGORY_COLOURS, DIMENSION_COLOURS, Highlight, highlight,
                               mark_up, render_page, tooltip)
from test_cli import fake  # noqa: F401  (fixture: digits-only engine)


def row(start, end, text, **kw):
    base = {c: None for c in table.COLUMNS}
    base.update(doc_id="d", lang="en", start=start, end=end, text=text, qualifier="exact",
                dimension="count", rule="test.rule")
    base.update(kw)
    return base


def frame(*rows):
    return table.coerce(pd.DataFrame(list(rows), columns=table.COLUMNS)) if rows else table.empty_frame()


DOC = 'Strikes killed at least 20 "people" & <b>wounded</b> about 35 miles away.'


def test_marks_are_cut_by_offsets_and_escaped():
    i, j = DOC.index("at least 20"), DOC.index("about 35 miles")
    figs = frame(row(i, i + 11, "at least 20", value=20, low=20, qualifier="at_least", category="killed",
                     object="people"),
                 row(j, j + 14, "about 35 miles", value=35, qualifier="approx", unit="mile",
                     dimension="length", norm_value=56.327, norm_unit="kilometer"))
    body, skipped = mark_up(DOC, figs)
    assert skipped == 0
    assert re.sub(r"<mark[^>]*>|</mark>", "", body) == html.escape(DOC)  # text unchanged around marks
    assert "&lt;b&gt;wounded&lt;/b&gt;" in body and "&quot;people&quot; &amp;" in body
    marks = re.findall(r'<mark class="([^"]+)" style="background:([^"]+)" title="([^"]*)">([^<]*)</mark>', body)
    assert [(m[0], m[1], m[3]) for m in marks] == [
        ("cat cat-killed", CATEGORY_COLOURS["killed"], "at least 20"),
        ("dim-length", DIMENSION_COLOURS["length"], "about 35 miles")]
    tip = html.unescape(marks[1][2])
    assert "value: 35" in tip and "qualifier: approx" in tip and "normalised: 56.327 kilometer" in tip
    assert "rule: test.rule" in tip


def test_tooltip_shows_open_bounds_category_and_object():
    tip = tooltip(row(0, 2, "20", value=20, low=20, qualifier="at_least", category="killed", object="people"))
    assert "bounds: [20, +∞]" in tip and "category: killed; object: people" in tip


def test_overlapping_misplaced_and_out_of_range_rows_are_not_marked():
    figs = frame(row(8, 14, "killed"), row(10, 20, "lled at le"), row(0, 3, "XXX"), row(70, 99, "beyond"))
    body, skipped = mark_up(DOC, figs)
    assert body.count("<mark") == 1 and skipped == 3


def test_page_is_self_contained_with_legend_and_tables():
    figs = frame(row(15, 26, "at least 20", category="killed"))
    page = render_page([("d", DOC), ("empty", "nothing")], figs, title="Report <1>")
    assert "<title>Report &lt;1&gt;</title>" in page and "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert 'class="legend"' in page and "count: killed" in page
    assert page.count("<table") == 1 and page.count('<section class="doc"') == 2
    assert 'href="#doc-1"' in page and 'id="doc-1"' in page


def test_highlight_a_string(fake):
    h = highlight("killed 20 and 3")
    assert isinstance(h, Highlight) and len(h.table) == 2
    out = h._repr_html_()
    assert out.count("<mark") == 2 and "<style>" in out and "<html" not in out
    assert "<!doctype html>" in h.to_html()


def test_highlight_a_frame_and_the_accessor(fake, tmp_path):
    df = pd.DataFrame({"body": ["killed 1", None, "2 and 3"]}, index=["a", "b", "c"])
    with pytest.warns(UserWarning, match="skipped 1"):
        h = highlight(df, text_column="body")
    assert [d for d, _ in h.docs] == ["a", "c"] and h._repr_html_().count("<mark") == 3
    with pytest.warns(UserWarning):
        assert df.figures.highlight("body")._repr_html_().count("<mark") == 3
    h.save(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("<mark") == 3


def test_notebook_display_is_capped(fake):
    df = pd.DataFrame({"text": [f"{i} killed" for i in range(5)]})
    out = highlight(df, max_docs=2)._repr_html_()
    assert out.count('<section class="doc"') == 2 and "3 more documents" in out


def test_highlight_rejects_other_types_and_missing_columns(fake):
    with pytest.raises(TypeError):
        highlight(42)
    with pytest.raises(KeyError, match="no text column 'text'"):
        highlight(pd.DataFrame({"body": ["1"]}))

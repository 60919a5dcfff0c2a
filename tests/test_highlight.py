"""The HTML report and notebook view: marks by offsets, readings, links, totals, chart, contrast."""
from __future__ import annotations

import html
import re
import shutil
import subprocess

import pandas as pd
import pytest

import figures
from figures import batch, palette, table
from figures.highlight import Highlight, highlight, render_page
from figures.marks import from_sentences, mark_up, reading
from figures.report import SCRIPT, collect, render_fragment
from test_cli import fake, fake_extract_many  # noqa: F401  (fixture: digits-only engine)


@pytest.fixture
def engine(fake, monkeypatch):
    """The digits-only engine, also where highlight() and the accessor reach it (figures.batch)."""
    monkeypatch.setattr(batch, "extract_many", fake_extract_many)


def row(start, end, text, **kw):
    base = {c: None for c in table.COLUMNS}
    base.update(doc_id="d", lang="en", start=start, end=end, text=text, qualifier="exact",
                dimension="count", rule="test.rule")
    base.update(kw)
    return base


def frame(*rows):
    return table.coerce(pd.DataFrame(list(rows), columns=table.COLUMNS)) if rows else table.empty_frame()


DOC = 'Strikes killed at least 20 "people" & <b>wounded</b> about 35 miles away.'
I, J = DOC.index("at least 20"), DOC.index("about 35 miles")
KILLED = row(I, I + 11, "at least 20", value=20, low=20, qualifier="at_least", category="killed", object="people")
MILES = row(J, J + 14, "about 35 miles", value=35, qualifier="approx", unit="mile", dimension="length")


def test_marks_are_cut_by_offsets_escaped_and_show_their_reading():
    body, placed = mark_up(DOC, [KILLED, MILES], first_id=7)
    assert placed == [7, 8]
    assert re.sub(r"<mark[^>]*><a[^>]*>|</a></mark>", "", body) == html.escape(DOC, quote=False)
    assert "&lt;b&gt;wounded&lt;/b&gt;" in body and '"people" &amp;' in body
    marks = re.findall(r'<mark id=m(\d+) class=(\S+) data-v="([^"]*)"><a href=#r(\d+)>([^<]*)</a></mark>', body)
    assert marks == [("7", "c-killed", "≥20 killed", "7", "at least 20"),
                     ("8", "d-length", "~35 mile", "8", "about 35 miles")]


@pytest.mark.parametrize("kw, said", [
    (dict(value=20, low=20, high=20), "20"),
    (dict(value=None, low=7, high=9, qualifier="range", unit="hour"), "7–9 hour"),
    (dict(value=None, low=100000, qualifier="vague", category="killed"), "≥100,000 killed"),
    (dict(value=200, high=200, qualifier="at_most"), "≤200"),
    (dict(value=50, low=50, high=50, unit="percent", category="displaced"), "50 percent displaced"),
    (dict(value=None, low=None, high=None, qualifier="vague"), "?"),
])
def test_reading(kw, said):
    assert reading(row(0, 2, "xx", **kw)) == said


def test_a_reading_equal_to_the_words_is_not_repeated():
    body, _ = mark_up("killed 20 people", [row(7, 9, "20", value=20, low=20, high=20)])
    assert "data-v" not in body


def test_overlapping_misplaced_and_out_of_range_rows_are_not_marked():
    rows = [row(8, 14, "killed"), row(10, 20, "lled at le"), row(0, 3, "XXX"), row(70, 99, "beyond")]
    body, placed = mark_up(DOC, rows)
    assert body.count("<mark") == 1 and placed == [0, None, None, None]


def test_page_is_self_contained_with_totals_chart_and_one_linked_table():
    figs = frame(KILLED, MILES, row(0, 3, "XXX", doc_id="d"), dict(row(0, 1, "5", category="killed"), doc_id="e"))
    page = render_page([("d", DOC), ("e", "5 killed"), ("none", "nothing")], figs, title="Report <1>")
    assert "<title>Report &lt;1&gt;</title>" in page and page.count("<script>") == 1
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page) and "@import" not in page
    assert "Corpus totals" in page and "<svg" in page and 'class="legend"' in page
    assert page.count("<tr id=r") == 4 and page.count('<section class=doc') == 3
    marks, row_links = set(re.findall(r"<mark id=m(\d+)", page)), set(re.findall(r"href=#m(\d+)", page))
    rows, mark_links = set(re.findall(r"<tr id=r(\d+)", page)), set(re.findall(r"href=#r(\d+)", page))
    assert marks == row_links == mark_links == {"0", "1", "3"} and rows == {"0", "1", "2", "3"}
    # the corpus table: killed appears in 2 figures of 2 documents; the chart writes the number out
    assert re.search(r"<tr><td>killed<td class=n>2<td class=n>2", page)
    assert re.search(r'<text x="[\d.]+" y="13">2</text>', page)
    d = page[page.index("<section class=doc id=d0"):page.index("<section class=doc id=d1")]
    assert "3 figures · 1 killed" in d and "1 not placed" in d


def test_title_date_and_outlet_head_their_document():
    docs = collect([("a", "killed 5")], frame(dict(row(7, 8, "5"), doc_id="a")),
                   meta={"a": {"title": "Five <dead>", "date": "2024-05-01", "outlet": "Hina"}})
    page = render_fragment(docs)
    assert "<h2>Five &lt;dead&gt;</h2><p class=meta>Hina · 2024-05-01 · a · 1 figure" in page


def test_a_table_without_its_texts_is_shown_as_its_sentences():
    doc = "First line. Strikes killed 20 people. Later 5 more died."
    rows = [row(doc.index("20"), doc.index("20") + 2, "20", sentence="Strikes killed 20 people."),
            row(doc.index("5 "), doc.index("5 ") + 1, "5", sentence="Later 5 more died.")]
    stand_in, moved = from_sentences(rows)
    assert stand_in == "Strikes killed 20 people.\n…\nLater 5 more died."
    assert [stand_in[r["start"]:r["end"]] for r in moved] == ["20", "5"]
    page = render_page([], frame(*rows))
    assert page.count("<mark id=") == 2 and "shown as their figures' sentences" in page


def test_contrast_arithmetic_and_every_colour_pair_passes_wcag_aa():
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    for bg in [*palette.CATEGORY_COLOURS.values(), *palette.DIMENSION_COLOURS.values()]:
        assert palette.contrast(palette.text_on(bg), bg) >= 4.5, bg  # a mark's words
        assert palette.contrast(palette.LINE, bg) >= 3, bg  # its underline against its background
    for fg, bg in [(palette.INK, "#ffffff"), (palette.MUTED, palette.PAGE), (palette.MUTED, "#fafafa"),
                   (palette.INK, "#f0f0f0"), ("#0b57d0", "#ffffff"), ("#0b57d0", "#fafafa")]:
        assert palette.contrast(fg, bg) >= 4.5, (fg, bg)
    assert palette.contrast(palette.LINE, palette.PAGE) >= 3  # chart bar outlines


def test_colour_is_never_the_only_cue():
    css = palette.css()
    for name in palette.CATEGORY_COLOURS:
        assert re.search(rf"\.c-{name}\{{[^}}]*border-bottom:3px (solid|dashed|dotted|double)", css)
    assert len(set(list(palette.CATEGORY_LINES.values())[:4])) == 4  # the commonest four differ
    body, _ = mark_up(DOC, [KILLED])
    assert 'data-v="≥20 killed"' in body  # and the category is written out


def test_script_is_valid_javascript():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (the script's syntax is checked with `node --check`)")
    proc = subprocess.run([node, "--check", "-"], input=SCRIPT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_highlight_a_string(engine):
    h = highlight("killed 20 and 3")
    assert isinstance(h, Highlight) and len(h.table) == 2
    out = h._repr_html_()
    assert out.count("<mark") == 2 and "<style>" in out and "<html" not in out and "<script" not in out
    assert "<!doctype html>" in h.to_html()


def test_highlight_a_frame_and_the_accessor(engine, tmp_path):
    df = pd.DataFrame({"body": ["killed 1", None, "2 and 3"], "outlet": ["AP", "AP", "Hina"]},
                      index=["a", "b", "c"])
    with pytest.warns(UserWarning, match="skipped 1"):
        h = highlight(df, text_column="body")
    assert [d for d, _ in h.docs] == ["a", "c"] and h._repr_html_().count("<mark") == 3
    assert "<h2>c</h2><p class=meta>Hina · 2 figures" in h._repr_html_()
    with pytest.warns(UserWarning):
        assert df.figures.highlight("body")._repr_html_().count("<mark") == 3
    h.save(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("<mark") == 3


def test_notebook_display_is_capped(engine):
    df = pd.DataFrame({"text": [f"{i} killed" for i in range(5)]})
    out = highlight(df, max_docs=2)._repr_html_()
    assert out.count("<section class=doc") == 2 and "3 more documents" in out


def test_highlight_rejects_other_types_and_missing_columns(engine):
    with pytest.raises(TypeError):
        highlight(42)
    with pytest.raises(KeyError, match="no text column 'text'"):
        highlight(pd.DataFrame({"body": ["1"]}))


def test_no_import_cycle_through_the_notebook_and_report_modules():
    """accessor -> highlight -> columns -> batch: nothing below imports back up (nor the package root)."""
    import ast
    import importlib

    ours = ["accessor", "highlight", "columns", "report", "marks", "palette", "explain", "cli_highlight"]

    def imports(name: str) -> set[str]:  # figures.* modules imported anywhere in the module, functions too
        module = importlib.import_module(f"figures.{name}")
        tree = ast.parse(open(module.__file__, encoding="utf-8").read())
        found = set()
        for n in ast.walk(tree):
            if isinstance(n, ast.ImportFrom) and n.level == 1:
                found |= {n.module} if n.module else {a.name for a in n.names}
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                names = [n.module] if isinstance(n, ast.ImportFrom) else [a.name for a in n.names]
                found |= {x.split(".", 1)[1] if "." in x else "<root>" for x in names
                          if x and x.split(".")[0] == "figures"}
        return found

    graph = {name: imports(name) for name in ours}
    assert "accessor" not in graph["highlight"] and "highlight" not in graph["columns"]
    assert all("<root>" not in graph[n] for n in ours if n != "cli_highlight")

    def reaches(start: str, goal: str, seen=()) -> bool:
        return any(n == goal or (n in graph and n not in seen and reaches(n, goal, (*seen, n)))
                   for n in graph.get(start, ()))

    assert [n for n in ours if reaches(n, n)] == []


def test_document_tolls_above_the_text_and_summed_for_the_corpus():
    figs = frame(KILLED, dict(row(0, 1, "5", category="killed", value=5, low=5, high=5), doc_id="e"))
    tolls = pd.DataFrame([
        dict(doc_id="d", lang="en", category="killed", group="all", value=20, low=20, high=None,
             n_figures=1, sources=f"{I}:{I + 11}"),
        dict(doc_id="d", lang="en", category="killed", group="civilians", value=20, low=20, high=None,
             n_figures=1, sources=f"{I}:{I + 11}"),
        dict(doc_id="e", lang="en", category="killed", group="all", value=5, low=5, high=5,
             n_figures=2, sources="0:1;2:7"),
    ])
    page = render_page([("d", DOC), ("e", "5 killed")], figs, tolls=tolls)
    d = page[page.index("<section class=doc id=d0"):page.index("<section class=doc id=d1")]
    assert d.index("<caption>Tolls</caption>") < d.index("<div class=text>")
    assert f"<tr><td>killed<td class=n>20 (≥20)<td>civilians 20 (≥20)<td class=n>1<td><a href=#m0>{I}:{I + 11}</a>" in d
    e = page[page.index("<section class=doc id=d1"):]
    assert "<td><a href=#m1>0:1</a> 2:7" in e  # a source without a mark (a singular mention) stays text
    assert "<th>sum of document tolls" in page and "<td class=n>25 (≥25)" in page


@pytest.mark.parametrize("args, shown", [((20, 20, 20), "20"), ((20, 20, None), "20 (≥20)"),
                                         ((None, 100, None), "≥100"), ((30, 25, 40), "30 (25–40)"),
                                         ((None, None, 200), "≤200"), ((None, None, None), "?")])
def test_toll_bounds_are_written_out(args, shown):
    from figures.report import _bounds

    assert _bounds(*args) == shown


def test_corpus_toll_sums_keep_unknown_bounds_unknown():
    from figures.report import _toll_sums

    rows = [dict(category="trapped", group="all", value=275000, low=None, high=None),
            dict(category="trapped", group="all", value=275000, low=None, high=None),
            dict(category="killed", group="all", value=None, low=100, high=None),
            dict(category="killed", group="all", value=20, low=20, high=20),
            dict(category="killed", group="civilians", value=20, low=20, high=20)]
    assert _toll_sums(rows) == {"trapped": "550,000", "killed": "≥120"}


def test_title_date_and_outlet_columns_of_a_figures_table_are_used():
    figs = frame(dict(row(7, 8, "5"), doc_id="a")).assign(title="Five dead", outlet="AP", date="2024-01-02")
    page = render_fragment(collect([("a", "killed 5")], figs))
    assert "<h2>Five dead</h2><p class=meta>AP · 2024-01-02 · a · 1 figure" in page


def test_readings_show_without_hovering_on_screen_and_in_print():
    from figures.report import CSS

    assert "mark[data-v]::after{content:attr(data-v)" in CSS and ":hover" not in CSS
    assert "@media screen" not in CSS  # nothing is shown on screens only
    printed = CSS[CSS.index("@media print"):]
    assert ".scroll{max-height:none;overflow:visible" in printed  # the whole table is printed


def test_the_notebook_view_shows_tolls():
    h = highlight("Strikes killed 20 people, including five children.", lang="en")
    assert "<caption>Tolls</caption>" in h._repr_html_() and len(h.tolls)

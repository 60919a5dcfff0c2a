"""`figures highlight`: from documents, from an existing table (--from), metadata, --jobs."""
from __future__ import annotations

import json
import re

import figures
from figures import io
from test_cli import fake, fake_extract_many, run  # noqa: F401  (fixture: digits-only engine)


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = [{"id": "a", "title": "Strikes <kill> 20", "date": "2024-05-01", "outlet": "Hina",
         "text": "Strikes killed 20 people and 3 others."},
        {"id": "b", "text": "Poginulo je 15 civila."}]


def test_title_date_and_outlet_from_a_table_input(fake, tmp_path):
    src, out = _jsonl(tmp_path / "news.jsonl", ROWS), tmp_path / "r.html"
    res = run("highlight", src, "--id-column", "id", "-o", out)
    assert res.exit_code == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert "<h2>Strikes &lt;kill&gt; 20</h2><p class=meta>Hina · 2024-05-01 · a · 2 figures" in page
    assert "<h2>b</h2>" in page and page.count("<mark id=") == 3
    assert re.search(r"figures: 2 documents, 3 figures, 0 errors; .*r\.html \(0\.0 MB\) in", res.stderr)


def test_from_a_table_does_not_extract_and_matches_texts_by_doc_id(fake, tmp_path, monkeypatch):
    src = _jsonl(tmp_path / "news.jsonl", ROWS)
    table = tmp_path / "figures.parquet"
    assert run("extract", src, "--id-column", "id", "-o", table).exit_code == 0

    def no_extraction(*a, **kw):
        raise AssertionError("--from must not extract again")

    monkeypatch.setattr(figures, "extract_many", no_extraction)
    out = tmp_path / "r.html"
    res = run("highlight", "--from", table, src, "--id-column", "id", "-o", out)
    assert res.exit_code == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<mark id=") == 3 and "Strikes &lt;kill&gt; 20" in page
    assert "sentences (no source text" not in page
    # without the texts: the sentences stand in, and the marks still land on the figures
    res = run("highlight", "--from", table, "-o", out)
    assert res.exit_code == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    assert page.count("<mark id=") == 3 and "2 documents are shown as their figures' sentences" in page
    assert re.findall(r"<a href=#r\d>(\w+)</a></mark>", page) == ["20", "3", "15"]


def test_from_needs_a_figures_table(fake, tmp_path):
    bad = tmp_path / "other.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    res = run("highlight", "--from", bad, "-o", tmp_path / "r.html")
    assert res.exit_code == 2 and "--from" in res.stderr


def test_nothing_to_render_is_a_usage_error(fake, tmp_path):
    res = run("highlight", "-o", tmp_path / "r.html")
    assert res.exit_code == 2 and "--from TABLE" in res.stderr


def test_jobs_reach_the_extraction(fake, tmp_path, monkeypatch):
    seen = {}

    def spy(docs, lang=None, return_errors=False, jobs=1):
        seen["jobs"] = jobs
        return fake_extract_many(docs, lang, return_errors, jobs)

    monkeypatch.setattr(figures, "extract_many", spy)
    src = _jsonl(tmp_path / "news.jsonl", ROWS)
    assert run("highlight", src, "-j", "2", "-o", tmp_path / "r.html").exit_code == 0
    assert seen["jobs"] == 2


def test_unreadable_document_is_reported_and_the_rest_rendered(fake, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.txt").write_text("killed 4", encoding="utf-8")
    (tmp_path / "d" / "bin.txt").write_bytes(b"\x00\x01\x02 binary")
    out = tmp_path / "r.html"
    res = run("highlight", tmp_path / "d", "-o", out)
    assert res.exit_code == 1 and "bin.txt\tread" in res.stderr
    assert io.read_document(tmp_path / "d" / "ok.txt") and out.read_text(encoding="utf-8").count("<mark id=") == 1


def test_each_document_has_its_tolls_above_its_text(tmp_path):
    src = _jsonl(tmp_path / "news.jsonl", [
        {"id": "a", "text": "Strikes killed 20 people, including five children, in the town."},
        {"id": "b", "text": "No one was hurt."}])
    out = tmp_path / "r.html"
    res = run("highlight", src, "--id-column", "id", "--lang", "en", "-o", out)
    assert res.exit_code == 0, res.stderr
    page = out.read_text(encoding="utf-8")
    a = page[page.index("<section class=doc id=d0"):page.index("<section class=doc id=d1")]
    assert a.index("<caption>Tolls</caption>") < a.index("<div class=text>")
    assert re.search(r"<tr><td>killed<td class=n>20<td>[^<]*<td class=n>\d+<td><a href=#m\d+>15:17</a>", a)
    assert "<caption>Tolls</caption>" not in page[page.index("<section class=doc id=d1"):]
    assert "<th>sum of document tolls" in page

"""The command for a person at a terminal: a table that fits, --columns, --keep-columns, --encoding,
plain warnings, usage errors that name the cause, HTML folders and skipped files, warmup."""
from __future__ import annotations

import json
import logging

import pandas as pd
import pytest
from click.testing import CliRunner

from figures import io, packs, terminal
from figures.cli import main

TEXT = "Strikes killed at least 20 people and wounded about 35 others in the city on Monday."


def run(*args, env=None, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, input=input, catch_exceptions=False)


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the terminal table

@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_table_fits_the_terminal_one_line_per_figure(story, width):
    res = run("extract", story, "--lang", "en", "-q", env={"COLUMNS": str(width)})
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    body = [line for line in lines[:-1] if line.strip()]
    assert all(len(line) <= width for line in body)
    assert len(body) == 2 + 2  # header, rule, one line per figure
    assert "at least 20" in res.stdout and "killed" in res.stdout
    if width < 120:
        assert lines[-1].startswith("(not shown: ") and len(lines[-1]) <= width


def test_columns_chooses_the_columns(story):
    res = run("extract", story, "--lang", "en", "-q", "--columns", "text,category,sentence",
              env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert res.stdout.splitlines()[0].split() == ["text", "category", "sentence"]
    bad = run("extract", story, "--columns", "text,nope")
    assert bad.exit_code == 2 and "nope" in bad.stderr and "choose from" in bad.stderr
    files = run("extract", story, "--columns", "text", "--format", "csv")
    assert files.exit_code == 2 and "terminal table" in files.stderr


def test_render_drops_low_priority_columns_first():
    df = pd.DataFrame({"doc_id": ["d"], "start": [1], "end": [9], "text": ["at least 20"], "value": [20.0],
                       "category": ["killed"], "dimension": ["count"]})
    out = terminal.render(df, total_width=40)
    header = out.splitlines()[0].split()
    assert header[:2] == ["doc_id", "text"] and "dimension" not in header and "value" in header


# ---------------------------------------------------------------- --keep-columns

def test_keep_columns_carries_a_tables_columns(tmp_path):
    src = tmp_path / "news.csv"
    pd.DataFrame({"id": ["a", "b"], "body": [TEXT, "About 5 km away."], "outlet": ["Reuters", "AP"],
                  "date": ["2016-10-20", "2016-10-21"]}).to_csv(src, index=False)
    out = tmp_path / "out.jsonl"
    res = run("extract", src, "--text-column", "body", "--id-column", "id", "--lang", "en", "-o", out,
              "--keep-columns", "outlet,date,body", "-q")
    assert res.exit_code == 0, res.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["doc_id"], r["outlet"], r["date"]) for r in rows} == {("a", "Reuters", "2016-10-20"),
                                                                   ("b", "AP", "2016-10-21")}
    assert all(r["body"][r["start"]:r["end"]] == r["text"] for r in rows)
    missing = run("extract", src, "--text-column", "body", "--keep-columns", "nope")
    assert missing.exit_code == 2 and "nope" in missing.stderr


def test_keep_columns_gives_an_html_files_text_and_metadata(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><title>Strike</title><meta property="og:site_name" content="Daily">'
                    f'</head><body><nav>Home 9</nav><article><p>{TEXT}</p></article></body></html>',
                    encoding="utf-8")
    out = tmp_path / "out.parquet"
    res = run("extract", tmp_path, "--lang", "en", "-o", out, "--keep-columns", "text,title,outlet", "-q")
    assert res.exit_code == 0, res.stderr
    df = io.read(out)
    assert set(df["title"]) == {"Strike"} and set(df["outlet"]) == {"Daily"}
    assert all(doc[s:e] == t for doc, s, e, t in zip(df["source_text"], df["start"], df["end"], df["text"]))


# ---------------------------------------------------------------- usage errors that name the cause

def test_output_in_a_missing_folder_is_named(story, tmp_path):
    res = run("extract", story, "-o", tmp_path / "no" / "such" / "x.csv")
    assert res.exit_code == 2
    assert "--resume" not in res.stderr and "does not exist" in res.stderr and "-o" in res.stderr


def test_an_integer_text_column_is_one_usage_error(tmp_path):
    src = tmp_path / "t.parquet"
    pd.DataFrame({"n": [1, 2, 3], "body": ["a", "b", "c"]}).to_parquet(src)
    res = run("extract", src, "--text-column", "n")
    assert res.exit_code == 2
    assert res.stderr.count("holds int") == 1 and "--text-column" in res.stderr


def test_unknown_encoding_is_a_usage_error(story):
    res = run("extract", story, "--encoding", "klingon-8")
    assert res.exit_code == 2 and "unknown encoding" in res.stderr


def test_encoding_option_reads_as_told(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes("Poginulo je 5 ljudi u Šibeniku.".encode("iso8859_2"))
    out = tmp_path / "o.jsonl"
    assert run("extract", path, "--lang", "hr", "-o", out, "-q", "--encoding", "iso-8859-2",
               "--keep-columns", "text").exit_code == 0
    assert "Šibeniku" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- warnings and the summary

def test_the_language_fallback_is_one_plain_line(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"{i + 5} km", encoding="utf-8")
    res = run("extract", tmp_path, "--format", "csv")
    assert res.exit_code == 0
    said = [line for line in res.stderr.splitlines() if "warning" in line.lower()]
    assert said[0].startswith("figures: warning: cannot tell the language") and "--lang" in said[0]
    assert "LanguageFallbackWarning" not in said[0] and ".py:" not in res.stderr
    assert said[1:] == ["figures: 2 more warnings like it (LanguageFallbackWarning)"]


def test_workers_hand_their_warnings_to_the_command(tmp_path, monkeypatch):
    # with -j 2 each worker used to print its own "first" warning and the repeat count missed theirs
    from figures import runner

    monkeypatch.setattr(runner, "CHUNK_DOCS", 1)  # a chunk per document: both workers see the fallback
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"{i + 5} km", encoding="utf-8")
    res = run("extract", tmp_path, "--format", "csv", "-j", "2")
    assert res.exit_code == 0, res.stderr
    said = [line for line in res.stderr.splitlines() if "warning" in line.lower()]
    assert len(said) == 2 and said[0].startswith("figures: warning: cannot tell the language"), said
    assert said[1] == "figures: 5 more warnings like it (LanguageFallbackWarning)"


def test_a_folder_of_html_is_read_and_skipped_files_are_named(tmp_path):
    (tmp_path / "a.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "README.md").write_text("about this folder", encoding="utf-8")
    res = run("extract", tmp_path, "--lang", "en", "--format", "csv")
    assert res.exit_code == 0
    assert "a.html" in res.stdout and "at least 20" in res.stdout
    summary = res.stderr.strip().splitlines()[-1]
    assert summary.startswith("figures: 1 document, 2 figures, 0 errors, 2 files skipped")
    assert "README.md" in summary and "report.pdf" in summary


# ---------------------------------------------------------------- first run

def test_a_compile_says_so_once_on_stderr(scratch_patterns, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("FIGURES_CACHE_DIR", str(tmp_path / "cache"))  # an empty cache: en compiles
    with caplog.at_level(logging.WARNING, logger="figures.packs"):
        packs.load("en")
        packs.load("en")
    said = [r.getMessage() for r in caplog.records if r.name == "figures.packs"]
    assert len(said) == 1 and "compiling the 'en' pack" in said[0] and "figures warmup" in said[0]
    assert len(said[0]) <= 80  # one line


def test_warmup_compiles_then_finds_the_cache(scratch_patterns, tmp_path, monkeypatch):
    monkeypatch.setenv("FIGURES_CACHE_DIR", str(tmp_path / "cache"))
    first = run("warmup", "--lang", "en")
    assert first.exit_code == 0 and "figures: en: compiled" in first.stdout
    packs._load.cache_clear()
    again = run("warmup", "--lang", "en")
    assert "figures: en: already compiled" in again.stdout and str(tmp_path / "cache") in again.stdout

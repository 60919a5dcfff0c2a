"""`figures extract -o OUT` with part files: crashes, merges and fresh runs never lose or repeat a row.

The run writes committed parts to OUT.parts/ and merges them at the end; these
tests crash it at the worst moments (between parts, in the middle of a merge)
and check that --resume gives the table of one uninterrupted run.
"""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import figures
from figures import batch, io, resume, runner
from figures.cli import main
from figures.resume import done_path, parts_path, read_done

KEY = ["doc_id", "start"]


class Crash(BaseException):
    """A process killed outright: nothing catches it, nothing is merged."""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(8):
        text = f"Strikes killed {10 + i} people and wounded {i + 1} others." if i % 3 else "No figures here."
        (root / f"d{i}.txt").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def small_parts(monkeypatch):
    """Two documents per chunk: with --checkpoint 0, a part every two documents."""
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)


def crash_on_call(monkeypatch, n: int) -> None:
    real, calls = batch.extract_many, {"n": 0}

    def crashing(docs, **kw):
        calls["n"] += 1
        if calls["n"] == n:
            raise Crash
        return real(docs, **kw)

    monkeypatch.setattr(batch, "extract_many", crashing)


def full_table(corpus, tmp_path, fmt):
    full = tmp_path / f"full.{fmt}"
    assert run("extract", corpus, "-o", full, "--lang", "en").exit_code == 0
    return io.read(full).sort_values(KEY).reset_index(drop=True)


def same(out, expected):
    pd.testing.assert_frame_equal(io.read(out).sort_values(KEY).reset_index(drop=True), expected)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_parts_of_a_crashed_run_count_as_finished(corpus, tmp_path, monkeypatch, small_parts, fmt):
    expected = full_table(corpus, tmp_path, fmt)
    out = tmp_path / f"out.{fmt}"
    crash_on_call(monkeypatch, 3)
    with pytest.raises(Crash):
        run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0")
    assert not out.exists() and len(list(parts_path(out).glob("part-*.json"))) == 2
    monkeypatch.undo()
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert "4 documents" in res.stderr and "4 skipped" in res.stderr
    same(out, expected)
    assert sorted(read_done(done_path(out))) == [f"d{i}.txt" for i in range(8)]
    assert not parts_path(out).exists()


def test_a_crash_in_the_middle_of_a_merge_repeats_no_row(corpus, tmp_path, monkeypatch):
    expected = full_table(corpus, tmp_path, "jsonl")
    out = tmp_path / "out.jsonl"
    (corpus / "d7.txt").rename(tmp_path / "d7.txt")
    (corpus / "d4.txt").rename(tmp_path / "d4.txt")
    assert run("extract", corpus, "-o", out, "--lang", "en").exit_code == 0
    (tmp_path / "d7.txt").rename(corpus / "d7.txt")
    (tmp_path / "d4.txt").rename(corpus / "d4.txt")
    real = resume._atomic_lines

    def crash_before_done(path, lines):
        if path.name.endswith(".done"):
            raise Crash  # OUT and the report are merged; .done and the parts are not
        return real(path, lines)

    monkeypatch.setattr(resume, "_atomic_lines", crash_before_done)
    with pytest.raises(Crash):
        run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert parts_path(out).exists()
    monkeypatch.undo()
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert "0 documents" in res.stderr and "8 skipped" in res.stderr
    same(out, expected)  # the merged rows of d4 and d7 are there once
    assert len(read_done(done_path(out))) == 8


def test_a_fresh_run_discards_an_abandoned_runs_parts(corpus, tmp_path, monkeypatch, small_parts):
    expected = full_table(corpus, tmp_path, "csv")
    out = tmp_path / "out.csv"
    crash_on_call(monkeypatch, 2)
    with pytest.raises(Crash):
        run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0")
    monkeypatch.undo()
    res = run("extract", corpus, "-o", out, "--lang", "en")
    assert "8 documents" in res.stderr
    same(out, expected)
    assert not parts_path(out).exists()


def test_a_fresh_run_after_a_crashed_one_replaces_the_old_output(corpus, tmp_path, monkeypatch, small_parts):
    out = tmp_path / "out.parquet"
    old = tmp_path / "old"
    old.mkdir()
    (old / "x.txt").write_text("Strikes killed 99 people.", encoding="utf-8")
    assert run("extract", old, "-o", out, "--lang", "en").exit_code == 0   # an unrelated earlier output
    crash_on_call(monkeypatch, 3)
    with pytest.raises(Crash):
        run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0")
    monkeypatch.undo()
    run("extract", corpus, "-o", out, "--lang", "en", "--resume")        # continues the crashed run
    assert "x.txt" not in set(io.read(out)["doc_id"])                     # not the old output's union
    assert len(read_done(done_path(out))) == 8


def test_parquet_has_a_row_group_per_part(corpus, tmp_path, small_parts):
    import pyarrow.parquet as pq

    out = tmp_path / "out.parquet"
    assert run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0").exit_code == 0
    assert pq.ParquetFile(out).metadata.num_row_groups == 4   # parts d0-1, d2-3, d4-5, d6-7 all hold figures
    assert len(io.read(out)) == 10                            # two each in d1 d2 d4 d5 d7


def test_csv_to_stdout_streams_with_one_header(corpus, small_parts):
    res = run("extract", corpus, "--lang", "en", "--format", "csv", "-q")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("doc_id,") and sum(line.startswith("doc_id,") for line in lines) == 1
    assert len(lines) == 1 + 10

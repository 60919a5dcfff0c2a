"""The local run engine (`figures.runner`): no import of the command, checkpoints on time,
interrupts that keep what is finished and never clobber an existing output."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

import figures
from figures import batch, io, pipeline, runner
from figures.cli import main
from figures.resume import done_path, parts_path, read_done


class Crash(BaseException):
    """A process killed outright: nothing catches it, nothing is merged."""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(8):
        (root / f"d{i}.txt").write_text(f"Strikes killed {10 + i} people.", encoding="utf-8")
    return root


def test_the_run_engine_and_scaleout_do_not_import_the_command():
    code = ("import sys, figures.runner, figures.scaleout; "
            "print('figures.cli' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_checkpoints_follow_the_clock_not_a_segment_of_a_thousand_documents(tmp_path, monkeypatch):
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(300):
        (corpus / f"d{i:03d}.txt").write_text(f"Strikes killed {i} people.", encoding="utf-8")
    real, seen = pipeline.run, {"n": 0}

    def killed_at_250(text, lang, doc_id=None, trace=None):
        seen["n"] += 1
        if seen["n"] == 250:
            raise Crash  # SIGKILL: nothing is merged, only committed parts survive
        return real(text, lang, doc_id, trace)

    monkeypatch.setattr(pipeline, "run", killed_at_250)
    out = tmp_path / "out.csv"
    with pytest.raises(Crash):
        run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0")
    records = list(parts_path(out).glob("part-*.json"))
    assert records, "finished chunks were committed before the crash"
    monkeypatch.undo()
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert res.exit_code == 0 and f"{runner.CHUNK_DOCS * 3} skipped" in res.stderr
    assert len(read_done(done_path(out))) == 300


def test_an_interrupted_fresh_run_keeps_the_existing_output(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out.parquet"
    assert run("extract", corpus, "-o", out, "--lang", "en").exit_code == 0
    before = io.read(out)
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    real, calls = batch.extract_many, {"n": 0}

    def interrupted(docs, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(docs, **kw)

    monkeypatch.setattr(batch, "extract_many", interrupted)
    res = run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0")
    assert res.exit_code == 130 and "is unchanged" in res.stderr and "--resume" in res.stderr
    pd.testing.assert_frame_equal(io.read(out), before)          # not replaced by two documents
    assert parts_path(out).is_dir()
    monkeypatch.setattr(batch, "extract_many", real)
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert res.exit_code == 0 and "2 skipped" in res.stderr
    assert len(io.read(out)) == len(before) and len(read_done(done_path(out))) == 8


def test_force_lets_an_interrupted_run_replace_the_output(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out.csv"
    assert run("extract", corpus, "-o", out, "--lang", "en").exit_code == 0
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    real, calls = batch.extract_many, {"n": 0}

    def interrupted(docs, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(docs, **kw)

    monkeypatch.setattr(batch, "extract_many", interrupted)
    res = run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0", "--force")
    assert res.exit_code == 130
    assert len(read_done(done_path(out))) == 2 and not parts_path(out).exists()


def test_the_progress_bar_counts_finished_documents_with_figures_and_errors(corpus):
    class Bar:
        def __init__(self):
            self.n, self.postfix = 0, {}

        def update(self, n):
            self.n += n

        def set_postfix(self, refresh=False, **kw):
            self.postfix = kw

    (corpus / "bad.txt").write_bytes(b"\x00\x01binary")
    bar = Bar()
    count = runner.Count(bar)
    state = runner.Screen("table", lambda table: None)
    sources = [io.Source(p.name, path=p) for p in sorted(corpus.iterdir())]
    seen = []

    class Watch(runner.Screen):
        def add(self, doc_ids, found, errors):
            seen.append(bar.n)  # the bar has not moved before the documents are finished
            super().add(doc_ids, found, errors)

    state = Watch("table", lambda table: None)
    result = runner.execute(sources, state, count, lang="en")
    assert seen == [0] and bar.n == 9
    assert bar.postfix == {"figures": 8, "errors": 1}
    assert result.count.read == 9 and not result.interrupted

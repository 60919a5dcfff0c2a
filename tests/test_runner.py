"""The local run engine (`figures.runner`): no import of the command, checkpoints on time,
interrupts that keep what is finished and never clobber an existing output."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_a_full_disk_is_one_plain_line_a_distinct_exit_and_keeps_everything(corpus, tmp_path, monkeypatch):
    import errno

    from figures import stream

    out = tmp_path / "out.csv"
    assert run("extract", corpus, "-o", out, "--lang", "en").exit_code == 0
    before = out.read_bytes()
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)
    real = stream.TableAppender.append_file

    def full(self, path):  # the merge runs out of space
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stream.TableAppender, "append_file", full)
    res = run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0")
    lines = res.stderr.strip().splitlines()
    assert res.exit_code == 3 and len(lines) == 1, res.stderr
    assert "No space left on device" in lines[0] and "unchanged" in lines[0] and "--resume" in lines[0]
    assert "Traceback" not in res.output
    assert out.read_bytes() == before                                   # the previous output is intact
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(stream.TableAppender, "append_file", real)
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert res.exit_code == 0 and "8 skipped" in res.stderr
    assert len(read_done(done_path(out))) == 8


def test_temp_files_of_a_killed_merge_are_cleaned_by_the_next_run(corpus, tmp_path):
    out = tmp_path / "out.parquet"
    debris = [tmp_path / ".out.parquet.k2j3h4.tmp", tmp_path / ".out.parquet.done.x1.tmp",
              tmp_path / ".out.errors.csv.y2.tmp"]
    for path in debris:
        path.write_bytes(b"half a file")
    unrelated = tmp_path / ".other.csv.z.tmp"
    unrelated.write_bytes(b"not ours")
    assert run("extract", corpus, "-o", out, "--lang", "en").exit_code == 0
    assert not any(p.exists() for p in debris) and unrelated.exists()


@pytest.mark.slow
def test_ctrl_c_with_workers_saves_the_finished_chunks(tmp_path):
    import os
    import signal
    import time

    corpus = tmp_path / "big"
    corpus.mkdir()
    text = "Strikes killed {} people and wounded 40 others in the city on Monday, officials said. " * 20
    for i in range(1500):
        (corpus / f"d{i:05d}.txt").write_text(text.replace("{}", str(i)), encoding="utf-8")
    out = tmp_path / "out.csv"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, "-m", "figures", "extract", str(corpus), "-o", str(out),
                             "-j", "2", "--lang", "en", "--checkpoint", "1"], env=env,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(parts_path(out).glob("part-*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted after" in err
    done = read_done(done_path(out))
    assert 0 < len(done) < 1500 and len(io.read(out)) > 0
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume", "-j", "2")
    assert res.exit_code == 0 and f"{len(done)} skipped" in res.stderr


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the workers in /proc")
def test_a_killed_worker_stops_the_run_with_the_finished_chunks_saved(tmp_path):
    import os
    import signal
    import time

    corpus = tmp_path / "big"
    corpus.mkdir()
    text = "Strikes killed 7 people and wounded 40 others in the city on Monday, officials said. " * 20
    for i in range(1500):
        (corpus / f"d{i:05d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, "-m", "figures", "extract", str(corpus), "-o", str(out),
                             "-j", "2", "--lang", "en", "--checkpoint", "1"], env=env,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(parts_path(out).glob("part-*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
    assert children and proc.poll() is None
    os.kill(int(children[0]), signal.SIGKILL)  # the kernel's OOM killer picks a worker
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "a worker process died" in err and "Traceback" not in err
    assert 0 < len(read_done(done_path(out))) < 1500

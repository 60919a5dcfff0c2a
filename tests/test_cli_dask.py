"""`figures extract --dask ADDRESS` on a real two-process LocalCluster gives the local run's output."""
from __future__ import annotations

import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from figures import io
from figures.cli import main
from figures.resume import errors_path

from conftest import ROOT

pytestmark = pytest.mark.slow  # starts a two-process Dask cluster
KEY = ["doc_id", "start"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_without_the_extra_dask_is_a_usage_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    res = run("extract", ROOT / "seeds", "-o", tmp_path / "o.parquet", "--dask", "local")
    assert res.exit_code == 2 and "news-figures[dask]" in res.stderr


dd = pytest.importorskip("dask.dataframe", reason="the `dask` extra (dask[dataframe], distributed) is not installed")
distributed = pytest.importorskip("distributed", reason="the `dask` extra (distributed) is not installed")


@pytest.fixture(scope="module")
def address(dask_cluster):
    return dask_cluster.scheduler_address


def sorted_table(path):
    return io.read(path).sort_values(KEY).reset_index(drop=True)


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        (root / p.name).write_bytes(p.read_bytes())
    (root / "sub" / "x.txt").write_text("Poginulo je najmanje 15 civila.", encoding="utf-8")
    (root / "blob.txt").write_bytes(b"\x00\x01binary")                                 # a read error
    (root / "h.txt").write_bytes(b"killed 12 people \xff here")                         # a decoding note
    return root


def test_folder_on_a_cluster_equals_the_local_run(address, corpus, tmp_path):
    local, remote = tmp_path / "local.parquet", tmp_path / "remote.parquet"
    assert run("extract", corpus, "-o", local).exit_code == 1
    res = run("extract", corpus, "-o", remote, "--dask", address)
    assert res.exit_code == 1, res.stderr
    pd.testing.assert_frame_equal(sorted_table(remote), sorted_table(local))
    assert errors_path(remote).read_bytes() == errors_path(local).read_bytes()
    assert (tmp_path / "remote.parquet.done").read_bytes() == (tmp_path / "local.parquet.done").read_bytes()


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_table_on_a_cluster_equals_the_local_run(address, tmp_path, suffix, monkeypatch):
    from figures import scaleout

    monkeypatch.setattr(scaleout, "BLOCK_BYTES", 4000)  # several partitions: ids must stay global
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = (texts + ["About 35 people were wounded.", "", "nothing here"]) * 3
    articles = pd.DataFrame({"body": texts})
    src = tmp_path / f"articles.{suffix}"
    {"csv": lambda: articles.to_csv(src, index=False),
     "jsonl": lambda: articles.to_json(src, orient="records", lines=True),
     "parquet": lambda: articles.to_parquet(src, index=False)}[suffix]()
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl"
    run("extract", src, "--text-column", "body", "-o", local)
    res = run("extract", src, "--text-column", "body", "-o", remote, "--dask", address)
    assert res.exit_code in (0, 1), res.stderr
    pd.testing.assert_frame_equal(sorted_table(remote), sorted_table(local))
    assert sorted(set(io.read(remote)["doc_id"]), key=int)[-1] == str(len(texts) - 3)  # global row ids
    report = errors_path(local)  # CSV: the empty cells are "no text" errors; JSONL/Parquet: empty texts
    assert errors_path(remote).exists() == report.exists() == (suffix == "csv")
    if report.exists():
        assert errors_path(remote).read_bytes() == report.read_bytes()


def test_resume_on_a_cluster_skips_what_is_done(address, corpus, tmp_path):
    out = tmp_path / "out.csv"
    (corpus / "sub" / "x.txt").unlink()
    run("extract", corpus, "-o", out)
    (corpus / "sub" / "x.txt").write_text("Poginulo je najmanje 15 civila.", encoding="utf-8")
    res = run("extract", corpus, "-o", out, "--dask", address, "--resume")
    assert "1 document," in res.stderr and "skipped" in res.stderr
    assert "sub/x.txt" in set(io.read(out)["doc_id"])


def test_missing_text_column_is_a_usage_error(address, tmp_path):
    src = tmp_path / "t.csv"
    pd.DataFrame({"body": ["x"]}).to_csv(src, index=False)
    res = run("extract", src, "-o", tmp_path / "o.csv", "--dask", address)
    assert res.exit_code == 2 and "no text column 'text'" in res.stderr


def test_several_arguments_on_a_cluster_keep_ids_apart(address, tmp_path):
    # two folders holding the same file name, and a table numbered by position: ids are prefixed
    # with their argument, on the cluster exactly as in the local run (issue: ids collide across args)
    for name, text in (("a", "Strikes killed 12 people."), ("b", "About 35 people were wounded.")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(text, encoding="utf-8")
    rows = tmp_path / "rows.csv"
    pd.DataFrame({"text": ["Poginulo je najmanje 15 civila.", "Five soldiers were missing."]}).to_csv(rows, index=False)
    args = [tmp_path / "a", tmp_path / "b", rows]
    local, remote = tmp_path / "local.parquet", tmp_path / "remote.parquet"
    assert run("extract", *args, "-o", local).exit_code == 0
    res = run("extract", *args, "-o", remote, "--dask", address)
    assert res.exit_code == 0, res.stderr
    table = sorted_table(remote)
    pd.testing.assert_frame_equal(table, sorted_table(local))
    ids = set(table["doc_id"])
    assert {f"{tmp_path / 'a'}/story.txt", f"{tmp_path / 'b'}/story.txt"} <= ids, ids
    assert len([i for i in ids if str(i).startswith(str(rows))]) == 2, ids

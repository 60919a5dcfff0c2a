"""Batch and streaming: chunking, worker processes and streamed files give the per-document table."""
from __future__ import annotations

import sys

import pandas as pd
import pandas.testing as pdt
import pytest

import figures
from figures import batch, io, stream, table

from conftest import news_texts


def _docs() -> list[tuple[str, str]]:
    return [(f"d{i:03d}", t) for i, t in enumerate(news_texts(24))]


@pytest.fixture(scope="module")
def docs():
    return _docs()


@pytest.fixture(scope="module")
def reference(docs):
    """One extract() per document, concatenated: what every batch path must reproduce."""
    return table.concat([figures.extract(text, doc_id=doc_id) for doc_id, text in docs])


def test_extract_many_is_per_document_extract(docs, reference):
    pdt.assert_frame_equal(figures.extract_many(docs), reference)


@pytest.mark.parametrize("chunk_docs", [1, 5, 1000])
def test_chunk_size_does_not_change_the_table(docs, reference, chunk_docs):
    pdt.assert_frame_equal(figures.extract_many(docs, chunk_docs=chunk_docs), reference)


def test_two_jobs_give_the_same_table_and_errors(docs, reference, tmp_path):
    mixed = docs[:10] + [("bad", 42), tmp_path / "missing.txt"] + docs[10:]
    one, err_one = figures.extract_many(mixed, return_errors=True)
    two, err_two = figures.extract_many(mixed, return_errors=True, jobs=2, chunk_docs=3)
    pdt.assert_frame_equal(two, one)
    pdt.assert_frame_equal(one, reference)
    pdt.assert_frame_equal(err_two, err_one)
    assert list(err_one["doc_id"]) == ["bad", str(tmp_path / "missing.txt")]
    assert list(err_one["stage"]) == ["read", "read"]


def test_iter_tables_is_lazy_and_ordered(docs, reference):
    consumed = []

    def gen():
        for d in docs:
            consumed.append(d[0])
            yield d

    it = batch.iter_tables(gen(), chunk_docs=4)
    first, errors = next(it)
    assert len(consumed) == 4  # only the first chunk was read
    assert list(errors.columns) == batch.ERROR_COLUMNS
    rest = [f for f, _ in it]
    pdt.assert_frame_equal(table.concat([first, *rest]), reference)


def test_unknown_language_is_an_error_per_document_with_jobs(docs):
    df, errors = figures.extract_many(docs[:3], lang="xx", return_errors=True, jobs=2, chunk_docs=1)
    assert len(df) == 0 and len(errors) == 3
    assert set(errors["error_type"]) == {"ValueError"}


def test_empty_input():
    df, errors = figures.extract_many([], return_errors=True, jobs=2)
    assert list(df.columns) == figures.COLUMNS and len(df) == 0 and len(errors) == 0


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_streamed_file_reads_back_as_the_table(docs, reference, tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    summary = stream.extract_to(docs + [("bad", None)], path, chunk_docs=5, jobs=1,
                                errors_path=tmp_path / "errors.csv")
    assert summary.documents == len(docs) + 1 and summary.figures == len(reference)
    assert list(summary.errors["doc_id"]) == ["bad"]
    pdt.assert_frame_equal(io.read(path), reference)
    assert pd.read_csv(tmp_path / "errors.csv")["doc_id"].tolist() == ["bad"]
    if fmt != "parquet":  # same bytes as the one-shot writer
        io.write_table(reference, tmp_path / f"once.{fmt}")
        assert path.read_bytes() == (tmp_path / f"once.{fmt}").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_parquet_has_one_row_group_per_nonempty_chunk(docs, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "out.parquet"
    stream.extract_to(docs[:12], path, chunk_docs=4)
    assert pq.ParquetFile(path).metadata.num_row_groups == 3


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_no_figures_still_writes_the_schema(tmp_path, fmt):
    path = tmp_path / f"out.{fmt}"
    stream.extract_to(["nothing to see here"], path)
    back = io.read(path)
    assert list(back.columns) == figures.COLUMNS and len(back) == 0


def test_interrupted_stream_leaves_no_file(docs, tmp_path):
    path = tmp_path / "out.parquet"

    def failing():
        yield from docs[:5]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stream.extract_to(failing(), path, chunk_docs=2)
    assert list(tmp_path.iterdir()) == []


def test_an_engine_bug_on_one_document_is_recorded_not_raised(monkeypatch):
    from figures import pipeline

    real = pipeline.run

    def flaky(text, lang, doc_id=None, trace=None):
        if "boom" in text:
            raise IndexError("engine bug")
        return real(text, lang, doc_id, trace)

    monkeypatch.setattr(pipeline, "run", flaky)
    df, errors = figures.extract_many(["killed 5 people", "boom 7", "about 20 miles"], return_errors=True)
    assert list(df["doc_id"]) == ["0", "2"]
    assert errors.to_dict("records") == [
        {"doc_id": "1", "stage": "extract", "error_type": "IndexError", "message": "engine bug"}]


_MARKS: dict = {}


def _slow_chunk(chunk, lang, limits=batch.budget.DEFAULT):
    """A chunk that takes a while (all but the first), leaving a mark when it finishes."""
    import time

    if chunk[0][0] != "0":
        time.sleep(3)
    (_MARKS["dir"] / f"done-{chunk[0][0]}").touch()
    return _MARKS["real"](chunk, lang, limits)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked (they see the marks)")
def test_an_abandoned_parallel_batch_stops_its_workers_at_once(tmp_path, monkeypatch):
    import time

    _MARKS.update(dir=tmp_path, real=batch.process_chunk)
    monkeypatch.setattr(batch, "process_chunk", _slow_chunk)
    docs = [(str(i), "Strikes killed 20 people.") for i in range(20)]
    tables = batch.iter_tables(docs, lang="en", jobs=2, chunk_docs=2)
    next(tables)
    tables.close()  # Ctrl-C in a notebook loop: the four chunks in flight are not waited for
    time.sleep(4)   # what a waiting pool would have finished by now
    assert sorted(p.name for p in tmp_path.iterdir()) == ["done-0"]


def test_worker_warnings_reach_the_caller():
    # jobs=2 runs chunks in worker processes: their warnings are raised again in the caller's process
    from figures.langid import LanguageFallbackWarning

    with pytest.warns(LanguageFallbackWarning) as caught:
        figures.extract_many([f"{i + 5} km" for i in range(4)], jobs=2, chunk_docs=1)
    assert sum(issubclass(w.category, LanguageFallbackWarning) for w in caught) == 4

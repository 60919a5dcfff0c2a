"""Issue 15's "data lost" cases: surrogates, non-UTF-8 file names, ids across arguments,
wrong argument types, per-document budgets."""
from __future__ import annotations

import os
import sys

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import figures
from figures import budget, io
from figures.cli import main
from figures.resume import done_path, read_done

ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)  # Cs (lone surrogates) included
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
FFFD = {c: 0xFFFD for c in range(0xD800, 0xE000)}


def run(*args, **kw):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text(ANY_CHAR, max_size=8),
                          st.text(ANY_CHAR, max_size=60) | st.builds("killed {} {} people".format,
                                                                     st.integers(2, 99), SURROGATES)),
                min_size=1, max_size=5))
def test_lone_surrogates_in_texts_and_ids_lose_nothing(docs):
    docs = [(f"{i}{doc_id}", text) for i, (doc_id, text) in enumerate(docs)]
    found, errors = figures.extract_many(docs, lang="en", return_errors=True)
    assert errors.empty
    by_id = {d.translate(FFFD): t for d, t in docs}
    counted = {d for d, t in by_id.items() if t.startswith("killed ") and t.endswith(" people") and len(t) < 20}
    assert counted <= set(found["doc_id"])
    for row in found.itertuples():
        text = by_id[row.doc_id]
        assert len(row.text) == row.end - row.start
        assert all(a == b or 0xD800 <= ord(a) <= 0xDFFF for a, b in zip(text[row.start:row.end], row.text))


def test_a_surrogate_row_of_a_jsonl_input_is_read(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Strikes killed 20 \\udcff people."}\n{"text": "Strikes killed 3 people."}\n',
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    res = run("extract", src, "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert sorted(io.read(out)["value"]) == [3, 20]


def test_the_accessor_survives_a_surrogate():
    news = pd.DataFrame({"text": ["Strikes killed 20 \udcff people.", "Floods displaced 300 families."]},
                        dtype=object)  # pandas own strings cannot hold a surrogate; object columns can
    assert len(news.figures.extract("text")) == 2


@pytest.mark.skipif(sys.platform == "win32" or os.fsencode("\udcff") != b"\xff",
                    reason="needs a POSIX file system with bytes names")
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b
                                                 and not b.startswith(b".")))
def test_file_names_that_are_not_utf8_are_read_and_written(tmp_path_factory, raw):
    root = tmp_path_factory.mktemp("names")
    corpus = root / "corpus"
    corpus.mkdir()
    os.makedirs(os.fsencode(str(corpus)) + b"/sub", exist_ok=True)
    with open(os.fsencode(str(corpus)) + b"/sub/" + raw + b".txt", "wb") as fh:
        fh.write(b"Strikes killed 20 people.")
    with open(os.fsencode(str(corpus)) + b"/\x8aibenik.txt", "wb") as fh:  # cp1250 "Šibenik"
        fh.write(b"Floods displaced 300 families.")
    out = root / "out.parquet"
    res = run("extract", corpus, "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    table = io.read(out)
    assert "Šibenik.txt" in set(table["doc_id"]) and len(table) == 2
    assert len(read_done(done_path(out))) == 2


def test_doc_ids_are_unique_across_arguments(tmp_path):
    for name, n in (("a", 20), ("b", 30)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(f"Strikes killed {n} people.", encoding="utf-8")
    out = tmp_path / "out.csv"
    res = run("extract", tmp_path / "a", tmp_path / "b", "-o", out, "--lang", "en")
    assert res.exit_code == 0
    ids = sorted(io.read(out)["doc_id"])
    assert len(ids) == 2 and ids[0] != ids[1] and all(i.endswith("/story.txt") for i in ids)
    res = run("extract", tmp_path / "a", tmp_path / "b", "-o", out, "--lang", "en", "--resume")
    assert "0 documents" in res.stderr and "2 skipped" in res.stderr


def test_one_folder_keeps_its_relative_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Strikes killed 20 people.", encoding="utf-8")
    res = run("extract", tmp_path / "a", "--lang", "en", "--format", "csv", "-q")
    assert "\nstory.txt," in res.stdout


def test_the_same_document_given_twice_is_read_once_and_said(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Strikes killed 20 people.", encoding="utf-8")
    res = run("extract", tmp_path / "a", tmp_path / "a" / "story.txt", "--lang", "en", "--format", "csv")
    assert len(res.stdout.splitlines()) == 2 and "not read again" in res.stderr


@pytest.mark.parametrize("docs, hint", [("Strikes killed 20 people.", "figures.extract()"),
                                        ({"a": "Strikes killed 20 people."}, "dict.items()"),
                                        (b"Strikes killed 20 people.", "figures.extract()")])
def test_extract_many_refuses_one_text_or_a_mapping(docs, hint):
    with pytest.raises(TypeError, match=hint.replace("(", r"\(").replace(")", r"\)")):
        figures.extract_many(docs)


# ---------------------------------------------------------------- budgets per document

def test_a_document_over_its_character_budget_is_an_error_row_and_the_run_goes_on():
    docs = [("long", "Strikes killed 20 people. " * 40), ("short", "Strikes killed 3 people.")]
    found, errors = figures.extract_many(docs, lang="en", return_errors=True, max_chars=500)
    assert list(found["doc_id"]) == ["short"]
    assert errors.to_dict("records")[0] | {"message": ""} == {
        "doc_id": "long", "stage": "budget", "error_type": "BudgetExceeded", "message": ""}


def test_a_document_over_its_cpu_budget_is_stopped_inside_a_stage(monkeypatch):
    from figures import pipeline

    real = pipeline.candidates

    def spinning(pack, text, sentences, *rest):  # an engine stuck in one stage, whatever engine it is
        if "spin" in text:
            while True:
                sum(range(1000))
        return real(pack, text, sentences, *rest)

    monkeypatch.setattr(pipeline, "candidates", spinning)
    docs = [("stuck", "spin 20 people"), ("ok", "Strikes killed 3 people.")]
    found, errors = figures.extract_many(docs, lang="en", return_errors=True, max_seconds=0.3)
    assert list(found["doc_id"]) == ["ok"]
    assert list(errors["stage"]) == ["budget"] and "0.3 CPU seconds" in errors["message"][0]


def test_the_cpu_budget_is_not_wall_clock_time(monkeypatch):
    import time

    from figures import pipeline

    real = pipeline.candidates

    def sleepy(pack, text, sentences, *rest):  # waiting (I/O, a busy machine, the GIL) costs no CPU time
        time.sleep(0.6)
        return real(pack, text, sentences, *rest)

    monkeypatch.setattr(pipeline, "candidates", sleepy)
    found, errors = figures.extract_many(["Strikes killed 3 people."], lang="en", return_errors=True,
                                         max_seconds=0.3)
    assert errors.empty and len(found) == 1


def test_budget_defaults_are_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"{budget.SECONDS:g} CPU seconds" in readme and f"{budget.CHARS:,} characters" in readme


def test_the_command_takes_budgets(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "long.txt").write_text("Strikes killed 20 people. " * 40, encoding="utf-8")
    (tmp_path / "c" / "short.txt").write_text("Strikes killed 3 people.", encoding="utf-8")
    out = tmp_path / "out.csv"
    res = run("extract", tmp_path / "c", "-o", out, "--lang", "en", "--max-chars", "500", "--max-seconds", "5")
    assert res.exit_code == 1 and "budget" in res.stderr
    assert list(io.read(out)["doc_id"]) == ["short.txt"]


# ---------------------------------------------------------------- timeouts that are not ours

class _Starved:
    """A shape regex whose first call "times out" while another thread held the GIL: wall time
    ran out, this thread spent no CPU on it."""

    def __init__(self, pattern):
        self.pattern, self.calls = pattern, 0

    def fullmatch(self, text, timeout=None):
        self.calls += 1
        if self.calls == 1:
            raise TimeoutError("regex timed out")
        return self.pattern.fullmatch(text, timeout=timeout)


def test_a_starved_regex_timeout_is_not_a_rule_timeout():
    import regex

    from figures import timeouts

    starved = _Starved(regex.compile(r"\d+"))
    assert timeouts.fullmatch(starved, "123", 1.0) is not None and starved.calls == 2


def test_a_pattern_that_really_spins_is_a_pattern_timeout():
    import regex

    from figures import timeouts

    with pytest.raises(timeouts.PatternTimeout):
        timeouts.fullmatch(regex.compile(r"(?:a|aa)+b"), "a" * 40, 0.05)


def test_ordinary_news_survives_a_gil_holding_neighbour():
    import threading

    done = threading.Event()

    def neighbour():  # C calls that hold the GIL for a long time, again and again
        while not done.is_set():
            sorted(range(3_000_000), key=None, reverse=True)

    t = threading.Thread(target=neighbour)
    t.start()
    try:
        texts = [f"Strikes killed {i} people and wounded {i + 1} others." for i in range(30)]
        found, errors = figures.extract_many(texts, lang="en", return_errors=True)
    finally:
        done.set()
        t.join()
    assert errors.empty and len(found) == 60


def test_a_callers_timeout_error_is_not_relabelled_or_swallowed(monkeypatch):
    from figures import pipeline

    def deadline(*args, **kw):
        raise TimeoutError("the caller's SIGALRM deadline")

    monkeypatch.setattr(pipeline, "candidates", deadline)
    with pytest.raises(TimeoutError, match="caller's SIGALRM") as info:
        figures.extract_many(["Strikes killed 20 people."], lang="en", return_errors=True)
    from figures.errors import RuleTimeout

    assert not isinstance(info.value, RuleTimeout)


def test_extract_to_takes_budgets(tmp_path):
    from figures import stream

    docs = [("long", "Strikes killed 20 people. " * 40), ("short", "Strikes killed 3 people.")]
    summary = stream.extract_to(docs, tmp_path / "out.csv", lang="en", max_chars=500)
    assert list(summary.errors["stage"]) == ["budget"] and summary.figures == 1

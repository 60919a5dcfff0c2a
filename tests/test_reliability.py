"""Hostile and broken input: decoding, pathological text, bounded regex time, nothing lost.

Every case either reads correctly or is reported with a reason; none crashes,
and every row's offsets slice back into the text that was passed.
"""
from __future__ import annotations

import codecs
import math
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import figures
from figures import batch, io, matcher, packs, pipeline
from figures.tokens import tokenize
from figures.cli import main
from figures.errors import RuleTimeout
from figures.resume import done_path, errors_path, parts_path, read_done

warnings.filterwarnings("ignore", category=UserWarning, module="figures")  # language fallback on noise


def check(text: str, lang: str = "en") -> pd.DataFrame:
    """Extract and assert the offset contract on every row."""
    df = figures.extract(text, lang=lang)
    for start, end, span in zip(df["start"], df["end"], df["text"]):
        assert 0 <= start < end <= len(text)
        assert text[start:end] == span
    return df


# ---------------------------------------------------------------- decoding

TEXT = "Poginulo je najmanje 15 civila – čak 300.000 ljudi; ŠŽšž €"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),                                   # BOM, native order
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),                             # no BOM: told by its NULs
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.replace("–", "-").encode("cp1250"), "cp1250"),
])
def test_encodings_are_detected(data, encoding):
    decoded = io.decode(data)
    assert decoded.encoding == encoding and decoded.replaced == 0
    assert decoded.text.replace("–", "-") == TEXT.replace("–", "-")


def test_western_legacy_text_is_read_as_cp1252_not_latin1():
    data = "Le café à côté: 20 blessés, 3 morts, €2 millions".encode("cp1252")
    assert io.decode(data) == io.Decoded("Le café à côté: 20 blessés, 3 morts, €2 millions", "cp1252")


def test_broken_bytes_in_utf8_are_replaced_and_flagged(tmp_path):
    data = ("Ubijeno je 15 civila, čak i žene iz Šibenika, ".encode("utf-8") + b"\xff\xfe\xc4"
            + " 20 ranjenih u Đakovu".encode("utf-8"))
    decoded = io.decode(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == 3  # each broken sequence is one U+FFFD
    assert "\ufffd" in decoded.text and "čak" in decoded.text and "civila" in decoded.text
    assert "U+FFFD" in decoded.note
    (tmp_path / "d.txt").write_bytes(data)
    with pytest.warns(io.DecodeWarning, match="d.txt"):
        text = io.read_document(tmp_path / "d.txt")
    df = check(text, "hr")
    assert {"15", "20"} <= set(df["text"])


def test_truncated_utf8_at_end_of_file():
    data = "killed 20 people and ž".encode("utf-8")[:-1]
    decoded = io.decode(data)
    assert decoded.text.endswith("\ufffd") or decoded.encoding in ("cp1252", "cp1250", "iso-8859-2", "cp1251")
    check(decoded.text)


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "binary"),
    (b"%PDF-1.4\n\x00\x00\xff\xfe\x00", "binary"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "utf-16"),                       # lone surrogate after a BOM
    (codecs.BOM_UTF8 + b"ok \xff", "utf-8"),
])
def test_undecodable_documents_are_reported_with_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(io.DecodeError) as err:
        io.read_document(path)
    assert reason in str(err.value) and str(path) in str(err.value)


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", "\u00a0\u2009\u200b".encode("utf-8")])
def test_empty_and_whitespace_files_have_no_figures(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert check(io.read_document(path)).empty


def test_csv_input_in_a_legacy_code_page(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_bytes("id,text\nx,Poginulo je 15 civila u Šibeniku\n".encode("cp1250"))
    [src] = io.expand(str(path), id_column="id")
    assert src.load() == "Poginulo je 15 civila u Šibeniku"


# ---------------------------------------------------------------- hostile text

HOSTILE = {
    "digit run 100k": "1" * 100_000,
    "separator runs": "1,,,,,2 ..... 3....4 ,,, 5,,6 1.2.3.4.5.6.7 1 , 2 - - 3 --- 4 ///" * 50,
    "separator-only": ".,-/ " * 20_000,
    "hyphen run": "1" + "-" * 100_000 + "2",
    "space run": "at least 1" + " " * 100_000 + "2 people",
    "newline run": "\n" * 50_000 + "5 people\n" + " \n" * 50_000,
    "number words 10k": " ".join(["seven"] * 10_000),
    "hyphenated words": "twenty-" * 10_000,
    "chained scales": "two hundred and " * 5_000,
    "qualifier words": "at least about more than nearly " * 3_000 + "5",
    "unit words": "5 " + "miles kilometers hours " * 3_000,
    "vague words": "hundreds of thousands of " * 3_000,
    "grouped digits": "1,000," * 4_000,
    "grouped spaces": "1 000 " * 4_000,
    "mixed scripts": "Убијено је 15 људи; ١٢ قتيلا; 20 people killed; 三十人; ३५ लोग; " * 200,
    "rtl marks": "\u200f12\u200e people \u202e34\u202c killed \u2067 56 \u2069 " * 500,
    "zero width": "1\u200b2\u200c3\u200d people, 4\ufeff5 killed " * 500,
    "combining": "5\u0301 people, 20\u0308\u0308 killed, e\u0301e\u0301 12 " * 500,
    "nbsp thin spaces": "5\u00a0000 people, 12\u2009500 tons, 3\u202f000 km " * 500,
    "full-width digits": "１２ people killed, ３．５ km " * 500,
    "arabic-indic digits": "٣٤ people killed, ۱۲ wounded " * 500,
    "surrogate-like and private use": "\ue000 12 \U0010fffd people \ufffd 5 " * 500,
    "control characters": "\x00\x01 12 \x1b[31m people \x7f 5 \x0c" * 500,
}


@pytest.mark.slow  # hostile: 23 texts of ~100 KB
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_text_never_crashes_and_offsets_hold(name):
    check(HOSTILE[name], "en")


@pytest.mark.slow  # hostile
@pytest.mark.parametrize("name", ["separator runs", "mixed scripts", "zero width", "nbsp thin spaces",
                                  "grouped digits", "chained scales"])
def test_hostile_text_in_a_second_pack(name):
    check(HOSTILE[name], "hr")


def test_a_line_of_a_million_digits_is_skipped_not_crashed():
    assert check("1" * 1_000_000).empty  # too long for a float: no row, no error


@pytest.mark.parametrize("text, value", [
    ("about ١٢ people were killed", 12.0),            # Arabic-Indic digits
    ("about ۱۲ people were killed", 12.0),            # extended Arabic-Indic
    ("about １２ people were killed", 12.0),           # full-width
    ("about 5\u00a0000 people were killed", 5000.0),  # no-break space as a group separator
    ("about 5\u2009000 people were killed", 5000.0),  # thin space
    ("about 5\u202f000 people were killed", 5000.0),  # narrow no-break space
])
def test_exotic_digits_and_spaces_are_read_with_original_offsets(text, value):
    df = check(text)
    assert list(df["value"]) == [value]
    assert df["text"][0].startswith("about")


def test_marks_around_a_figure_keep_offsets():
    text = "\u200f\u200bStrikes killed at least 20\u200b people\u202c."
    df = check(text)
    assert list(df["value"]) == [20.0]


@pytest.mark.slow  # 96 000 characters, ~4 000 rows
def test_long_unpunctuated_text_is_cut_into_bounded_sentences():
    text = "at least twenty people and more than 3 000 tons " * 2_000  # 96 000 chars, no full stop
    df = check(text)
    assert len(df) >= 3_900
    assert df["sentence"].str.len().max() <= 1_000  # the sentence column stays bounded


@pytest.mark.slow  # 5.5 MB of text
def test_five_megabyte_document_completes():
    """A single 5 MB document is read whole (its time ratio to 500 KB is printed by
    benchmarks/linear_time.py; speed is never asserted in tests)."""
    para = ("The talks resumed on Monday and officials said the situation remained calm. " * 30
            + "Strikes killed at least 20 people and wounded about 35 others.\n\n")
    doc = (para * (5_000_000 // len(para) + 1))[:5_000_000]
    small = check(doc[:500_000])
    big = check(doc)
    assert len(big) >= 9 * len(small)


@pytest.mark.slow  # hostile: ~25 s
@pytest.mark.parametrize("unit", ["two hundred and ", "1,", "twenty-", "at least ", "1 000 ", "a@b."])
def test_hostile_repetitions_complete_with_valid_offsets(unit):
    """Long runs of one hostile unit finish (every regex call runs under a timeout) and keep offsets."""
    text = unit * (32_000 // len(unit))
    check(text)


# ---------------------------------------------------------------- every rule under the timeout

ADVERSARIAL_UNITS = [
    "7", "1 ", "1,", "1.", "1-", "1/", "1:", "1,000", "1.000,", "1 000 ", " ", "-", "\u2013", ".", ",",
    "seven ", "twenty-", "two hundred and ", "hundred ", "a hundred ", "half ", "hundreds of ",
    "at least ", "more than ", "about ", "najmanje ", "oko ", "više od ", "miles ", "km ", "sati ", "5 miles ",
    "dvadeset pet ", "tisuću ", "20-ak ", "desetak ", "between 1 and ", "from 5 to ", "8 a.m. ", "od 8 do ",
    "Oct. ", "A", "A1", "F-", "$", "$1 ", "€", "%", "(", "A (", "+1 ", "http://", "a@b.", "x",
    "\u00a0", "\n", " \n", "١", "e\u0301",
]


def _all_rules():
    for lang in packs.languages():
        for rule in packs.load(lang).rules:
            yield lang, rule


@pytest.mark.slow  # hostile: every rule x 59 inputs, ~40 s
@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_every_pack_survives_adversarial_input(unit):
    """Every pack's tokens, numerals and rules, run on 8 000 characters of one repeated unit as one
    sentence, finish without a timeout and give finite values (wall-clock speed is measured by
    benchmarks/linear_time.py, not asserted here)."""
    text = unit * (8_000 // len(unit))
    for lang in packs.languages():
        pack = packs.load(lang)
        for cand in pipeline.candidates(pack, text, [(0, len(text))]):
            assert cand.value is None or math.isfinite(cand.value), (lang, cand)


def test_number_chains_are_read_in_one_pass():
    pack = packs.load("en")
    text = "two hundred and " * 2_000 + "x"
    toks = pack.lex.tag(tokenize(text))
    nums, _ = pack.grammar.find(toks)
    assert nums and all(n.j - n.i <= 60 for n in nums.values())  # every numeral is bounded (CHAIN)


# ---------------------------------------------------------------- a timeout is one document's error

EVIL_RULE = """
  - id: en.test.evil
    doc: A deliberately catastrophic pattern, to test the timeout path.
    match: "/(?:x|xx)+y/ ~{num}"
    examples:
      - in: "xxy 5"
        out: {value: 5}
"""


@pytest.fixture
def evil_pack(scratch_patterns, monkeypatch):
    path = scratch_patterns / "en" / "rules.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n" + EVIL_RULE, encoding="utf-8")
    monkeypatch.setattr(matcher, "TIMEOUT", 0.05)
    return scratch_patterns


EVIL_TEXT = "Strikes killed 5 people and " + "x" * 40 + "7 more."  # the x-run touches a numeral


@pytest.mark.slow  # compiles a modified pack
def test_a_rule_timeout_names_the_rule(evil_pack):
    with pytest.raises(RuleTimeout) as err:
        figures.extract(EVIL_TEXT, lang="en")
    assert err.value.rule == "en.test.evil" and "en.test.evil" in str(err.value)
    assert isinstance(err.value, TimeoutError)


@pytest.mark.slow  # compiles a modified pack
def test_a_rule_timeout_goes_to_the_errors_table_and_the_batch_goes_on(evil_pack):
    docs = [("good-1", "Strikes killed 20 people."), ("evil", EVIL_TEXT), ("good-2", "About 35 were wounded.")]
    found, errors = figures.extract_many(docs, lang="en", return_errors=True)
    assert set(found["doc_id"]) == {"good-1", "good-2"}
    [row] = errors.to_dict("records")
    assert row["doc_id"] == "evil" and row["stage"] == "extract" and row["error_type"] == "RuleTimeout"
    assert "en.test.evil" in row["message"]


# ---------------------------------------------------------------- nothing lost: extract_many

def _mixed_docs(tmp_path: Path) -> list:
    (tmp_path / "ok.txt").write_text("Strikes killed at least 20 people.", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02\x03binary")
    (tmp_path / "latin.txt").write_bytes("20 blessés à côté, 3 morts".encode("latin-1"))
    return [
        ("with-figures", "Strikes killed at least 20 people and wounded about 35."),
        ("no-figures", "Officials said the situation was calm."),
        ("empty", ""),
        ("blank", " \n\t "),
        tmp_path / "ok.txt",
        tmp_path / "blob.bin",                 # binary: read error
        tmp_path / "missing.txt",              # no such file: read error
        tmp_path / "latin.txt",
        ("not-text", 12345),                   # wrong type: extract error
        ("digits", "1" * 20_000),
        ("hostile", HOSTILE["separator runs"]),
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_in_equal_documents_out(tmp_path, jobs):
    docs = _mixed_docs(tmp_path)
    found, errors = figures.extract_many(docs, lang="en", return_errors=True, jobs=jobs, chunk_docs=3)
    ids = [str(d[0]) if isinstance(d, tuple) else str(d) for d in docs]
    failed = set(errors["doc_id"])
    assert failed == {str(tmp_path / "blob.bin"), str(tmp_path / "missing.txt"), "not-text"}
    assert set(found["doc_id"]) <= set(ids) - failed
    assert len(set(ids)) == len(set(found["doc_id"]) | (set(ids) - set(found["doc_id"]) - failed)) + len(failed) \
        - len(failed & set(found["doc_id"]))
    assert list(errors.columns) == ["doc_id", "stage", "error_type", "message"]
    stages = dict(zip(errors["doc_id"], errors["stage"]))
    assert stages[str(tmp_path / "blob.bin")] == "read" and stages["not-text"] == "read"
    assert all(errors["message"].str.len() > 0)


def test_batch_results_do_not_depend_on_chunking_or_jobs(tmp_path):
    docs = _mixed_docs(tmp_path)
    one = figures.extract_many(docs, lang="en", return_errors=True, jobs=1, chunk_docs=256)
    two = figures.extract_many(docs, lang="en", return_errors=True, jobs=2, chunk_docs=2)
    pd.testing.assert_frame_equal(one[0], two[0])
    pd.testing.assert_frame_equal(one[1].reset_index(drop=True), two[1].reset_index(drop=True))


# ---------------------------------------------------------------- nothing lost: the command

def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    texts = {
        "a.txt": "Strikes killed at least 20 people.",
        "b.txt": "Officials said the talks went well.",           # no figures
        "c.txt": "About 35 people were wounded.",
        "d.txt": "",                                                # empty
        "e.txt": "Poginulo je 15 civila.",
        "f.txt": "The convoy travelled 40 miles in 3 hours.",
    }
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "g.txt").write_bytes(b"\x00\x00binary\x00")           # fails: read
    (root / "h.txt").write_bytes("ranjeno je 12 ljudi ".encode("utf-8") + b"\xff" + "čak".encode("utf-8"))
    return root


def _accounting(out: Path, n_docs: int) -> None:
    """Documents in = finished (with or without figures) + failed; figures only from finished ones."""
    done = read_done(done_path(out))
    report = pd.read_csv(errors_path(out), dtype=str) if errors_path(out).exists() else pd.DataFrame(
        columns=["doc_id", "error_type"])
    failed = set(report.loc[~report["doc_id"].isin(done), "doc_id"])
    assert len(done) == len(set(done))
    assert len(done) + len(failed) == n_docs
    assert set(io.read(out)["doc_id"]) <= set(done)


def test_command_accounts_for_every_document(corpus, tmp_path):
    out = tmp_path / "out.parquet"
    res = run("extract", corpus, "-o", out, "--lang", "en")
    assert res.exit_code == 1  # g.txt failed
    _accounting(out, 8)
    report = pd.read_csv(errors_path(out), dtype=str).set_index("doc_id")
    assert report.loc["g.txt", "stage"] == "read" and "binary" in report.loc["g.txt", "message"]
    assert report.loc["h.txt", "error_type"] == "DecodeWarning"       # read with U+FFFD, flagged, done
    assert "h.txt" in read_done(done_path(out))
    assert not list(tmp_path.glob(".out*"))


def test_resume_skips_finished_documents_including_those_without_figures(corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    full = tmp_path / "full.jsonl"
    assert run("extract", corpus, "-o", full, "--lang", "en").exit_code == 1
    (corpus / "c.txt").rename(tmp_path / "c.txt")                   # a first run that saw fewer docs
    (corpus / "b.txt").rename(tmp_path / "b.txt")
    run("extract", corpus, "-o", out, "--lang", "en")
    (tmp_path / "c.txt").rename(corpus / "c.txt")
    (tmp_path / "b.txt").rename(corpus / "b.txt")
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert "2 documents" in res.stderr and "6 skipped" in res.stderr  # only b.txt and c.txt were read
    key = ["doc_id", "start"]
    pd.testing.assert_frame_equal(io.read(out).sort_values(key).reset_index(drop=True),
                                  io.read(full).sort_values(key).reset_index(drop=True))
    _accounting(out, 8)
    again = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert "0 documents" in again.stderr and "8 skipped" in again.stderr
    retry = run("extract", corpus, "-o", out, "--lang", "en", "--resume", "--retry-errors")
    assert "1 document," in retry.stderr  # g.txt read again (and failed again)
    _accounting(out, 8)


def test_interrupted_run_saves_progress_and_resumes(corpus, tmp_path, monkeypatch):
    import figures.runner as runner

    out = tmp_path / "out.csv"
    monkeypatch.setattr(runner, "CHUNK_DOCS", 2)     # a checkpoint every two documents
    real = batch.extract_many
    calls = {"n": 0}

    def flaky(docs, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            list(docs)
            raise KeyboardInterrupt  # Ctrl-C (or SIGTERM) in the middle of the run
        return real(docs, **kw)

    monkeypatch.setattr(batch, "extract_many", flaky)
    res = run("extract", corpus, "-o", out, "--lang", "en", "--checkpoint", "0")
    assert res.exit_code == 130 and "--resume" in res.stderr
    assert len(read_done(done_path(out))) == 4                        # two segments were saved
    monkeypatch.setattr(batch, "extract_many", real)
    res = run("extract", corpus, "-o", out, "--lang", "en", "--resume")
    assert "4 skipped" in res.stderr
    full = tmp_path / "full.csv"
    run("extract", corpus, "-o", full, "--lang", "en")
    key = ["doc_id", "start"]
    pd.testing.assert_frame_equal(io.read(out).sort_values(key).reset_index(drop=True),
                                  io.read(full).sort_values(key).reset_index(drop=True))
    _accounting(out, 8)


def test_failed_write_leaves_previous_output_intact(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out.parquet"
    run("extract", corpus, "-o", out, "--lang", "en")
    before = out.read_bytes()

    def broken(*a, **k):
        raise OSError("disk full")

    from figures import stream

    monkeypatch.setattr(stream.TableAppender, "finish", broken)  # every part and the merge fail
    res = run("extract", corpus, "-o", out, "--lang", "en")
    assert res.exit_code == 3 and "cannot write" in res.stderr and "disk full" in res.stderr
    assert out.read_bytes() == before
    assert not list(tmp_path.glob(".out*"))
    assert not [p for p in parts_path(out).iterdir() if p.name.startswith(".")]  # no temp part either


def test_resume_needs_an_output(corpus):
    res = run("extract", corpus, "--resume")
    assert res.exit_code == 2 and "-o" in res.stderr


def test_clean_rerun_removes_a_stale_error_report(corpus, tmp_path):
    out = tmp_path / "out.csv"
    run("extract", corpus, "-o", out, "--lang", "en")
    assert errors_path(out).exists()
    (corpus / "g.txt").unlink()
    (corpus / "h.txt").unlink()
    assert run("extract", corpus, "-o", out, "--lang", "en").exit_code == 0
    assert not errors_path(out).exists()


def test_an_engine_bug_on_one_document_does_not_stop_the_command(corpus, tmp_path, monkeypatch):
    from figures import pipeline

    real = pipeline.run

    def buggy(text, *a, **k):
        if "wounded" in text:
            raise IndexError("engine bug on purpose")
        return real(text, *a, **k)

    monkeypatch.setattr(pipeline, "run", buggy)
    out = tmp_path / "out.parquet"
    res = run("extract", corpus, "-o", out, "--lang", "en")
    assert res.exit_code == 1
    report = pd.read_csv(errors_path(out), dtype=str).set_index("doc_id")
    assert report.loc["c.txt", "error_type"] == "IndexError" and report.loc["c.txt", "stage"] == "extract"
    assert {"a.txt", "f.txt"} <= set(io.read(out)["doc_id"])
    _accounting(out, 8)

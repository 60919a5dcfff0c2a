"""figures.io: decoding documents, expanding inputs, and table round trips."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures import io, table

FORMATS = ["csv", "parquet", "jsonl"]


def sample_table() -> pd.DataFrame:
    rows = [
        {"doc_id": "a.txt", "lang": "en", "start": 10, "end": 21, "text": "at least 20", "value": 20.0,
         "low": 20.0, "high": None, "qualifier": "at_least", "unit": None, "dimension": "count",
         "norm_value": 20.0, "norm_unit": None, "object": "people", "category": "killed",
         "sentence": 'Strikes killed at least 20 people, "officials" said,\nand more.', "rule": "en.count.qual"},
        {"doc_id": "b/č.txt", "lang": "hr", "start": 0, "end": 16, "text": "više od 300.000", "value": 300000.0,
         "low": 300000.0, "high": None, "qualifier": "more_than", "unit": None, "dimension": "count",
         "norm_value": 300000.0, "norm_unit": None, "object": "ljudi", "category": None,
         "sentence": "Poginulo je više od 300.000 ljudi.", "rule": "hr.count.qual"},
        {"doc_id": "c", "lang": "en", "start": 3, "end": 12, "text": "35 miles", "value": 35.0,
         "low": None, "high": None, "qualifier": "approx", "unit": "mile", "dimension": "length",
         "norm_value": 56.32704, "norm_unit": "kilometer", "object": None, "category": None,
         "sentence": "about 35 miles\r\naway", "rule": "en.measure"},
    ]
    return table.coerce(pd.DataFrame(rows))


# ---------------------------------------------------------------- decoding

@pytest.mark.parametrize("data, expected", [
    ("Poginulo je 15 civila – čak".encode("utf-8"), "Poginulo je 15 civila – čak"),
    (codecs.BOM_UTF8 + "žrtava".encode("utf-8"), "žrtava"),
    ("ranjeno 35 €".encode("utf-16"), "ranjeno 35 €"),  # Python writes a BOM
    (codecs.BOM_UTF16_BE + "ubijeno".encode("utf-16-be"), "ubijeno"),
    ("Šest ljudi je ubijeno, žrtava još nema".encode("cp1250"), "Šest ljudi je ubijeno, žrtava još nema"),
    ("Le café à côté, 20 blessés".encode("latin-1"), "Le café à côté, 20 blessés"),
])
def test_decode_bytes(data, expected):
    assert io.decode_bytes(data) == expected


def test_binary_file_raises_decode_error_naming_path(tmp_path):
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(io.DecodeError) as err:
        io.read_document(p)
    assert str(p) in str(err.value) and "binary" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_bad_utf16_after_bom_is_decode_error():
    with pytest.raises(io.DecodeError, match="utf-16"):
        io.decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone high surrogate


def test_read_document_accepts_pathlike(tmp_path):
    p = tmp_path / "doc"
    p.write_text("killed at least 20 people", encoding="utf-8")
    assert io.read_document(p) == io.read_document(str(p)) == "killed at least 20 people"


# ---------------------------------------------------------------- inputs

def make_tree(root: Path) -> None:
    (root / "sub").mkdir()
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("one", encoding="utf-8")
    (root / "sub" / "b.md").write_text("two", encoding="utf-8")
    (root / "sub" / "README").write_text("a folder's own documentation", encoding="utf-8")
    (root / "sub" / "notes").write_text("three", encoding="utf-8")
    (root / "sub" / "blob").write_bytes(b"\x00\x01\x02")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / ".hidden" / "c.txt").write_text("no", encoding="utf-8")


def test_expand_folder_is_recursive_with_relative_ids(tmp_path):
    make_tree(tmp_path)
    sources = io.expand(str(tmp_path))
    assert [s.doc_id for s in sources] == ["a.txt", "sub/b.md", "sub/notes"]
    assert [s.load() for s in sources] == ["one", "two", "three"]


def test_expand_file_glob_and_missing(tmp_path, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert [s.doc_id for s in io.expand("a.txt")] == ["a.txt"]
    assert [s.doc_id for s in io.expand("**/*.md")] == ["sub/b.md"]
    with pytest.raises(FileNotFoundError, match="nope"):
        io.expand("nope*.txt")


def test_expand_stdin():
    import io as pyio
    [src] = io.expand("-", stdin=pyio.BytesIO("20 ljudi".encode("utf-8")))
    assert (src.doc_id, src.load()) == ("-", "20 ljudi")


@pytest.mark.parametrize("fmt", FORMATS)
def test_expand_table_rows(tmp_path, fmt):
    docs = pd.DataFrame({"key": ["x", "y", "z"], "body": ["killed 20", None, "wounded 3"]})
    path = tmp_path / f"docs.{fmt}"
    {"csv": lambda: docs.to_csv(path, index=False),
     "parquet": lambda: docs.to_parquet(path),
     "jsonl": lambda: docs.to_json(path, orient="records", lines=True)}[fmt]()
    by_row = io.expand(str(path), text_column="body")
    assert [s.doc_id for s in by_row] == ["0", "1", "2"]
    by_key = io.expand(str(path), text_column="body", id_column="key")
    assert [s.doc_id for s in by_key] == ["x", "y", "z"]
    assert by_key[0].load() == "killed 20"
    with pytest.raises(ValueError, match="no text"):
        by_key[1].load()
    with pytest.raises(KeyError, match="text"):
        io.expand(str(path))  # default column "text" is absent


# ---------------------------------------------------------------- round trips

@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_sample(tmp_path, fmt):
    df = sample_table()
    path = io.write_table(df, tmp_path / f"out.{fmt}")
    pd.testing.assert_frame_equal(io.read(path), df)
    assert [p.name for p in tmp_path.iterdir()] == [f"out.{fmt}"]  # no temp file left


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_empty(tmp_path, fmt):
    df = table.empty_frame()
    path = io.write_table(df, tmp_path / f"empty.{fmt}")
    back = io.read(path)
    pd.testing.assert_frame_equal(back, df)
    assert list(back.columns) == table.COLUMNS


def test_explicit_format_and_unknown_suffix(tmp_path):
    df = sample_table()
    path = io.write_table(df, tmp_path / "figures.dat", format="parquet")
    pd.testing.assert_frame_equal(io.read(path, format="parquet"), df)
    with pytest.raises(ValueError, match="format"):
        io.write_table(df, tmp_path / "figures.dat")


def test_csv_is_utf8_with_header_in_column_order(tmp_path):
    path = io.write_table(sample_table(), tmp_path / "out.csv")
    raw = path.read_bytes()
    assert raw.decode("utf-8").split("\r\n", 1)[0] == ",".join(table.COLUMNS)
    assert "više od 300.000".encode("utf-8") in raw


def test_parquet_keeps_dtypes_in_its_own_metadata(tmp_path):
    path = io.write_table(sample_table(), tmp_path / "out.parquet")
    raw = pd.read_parquet(path)  # plain pandas, no conform step
    assert isinstance(raw["qualifier"].dtype, pd.CategoricalDtype)
    assert str(raw["value"].dtype) == "Float64" and str(raw["start"].dtype) == "Int64"
    assert raw["high"].isna().sum() == 3


def test_failed_write_leaves_target_untouched(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError):
        io.write_table(pd.DataFrame({"x": [1]}), path)  # not a figures table
    assert path.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_extra_columns_survive(tmp_path):
    df = sample_table().assign(confidence=[0.5, 1.0, None])
    back = io.read(io.write_table(df, tmp_path / "out.parquet"))
    assert list(back.columns) == [*table.COLUMNS, "confidence"]


# Text that stresses every format: commas, quotes, newlines, CR, tabs, non-BMP.
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)
maybe_text = st.none() | texts
maybe_float = st.none() | st.floats(allow_nan=True, allow_infinity=False)
maybe_int = st.none() | st.integers(min_value=0, max_value=2**53)


@st.composite
def figure_tables(draw):
    n = draw(st.integers(min_value=0, max_value=6))
    cols = {}
    for col, dtype in table.DTYPES.items():
        if isinstance(dtype, pd.CategoricalDtype):
            elem = st.none() | st.sampled_from(list(dtype.categories))
        else:
            elem = {"Int64": maybe_int, "Float64": maybe_float}.get(dtype, maybe_text)
        cols[col] = draw(st.lists(elem, min_size=n, max_size=n))
    return table.coerce(pd.DataFrame(cols, columns=table.COLUMNS) if n else table.empty_frame())


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(df=figure_tables())
def test_round_trip_property(tmp_path, fmt, df):
    path = io.write_table(df, tmp_path / f"prop.{fmt}")
    pd.testing.assert_frame_equal(io.read(path), df)


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_decode_round_trips_unicode(text):
    assert io.decode_bytes(text.encode("utf-8")) == text
    assert io.decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert io.decode_bytes(text.encode("utf-16")) == text


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_decode_never_fails_silently(data):
    try:
        out = io.decode_bytes(data)
    except io.DecodeError as err:
        assert "NUL" in str(err) or "byte order mark" in str(err)
    else:
        assert isinstance(out, str)


def test_outputs_get_ordinary_permissions(tmp_path):
    """Atomic writes go through a private temp file; the result must still follow the umask."""
    import os
    import stat

    path = tmp_path / "out.csv"
    io.write_table(table.empty_frame(), path)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask

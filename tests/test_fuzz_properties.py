"""Fuzzing with hypothesis: arbitrary text and mutated gold passages never raise and keep offsets valid.

Passages come from ../shared/gold/*.jsonl when the shared folder is beside the
checkout, else from the packs' examples.jsonl. Mutations: insertions (digits,
separators, number and qualifier words, marks), case changes, Unicode
look-alikes (Cyrillic/Greek letters, full-width and Arabic-Indic digits,
exotic dashes and spaces) and whitespace changes.
"""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import figures
from figures import packs

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
warnings.filterwarnings("ignore", category=UserWarning, module="figures")


def passages() -> list[tuple[str, str]]:
    gold = sorted((ROOT.parent / "shared" / "gold").glob("*.jsonl"))
    files = gold or sorted((ROOT / "patterns").glob("*/examples*.jsonl"))
    out = []
    for path in files:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    lang = rec.get("lang") or path.parent.name
                    out.append((rec["text"][:1500], lang if lang in packs.languages() else "en"))
    return out or [("Strikes killed at least 20 people.", "en")]


PASSAGES = passages()

LOOKALIKES = {
    "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "A": "Α", "B": "Β", "O": "О",
    "0": "０", "1": "١", "2": "۲", "3": "３", "5": "٥", "7": "７", "-": "\u2011", " ": "\u00a0", ",": "\uff0c",
    ".": "\u2024", "%": "\uff05",
}
INSERTS = ["5", "1,000", "3.5", ",,,", "....", "-", "\u2013", "\u200b", "\u200f", "\u0301", "\u00a0", "\u2009",
           "\n\n", "about ", "at least ", "hundreds of ", "twenty-five ", "najmanje ", "oko ", "km", "%",
           "$", "(", ")", "\ufffd", "\x00", "٣", "１２", "\ud7ff", "e\u0301"]


@st.composite
def mutated(draw) -> tuple[str, str]:
    text, lang = draw(st.sampled_from(PASSAGES))
    chars = list(text)
    for _ in range(draw(st.integers(0, 12))):
        op = draw(st.sampled_from(["insert", "case", "lookalike", "space", "delete"]))
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        if op == "insert":
            chars.insert(i, draw(st.one_of(st.sampled_from(INSERTS), st.text(max_size=3))))
        elif op == "case":
            j = min(len(chars), i + draw(st.integers(1, 40)))
            upper = draw(st.booleans())
            chars[i:j] = [c.upper() if upper else c.lower() for c in chars[i:j]]
        elif op == "lookalike":
            chars[i] = LOOKALIKES.get(chars[i], chars[i])
        elif op == "space":
            if chars[i].isspace():
                chars[i] = draw(st.sampled_from(["", "  ", "\t", "\n", "\u00a0", "\u2009", "\r\n", "\u3000"]))
            else:
                chars.insert(i, " ")
        else:
            del chars[i:i + draw(st.integers(1, 5))]
    return "".join(chars), lang


def valid(df: pd.DataFrame, text: str) -> None:
    assert list(df.columns)[:len(figures.COLUMNS)] == list(figures.COLUMNS)
    text = text.translate(_SURROGATES)  # a lone surrogate comes back as U+FFFD, one character for one
    for start, end, span in zip(df["start"], df["end"], df["text"]):
        assert 0 <= start < end <= len(text) and text[start:end] == span
    for value, low, high in zip(df["value"], df["low"], df["high"]):
        if low is not pd.NA and high is not pd.NA:
            assert low <= high


@SETTINGS
@given(mutated())
def test_mutated_passages_keep_offsets_and_never_raise(case):
    text, lang = case
    valid(figures.extract(text, lang=lang), text)


_SURROGATES = {c: 0xFFFD for c in range(0xD800, 0xE000)}


@SETTINGS
@given(st.text(alphabet=st.characters(), max_size=400),  # lone surrogates (Cs) included
       st.sampled_from(sorted(packs.languages())))
def test_arbitrary_unicode_in_every_pack(text, lang):
    valid(figures.extract(text, lang=lang), text)


@SETTINGS
@given(st.lists(st.sampled_from(INSERTS + ["people", "killed", "miles", "between", "and", "to", " "]),
                max_size=60).map("".join))
def test_dense_hostile_fragments(text):
    valid(figures.extract(text, lang="en"), text)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decode_or_are_reported(data):
    from figures import io

    try:
        decoded = io.decode(data)
    except io.DecodeError as err:
        assert err.reason
        return
    valid(figures.extract(decoded.text, lang="en"), decoded.text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.integers(), st.none()), max_size=8))
def test_extract_many_accounts_for_every_document(items):
    docs = [(f"d{i}", x) for i, x in enumerate(items)]
    found, errors = figures.extract_many(docs, lang="en", return_errors=True)
    failed = set(errors["doc_id"])
    assert failed == {f"d{i}" for i, x in enumerate(items) if not isinstance(x, str)}
    assert set(found["doc_id"]).isdisjoint(failed)

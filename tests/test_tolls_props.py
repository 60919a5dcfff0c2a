"""Hypothesis properties of document tolls: bounds are ordered, subsets never raise a toll, a repeated
figure never doubles it."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import figures

QUALIFIED = st.sampled_from(["{n}", "at least {n}", "about {n}", "as many as {n}", "more than {n}", "dozens of",
                             "between {n} and {m}", "nearly {n}"])
NOUNS = st.sampled_from(["people", "civilians", "soldiers", "children", "migrants", "fighters"])
VERBS = st.sampled_from(["were killed", "were wounded", "were arrested", "fled", "were evacuated", "are missing"])
PLACES = st.sampled_from(["in the north", "near the border", "on Monday", ""])


@st.composite
def sentence(draw):
    n = draw(st.integers(2, 5000))
    m = n + draw(st.integers(1, 500))
    amount = draw(QUALIFIED).format(n=f"{n:,}", m=f"{m:,}")
    text = f"{amount} {draw(NOUNS)} {draw(VERBS)} {draw(PLACES)}".strip()
    return text[0].upper() + text[1:] + "."


def _tolls(text: str) -> pd.DataFrame:
    return figures.tolls(figures.extract(text, lang="en", doc_id="d"), text=text)


def _value(df, category="killed"):
    row = df[(df["category"] == category) & (df["group"] == "all")]
    return None if row.empty else row.iloc[0]


@settings(max_examples=40, deadline=None)
@given(st.lists(sentence(), min_size=1, max_size=5))
def test_low_le_value_le_high(sentences):
    df = _tolls(" ".join(sentences))
    for row in df.itertuples():
        if pd.notna(row.low) and pd.notna(row.value):
            assert row.low <= row.value
        if pd.notna(row.value) and pd.notna(row.high):
            assert row.value <= row.high
        if pd.notna(row.low) and pd.notna(row.high):
            assert row.low <= row.high


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5000), st.data(), st.sampled_from([
    "Among the dead were {k} children.", "They included {k} women.", "{k} of them were children.",
    "Among them were {k} soldiers."]))
def test_a_subset_sentence_never_raises_a_toll(n, data, subset):
    k = data.draw(st.integers(1, n))
    base = f"Strikes killed {n:,} people in the city."
    before, after = _value(_tolls(base)), _value(_tolls(base + " " + subset.format(k=f"{k:,}")))
    assert after is not None and before is not None
    assert after["value"] <= before["value"] and after["low"] <= before["low"]


@settings(max_examples=40, deadline=None)
@given(st.lists(sentence(), min_size=1, max_size=3), st.data())
def test_repeating_a_sentence_never_doubles_a_toll(sentences, data):
    text = " ".join(sentences)
    repeated = data.draw(st.sampled_from(sentences))
    once, twice = _tolls(text), _tolls(text + " " + repeated)
    for row in once[once["group"] == "all"].itertuples():
        other = _value(twice, row.category)
        assert other is not None
        for col in ("value", "low", "high"):
            a, b = getattr(row, col), other[col]
            assert pd.isna(a) == pd.isna(b) and (pd.isna(a) or b == a), (text, repeated, col, a, b)

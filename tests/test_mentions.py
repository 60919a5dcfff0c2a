"""Singular victims named without a numeral (figures.mentions, figures/victims.py): issue 12 item 3."""
from __future__ import annotations

import pytest

import figures


@pytest.mark.parametrize("text, lang, phrase, obj, category", [
    ("A civilian was killed in the strike.", "en", "A civilian", "civilian", "killed"),
    ("Four gunmen shot dead a village guard on Monday.", "en", "a village guard", "guard", "killed"),
    ("John Smith, a police officer, was killed near the border.", "en", "a police officer", "officer", "killed"),
    ("His wife was also killed, police said.", "en", "His wife", "wife", "killed"),
    ("Naxalites killed a TDP leader in Bijapur.", "en", "a TDP leader", "leader", "killed"),
    ("The strike wounded a 60-year-old farmer.", "en", "a 60-year-old farmer", "farmer", "injured"),
    ("Gunmen abducted a teacher from the school.", "en", "a teacher", "teacher", "detained"),
    ("Ubijen je policajac.", "hr", "policajac", "policajac", "killed"),
    ("U nesreći je poginuo vozač.", "hr", "vozač", "vozač", "killed"),
    ("Poginuo je 58-godišnji vozač golfa.", "bs", "vozač", "vozač", "killed"),
    ("U eksploziji je teško ranjen radnik.", "sr", "radnik", "radnik", "injured"),
])
def test_a_singular_victim_is_a_mention(text, lang, phrase, obj, category):
    rows = figures.mentions(text, lang=lang, doc_id="d")
    assert list(rows["text"]) == [phrase]
    row = rows.iloc[0]
    assert (row["object"], row["category"], row["doc_id"], row["lang"]) == (obj, category, "d", lang)
    assert text[row["start"]:row["end"]] == phrase and row["sentence"] in text


@pytest.mark.parametrize("text, lang", [
    ("At least 20 people were killed in the strike.", "en"),  # a counted figure, not a mention
    ("Jedan radnik je poginuo, a četvoro je povređeno.", "sr"),  # the noun of a counted figure
    ("The soldiers were killed in an ambush.", "en"),  # plural with no numeral: no count
    ("A car bomb killed the driver's hopes.", "en"),  # the agent is no victim; hopes are no person
    ("A report was released on Monday.", "en"),  # a thing, not a person
    ("Poginulo je više ljudi.", "hr"),  # the neuter plural form marks no singular victim
])
def test_no_mention(text, lang):
    assert figures.mentions(text, lang=lang).empty


def test_coordinated_objects_and_a_definite_repeat():
    rows = figures.mentions("Militants abducted a local official and his driver; the driver was later released.",
                            lang="en")
    assert list(rows["text"]) == ["a local official", "his driver"]


def test_columns_and_dtypes_even_when_empty():
    rows = figures.mentions("Nothing happened.", lang="en")
    assert list(rows.columns) == figures.MENTION_COLUMNS
    assert str(rows["start"].dtype) == "Int64" and str(rows["category"].dtype) == "category"


def test_explain_shows_mentions_and_the_table_does_not():
    text = "A civilian was killed and 20 people were wounded."
    trace = figures.explain(text, lang="en")
    assert [m["text"] for m in trace["mentions"]] == ["A civilian"]
    assert list(figures.extract(text, lang="en")["text"]) == ["20"]


def test_language_is_detected():
    rows = figures.mentions("U teškoj prometnoj nesreći kod Zagreba u srijedu navečer poginuo je vozač automobila.")
    assert list(rows["object"]) == ["vozač"] and rows.iloc[0]["lang"] in ("hr", "bs", "sr")

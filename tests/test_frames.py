"""The event-frame stage's mechanisms (figures/lemmas.py, clauses.py, frames.py); the pack passages in
patterns/*/examples-frames.jsonl cover each construction end to end."""
from __future__ import annotations

import pytest

import figures
from figures.clauses import Splitter
from figures.lemmas import CueLexicon, Inflector, harm_rank

EN_INFLECT = {"verb": [{"when": "ie$", "forms": ["+s", "+d", "-ie+ying"]},
                       {"when": "e$", "forms": ["+s", "+d", "-e+ing"]},
                       {"when": "^[^aeiou]*[aeiou][bdgmnprt]$", "forms": ["+s", "+*ed", "+*ing"]},
                       {"when": "", "forms": ["+s", "+ed", "+ing"]}],
              "noun": [{"when": "[^aeiou]y$", "forms": ["-y+ies"]}, {"when": "", "forms": ["+s"]}]}


@pytest.mark.parametrize("lemma, cls, forms", [
    ("kill", "verb", {"kill", "kills", "killed", "killing"}),
    ("die", "verb", {"die", "dies", "died", "dying"}),
    ("injure", "verb", {"injure", "injures", "injured", "injuring"}),
    ("trap", "verb", {"trap", "traps", "trapped", "trapping"}),
    ("shoot dead", "verb", {"shoot dead", "shoots dead", "shooted dead", "shooting dead"}),
    ("casualty", "noun", {"casualty", "casualties"}),
])
def test_regular_inflection_from_pack_rules(lemma, cls, forms):
    assert set(Inflector(EN_INFLECT).forms(lemma, cls)) == forms


def test_a_cue_is_listed_once_and_matches_its_forms_with_its_class():
    lex = CueLexicon({"inflect": EN_INFLECT, "paradigms": {"lpart": ["o", "la", "li"]},
                      "events": {"killed": {"verbs": ["kill", "shoot dead|shot dead", "ubi+lpart"],
                                            "intransitive": ["flee|fled"], "nouns": ["death"]}}})
    assert lex.lookup("Killing") == ("killed", "verb")
    assert lex.lookup("shot  dead") == ("killed", "verb")
    assert lex.lookup("fled") == ("killed", "intransitive")
    assert lex.lookup("deaths") == ("killed", "noun")
    assert [lex.lookup(w) for w in ("ubio", "ubila", "ubili", "ubile")] == [("killed", "verb")] * 3 + [None]


def test_harm_outranks_every_state():
    assert harm_rank("killed") > harm_rank("injured") > harm_rank("missing") > harm_rank("affected") == 0


def test_clauses_do_not_break_inside_numbers_or_words():
    split = Splitter({"when"}, {"and"}, {",", "-"})
    text = "About 1,896 people were dead and 4,718 injured when the Bedre-Kutru road collapsed"
    clauses = split.split(text, 0, len(text))
    assert [(c.opener, c.hard) for c in clauses] == [(None, False), ("and", False), ("when", True)]


@pytest.mark.parametrize("text, lang, want", [
    ("Four gunmen shot dead two guards.", "en", [("Four", None), ("two", "killed")]),
    ("Two guards were shot dead by four gunmen.", "en", [("Two", "killed"), ("four", None)]),
    ("Security forces killed three cadres.", "en", [("three", "killed")]),
    ("Dvojica napadača ubila su trojicu policajaca.", "hr", [("Dvojica", None), ("trojicu", "killed")]),
])
def test_agents_are_not_victims(text, lang, want):
    df = figures.extract(text, lang=lang)
    assert [(r.text, None if r.category != r.category else r.category) for r in df.itertuples()] == want


def test_explain_gives_the_reason_of_each_frame():
    ctx = figures.explain("Four gunmen shot dead two guards.", lang="en")["context"]
    assert ctx[0]["reason"] == "agent of an active casualty verb"
    assert ctx[1]["reason"].startswith("cue before")

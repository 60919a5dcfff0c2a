"""The token engine: tokens, numerals composed over tokens, rule sequences, the one overlap policy."""
from __future__ import annotations

import pytest

import figures
from figures import packs, pipeline, prefilter, resolve, sequences
from figures.errors import PackError
from figures.tokens import Lexicon, tokenize


def rows(text, lang="en"):
    df = figures.extract(text, lang=lang)
    return df.astype(object).where(df.notna(), None).to_dict("records")


# ---------------------------------------------------------------- tokens

def test_tokens_keep_offsets_and_gaps():
    toks = tokenize("about 1,5 km-long, 35-mile")
    assert toks.raw == ["about", "1", ",", "5", "km", "-", "long", ",", "35", "-", "mile"]
    assert all(toks.text[s:e] == t for s, e, t in zip(toks.starts, toks.ends, toks.raw))
    assert [bool(x) for x in toks.space[:4]] == [True, True, False, False]


def test_lexicon_phrases_follow_the_gaps_of_the_text():
    lex = Lexicon()
    lex.add("unit", "per cent", "percent")
    lex.add("unit", "km/h", "kilometer_per_hour")
    lex.add("cue", "poginu*", "killed")
    toks = lex.tag(tokenize("5 per cent, 80 km/h, 80 km / h, poginulo"))
    cid, cue = lex.names["unit"], lex.names["cue"]
    assert lex.match(toks, 1, cid) == (3, "percent")
    assert lex.match(toks, 5, cid) == (8, "kilometer_per_hour")
    assert lex.match(toks, 10, cid) is None  # "km / h": the phrase has no spaces
    assert lex.match(toks, len(toks) - 1, cue) == (len(toks), "killed")  # a stem


# ---------------------------------------------------------------- numerals

@pytest.mark.parametrize("lang, text, values", [
    ("en", "two hundred and fifty", [250]),
    ("en", "three and five", [3, 5]),
    ("en", "twenty-five", [25]),
    ("en", "half a million", [500000]),
    ("en", "a quarter of a million", [250000]),
    ("en", "2.5bn", [2.5e9]),
    ("en", "1,234,567.5", [1234567.5]),
    ("en", "minus seven", [-7]),
    ("hr", "dvadeset i pet", [25]),
    ("hr", "pet i deset", [5, 10]),
    ("hr", "300.000", [300000]),
    ("hr", "1,5 milijuna", [1500000]),
    ("hr", "2 300", [2300]),
    ("hr", "desetak tisuća", [10000]),
])
def test_numerals_are_composed_over_tokens(lang, text, values):
    pack = packs.load(lang)
    nums, _ = pack.grammar.find(pack.lex.tag(tokenize(text)))
    assert [n.value for _, n in sorted(nums.items()) if not (n.i + 1 in nums and nums[n.i + 1].j == n.j)] == values


def test_compounds_are_cut_into_stem_and_head():
    pack = packs.load("hr")
    toks = pack.grammar.split(tokenize("desetodnevne stanke"), pack.is_head)
    assert toks.raw[:2] == ["deseto", "dnevne"] and toks.ends[0] == toks.starts[1]


# ---------------------------------------------------------------- the overlap policy

@pytest.mark.parametrize("text, spans", [
    ("Inflation fell from 6.1 percent to 5.9 percent.", ["6.1 percent", "5.9 percent"]),
    ("Temperatures fell from -18 °C to -34 °C overnight.", ["-18 °C", "-34 °C"]),
    ("Lows will go from 18 °C to 4 °C.", ["18 °C", "4 °C"]),
    ("The toll has risen by 18,000 to 128,000.", ["18,000", "128,000"]),
])
def test_a_rejected_reading_never_hides_the_numbers_inside_it(text, spans):
    assert [r["text"] for r in rows(text)] == spans


def test_explain_gives_the_reason_of_every_drop():
    trace = figures.explain("Lows will go from 18 °C to 4 °C.", lang="en")
    dropped = {(d["rule"], d["stage"]): d["reason"] for d in trace["dropped"]}
    assert "not a range" in dropped[("en.range.between", "interpret")]


def test_every_rule_reaches_resolve_and_the_longest_wins():
    pack = packs.load("en")
    text = "Strikes killed at least 20 people."
    cands = pipeline.candidates(pack, text, [(0, len(text))])
    assert {text[c.start:c.end] for c in cands} >= {"at least 20"}
    kept, drops = resolve.overlap(cands)
    assert drops and all("overlaps" in d.reason or "vetoed" in d.reason for d in drops)
    assert [text[c.start:c.end] for c in kept] == ["at least 20"]


def test_an_exclusion_of_equal_length_vetoes_by_priority():
    assert rows("The war began in 2011.") == []
    assert [r["text"] for r in rows("It hit 2011 people.", "hr")] == ["2011"]


# ---------------------------------------------------------------- the pattern language

CLASSES = {"month": 0}


@pytest.mark.parametrize("pattern, words", [
    ("{num} (widgets", "unclosed '('"),
    ("? {num}", "'?' must follow"),
    ("{num} {nosuch}", "unknown class {nosuch}"),
    ("{num} /(x/", "bad regex"),
    ("~", "'~' must precede"),
])
def test_pattern_mistakes_are_pack_errors(pattern, words):
    with pytest.raises(PackError) as err:
        sequences.parse(pattern, CLASSES, "rules.yaml", "en.x", "match")
    assert words in str(err.value) and err.value.rule == "en.x" and err.value.key == "match"


def test_reach_and_requirements_of_a_rule():
    alts = sequences.parse("(between | from) {num:lo} and {num:hi}", CLASSES, "f", "r", "match")
    assert prefilter.reach(alts, 40) == 1
    assert frozenset(["and"]) in prefilter.required(alts, {})


def test_negative_ends_written_by_magnitude_are_a_range():
    # "from -18 °C to -34 °C" with no verb of change: the colder end is the low bound (issue 11.6)
    (row,) = rows("Lows will be from -18 °C to -34 °C.")
    assert (row["qualifier"], row["low"], row["high"]) == ("range", -34.0, -18.0)

"""The cheap checks before an attempt never change what matches (figures/prefilter.py, matcher.py).

A rule is tried at a token only when the token after its anchor can start the rest of the rule
(`anchor_tails`, `tail_opens`), an alternative only when its first token fits (`_filter`, with
token shapes and glue), and a `!X` guard is read after the element it guards. Each is a
necessary condition, so the candidates with the checks and without them must be the same: the
tests run the rule stage both ways on generated sentences made of the words rules react to.
"""
from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures import matcher, packs, pipeline, sequences
from figures.tokens import tokenize

WORDS = {
    "en": ["5", "12", "1.5", "2,000", "1999", "40", "-", "to", "or", "and", "in", "per", "a", "an", "of", "km",
           "miles", "m", "tall", "people", "killed", "at", "least", "about", "$", "%", "dollars", "cents", "feet",
           "inches", "hour", "'", "\"", "/", "(", ")", ",", ".", "Apollo", "COVID", "F", "x", "a.m.", "GMT",
           "twenty", "seven", "hundreds", "thousand", "million", "half", "from", "rose", "by", "aged", "year-old",
           "°C", "mph", "a week", "between"],
    "hr": ["5", "12", "1,5", "2.000", "1999", "od", "do", "-", "i", "ili", "km", "metara", "ljudi", "poginulo",
           "najmanje", "oko", "kuna", "eura", "%", "posto", "sati", "dvadeset", "sedam", "stotine", "tisuća",
           "milijuna", "pola", "Zagreb", "HDZ", "(", ")", ",", ".", "godina", "star", "°C", "između"],
}


def _candidates(lang: str, text: str, use_tails: bool) -> list[tuple]:
    pack = packs.load(lang)
    ruleset = pack.ruleset
    norm = pipeline.normalize(text, pack)
    saved = ruleset.tails
    if not use_tails and ruleset._exact is pack.lex:
        ruleset.tails = [None] * len(ruleset.rules)
    try:
        cands = pipeline.candidates(pack, norm.text, norm.sentences)
    finally:
        ruleset.tails = saved
    return sorted((c.start, c.end, c.rule, c.value, c.low, c.high, c.qualifier, c.unit) for c in cands)


def _warm(lang: str) -> None:
    pack = packs.load(lang)
    pipeline.candidates(pack, "5 km", [(0, 4)])  # sets the rules' `reach` and `tails`
    assert pack.ruleset._exact is pack.lex
    assert any(t is not None for t in pack.ruleset.tails)  # the check is in use at all


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.sampled_from(["en", "hr"]).flatmap(
    lambda lang: st.tuples(st.just(lang), st.lists(st.sampled_from(WORDS[lang]), min_size=1, max_size=14),
                           st.lists(st.booleans(), min_size=14, max_size=14))))
def test_anchor_tails_never_hide_a_candidate(case):
    lang, words, glue = case
    _warm(lang)
    text = words[0] + "".join(("" if g else " ") + w for w, g in zip(words[1:], glue))
    assert _candidates(lang, text, True) == _candidates(lang, text, False)


def test_anchor_tails_skip_attempts():
    """The check is not vacuous: it turns "{qual}? {num} in" away at a number that "in" does not follow."""
    _warm("en")
    pack = packs.load("en")
    ids = [r.id for r in pack.ruleset.rules]
    tails = pack.ruleset.tails[ids.index("en.length.inch")]
    assert tails is not None
    text = "About 40 people were killed and 3 in 10 homes lost power"
    toks = pack.lex.tag(pack.grammar.split(tokenize(text), pack.is_head))
    nums, vague = pack.grammar.find(toks)
    doc = matcher.Doc(toks, nums, vague, pack.lex, pack.clock, False)
    at = {t: k for k, t in enumerate(toks.raw)}
    assert not matcher.tail_opens(tails, doc, at["40"], pack.ruleset.valued)
    assert not matcher.tail_opens(tails, doc, at["About"], pack.ruleset.valued)
    assert matcher.tail_opens(tails, doc, at["3"], pack.ruleset.valued)
    assert _candidates("en", text, True) == _candidates("en", text, False)


def test_digit_opens():
    assert matcher.digit_opens(regex.compile(r"\d+"))
    assert matcher.digit_opens(regex.compile(r"(?:1[89]|20)\d{2}"))
    assert matcher.digit_opens(regex.compile(r"[0-9a-z]+"))
    assert not matcher.digit_opens(regex.compile(r"\p{Lu}\p{L}*"))
    assert not matcher.digit_opens(regex.compile(r"\x27"))
    assert not matcher.shape_fits(regex.compile(r"\p{Lu}\p{L}*"), "1999", True)
    assert matcher.shape_fits(regex.compile(r"(?:1[89]|20)\d{2}"), "1999", True)


def test_guards_read_after_the_element():
    """`!X Y`: the guards move onto Y and still forbid it where X matches."""
    alts = sequences.parse("!{month} !'May' /\\p{Lu}\\p{L}*/ /\\d+/", {"month": 0}, "test", "t", "match")
    first = alts[0][0]
    assert first.kind == "re" and len(first.guards) == 2
    assert all(g.kind == "not" for g in first.guards)
    opt = sequences.parse("!{month} /x/? /\\d+/", {"month": 0}, "test", "t", "match")
    assert opt[0][0].kind == "not"  # an optional element takes no guard: the `!X` stays in place

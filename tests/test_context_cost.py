"""The context stage's shortcuts give what the plain scans give (issue 15 item 4: bounded work per character).

Each shortcut of figures/lemmas.py, nouns.py, clauses.py, frames.py, context.py and the mentions path is
held equal to the scan it replaces, on arbitrary text made of the packs' own words and on the gold
passages. Their speed is measured by benchmarks/linear_time.py, never here.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures import nouns, packs, pipeline, recent
from figures.clauses import Splitter, clause_at
from figures.lexicon import phrase_key
from figures.sentence import WORD, Sentence, Spans

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
LANGS = ["en", "hr", "sr"]


def _rules(lang: str):
    return pipeline._context_rules(packs.load(lang))


def _pieces(lang: str) -> list[str]:
    lex = _rules(lang).lexicon
    forms = sorted(lex.exact)[::7] + [p for p, _ in lex.prefixes][::3]
    return forms + [f.upper() for f in forms[::5]] + [f.title() for f in forms[::5]] + [
        " ", "  ", "\n", "-", ".", ",", "'", "’", "a", "X", "ſ", "\u212a", "İ", "e\u0301", "12", "je", "su", "the"]


def _text(lang: str):
    return st.lists(st.sampled_from(_pieces(lang)), max_size=30).map("".join)


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_cue_scan_finds_what_the_cue_regex_finds(lang, data):
    text = data.draw(_text(lang))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lex = _rules(lang).lexicon
    want = [(m.start(), m.end(), m.group()) for m in lex.regex.finditer(text, start, end)]
    assert [(m.start(), m.end(), m.group()) for m in lex.matches(text, start, end)] == want


def _passages() -> list[tuple[str, str]]:
    out = []
    for path in sorted(GOLD.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append((rec["text"], rec["lang"]))
    return out


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_mentions_read_only_the_cued_sentences_and_find_what_the_whole_run_finds():
    for text, lang in _passages():
        trace: dict = {}
        pipeline.run(text, lang, "d", trace)
        assert pipeline.mentions(text, lang, "d") == trace["mentions"], text[:80]  # the run's candidates
        recent.forget()
        assert pipeline.mentions(text, lang, "d") == trace["mentions"], text[:80]  # the cued sentences alone


def test_a_document_just_read_is_not_read_again_for_its_mentions(monkeypatch):
    text = "Gunmen shot dead a village guard and wounded 3 farmers. A civilian was killed."
    recent.forget()
    figures_read = pipeline.run(text, "en", "d")
    assert figures_read
    runs = []
    engine = pipeline.candidates
    monkeypatch.setattr(pipeline, "candidates", lambda *a, **k: runs.append(1) or engine(*a, **k))
    assert [m["text"] for m in pipeline.mentions(text, "en", "d")] == ["a village guard", "A civilian"]
    assert not runs
    assert [m["text"] for m in pipeline.mentions(text + " ", "en", "d")] == ["a village guard", "A civilian"]
    assert runs  # another text: nothing kept for it


def test_the_store_of_recent_documents_is_bounded(monkeypatch):
    monkeypatch.setattr(recent, "MAX_DOCS", 3)
    recent.forget()
    pack = object()
    for n in range(5):
        recent.remember(pack, f"text {n}", n)
    assert [recent.recall(pack, f"text {n}") for n in range(5)] == [None, None, 2, 3, 4]
    assert recent.recall(object(), "text 4") is None  # another pack
    monkeypatch.setattr(recent, "MAX_CHARS", 10)
    recent.remember(pack, "x" * 11, 5)
    assert recent.recall(pack, "x" * 11) is None


WORDY = st.lists(st.sampled_from(["ab", "x", "-", ".", "'", "’", " ", "e\u0301", "5", ",", "a-b", "c.-d", "a--b",
                                  "ab'", "-x-", "twenty-", "o’clock", "people"]),
                 max_size=12).map("".join)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_words_of_a_sentence_are_what_the_word_scan_finds_in_any_part(data):
    text = data.draw(WORDY)
    s0 = data.draw(st.integers(0, len(text)))
    s1 = data.draw(st.integers(s0, len(text)))
    a = data.draw(st.integers(s0, s1))
    b = data.draw(st.integers(a, s1))
    n = data.draw(st.integers(1, 4))
    sx = Sentence(text, s0, s1, [], [])
    want = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text, a, b)]
    assert [(m.start(), m.end(), m.group()) for m in sx.words(a, b)] == want
    assert [(m.start(), m.end(), m.group()) for m in sx.tail(a, b, n)] == want[-n:]


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), max_size=8), st.integers(0, 40), st.integers(0, 40))
def test_spans_answer_as_the_scans(pairs, a, b):
    spans = [(x, x + w) for x, w in pairs]
    assert Spans(spans).holds(a) == any(x <= a < y for x, y in spans)
    assert Spans(spans).meets(a, b) == any(x < b and a < y for x, y in spans)


@SETTINGS
@given(st.lists(st.sampled_from(["5", " ", ",", "and", "when", "x", "(", ")", "1,5"]), max_size=20).map("".join),
       st.data())
def test_the_clause_of_a_position_is_found_by_bisection(text, data):
    clauses = Splitter({"when"}, {"and"}, {",", "(", ")"}).split(text, 0, len(text))
    sx = Sentence(text, 0, len(text), [], clauses)
    pos = data.draw(st.integers(0, len(text)))
    assert sx.clause_at(pos) == clause_at(clauses, pos)


@pytest.mark.parametrize("lang", ["en", "hr"])
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_size_phrase_before_a_count_is_the_bounded_scans(lang, data):
    rules = _rules(lang)
    words = ["city of", "town ", "of", "a population of", "ima", "koji ", "grad od", "a", "town"]
    pieces = data.draw(st.lists(st.sampled_from(words + [" ", "  ", "-", "5", "X", "(", "x"]), min_size=1, max_size=12))
    text = "".join(pieces)
    cuts = sorted({0, len(text), *(len("".join(pieces[:k])) for k in range(len(pieces)))})
    lo, hi, pos = sorted(data.draw(st.lists(st.sampled_from(cuts), min_size=3, max_size=3)))
    if data.draw(st.booleans()):
        hi, pos = pos, hi  # a count past its clause's end (a break word between them)
    sx = Sentence(text, 0, len(text), [], [])
    want = None
    for want in rules.size_re.finditer(text, lo, pos):
        pass
    got = sx.last_match(rules.size_re, lo, hi, pos, rules.size_ends)
    assert (got.span() if got else None) == (want.span() if want else None)
    tried = Sentence(text, 0, len(text), [], []).last_match(rules.size_re, lo, hi, pos, rules.size_ends,
                                                            rules.size_openers)  # tried at their first words
    assert (tried.span() if tried else None) == (want.span() if want else None)


def _earlier_noun_by_scan(text, s_start, pos, prior, rules):
    """The scan figures/nouns.earlier_noun replaces: every word before `pos`, every count noun."""
    best = None
    for noun, at in reversed(prior):
        if noun and phrase_key(noun) not in rules.pronoun_nouns:
            best = (at, noun)
            break
    ws = list(WORD.finditer(text, s_start, pos))
    for i, m in enumerate(ws):
        if phrase_key(m.group()) not in rules.count_nouns:
            continue
        for n in ws[i + 1:i + 5]:
            key = phrase_key(n.group())
            hit = rules.lexicon.lookup(n.group())
            modifier = bool(rules.modifier_suffixes) and key.endswith(rules.modifier_suffixes) and hit is None
            if key in rules.partitive or key in rules.determiners or modifier \
                    or hit is not None and hit[1] in ("adjective", "verb") and not rules.is_person(n.group()):
                continue
            if (rules.is_person(n.group()) or hit is not None) and (best is None or n.start() > best[0]):
                best = (n.start(), n.group())
            break
    return best[1] if best else None


@pytest.mark.parametrize("lang", ["en", "hr"])
@SETTINGS
@given(data=st.data())
def test_the_earlier_noun_is_the_scans(lang, data):
    rules = _rules(lang)
    vocab = ["number", "total", "toll", "of", "the", "confirmed", "people", "killed", "dead", "civilians", "houses",
             "broj", "ukupno", "poginulih", "ranjenih", "osoba", "od", "je", "a", " ", " ", " ", ",", "-", "x-y"]
    text = data.draw(st.lists(st.sampled_from(vocab), max_size=30).map(" ".join))
    pos = data.draw(st.integers(0, len(text)))
    prior = data.draw(st.sampled_from([[], [("people", 0)], [("them", 3)]]))
    sx = Sentence(text, 0, len(text), [], [])
    assert nouns.earlier_noun(sx, pos, prior, rules) == _earlier_noun_by_scan(text, 0, pos, prior, rules)


@pytest.mark.parametrize("text, lo, hi, pos", [
    ("town of", 0, 7, 5),  # a phrase runs past the count: the scan up to the count does not find it
    ("town ofX", 0, 8, 7),  # the scan up to the count sees the phrase end there; the clause's does not
    ("a town of 5", 0, 11, 10),
    ("city of (5", 0, 10, 9),
    ("town of 5, city of", 0, 11, 10),
])
def test_the_size_phrase_edges(text, lo, hi, pos):
    rules = _rules("en")
    want = None
    for want in rules.size_re.finditer(text, lo, pos):
        pass
    got = Sentence(text, 0, len(text), [], []).last_match(rules.size_re, lo, hi, pos, rules.size_ends)
    assert (got.span() if got else None) == (want.span() if want else None)
    tried = Sentence(text, 0, len(text), [], []).last_match(rules.size_re, lo, hi, pos, rules.size_ends,
                                                            rules.size_openers)
    assert (tried.span() if tried else None) == (want.span() if want else None)


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_cues_of_a_sentence_from_the_whole_texts_scan_are_its_own(lang, data):
    pieces = data.draw(st.lists(st.sampled_from(_pieces(lang)), min_size=1, max_size=30))
    text = "".join(pieces)
    cuts = sorted({0, len(text), *(len("".join(pieces[:k])) for k in range(len(pieces)))})
    start, end = sorted(data.draw(st.lists(st.sampled_from(cuts), min_size=2, max_size=2)))
    lex = _rules(lang).lexicon
    want = [(c.start, c.end, c.text, c.kind) for c in lex.find(text, start, end)]
    got = [(c.start, c.end, c.text, c.kind) for c in lex.find(text, start, end, scan=lex.scan(text))]
    assert got == want


@pytest.mark.parametrize("text, start, end", [
    ("Gunmen shot dead a guard.", 12, 25),  # the whole text's "shot dead" runs across the start: "dead" alone
    ("They were burned to death.", 0, 16),  # ... across the end: "burned" alone
    ("They were burned to death.", 0, 17),
    ("They were burned to death.", 0, 26),
    ("killedx", 0, 6),  # the whole text's word goes on past the end
])
def test_the_cues_of_a_part_where_the_whole_texts_matches_cross_it(text, start, end):
    lex = _rules("en").lexicon
    want = [(c.start, c.end, c.text) for c in lex.find(text, start, end)]
    assert [(c.start, c.end, c.text) for c in lex.find(text, start, end, scan=lex.scan(text))] == want


class _Count:
    def __init__(self, start: int, end: int):
        self.start, self.end = start, end


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_noun_phrases_from_the_sentences_words_are_the_scans(lang, data):
    from figures import context

    pieces = st.lists(st.sampled_from(_pieces(lang) + ["7", "12 ", " 40", "3,000"]), max_size=30).map("".join)
    text = data.draw(pieces)
    counts = [_Count(m.start(), m.end()) for m in regex.finditer(r"\d+", text)]
    dims = [data.draw(st.sampled_from(["count", "ratio", "age"])) for _ in counts]
    idx = [i for i, d in enumerate(dims) if d != "age"]
    rules = _rules(lang)
    clauses = rules.splitter.split(text, 0, len(text))
    sx = Sentence(text, 0, len(text), rules.lexicon.find(text, 0, len(text)), clauses)
    plain = context.noun_phrases(counts, dims, idx, text, 0, len(text), rules)
    assert context.noun_phrases(counts, dims, idx, text, 0, len(text), rules, sx,
                                [c.start for c in counts]) == plain


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_breaks_and_cues_found_from_the_words_are_the_scans(lang, data):
    from figures.sentence import read_words

    pieces = st.lists(st.sampled_from(_pieces(lang) + ["7", ",", ";", "(", ")", ":", "-", " - ", "a-b", "x.y", "d'",
                                                       "and", "i", "te", "when", "dok", "jer"]), max_size=30)
    text = data.draw(pieces.map("".join))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    rules = _rules(lang)
    words = read_words(text, start, end)
    sp, lex = rules.splitter, rules.lexicon
    assert sp._fast
    assert [m.span() for m in sp._breaks(text, start, end, words)] == [m.span() for m in sp.re.finditer(text, start, end)]
    assert sp.split(text, start, end, (), words) == sp.split(text, start, end)
    assert [m.span() for m in lex.matches(text, start, end, words)] == [m.span() for m in lex.matches(text, start, end)]


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_subset_phrases_tried_at_their_first_words_are_the_scans(lang, data):
    rules = _rules(lang)
    nested = sorted(phrase_key(str(w)) for w in packs.load(lang).categories.get("nested", []))
    pieces = st.lists(st.sampled_from(_pieces(lang) + nested + [w.upper() for w in nested] + ["7", ",", "x-", "-y"]),
                      max_size=30)
    text = data.draw(pieces.map("".join))
    s0 = data.draw(st.integers(0, len(text)))
    s1 = data.draw(st.integers(s0, len(text)))
    a = data.draw(st.integers(s0, s1))
    b = data.draw(st.integers(a, s1))
    sx = Sentence(text, s0, s1, [], [])
    want = [(m.start(), m.end(), m.group()) for m in rules.nested_re.finditer(text, a, b)]
    assert [(m.start(), m.end(), m.group()) for m in sx.find_all(rules.nested_re, rules.nested_openers, a, b)] == want
    tried = rules.nested_openers.matches(rules.nested_re, text, sx.words(a, b), b)  # at any length
    assert [(m.start(), m.end(), m.group()) for m in tried] == want


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_a_break_excepted_only_where_an_exception_may_start_is_the_scans(lang, data):
    rules = _rules(lang)
    sp = rules.splitter
    exc = sorted(phrase_key(str(w)) for w in packs.load(lang).categories.get("break_exceptions", []) or [])
    pieces = st.lists(st.sampled_from(_pieces(lang) + exc + [w.upper() for w in exc] + [",", " ", "said", "to"]),
                      max_size=30)
    text = data.draw(pieces.map("".join))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    if sp.exceptions is None:
        return
    for m in sp.re.finditer(text, start, end):
        if sp.exceptions.match(text, m.start()):
            assert sp._may_except(m, end)


@pytest.mark.parametrize("lang", LANGS)
@SETTINGS
@given(data=st.data())
def test_the_cues_tried_before_their_second_words_only_are_the_scans(lang, data):
    from figures.sentence import read_words

    lex = _rules(lang).lexicon
    multi = [f for f in sorted(lex.exact) if " " in f][::3]
    firsts = sorted({f.split(" ")[0] for f in multi})
    seconds = sorted({f.split(" ")[1] for f in multi})
    pieces = st.lists(st.sampled_from(_pieces(lang) + multi + firsts + seconds + [f.upper() for f in multi[::4]]
                                      + [" ", "  ", "-", "'", "x"]), max_size=30)
    text = data.draw(pieces.map("".join))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    want = [(m.start(), m.end(), m.group()) for m in lex.regex.finditer(text, start, end)]
    got = lex.matches(text, start, end, read_words(text, start, end))
    assert [(m.start(), m.end(), m.group()) for m in got] == want

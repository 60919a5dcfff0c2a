"""The sentence splitter tries its boundary pattern only where a boundary can start; its matches
must be exactly those of the plain `finditer` over the whole text (any string, any pack)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from figures import packs, pipeline
from figures.text import NormText, SentenceSplitter

SPLITTERS = [packs.vocabulary(lang).split_sentences for lang in packs.languages()]
SPLITTERS.append(SentenceSplitter(["dr", "u.s"]))
_alphabet = st.sampled_from(list("aB .!?\n\t\"')]([-5") + ["\u00a0", "\u2009", "\u2028", "\x1c", "\x85", "”", "’",
                                                           "“", "‘", "Č", "Ж", "ǅ", "\u0301", "😀", "\ud800"])
_texts = st.one_of(st.text(), st.text(alphabet=_alphabet), st.text(alphabet=_alphabet, min_size=100, max_size=300))


@settings(max_examples=400, deadline=None)
@given(_texts, st.integers(0, len(SPLITTERS) - 1))
def test_boundaries_equal_the_whole_text_scan(text, which):
    split = SPLITTERS[which]
    fast = [(m.span(), m.group()) for m in split._boundaries(text)]
    assert fast == [(m.span(), m.group()) for m in split._boundary.finditer(text)]


def test_examples():
    split = SentenceSplitter(["dr"])
    text = 'One. Two!  "Three?" Dr. Four\n\nfive \t\nSix.\u2009\u2029\nSeven'
    assert [m.span() for m in split._boundaries(text)] == [m.span() for m in split._boundary.finditer(text)]
    spans = split(text)
    split._boundaries = split._boundary.finditer  # type: ignore[method-assign]  # the plain scan
    assert spans == split(text)
    assert [text[s:e] for s, e in spans][-3:] == ["five", "Six.", "Seven"]


@settings(max_examples=200, deadline=None)
@given(_texts, st.integers(0, len(SPLITTERS) - 1))
def test_sentence_of_equals_a_scan_of_the_spans(text, which):
    norm = NormText(text, text, None, SPLITTERS[which](text))
    for pos in range(-1, len(text) + 2):
        inside = [(s, e) for s, e in norm.sentences if s <= pos < e]
        assert norm.sentence_of(pos) == (inside[0] if inside else (0, len(text)))


@pytest.mark.parametrize("lang, text, sentences", [
    ("en", "Dr. Smith said 5 died. Then more came.", ["Dr. Smith said 5 died.", "Then more came."]),
    ("en", "Mr. Jones and Gen. Lee met 3 men.", ["Mr. Jones and Gen. Lee met 3 men."]),
    ("en", "The U.S. Army said 12 were hurt.", ["The U.S. Army said 12 were hurt."]),
    ("hr", "Prema dr. Horvatu, 5 osoba je umrlo. Još 3 su ozlijeđene.",
     ["Prema dr. Horvatu, 5 osoba je umrlo.", "Još 3 su ozlijeđene."]),
])
def test_an_abbreviation_ends_no_sentence(lang, text, sentences):
    """The pack's abbreviations (pack.yaml) and initials keep their sentence going; a boundary after a
    plain word still cuts (it was honoured only when a closing quote stood in the boundary)."""
    pack = packs.load(lang)
    assert [text[s:e] for s, e in pipeline.normalize(text, pack).sentences] == sentences

"""The sentence splitter tries its boundary pattern only where a boundary can start; its matches
must be exactly those of the plain `finditer` over the whole text (any string, any pack)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from figures import packs
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

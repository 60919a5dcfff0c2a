"""Normalisation touches only the characters it changes, with output identical to the
whole-text `str.translate` (plus the pack's multi-character expansions) it replaced."""
from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from figures import packs
from figures.text import Normalizer


def _reference(norm: Normalizer, text: str) -> tuple[str, array | None]:
    """The old implementation: translate everything, then walk every character."""
    work = text.translate(norm._table)
    if not norm._multi or not any(ch in norm._multi for ch in work):
        return work, None
    out, offsets = [], array("q")
    for i, ch in enumerate(work):
        rep = norm._multi.get(ch, ch)
        out.append(rep)
        offsets.extend([i] * len(rep))
    return "".join(out), offsets


NORMALIZERS = [packs.vocabulary(lang).normalize for lang in packs.languages()]
NORMALIZERS.append(Normalizer({"x": "ks", "a": "b", "\u00a0": " "}))  # ASCII keys, a growing one
_alphabet = st.sampled_from(list("ab x.-5 \n") + ["\u00a0", "’", "–", "٣", "５", "č", "đ", "љ", "Њ", "џ", "ш",
                                                  "Ж", "\u200b", "é", "€", "😀", "\u0301"])
_texts = st.one_of(st.text(), st.text(alphabet=_alphabet), st.text(alphabet=_alphabet, min_size=200, max_size=400))


@settings(max_examples=300, deadline=None)
@given(_texts, st.integers(0, len(NORMALIZERS) - 1))
def test_identical_to_the_whole_text_translation(text, which):
    norm = NORMALIZERS[which]
    assert norm(text) == _reference(norm, text)


def test_ascii_text_comes_back_unchanged():
    norm = packs.vocabulary("en").normalize
    text = "Strikes killed at least 20 people."
    assert norm(text) == (text, None)
    assert norm(text)[0] is text  # not even copied


def test_mostly_cyrillic_and_mostly_latin_text():
    norm = packs.vocabulary("sr").normalize
    cyr = "Према подацима погинуло је најмање 15 цивила у Љубљани, а 40 их је повређено. " * 40
    latin = "Prema podacima poginulo je najmanje 15 civila – 40 ih je ranjeno, kažu “izvori”. " * 40
    for text in (cyr, latin, latin + cyr, cyr + latin):
        assert norm(text) == _reference(norm, text)
    work, offsets = norm(cyr)
    assert "Ljubljani" in work and len(offsets) == len(work)

"""Language detection reads words with a faster `re` pattern on Latin, Greek and Cyrillic text; it must
cut exactly the words of `langid.TOKEN` (any string: marks, dots, other scripts, surrogates)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from figures import langid

_alphabet = st.sampled_from(list("aZ. -5'\n") + ["ž", "Đ", "ǅ", "ª", "ˆ", "\u0301", "\u0483", "Ж", "љ", "Ω", "ʹ",
                                                 "\u0530", "ա", "…", "中", "\u3000", "ﬁ", "\u1dc0", "😀", "\ud800", "\u00a0"])
_texts = st.one_of(st.text(), st.text(alphabet=_alphabet), st.text(alphabet=_alphabet, min_size=50, max_size=200))


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_tokens_equal_the_regex_tokens(text):
    assert langid.tokens(text) == langid.TOKEN.findall(text)


def test_every_character_below_u0530_is_classed_as_regex_does():
    for cp in range(0x530):
        ch = chr(cp)
        for word in (ch, "a" + ch, ch + ".b", "a." + ch):
            assert langid.tokens(word) == langid.TOKEN.findall(word), hex(cp)
